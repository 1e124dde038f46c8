"""The docs say what the tool does: every generated block is what its command writes now
(tools/docs.py, `make docs`), the command line in docs/migrate.md is the parsers', and the
examples work as written.

Expensive blocks (the test count, verify's example) are not rerun here: their marker, their
command and the date they were measured at must be there, and what can be checked cheaply
is (verify's change count, the wheel's size within 10 %)."""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tools import docs

REPO = Path(__file__).resolve().parents[1]
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]


def doc(name: str) -> str:
    return (REPO / name).read_text()


def test_every_cheap_block_is_what_its_generator_writes():
    assert docs.differing() == [], "run: make docs"


@pytest.mark.parametrize("block", [b for b in docs.BLOCKS if not b.cheap], ids=lambda b: b.name)
def test_every_expensive_block_says_its_command_and_when_it_was_measured(block):
    body = docs.read_block(doc(block.doc), block.name)
    assert body, f"{block.doc}: the block {block.name!r} is missing or empty (make docs-all)"
    assert block.command in body or re.search(r"[Mm]easured \d{4}-\d\d-\d\d", body), body


def test_the_verify_example_shows_the_change_count_the_translation_has():
    body = docs.read_block(doc("docs/eager.md"), "verify example")
    assert f"eager translation: {docs.eager_counts()}" in body


def test_the_migrate_diff_example_is_what_migrate_prints():
    text = doc("docs/migrate.md")
    example = text[text.index("$ migrate --diff tests/fixtures/originals/seed002_backprop_tf0.py"):]
    example = example[:example.index("```")].splitlines()[1:]
    done = subprocess.run([sys.executable, "-m", "migrate", "--diff",
                           "tests/fixtures/originals/seed002_backprop_tf0.py"], cwd=REPO,
                          capture_output=True, text=True, timeout=300)
    printed = done.stdout.splitlines()
    for line in example:
        if line.startswith(("+", "-")) and not line.startswith(("+++", "---")):
            assert line in printed, line
    summary = [line for line in example if line.startswith("migrate: ")]
    assert summary == [line for line in done.stderr.splitlines() if line.startswith("migrate: ")]


def _usage_options() -> set[str]:
    text = doc("docs/migrate.md")
    usage = text[text.index("## Usage"):text.index("<!-- options -->")]
    return set(re.findall(r"(?<![\w-])(--?[a-zA-Z][\w-]*)", usage))


def test_every_option_is_documented_and_every_documented_option_exists():
    from migrate.cli import _build_parser
    from migrate.verify import build_parser as verify_parser

    parsers = {"migrate": _build_parser(), "migrate verify": verify_parser()}
    existing = {option for parser in parsers.values() for action in parser._actions
                for option in action.option_strings}
    existing |= {flag for flags, _ in docs.run_options() for flag in flags.split(", ")}
    block = docs.read_block(doc("docs/migrate.md"), "options")
    for option in existing:
        assert re.search(rf"(?:`|, ){re.escape(option)}[ `,]", block), option
    assert _usage_options() <= existing, _usage_options() - existing


def test_every_exit_status_is_documented():
    from migrate.cli import _build_parser
    from migrate.help import TOPICS
    from migrate.verify import build_parser as verify_parser

    block = docs.read_block(doc("docs/migrate.md"), "exit status")
    for help_text in (TOPICS["exit-codes"](_build_parser()), verify_parser().format_help()):
        section = " ".join(docs.exit_status_section(help_text).split())
        codes = set(re.findall(r"(?:^|,|:) ?(\d{1,3})(?=\s)", section))
        assert codes and all(code in block for code in codes)
    assert {"0", "1", "2", "3", "4", "5"} <= set(re.findall(
        r"\b(\d)\b", " ".join(docs.exit_status_section(verify_parser().format_help()).split())))


