"""Side by side: run every seed program as legacy and as modern, print one table.

    python -m twins.compare [--seed N] [--out DIR] [--only NAME ...]

For each program: the headline results of each side (its scalar results), the
largest difference between the two sides over ALL results (whole trajectories, not
only the final values), and the wall time of each side. The figures of both sides
are written to DIR.

The "migrated originals" column: the seeds' original scripts that contain the
program (tests/fixtures/originals/), converted by `migrate run` and seeded like the
legacy program (twins.originals), and whether every number they print equals the
number the legacy program prints (twins.printed). The "eager" column: the same
originals translated by `migrate --to eager` (see check_eager). Exit status 1 if
anything differs beyond float32 tolerance or a converted original fails.
"""
import argparse
import os
import sys
import tempfile

import numpy as np

from twins import figures
from twins.originals import ORIGINALS, run_converted, run_eager, verify
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


def render(rows, side_names, original_columns):
    header = ["program"] + [f"{s} results" for s in side_names] + ["max diff", "equal"]
    header += list(original_columns)
    header += [f"{s} s" for s in side_names]
    timing = range(len(header) - len(side_names), len(header))
    return markdown_table(header, rows, numeric=set(timing))


def _against_legacy(name, result, seconds, legacy, programs, at_least, seed):
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        return False, f"{name}: FAILED ({last})"
    expected = "".join(legacy.printed(program, seed=seed) for program in programs)
    try:
        lines, largest = assert_same_printed_numbers(result.stdout, expected, at_least=at_least)
    except AssertionError as error:
        return False, f"{name}: DIFFERS ({str(error).splitlines()[0]})"
    return True, f"{name}: {lines} lines equal, max {largest:.2g}, {seconds:.0f} s"


def check_migrated(original, legacy, seed, workdir):
    """`migrate run ORIGINAL`, seeded: every printed number equals legacy's."""
    programs, at_least = ORIGINALS[original]
    result, seconds = run_converted(original, seed, workdir)
    return _against_legacy(original.removesuffix(".py"), result, seconds, legacy, programs, at_least, seed)


def check_eager(original, legacy, seed, workdir):
    """`migrate --to eager ORIGINAL`, run seeded, against legacy's printed numbers.

    An original running two programs in one process (seeds 000 and 002) cannot be
    seeded afresh between them once translated (the reset_default_graph() call where
    the seeding hooks in is gone), so for those `migrate verify` proves the eager
    translation equal to the compat one, which the previous column proved equal to
    legacy.
    """
    programs, at_least = ORIGINALS[original]
    name = original.removesuffix(".py")
    if len(programs) == 1:
        result, seconds = run_eager(original, seed, workdir)
        return _against_legacy(name, result, seconds, legacy, programs, at_least, seed)
    result, seconds = verify(original, workdir)
    verdict = next((line.strip() for line in result.stdout.splitlines() if "NUMBERS" in line), "no verdict")
    if result.returncode != 0:
        return False, f"{name}: verify FAILED ({verdict})"
    return True, f"{name}: = compat by verify ({verdict.split(':', 1)[-1].split(',')[0].strip()}), {seconds:.0f} s"


ORIGINAL_COLUMNS = {"migrated originals": check_migrated, "eager (--to eager)": check_eager}


def original_columns(legacy, programs, seed):
    """column -> program -> (all equal, cell text), for the programs some original contains."""
    columns = {column: {} for column in ORIGINAL_COLUMNS}
    with tempfile.TemporaryDirectory(prefix="originals-") as workdir:
        for original, (contained, _) in ORIGINALS.items():
            if not set(contained) & set(programs):
                continue
            for column, check in ORIGINAL_COLUMNS.items():
                print(f"{column}: {original} ...", file=sys.stderr, flush=True)
                equal, text = check(original, legacy, seed, workdir)
                for program in contained:
                    was_equal, texts = columns[column].get(program, (True, []))
                    columns[column][program] = (was_equal and equal, texts + [text])
    return {column: {program: (equal, "; ".join(texts)) for program, (equal, texts) in cells.items()}
            for column, cells in columns.items()}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m twins.compare", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default="out", help="directory for the figures")
    parser.add_argument("--only", nargs="+", choices=NAMES, metavar="NAME", help="run only these programs")
    parser.add_argument("--no-originals", action="store_true",
                        help="skip the columns of the converted original scripts (compat and eager)")
    args = parser.parse_args(argv)

    programs = args.only or NAMES
    sides = [LegacySide(), ModernSide()]
    rows, all_equal = [], True
    try:
        originals = {} if args.no_originals else original_columns(sides[0], programs, args.seed)
        all_equal &= all(equal for cells in originals.values() for equal, _ in cells.values())
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
            row += [cells.get(program, (True, "(no original script)"))[1] for cells in originals.values()]
            rows.append(row + [f"{t:.2f}" for _, t in runs])
    finally:
        for side in sides:
            side.close()
    print(render(rows, [s.name for s in sides], originals))
    print(f"\nfigures written to {os.path.abspath(args.out)}/")
    return 0 if all_equal else 1


if __name__ == "__main__":
    sys.exit(main())
