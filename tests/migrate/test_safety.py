"""Safety of the files migrate writes, through real conversions of a seed original.

What test_files.py and test_cli.py already cover is not repeated here (write_atomic's own
unit tests, a failing os.replace at that level, a 0o754 file rewritten in place, untouched
mtimes of files that need nothing, markers of BOM/CRLF/latin-1/tabs surviving). Here:

* a write that fails midway -- the data write, the fsync, the chmod or the rename -- seen
  through the command itself: the original stays byte for byte, no temporary file is left,
  the failure is reported and the other files are still converted;
* a process killed in the middle of writing: the original is whole, and what the kill
  leaves behind is never taken for a source file by the next run;
* permission bits kept exactly, in place and when a tree is mirrored with -o;
* a second run over a converted tree (in place, or -o to the same output) rewrites nothing;
* a UTF-8 BOM, CRLF (and lone CR) line ends, a PEP 263 latin-1 coding line and tab
  indentation each kept EXACTLY: the converted bytes equal the conversion of the plain
  UTF-8/LF/spaces file with that one property put back.
"""
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from migrate import cli

REPO = Path(__file__).resolve().parents[2]
ORIGINAL = (REPO / "tests" / "fixtures" / "originals" / "seed002_backprop_tf0.py").read_text()

# The original inside a function, so that there is indentation for tabs to replace, and
# a line of latin-1-representable text for the coding line to matter.
PLAIN = (
    "# -*- coding: utf-8 -*-\n"
    '"""Café au lait: a legacy script."""\n'
    + ORIGINAL.replace("\n\n", "\n")
    + "\n\ndef train(steps=10):\n"
    "    sess = tf.Session()\n"
    "    for step in range(steps):\n"
    "        if step % 2:\n"
    "            value = tf.mul(tf.constant(2.0), tf.sub(tf.constant(step * 1.0), 1.0))\n"
    "            print('étape', step, sess.run(value))  # à suivre\n"
    "    return sess\n"
)
OLD = 1_000_000_000 * 10**9


def migrate_in_process(*args) -> int:
    return cli.main([*map(str, args), "-q"])


def convert_bytes(data: bytes, tmp_path: Path, name: str = "x.py") -> bytes:
    path = tmp_path / "convert" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    assert migrate_in_process(path) == 0
    return path.read_bytes()


@pytest.fixture(scope="module")
def plain_conversion(tmp_path_factory):
    before = PLAIN.encode("utf-8")
    after = convert_bytes(before, tmp_path_factory.mktemp("plain"))
    assert after != before, "the seed original must need a conversion"
    return before, after


# --- writes that fail ------------------------------------------------------------------------