def test_the_size_limit_default_in_help_and_docs_is_the_codes():
    from migrate.cli import _build_parser, _size
    from migrate.files import DEFAULT_MAX_SIZE

    help_text = " ".join(_build_parser().format_help().split())
    (default,) = re.findall(r"whole bytes only; default (\S+?):", help_text)
    assert _size(default) == DEFAULT_MAX_SIZE
    stated = re.findall(r"`--max-size` \(default (\d+) KiB", doc("docs/migrate.md"))
    assert stated == [str(DEFAULT_MAX_SIZE // 1024)]


# a commit hash: 7 to 40 hex digits holding a digit and a letter (not a number, not a word)
HASH = re.compile(r"(?<![\w.])(?=[0-9a-f]*[0-9])(?=[0-9a-f]*[a-f])[0-9a-f]{7,40}(?![\w.])")
BUILD_PATHS = re.compile(r"/work/|/home/\w|/root/|/Users/\w")


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_no_commit_hash_or_build_machine_path_in_the_docs(path):
    text = path.read_text()
    assert not HASH.findall(text)
    assert not BUILD_PATHS.findall(text)


def test_the_hash_rule_finds_hashes_and_leaves_numbers_and_words():
    assert HASH.findall("main at 71ad939, commit be878a2f00") == ["71ad939", "be878a2f00"]
    assert not HASH.findall("0.00099998713 1234567 deadbeefed facade 1e-06 s06_accuracy")


def test_the_wheel_is_as_big_as_the_docs_say():
    body = docs.read_block(doc("docs/performance.md"), "wheel size")
    (stated,) = re.findall(r"\*\*(\d+) kB\*\*", body)
    assert abs(docs.wheel_size_kb() - int(stated)) <= 0.1 * int(stated), "run: make docs-all"


def _shell_words(command: str, env: dict) -> list[str]:
    """The words a shell makes of `command` (quotes, ~ and variables expanded), as bash gives
    them to the program it starts."""
    done = subprocess.run(["bash", "-c", 'printf "%s\\0" ' + command], env=env, capture_output=True,
                          check=True, timeout=60)
    return done.stdout.decode().split("\0")[:-1]


def test_the_programs_command_line_examples_work_as_written(tmp_path):
    """docs/programs.md's commands, as a shell reads them (the figures go to a temporary
    folder); for the --data-dir line, HOME is a folder whose ~/mnist holds an mnist.npz (the
    bundled subset under Keras' name). Each `python` line runs in a forked child of the
    worker's TensorFlow process (tests/tf_worker), as `python` on the PATH would run it."""
    import shutil

    from tests import tf_worker

    text = doc("docs/programs.md")
    text = text[text.index("On the command line:"):]
    text = text[:text.index("\n## ")]
    commands = [line for line in re.findall(r"^(python -m .*)$", text, re.M)]
    assert len(commands) == 3 and "--data-dir ~/mnist" in commands[-1]
    (tmp_path / "mnist").mkdir()
    shutil.copy(REPO / "seed_data" / "files" / "mnist_subset.npz", tmp_path / "mnist" / "mnist.npz")
    env = dict(os.environ, MPLBACKEND="Agg", HOME=str(tmp_path),
               PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"])
    outputs = []
    for number, command in enumerate(commands):
        out = tmp_path / f"figures{number}"
        command = command.replace("--out figures/", f"--out {out}/")
        words = _shell_words(command, env)
        assert words[0] == "python", command
        done = tf_worker.run([sys.executable, *words[1:]], cwd=REPO, env=env,
                             capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, (command, done.stderr[-2000:])
        outputs.append(done.stdout)
        if "--out" in command:
            assert list(out.glob("*.png")), command
    assert outputs[0].startswith("usage: python -m legacy.backprop_regression")


def test_the_readme_diff_example_is_what_migrate_prints(tmp_path):
    """README's `migrate --diff fit.py`: fit.py rebuilt from the diff's old side; migrate's
    diff of it has exactly the example's removed and added lines."""
    text = doc("README.md")
    example = text[text.index("$ migrate --diff fit.py\n"):]
    example = example[example.index("\n") + 1:example.index("```")].splitlines()
    old = [line[1:] if line[:1] in (" ", "-") else "" for line in example if not line.startswith("+")]
    (tmp_path / "fit.py").write_text("\n".join(old) + "\n")
    done = subprocess.run([sys.executable, "-m", "migrate", "--diff", "fit.py"], cwd=tmp_path,
                          env=dict(os.environ, PYTHONPATH=str(REPO)), capture_output=True,
                          text=True, timeout=300)
    printed = [line for line in done.stdout.splitlines()
               if line[:1] in ("+", "-") and not line.startswith(("+++", "---"))]
    assert printed == [line for line in example if line[:1] in ("+", "-")]
