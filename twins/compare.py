"""Side by side: run every seed program as legacy and as modern, print one table.

    python -m twins.compare [--seed N] [--out DIR] [--only NAME ...]

For each program: the headline results of each side (its scalar results), the
largest difference between the two sides over ALL results (whole trajectories, not
only the final values), and the wall time of each side. The figures of both sides
are written to DIR.

The "migrated originals" column: the seeds' original scripts that contain the
program (tests/fixtures/originals/), converted by `migrate run` and seeded like the
legacy program (twins.originals), and whether every number they print equals the
number the legacy program prints (twins.printed). Exit status 1 if anything differs
beyond float32 tolerance or a converted original fails.
"""
import argparse
import os
import sys
import tempfile

import numpy as np

from twins import figures
from twins.originals import ORIGINALS, run_converted
from twins.printed import assert_same_printed_numbers
from twins.equality import assert_same_results, largest_difference, result_keys
from twins.programs import NAMES
from twins.table import markdown_table
from twins.sides import LegacySide, ModernSide, timed_run


def headline(results):
    """The scalar results, e.g. 'A_final=9.8004 accuracy=1'."""
    parts = []
    for key in result_keys(results):
        value = np.asarray(results[key])
        if value.size == 1:
            parts.append(f"{key}={float(value.reshape(())):.6g}")
    return " ".join(parts)


def same(a, b):
    try:
        assert_same_results(a, b)
        return True
    except AssertionError:
        return False


def render(rows, side_names, with_originals):
    header = ["program"] + [f"{s} results" for s in side_names] + ["max diff", "equal"]
    header += ["migrated originals"] if with_originals else []
    header += [f"{s} s" for s in side_names]
    timing = range(len(header) - len(side_names), len(header))
    return markdown_table(header, rows, numeric=set(timing))


def check_original(original, legacy, seed, workdir):
    """(equal, cell text) for one converted original against its legacy programs."""
    programs, at_least = ORIGINALS[original]
    result, seconds = run_converted(original, seed, workdir)
    name = original.removesuffix(".py")
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        return False, f"{name}: FAILED ({last})"
    expected = "".join(legacy.printed(program, seed=seed) for program in programs)
    try:
        lines, largest = assert_same_printed_numbers(result.stdout, expected, at_least=at_least)
    except AssertionError as error:
        return False, f"{name}: DIFFERS ({str(error).splitlines()[0]})"
    return True, f"{name}: {lines} lines equal, max {largest:.2g}, {seconds:.0f} s"


def originals_column(legacy, programs, seed):
    """program -> (all equal, cell text), for the programs some original contains."""
    cells = {}
    with tempfile.TemporaryDirectory(prefix="originals-") as workdir:
        for original, (contained, _) in ORIGINALS.items():
            if not set(contained) & set(programs):
                continue
            print(f"converting and running {original} ...", file=sys.stderr, flush=True)
            equal, text = check_original(original, legacy, seed, workdir)
            for program in contained:
                was_equal, texts = cells.get(program, (True, []))
                cells[program] = (was_equal and equal, texts + [text])
    return {program: (equal, "; ".join(texts)) for program, (equal, texts) in cells.items()}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m twins.compare", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default="out", help="directory for the figures")
    parser.add_argument("--only", nargs="+", choices=NAMES, metavar="NAME", help="run only these programs")
    parser.add_argument("--no-originals", action="store_true", help="skip the migrated originals column")
    args = parser.parse_args(argv)

    programs = args.only or NAMES
    sides = [LegacySide(), ModernSide()]
    rows, all_equal = [], True
    try:
        originals = {} if args.no_originals else originals_column(sides[0], programs, args.seed)
        all_equal &= all(equal for equal, _ in originals.values())
        for program in programs:
            print(f"running {program} ...", file=sys.stderr, flush=True)
            runs = [timed_run(side, program, seed=args.seed) for side in sides]
            (reference, _), others = runs[0], runs[1:]
            diffs = [largest_difference(reference, results) for results, _ in others]
            equal = all(same(reference, results) for results, _ in others)
            all_equal &= equal
            for side, (results, _) in zip(sides, runs):
                figures.save(program, results, os.path.join(args.out, f"{side.name}_{program}.png"))
            row = [program] + [headline(r) for r, _ in runs] + [f"{max(diffs):.3g}", "yes" if equal else "NO"]
            row += [] if args.no_originals else [originals.get(program, (True, "(no original script)"))[1]]
            rows.append(row + [f"{t:.2f}" for _, t in runs])
    finally:
        for side in sides:
            side.close()
    print(render(rows, [s.name for s in sides], with_originals=not args.no_originals))
    print(f"\nfigures written to {os.path.abspath(args.out)}/")
    return 0 if all_equal else 1


if __name__ == "__main__":
    sys.exit(main())
