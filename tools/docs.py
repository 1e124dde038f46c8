"""`make docs`: the generated blocks of README.md and docs/*.md, rewritten from the commands
that produce them.

A generated block lies between two markers on lines of their own::

    <!-- NAME -->
    ...what the block's generator writes...
    <!-- end of NAME -->

    python -m tools.docs                 rewrite every cheap block (what `make docs` runs)
    python -m tools.docs --expensive     also the blocks that build, collect or run (minutes)
    python -m tools.docs --check         write nothing; exit 1 naming each block that differs

Cheap blocks (a parser's options, help texts, a translation's change count) are rewritten
and compared by tests/test_docs.py on every test run. Expensive ones (the wheel, the test
count, verify's output) say the date and load they were measured at, and the test checks
their marker and command, and what it can check cheaply (verify's change count).
Blocks written by other tools keep their own command: `python -m tools.eager_timing
--write-docs` (docs/eager.md, "eager timing").
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


@dataclass(frozen=True)
class Block:
    name: str  # the marker's text
    doc: str  # the file, relative to the repository
    generate: Callable[[], str]  # the block's text, without the markers
    cheap: bool  # rewritten and compared on every test run
    command: str  # what a reader runs to see the same output


def markers(name: str) -> tuple[str, str]:
    return f"<!-- {name} -->", f"<!-- end of {name} -->"


def read_block(text: str, name: str) -> str | None:
    """The text between the block's markers (no newline after the first or before the
    second), or None when the markers are not both there, in order."""
    start, end = markers(name)
    found = re.search(re.escape(start) + r"\n(.*?)\n?" + re.escape(end), text, re.S)
    return None if found is None else found.group(1)


def replace_block(text: str, name: str, body: str) -> str:
    start, end = markers(name)
    pattern = re.escape(start) + r"\n.*?" + re.escape(end)
    if not re.search(pattern, text, re.S):
        raise SystemExit(f"tools.docs: the markers of {name!r} are missing")
    return re.sub(pattern, lambda _: f"{start}\n{body.rstrip()}\n{end}", text, count=1, flags=re.S)


def measured() -> str:
    """When and under what load an expensive figure was measured."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load average "
            f"{load:.2f} ({os.cpu_count()} cores)")


# --- cheap: the command line, from its parsers ----------------------------------------------


def _options(parser: argparse.ArgumentParser) -> list[tuple[str, str]]:
    rows = []
    for action in parser._actions:  # noqa: SLF001 - argparse keeps them nowhere public
        if not action.option_strings:
            continue
        flags = ", ".join(action.option_strings)
        if action.nargs != 0:  # an option that takes a value: named as --help names it
            if action.metavar:
                flags += f" {action.metavar}"
            elif action.choices:
                flags += " {" + ",".join(map(str, action.choices)) + "}"
            else:
                flags += f" {action.dest.upper()}"
        text = " ".join((action.help or "").split())
        if "%(default)" in text:
            text = text % {"default": action.default}
        rows.append((flags, text.replace("|", "\\|")))
    return rows


def _table(rows: list[tuple[str, str]]) -> str:
    return "\n".join(["| option | what it does |", "|---|---|"]
                     + [f"| `{flags}` | {text} |" for flags, text in rows])


def run_options() -> list[tuple[str, str]]:
    """`migrate run`'s options, read from its help (it has no argparse parser)."""
    from migrate.runner import HELP

    section = HELP.split("options (before SCRIPT):", 1)[1].split("\n\n", 1)[0]
    rows = []
    for line in section.strip("\n").splitlines():
        flags, _, text = line.strip().partition("  ")
        rows.append((flags.strip(), text.strip()))
    return rows


def options_block() -> str:
    from migrate.cli import _build_parser
    from migrate.verify import build_parser as verify_parser

    return "\n\n".join([
        "`migrate [options] PATH...`:", _table(_options(_build_parser())),
        "`migrate run [options] SCRIPT [ARGS...]` (options before SCRIPT):", _table(run_options()),
        "`migrate verify [options] SCRIPT...`:", _table(_options(verify_parser())),
    ])


def exit_status_section(help_text: str) -> str:
    """The `exit status:` paragraph of a help text."""
    found = re.search(r"^exit status:?.*?(?=\n\n|\Z)", help_text, re.S | re.M)
    if found is None:
        raise SystemExit("tools.docs: no 'exit status' section in a help text")
    return found.group(0).rstrip()


def exit_status_block() -> str:
    from migrate.cli import _build_parser
    from migrate.help import TOPICS
    from migrate.runner import HELP
    from migrate.verify import build_parser as verify_parser

    import textwrap

    verify = exit_status_section(verify_parser().format_help())
    verify = "\n".join(textwrap.wrap(" ".join(verify.split()), 88))
    return "\n\n".join([
        "`migrate` (from `migrate help exit-codes`):", "```\n" + exit_status_section(
            TOPICS["exit-codes"](_build_parser())) + "\n```",
        "`migrate run` (from `migrate run --help`):", "```\n" + exit_status_section(HELP) + "\n```",
        "`migrate verify` (from `migrate verify --help`):", "```\n" + verify + "\n```",
    ])


