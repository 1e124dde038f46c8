"""Time per training step, legacy (Session) vs modern (eager + tf.function).

    python -m twins.benchmark [--repeats N] [--only NAME ...]

Each program reports the wall time of its training loop (`_train_seconds`) and its
number of steps (`_steps`); graph building, data loading and plotting are outside
that loop on both sides. Each side runs --repeats times in one process and the
fastest run counts (the usual way to take noise out of a timing). The ratio is
modern / legacy: below 1 means the eager twin is faster.
"""
import argparse
import sys

from twins.programs import NAMES
from twins.table import markdown_table
from twins.sides import LegacySide, ModernSide


def seconds_per_step(side, program, repeats):
    best = None
    for _ in range(repeats):
        results = side.run(program, seed=0)
        per_step = float(results["_train_seconds"]) / float(results["_steps"])
        best = per_step if best is None else min(best, per_step)
    return best, int(results["_steps"])


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m twins.benchmark", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--only", nargs="+", choices=NAMES, metavar="NAME")
    args = parser.parse_args(argv)

    legacy, modern = LegacySide(), ModernSide()
    rows = []
    try:
        for program in args.only or NAMES:
            print(f"timing {program} ...", file=sys.stderr, flush=True)
            legacy_step, steps = seconds_per_step(legacy, program, args.repeats)
            modern_step, _ = seconds_per_step(modern, program, args.repeats)
            rows.append([program, steps, f"{legacy_step * 1e6:.0f}", f"{modern_step * 1e6:.0f}",
                         f"{modern_step / legacy_step:.2f}"])
    finally:
        legacy.close()
        modern.close()
    header = ["program", "steps", "legacy µs/step", "modern µs/step", "modern/legacy"]
    print(markdown_table(header, rows, numeric={1, 2, 3, 4}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