def _break(monkeypatch, where: str):
    """Make one step of writing a file fail like a full disk would."""
    error = OSError(28, "No space left on device")
    if where == "write":
        real_fdopen = os.fdopen

        def fdopen(fd, mode="r", *args, **kwargs):
            handle = real_fdopen(fd, mode, *args, **kwargs)
            if "w" in mode:
                class Half:
                    def __init__(self, inner):
                        self.inner = inner

                    def write(self, data):
                        self.inner.write(data[: len(data) // 2])  # half of it lands
                        raise error

                    def __getattr__(self, name):
                        return getattr(self.inner, name)

                    def __enter__(self):
                        return self

                    def __exit__(self, *exc):
                        self.inner.close()
                        return False

                return Half(handle)
            return handle

        monkeypatch.setattr(os, "fdopen", fdopen)
    else:
        def fail(*args, **kwargs):
            raise error

        monkeypatch.setattr(os, {"fsync": "fsync", "chmod": "chmod", "replace": "replace"}[where], fail)


@pytest.mark.parametrize("where", ["write", "fsync", "chmod", "replace"])
def test_a_write_failing_midway_leaves_the_original_whole(where, tmp_path, monkeypatch, capsys, plain_conversion):
    before, after = plain_conversion
    tree = tmp_path / "tree"
    tree.mkdir()
    victim = tree / "a.py"
    victim.write_bytes(before)
    os.chmod(victim, 0o640)
    os.utime(victim, ns=(OLD, OLD))
    _break(monkeypatch, where)
    assert migrate_in_process(victim) == 1
    monkeypatch.undo()
    assert victim.read_bytes() == before
    assert victim.stat().st_mtime_ns == OLD and stat.S_IMODE(victim.stat().st_mode) == 0o640
    assert sorted(p.name for p in tree.iterdir()) == ["a.py"]  # no temporary left
    err = capsys.readouterr().err
    assert "a.py" in err and "No space left on device" in err and len(err.strip().splitlines()) == 1


def test_one_failed_write_does_not_stop_the_others(tmp_path, monkeypatch, capsys, plain_conversion):
    before, after = plain_conversion
    tree = tmp_path / "tree"
    tree.mkdir()
    for name in ("a.py", "b.py", "c.py"):
        (tree / name).write_bytes(before)
    real_replace = os.replace

    def replace(src, dst):
        if os.path.basename(dst) == "b.py":
            raise OSError(13, "Permission denied")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    assert migrate_in_process(tree) == 1
    monkeypatch.undo()
    assert (tree / "a.py").read_bytes() == after and (tree / "c.py").read_bytes() == after
    assert (tree / "b.py").read_bytes() == before
    assert sorted(p.name for p in tree.iterdir()) == ["a.py", "b.py", "c.py"]


KILLER = r"""
import os, sys
real_replace = os.replace
def replace(src, dst):
    # the new content is complete in the temporary file; die before the rename
    os._exit(9)
os.replace = replace
from migrate.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_process_killed_while_writing_leaves_the_original_and_no_false_source(tmp_path, plain_conversion):
    before, after = plain_conversion
    tree = tmp_path / "tree"
    tree.mkdir()
    victim = tree / "a.py"
    victim.write_bytes(before)
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONDONTWRITEBYTECODE="1")
    killed = subprocess.run([sys.executable, "-c", KILLER, str(tree), "-q"], env=env, capture_output=True,
                            timeout=120)
    assert killed.returncode == 9
    assert victim.read_bytes() == before
    leftovers = [p for p in tree.iterdir() if p.name != "a.py"]
    # A kill cannot clean up after itself; what it leaves must be hidden and not *.py.
    for leftover in leftovers:
        assert leftover.name.startswith(".") and not leftover.name.endswith((".py", ".ipynb"))
    done = subprocess.run([sys.executable, "-m", "migrate", str(tree)], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert victim.read_bytes() == after
    assert "1 file seen" in done.stderr  # the leftover was not taken for a source


# --- permissions and untouched files -------------------------------------------------------


@pytest.mark.parametrize("mode", [0o600, 0o644, 0o755, 0o711, 0o444, 0o2775])
def test_permission_bits_are_kept_in_place_and_in_a_mirrored_tree(mode, tmp_path, plain_conversion):
    before, after = plain_conversion
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    converted_file, clean_file = tree / "sub" / "a.py", tree / "b.py"
    converted_file.write_bytes(before)
    clean_file.write_bytes(b"print('nothing to do')\n")
    for path in (converted_file, clean_file):
        os.chmod(path, mode)
    out = tmp_path / "out"
    assert migrate_in_process(tree, "-o", out) == 0
    for path in (out / "sub" / "a.py", out / "b.py"):
        assert stat.S_IMODE(path.stat().st_mode) == mode, path
    assert (out / "sub" / "a.py").read_bytes() == after
    if not mode & 0o222:  # read-only: refused in place, left byte for byte (docs/safety.md)
        assert migrate_in_process(tree) == 1
        assert converted_file.read_bytes() == before
    else:
        assert migrate_in_process(tree) == 0  # in place
        assert converted_file.read_bytes() == after
    assert stat.S_IMODE(converted_file.stat().st_mode) == mode


def _stamp(root: Path) -> dict:
    return {p.relative_to(root): (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_ino)
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_second_run_rewrites_nothing(tmp_path, plain_conversion):
    before, after = plain_conversion
    tree = tmp_path / "tree"
    (tree / "pkg").mkdir(parents=True)
    (tree / "a.py").write_bytes(before)
    (tree / "pkg" / "b.py").write_bytes(before.replace(b"sess", b"session"))
    (tree / "pkg" / "plain.py").write_bytes(b"x = 1\n")
    out = tmp_path / "out"
    assert migrate_in_process(tree, "-o", out) == 0
    for root in (out, tree):
        for path in root.rglob("*.py"):
            os.utime(path, ns=(OLD, OLD))
    mirrored = _stamp(out)
    assert migrate_in_process(tree, "-o", out) == 0  # same output again: nothing rewritten
    assert _stamp(out) == mirrored
    assert migrate_in_process(tree) == 0
    for path in tree.rglob("*.py"):
        os.utime(path, ns=(OLD, OLD))
    converted = _stamp(tree)
    assert converted[Path("a.py")][0] == after
    assert migrate_in_process(tree) == 0  # converted in place: a second run is a no-op
    assert _stamp(tree) == converted


# --- encodings, line ends, tabs: kept exactly -----------------------------------------------


def _tabs(text: str) -> str:
    out = []
    for line in text.splitlines(keepends=True):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        out.append("\t" * (indent // 4) + " " * (indent % 4) + stripped if stripped.strip() else line)
    return "".join(out)


def _latin1(text: str) -> str:
    return text.replace("# -*- coding: utf-8 -*-", "# -*- coding: latin-1 -*-", 1)


VARIANTS = {
    # name: (bytes from the plain text, the same for the plain conversion)
    "bom": lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
    "crlf": lambda text: text.replace("\n", "\r\n").encode("utf-8"),
    "lone-cr": lambda text: text.replace("\n", "\r").encode("utf-8"),
    "latin-1": lambda text: _latin1(text).encode("latin-1"),
    "tabs": lambda text: _tabs(text).encode("utf-8"),
    "no-final-newline": lambda text: text.rstrip("\n").encode("utf-8"),
    "bom+crlf+tabs": lambda text: b"\xef\xbb\xbf" + _tabs(text).replace("\n", "\r\n").encode("utf-8"),
    "latin-1+crlf+tabs": lambda text: _tabs(_latin1(text)).replace("\n", "\r\n").encode("latin-1"),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_file_format_is_kept_exactly_through_a_real_conversion(variant, tmp_path, plain_conversion):
    before, after = plain_conversion
    make = VARIANTS[variant]
    source = make(before.decode("utf-8"))
    if variant == "no-final-newline":
        # the conversion of the plain file, without its final newline
        expected = after.rstrip(b"\n")
    else:
        expected = make(after.decode("utf-8"))
    assert source != before  # the variant really differs from the plain file
    got = convert_bytes(source, tmp_path, name=f"{variant}.py")
    if got != expected:  # a readable first difference
        for number, (a, b) in enumerate(zip(got.splitlines(True), expected.splitlines(True)), 1):
            assert a == b, f"line {number}"
    assert got == expected


@pytest.mark.parametrize("blank_lines", [0, 1, 3])
def test_lone_cr_file_keeps_every_final_cr(blank_lines, tmp_path):
    """libcst's printer drops the final lone CR of a module; with blank lines at the end
    of a CR-only file, a fix that only checks the last character lost one of them."""
    lf = PLAIN + "\n" * blank_lines
    expected = convert_bytes(lf.encode("utf-8"), tmp_path, "lf.py").decode("utf-8").replace("\n", "\r")
    got = convert_bytes(lf.replace("\n", "\r").encode("utf-8"), tmp_path, "cr.py").decode("utf-8")
    assert got.rstrip("\r") == expected.rstrip("\r")
    assert len(got) - len(got.rstrip("\r")) == len(expected) - len(expected.rstrip("\r")) == blank_lines + 1
