"""Side by side: run every seed program as legacy and as modern, print one table.

    python -m twins.compare [--seed N] [--out DIR] [--only NAME ...]

For each program: the headline results of each side (its scalar results), the
largest difference between the two sides over ALL results (whole trajectories, not
only the final values), and the wall time of each side. The figures of both sides
are written to DIR. Exit status 1 if any pair differs beyond float32 tolerance.
"""
import argparse
import os
import sys

import numpy as np

from twins import figures
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


def render(rows, side_names):
    header = ["program"] + [f"{s} results" for s in side_names] + ["max |diff|", "equal"] + [f"{s} s" for s in side_names]
    timing = range(len(header) - len(side_names), len(header))
    return markdown_table(header, rows, numeric=set(timing))


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m twins.compare", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default="out", help="directory for the figures")
    parser.add_argument("--only", nargs="+", choices=NAMES, metavar="NAME", help="run only these programs")
    args = parser.parse_args(argv)

    sides = [LegacySide(), ModernSide()]
    rows, all_equal = [], True
    try:
        for program in args.only or NAMES:
            print(f"running {program} ...", file=sys.stderr, flush=True)
            runs = [timed_run(side, program, seed=args.seed) for side in sides]
            (reference, _), others = runs[0], runs[1:]
            diffs = [largest_difference(reference, results) for results, _ in others]
            equal = all(same(reference, results) for results, _ in others)
            all_equal &= equal
            for side, (results, _) in zip(sides, runs):
                figures.save(program, results, os.path.join(args.out, f"{side.name}_{program}.png"))
            rows.append([program] + [headline(r) for r, _ in runs] + [f"{max(diffs):.3g}", "yes" if equal else "NO"]
                        + [f"{t:.2f}" for _, t in runs])
    finally:
        for side in sides:
            side.close()
    print(render(rows, [s.name for s in sides]))
    print(f"\nfigures written to {os.path.abspath(args.out)}/")
    return 0 if all_equal else 1


if __name__ == "__main__":
    sys.exit(main())
