"""``python -m tools.eager_lengths [PATH ...]``: is the `--to eager` translation longer than
the Session script it translates? For each script (default: every
tests/fixtures/session_scripts/*.py; or the given files and folders) it counts the
non-blank lines of the original and of its translation (comments count: they are part of
the file) and prints the scripts whose translation is longer, then how many of the
translated scripts that is (the issue's target: at most 1 in 10). Scripts kept in compat
form are counted apart. `--all` prints every translated script. Pure: translation
imports no TensorFlow.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT = REPO / "tests" / "fixtures" / "session_scripts"
TARGET = 0.1  # at most one translated script in ten longer than its original


def code_lines(text: str) -> int:
    """The non-blank lines of a source."""
    return sum(1 for line in text.splitlines() if line.strip())


@dataclass
class Length:
    path: Path
    original: int
    translated: int | None  # None: kept in compat form

    @property
    def longer(self) -> bool:
        return self.translated is not None and self.translated > self.original


def measure(path: Path) -> Length:
    from migrate.eager import FALLBACK_RULE, translate_source

    source = path.read_text(encoding="utf-8")
    outcome = translate_source(source)
    fell_back = any(f.rule == FALLBACK_RULE for f in outcome.findings)
    return Length(path, code_lines(source), None if fell_back else code_lines(outcome.code))


def scripts(paths: list[str]) -> list[Path]:
    found = []
    for given in paths or [str(DEFAULT)]:
        p = Path(given)
        found += sorted(p.glob("*.py")) if p.is_dir() else [p]
    return found


def report(lengths: list[Length], every: bool) -> list[str]:
    translated = [x for x in lengths if x.translated is not None]
    longer = [x for x in translated if x.longer]
    out = [f"{'script':<48} {'original':>8} {'eager':>6} {'eager/original':>14}"]
    for x in (translated if every else longer):
        out.append(f"{x.path.name:<48} {x.original:>8} {x.translated:>6} {x.translated / x.original:>14.2f}")
    share = len(longer) / len(translated) if translated else 0.0
    total_o, total_t = sum(x.original for x in translated), sum(x.translated for x in translated)
    out.append(f"{len(lengths)} scripts, {len(translated)} translated ({len(lengths) - len(translated)} kept in "
               f"compat form); translation longer than the original: {len(longer)} of {len(translated)} "
               f"({share:.0%}; target at most {TARGET:.0%}); non-blank lines {total_o} -> {total_t}")
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.eager_lengths", description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="scripts or folders (default: the collection)")
    parser.add_argument("--all", action="store_true", help="print every translated script, not only the longer")
    args = parser.parse_args(argv)
    lengths = [measure(p) for p in scripts(args.paths)]
    print("\n".join(report(lengths, args.all)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
