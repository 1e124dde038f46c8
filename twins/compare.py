"""Side by side: run every seed program as legacy and as modern, print one short table.

    python -m twins.compare [--seed N] [--out DIR] [--only NAME ...] [-v]

For each program, in a table that fits 100 columns: the number of training steps
compared, the largest difference between the two sides over ALL results (whole
trajectories, not only the final values), whether they are equal at float32 tolerance,
the originals' columns, and the wall time of each side. DIR/compare.md holds every
value (each side's scalar results, each original's line counts and times).

The "migrated original" column: the seeds' original scripts that contain the program
(tests/fixtures/originals/), converted by `migrate run` and seeded like the legacy
program (twins.originals), and whether every number they print equals the number the
legacy program prints (twins.printed). The "eager" column: the same originals
translated by `migrate --to eager` (see check_eager).

Figures in DIR: <program>.png overlays legacy, modern and the migrated original on the
same axes above a panel of their absolute difference (twins.overlay); overview.png
puts all programs in one image; legacy_<program>.png and modern_<program>.png are each
side's own tutorial figure. TensorFlow's log lines and deprecation warnings are hidden
unless -v is given (twins.quiet). Exit status 1 if anything differs beyond float32
tolerance or a converted original fails.
"""
import argparse
import os
import sys
import tempfile
from dataclasses import dataclass

import numpy as np

from twins import figures, overlay
from twins.quiet import quiet_tensorflow
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
    """`migrate run ORIGINAL`, seeded: every printed number equals legacy's.

    Returns (equal, cell text, what the converted original printed)."""
    programs, at_least = ORIGINALS[original]
    result, seconds = run_converted(original, seed, workdir)
    equal, text = _against_legacy(original.removesuffix(".py"), result, seconds, legacy, programs, at_least, seed)
    return equal, text, result.stdout


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
        return _against_legacy(name, result, seconds, legacy, programs, at_least, seed) + (result.stdout,)
    result, seconds = verify(original, workdir)
    verdict = next((line.strip() for line in result.stdout.splitlines() if "NUMBERS" in line), "no verdict")
    if result.returncode != 0:
        return False, f"{name}: verify FAILED ({verdict})", result.stdout
    return True, f"{name}: = compat by verify ({verdict.split(':', 1)[-1].split(',')[0].strip()}), {seconds:.0f} s", \
        result.stdout


ORIGINAL_COLUMNS = {"migrated originals": check_migrated, "eager (--to eager)": check_eager}
SHORT = {"migrated originals": "migrated original", "eager (--to eager)": "eager"}


@dataclass
class Checked:
    original: str
    equal: bool
    text: str
    stdout: str


def original_columns(legacy, programs, seed):
    """column -> program -> [Checked, one per original script containing the program]."""
    columns = {column: {} for column in ORIGINAL_COLUMNS}
    with tempfile.TemporaryDirectory(prefix="originals-") as workdir:
        for original, (contained, _) in ORIGINALS.items():
            if not set(contained) & set(programs):
                continue
            for column, check in ORIGINAL_COLUMNS.items():
                progress(f"{column}: {original} ...")
                equal, text, stdout = check(original, legacy, seed, workdir)
                for program in contained:
                    columns[column].setdefault(program, []).append(Checked(original, equal, text, stdout))
    return columns


def original_printed(checked, program):
    """(x, y) of `program`'s trajectory printed by its migrated original (one that runs it alone)."""
    alone = [c for c in checked if ORIGINALS[c.original][0] == [program] and c.equal]
    return overlay.printed_points(program, alone[0].stdout) if alone else None


def short_cell(checked):
    if not checked:
        return "-"
    return f"{sum(c.equal for c in checked)}/{len(checked)} equal"


def progress(text):
    print(text, file=sys.stderr, flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m twins.compare", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default="out", help="directory for the figures and the full table")
    parser.add_argument("--only", nargs="+", choices=NAMES, metavar="NAME", help="run only these programs")
    parser.add_argument("--no-originals", action="store_true",
                        help="skip the columns of the converted original scripts (compat and eager)")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="show TensorFlow's own log lines and deprecation warnings (hidden by default)")
    args = parser.parse_args(argv)
    with quiet_tensorflow(enabled=not args.verbose):
        return compare(args)


def compare(args):
    programs = args.only or NAMES
    sides = [LegacySide(), ModernSide()]
    short_rows, full_rows, drawn, all_equal = [], [], {}, True
    try:
        originals = {} if args.no_originals else original_columns(sides[0], programs, args.seed)
        all_equal &= all(c.equal for cells in originals.values() for checked in cells.values() for c in checked)
        for program in programs:
            progress(f"running {program} ...")
            runs = [timed_run(side, program, seed=args.seed) for side in sides]
            (reference, _), others = runs[0], runs[1:]
            diffs = [largest_difference(reference, results) for results, _ in others]
            equal = all(same(reference, results) for results, _ in others)
            all_equal &= equal
            for side, (results, _) in zip(sides, runs):
                figures.save(program, results, os.path.join(args.out, f"{side.name}_{program}.png"))
            cells = [column.get(program, []) for column in originals.values()]
            printed = original_printed(cells[0], program) if cells else None
            drawn[program] = overlay.drawn_arrays(program, runs[0][0], runs[1][0], printed)
            overlay.save(overlay.figure(program, drawn[program]), os.path.join(args.out, f"{program}.png"),
                         overlay.digest(drawn[program]))
            steps = int(np.asarray(reference.get("_steps", 0)))
            seconds = "/".join(f"{t:.1f}" for _, t in runs)
            short_rows.append([program, steps, f"{max(diffs):.3g}", "yes" if equal else "NO"]
                              + [short_cell(c) for c in cells] + [seconds])
            full_row = [program] + [headline(r) for r, _ in runs] + [f"{max(diffs):.3g}", "yes" if equal else "NO"]
            full_row += ["; ".join(c.text for c in checked) or "(no original script)" for checked in cells]
            full_rows.append(full_row + [f"{t:.2f}" for _, t in runs])
    finally:
        for side in sides:
            side.close()
    names = [s.name for s in sides]
    header = ["program", "steps", "max diff", "equal"] + [SHORT[c] for c in originals] + ["seconds"]
    numeric = {1, 2, len(header) - 1}
    full = render(full_rows, names, originals)
    os.makedirs(args.out, exist_ok=True)
    full_path = os.path.join(args.out, "compare.md")
    with open(full_path, "w") as f:
        f.write(f"# make demo, seed {args.seed}: every value\n\n{full}\n\n{LEGEND}\n")
    overview = overlay.save_overview(drawn, os.path.join(args.out, "overview.png"))
    print(markdown_table(header, short_rows, numeric=numeric))
    print(f"\nsteps: training steps compared, whole trajectories; max diff: largest |legacy - modern| over every"
          f"\nresult (a figure's title: over the curves it draws); seconds: {' / '.join(names)} wall time. {'All equal.' if all_equal else 'DIFFERENCES FOUND.'}"
          f"\nevery value: {full_path}\nfigures: {os.path.join(args.out, '<program>.png')} (legacy, modern, migrated "
          f"original overlaid), {overview}")
    return 0 if all_equal else 1


LEGEND = ("`max diff` is the largest absolute difference between the twins over every result, whole "
          "trajectories included; `legacy s` / `modern s` are each side's wall time for the whole program, "
          "data loading and graph building or tracing included. The originals' columns: each original script "
          "containing the program, converted by `migrate run` (or `--to eager`), every printed number checked "
          "against the legacy program's.")


if __name__ == "__main__":
    sys.exit(main())