# --- cheap: --to eager's change count on the verify example ---------------------------------

VERIFY_EXAMPLE = "tests/fixtures/session_scripts/s06_accuracy_in_loop.py"


def eager_counts(path: str = VERIFY_EXAMPLE) -> str:
    """`N changes, M warnings` of the eager translation, as verify's first line says it."""
    from migrate.pipeline import EAGER, convert_bytes

    findings = convert_bytes((REPO / path).read_bytes(), path, to=EAGER).findings
    changes = sum(f.severity == "change" for f in findings)
    warnings = sum(f.severity == "warning" for f in findings)
    return f"{changes} change{'s' * (changes != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def verify_example() -> str:
    """`migrate verify` on the example, its per-value lines cut to the first and last three."""
    done = subprocess.run([PYTHON, "-m", "migrate", "verify", VERIFY_EXAMPLE], cwd=REPO,
                          capture_output=True, text=True, timeout=900,
                          env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONPATH=str(REPO)))
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    head = [line for line in lines if not line.lstrip().startswith("ok ")]
    values = [line for line in lines if line.lstrip().startswith("ok ")]
    shown = values if len(values) <= 4 else [values[0], "  ...", *values[-3:]]
    body = [head[0], *head[1:-1], *shown, head[-1]] if len(head) > 1 else lines
    return "```\n$ migrate verify " + VERIFY_EXAMPLE + "\n" + "\n".join(body) + "\n```"


# --- expensive: the wheel, the test count ---------------------------------------------------


def wheel_size_kb() -> int:
    """The size of the wheel built from this checkout, as tests/migrate/test_packaging.py
    builds it (no build isolation, offline), in kB (1024 bytes)."""
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "src"
        shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(
            ".git", ".venv", "out", "build", "dist", "*.egg-info", "__pycache__", "tests",
            ".hypothesis", ".pytest_cache", "docs"))
        subprocess.run([PYTHON, "-m", "pip", "wheel", "--quiet", "--no-deps",
                        "--no-build-isolation", "--no-index", "-w", str(Path(work) / "out"),
                        str(source)], check=True, capture_output=True, timeout=600)
        (wheel,) = (Path(work) / "out").glob("*.whl")
        return round(wheel.stat().st_size / 1024)


def wheel_block() -> str:
    return (f"The wheel (`tf_revive-*.whl`, the tool and its runtime): **{wheel_size_kb()} kB** "
            f"({measured()}; `make docs-all` rebuilds it, "
            "`tests/test_docs.py` builds it again and compares within 10 %).")


def collected_tests() -> int:
    done = subprocess.run([PYTHON, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
                          cwd=REPO, capture_output=True, text=True, timeout=3600,
                          env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3"))
    found = re.search(r"^(\d+) tests? collected", done.stdout, re.M)
    if found is None:
        raise SystemExit("tools.docs: pytest --collect-only gave no count:\n" + done.stdout[-2000:])
    return int(found.group(1))


def test_count_block() -> str:
    return (f"`make test` collects **{collected_tests():,} tests** "
            f"(`pytest --collect-only -q`; {measured()}).")


BLOCKS = (
    Block("options", "docs/migrate.md", options_block, True, "migrate --help"),
    Block("exit status", "docs/migrate.md", exit_status_block, True, "migrate help exit-codes"),
    Block("verify example", "docs/eager.md", verify_example, False,
          f"migrate verify {VERIFY_EXAMPLE}"),
    Block("wheel size", "docs/performance.md", wheel_block, False, "make docs-all"),
    Block("test count", "docs/tests.md", test_count_block, False, "pytest --collect-only -q"),
)


def differing(blocks=BLOCKS) -> list[str]:
    """Names of the cheap blocks whose text is not what their generator writes now."""
    wrong = []
    for block in blocks:
        if block.cheap and read_block((REPO / block.doc).read_text(), block.name) != block.generate().rstrip():
            wrong.append(f"{block.doc}: {block.name}")
    return wrong


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.docs", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--expensive", action="store_true",
                        help="also rewrite the blocks that build the wheel, collect the tests "
                             "and run verify (minutes)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 naming each cheap block that differs")
    args = parser.parse_args(argv)
    if args.check:
        wrong = differing()
        for name in wrong:
            print(f"out of date: {name} (run: make docs)", file=sys.stderr)
        return 1 if wrong else 0
    for block in BLOCKS:
        if not (block.cheap or args.expensive):
            continue
        path = REPO / block.doc
        text = path.read_text()
        new = replace_block(text, block.name, block.generate())
        if new != text:
            path.write_text(new)
            print(f"rewrote {block.doc}: {block.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
