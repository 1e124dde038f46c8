"""``python -m tools.adversarial`` (or ``python -m tools.robustness --adversarial``): hostile
inputs thrown at the real ``migrate`` command, and what each cost.

Every case builds its files in a fresh directory, runs ``python -m migrate ...`` there as a
user would (a subprocess, with a time limit; some are sent SIGTERM, SIGKILL or SIGINT while
they write), and then checks every file that was there before:

* lost -- a file (or the other name of a hard link) that is gone, or no longer what it
  was (a device replaced by a regular file, a hard link split);
* changed outside the edit -- content that is neither the original bytes nor exactly
  migrate's conversion of them (computed here in memory, through the same pipeline), or an
  owner, group, permission bits or extended attributes that changed, or a temporary file
  left behind;
* crashes -- an exit status other than 0, 1, 2, 3 (resources), 4 (output lost) (or the
  status a signal must give: 130, 143), or a Python traceback on stderr;
* hangs -- the command still running after the limit, or a worker process outliving it;
* wrong exit status -- the case's expected status not given (a refusal must say so).

The cases are the ones of issue 9 (special files as input and output, a mistyped report
flag, deep nesting, unreadable trees, signals, non-UTF-8 names, lying output, form feeds,
hard links, owners, xattrs, read-only files, notebooks, huge files), more of the same kind
(NUL bytes, garbage, symlink loops, a directory named x.py, a socket...), the ones of issue
18 (``ROUND_2``: a file edited or swapped for a symbolic link mid-run, a report through a
link, line ends under a NumPy fix, LC_ALL=C, print forms, star imports, spawn under
``migrate run``, closed pipes, ``ulimit -n``/``-v``, forged names; a case's ``verify``
checks the output or the message too), and the seed originals mutated at random
(``--mutations N``). Cases that need root (mknod, chown) are
skipped, and counted as skipped, when not root.

The exit status is 1 when anything was lost, changed outside the edit, crashed or hung.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parent.parent
ORIGINALS = REPO / "tests" / "fixtures" / "originals"
TF1 = b"import tensorflow as tf\nx = tf.mul(1, 2)\n"
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
LIMIT = 120.0  # seconds one command may take

LOST = "lost"
CHANGED = "changed outside the edit"
CRASHED = "crashes"
HUNG = "hangs"
WRONG_EXIT = "wrong exit status"
KINDS = (LOST, CHANGED, CRASHED, HUNG, WRONG_EXIT)


@dataclass
class Case:
    name: str
    setup: Callable[[Path], list[str]]  # builds files, returns migrate's arguments
    exits: tuple[int, ...]  # acceptable exit statuses
    signal: int | None = None  # sent once the run writes files
    root: bool = False  # needs root
    command: str | None = None  # "run": ``migrate run``; None: ``migrate``
    env: dict | None = None  # environment variables to set for the run
    limits: dict | None = None  # resource limits for the run: {resource.RLIMIT_NOFILE: 12}
    stdout_closed: bool = False  # stdout and stderr into a pipe whose reader is gone
    during: Callable[[Path], list[str]] | None = None  # done mid-run; the names it changed
    verify: Callable[[Path, bytes], list[tuple[str, str]]] | None = None  # (kind, detail)s


@dataclass
class Outcome:
    case: str
    files: int = 0  # files checked
    problems: dict[str, list[str]] = field(default_factory=dict)
    skipped: bool = False

    def add(self, kind: str, detail: str) -> None:
        self.problems.setdefault(kind, []).append(detail)


# --------------------------------------------------------------------------- the cases


def _w(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _tree(count: int, body_lines: int = 200):
    body = TF1 + b"".join(b"y%d = tf.sub(x, %d)\n" % (i, i) for i in range(body_lines))

    def setup(d: Path) -> list[str]:
        for i in range(count):
            _w(d / "tree" / f"f{i:03}.py", body)
        return ["-q", "-j", "2", "tree"]
    return setup


def _files(files: dict[str, bytes], args: list[str]):
    def setup(d: Path) -> list[str]:
        for name, data in files.items():
            _w(d / name, data)
        return args
    return setup


def _with(prepare: Callable[[Path], None], args: list[str]):
    def setup(d: Path) -> list[str]:
        prepare(d)
        return args
    return setup


def _chardev(path: Path, minor: int = 3) -> None:
    os.mknod(path, 0o644 | stat.S_IFCHR, os.makedev(1, minor))


def _special_tree(d: Path) -> None:
    _w(d / "tree" / "ok.py", TF1)
    os.mkfifo(d / "tree" / "f.py")
    if ROOT:
        _chardev(d / "tree" / "z.py", 5)  # /dev/zero: endless
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(d / "tree" / "s.py"))
    server.close()


def _links(d: Path) -> None:
    _w(d / "a.py", TF1)
    os.link(d / "a.py", d / "b.py")


def _owned(d: Path) -> None:
    _w(d / "a.py", TF1)
    os.chown(d / "a.py", 1234, 2345)
    os.chmod(d / "a.py", 0o640)


def _xattr(d: Path) -> None:
    _w(d / "a.py", TF1)
    try:
        os.setxattr(d / "a.py", "user.origin", b"downloaded")
    except (OSError, AttributeError):
        pass


def _read_only(d: Path) -> None:
    _w(d / "a.py", TF1)
    os.chmod(d / "a.py", 0o444)


def _odd_names(d: Path) -> None:
    _w(d / os.fsdecode(b"caf\xe9.py"), TF1)
    _w(d / "new\nline.py", TF1)


def _loops(d: Path) -> None:
    _w(d / "tree" / "ok.py", TF1)
    os.symlink("loop.py", d / "tree" / "loop.py")
    os.symlink(".", d / "tree" / "self")
    os.symlink("missing.py", d / "tree" / "broken.py")
    (d / "tree" / "dir.py").mkdir()


def _big(d: Path) -> None:
    _w(d / "big.py", TF1 + b"# padding line\n" * 80000)  # 1.2 MB: over the 512 KiB default


def _notebook(d: Path) -> None:
    cells = [
        "import tensorflow as tf\r\nsess = tf.Session()\r\nx = tf.mul(1, 2)",
        ["!ls\n", "y = (10\n", "% 3)\n", "z = tf.mul(x, y)  # a\u2028b\n"],
    ]
    notebook = {"cells": [{"cell_type": "code", "execution_count": None, "metadata": {},
                           "outputs": [], "source": c} for c in cells],
                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    _w(d / "n.ipynb", json.dumps(notebook, indent=1).encode())


DEEP = {
    "brackets.py": TF1 + b"y = " + b"(" * 1500 + b"1" + b")" * 1500 + b"\n",
    "elif.py": TF1 + b"if x:\n    pass\n" + b"elif x:\n    pass\n" * 10000,
    "and.py": TF1 + b"y = " + b" and ".join([b"a"] * 30000) + b"\n",
    "plus.py": TF1 + b"y = " + b"+".join([b"a"] * 500) + b"\n",
    "good.py": TF1,
}
ODD = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
GARBAGE = {
    "nul.py": TF1 + b"y = 1\x00\n",
    "binary.py": bytes(range(256)) * 4,
    "bad_utf8.py": TF1 + b"# \xff\xfe\n",
    "bom_latin1.py": b"\xef\xbb\xbf# coding: latin-1\n" + TF1,
    "empty.py": b"",
    "only_cr.py": b"import tensorflow as tf\rx = tf.mul(1, 2)\r\r",
    "py2.py": b"import tensorflow as tf\nprint 'x'\n",
    "formfeed.py": TF1 + b"\x0cdef f():\n    return tf.sub(1, 2)\n\x0c\nclass A:\n    pass\n",
    "odd_chars.py": TF1 + f"z = tf.mul(3, 4)  # {ODD}\n".encode(),
    "long_line.py": TF1 + b"y = [" + b"1, " * 200000 + b"]\n",
}

CASES = [
    Case("output is a character device", _with(lambda d: (_w(d / "a.py", TF1), _chardev(d / "fakenull")),
                                               ["a.py", "-o", "fakenull"]), (2,), root=True),
    Case("report to a character device", _with(lambda d: (_w(d / "a.py", TF1), _chardev(d / "fakenull")),
                                               ["a.py", "--report-json", "fakenull"]), (0,), root=True),
    Case("output is a FIFO", _with(lambda d: (_w(d / "a.py", TF1), os.mkfifo(d / "out.py")),
                                   ["a.py", "-o", "out.py"]), (2,)),
    Case("mistyped --report-json over a source", _files({"train.py": TF1, "model.py": TF1},
                                                        ["--report-json", "train.py", "model.py"]), (2,)),
    Case("report named like an input", _files({"report": TF1}, ["--report-json", "report", "report"]), (2,)),
    Case("FIFO, device and socket in a tree", _with(_special_tree, ["tree"]), (1,)),
    Case("deep nesting, -j 1", _files(DEEP, ["-j", "1", "."]), (1,)),
    Case("deep nesting, -j 2", _files(DEEP, ["-j", "2", "."]), (1,)),
    Case("SIGTERM, -j 1", _tree(120), (143,), signal=signal.SIGTERM),
    Case("SIGTERM, -j 2", _tree(120), (143,), signal=signal.SIGTERM),
    Case("SIGINT, -j 2", _tree(120), (130,), signal=signal.SIGINT),
    Case("SIGKILL, -j 2", _tree(120), (-9,), signal=signal.SIGKILL),
    Case("non-UTF-8 and newline file names, report to stdout", _with(_odd_names, [".", "--report-json", "-"]), (0,)),
    Case("--diff and --report-json - together", _files({"a.py": TF1}, ["--diff", "--report-json", "-", "a.py"]), (2,)),
    Case("--diff with odd line characters", _files({"a.py": GARBAGE["odd_chars.py"]}, ["--diff", "a.py"]), (0,)),
    Case("garbage, NUL bytes, bad encodings, Python 2", _files(GARBAGE, ["."]), (1,)),
    Case("hard-linked file", _with(_links, ["a.py"]), (1,)),
    Case("file owned by another user", _with(_owned, ["a.py"]), (0,), root=True),
    Case("extended attributes", _with(_xattr, ["a.py"]), (0,)),
    Case("read-only file", _with(_read_only, ["a.py"]), (1,)),
    Case("symlink loops, broken links, a directory named x.py", _with(_loops, ["tree"]), (0,)),
    Case("file over the size limit", _with(_big, ["big.py"]), (1,)),
    Case("notebook: CRLF, continuation, U+2028", _with(_notebook, ["n.ipynb"]), (0,)),
    Case("-o to a new directory/", _files({"a.py": TF1}, ["a.py", "-o", "newdir/"]), (0,)),
    Case("mistyped flag", _files({"a.py": TF1}, ["--chek", "a.py"]), (2,)),
    Case("run: syntax error", _files({"a.py": b"x = (1,\n"}, ["a.py"]), (1,), command="run"),
    Case("run: return outside a function", _files({"a.py": TF1 + b"return 5\n"}, ["a.py"]), (1,),
         command="run"),
]


# --- round 2 (issue 18) --------------------------------------------------------------------

NUMPY_TF = [b"import numpy as np", b"import tensorflow as tf", b"x = np.float(3)",
            b"sess = tf.Session()"]
DENSE_LINE = (b"v%d = tf.nn.relu(tf.matmul(tf.placeholder(tf.float32, [None, 3]), "
              b"tf.Variable(tf.random_normal([3, 3]))))\n")


def _dense(size: int) -> bytes:
    lines, i = [b"import tensorflow as tf\n"], 0
    while sum(map(len, lines)) < size:
        lines.append(DENSE_LINE % i)
        i += 1
    return b"".join(lines)


def _contains(name: str, *needles: bytes, absent: tuple[bytes, ...] = ()):
    def verify(d: Path, stderr: bytes) -> list[tuple[str, str]]:
        data = (d / name).read_bytes() if (d / name).exists() else b""
        return ([(CHANGED, f"{name}: lacks {n!r}") for n in needles if n not in data]
                + [(CHANGED, f"{name}: still holds {n!r}") for n in absent if n in data])
    return verify


def _says(*needles: bytes, never: tuple[bytes, ...] = ()):
    def verify(d: Path, stderr: bytes) -> list[tuple[str, str]]:
        return ([(WRONG_EXIT, f"stderr lacks {n!r}") for n in needles if n not in stderr]
                + [(WRONG_EXIT, f"stderr holds {n!r}") for n in never
                   if any(line.startswith(n) for line in stderr.splitlines())])
    return verify


def _line_ends(d: Path, stderr: bytes) -> list[tuple[str, str]]:
    problems = []
    for name, end in (("crlf.py", b"\r\n"), ("cr.py", b"\r")):
        data = (d / name).read_bytes()
        if b"float(3)" not in data or [line for line in data.split(end)[:-1]
                                       if b"\r" in line or b"\n" in line]:
            problems.append((CHANGED, f"{name}: line ends not kept, or not converted"))
    return problems


def _once_a_is_written(d: Path) -> None:
    """Wait until tree/a.py is converted: with -j 2 the other worker has read tree/big.py
    by then, and is converting it (seconds)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and b"multiply" not in (d / "tree" / "a.py").read_bytes():
        time.sleep(0.01)


def _swap_for_link(d: Path) -> list[str]:
    _once_a_is_written(d)
    (d / "tree" / "big.py").unlink()
    os.symlink("../victim.txt", d / "tree" / "big.py")
    return ["tree/big.py"]


def _append(d: Path) -> list[str]:
    _once_a_is_written(d)
    with open(d / "tree" / "big.py", "ab") as handle:
        handle.write(b"typed = 'during the run'\n")
    return ["tree/big.py"]


def _star_tree(d: Path) -> None:
    _w(d / "src" / "common.py", b"import tensorflow as tf\n")
    _w(d / "src" / "train.py", b"from common import *\nx = tf.placeholder(tf.float32)\n")


def _loop_named(d: Path) -> None:
    os.symlink("loop.py", d / "loop.py")


def _spawn_job(d: Path) -> None:
    _w(d / "job.py", b"# no tensorflow: this comment makes migrate convert the idioms\n"
       b"import multiprocessing\n\ndef work(n):\n    return sum(xrange(n))\n\n"
       b"if __name__ == '__main__':\n"
       b"    with multiprocessing.get_context('spawn').Pool(1) as pool:\n"
       b"        assert pool.map(work, [3]) == [3]\n")


def _report_link(d: Path) -> None:
    _w(d / "src.py", TF1)
    _w(d / "other.py", TF1)
    os.symlink("other.py", d / "rep.json")


ROUND_2 = [
    Case("edit during the run (kept, not overwritten)",
         _files({"tree/big.py": _dense(150_000), "tree/a.py": TF1}, ["-q", "-j", "2", "tree"]),
         (1,), during=_append, verify=_says(b"changed on disk since it was read")),
    Case("file swapped for a symlink during the run",
         _files({"tree/big.py": _dense(150_000), "tree/a.py": TF1, "victim.txt": b"not python\n"},
                ["-q", "-j", "2", "tree"]),
         (1,), during=_swap_for_link, verify=_says(b"replaced by a symbolic link")),
    Case("--report-json through a symlink", _with(_report_link, ["--check", "src.py",
                                                                 "--report-json", "rep.json"]), (2,)),
    Case("CRLF and lone CR with a NumPy fix",
         _files({"crlf.py": b"\r\n".join(NUMPY_TF) + b"\r\n",
                 "cr.py": b"\r".join(NUMPY_TF) + b"\r"}, ["-q", "crlf.py", "cr.py"]),
         (0,), verify=_line_ends),
    Case("LC_ALL=C and non-ASCII source with a NumPy fix",
         _files({"cafe.py": "# café\n".encode() + b"\n".join(NUMPY_TF) + b"\n"}, ["-q", "cafe.py"]),
         (0,), env={"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
         verify=_contains("cafe.py", b"float(3)")),
    Case("print >>sys.stderr and a bare print",
         _files({"p.py": b"import sys\nimport tensorflow as tf\nprint >>sys.stderr, 'x'\nprint\n"},
                ["-q", "p.py"]), (0,),
         verify=_contains("p.py", b"print('x', file=sys.stderr)\nprint()\n")),
    Case("import and first use on one line",
         _files({"one.py": b"import tensorflow as tf; x = tf.placeholder(tf.float32)\n"},
                ["-q", "one.py"]), (0,),
         verify=_contains("one.py", b"import tensorflow as tf\ntf.compat.v1.disable_v2_behavior()\n")),
    Case("tf from a local module's star import", _with(_star_tree, ["-q", "src"]), (0,),
         verify=_contains("src/train.py", b"tf.compat.v1.placeholder")),
    Case("run: a spawned worker", _with(_spawn_job, ["job.py"]), (0,), command="run"),
    Case("--diff into a closed pipe", _with(lambda d: [_w(d / f"t/f{i}.py", TF1) for i in range(12)],
                                           ["--diff", "t"]), (4,), stdout_closed=True),
    Case("writing, stdout and stderr closed", _with(lambda d: [_w(d / f"t/f{i}.py", TF1)
                                                               for i in range(12)], ["t"]),
         (4,), stdout_closed=True, verify=_contains("t/f11.py", b"tf.multiply")),
    Case("ulimit -n 12, -j 2", _tree(8, 5), (0,), limits={resource.RLIMIT_NOFILE: 12}),
    Case("ulimit -v 1 GB, a 200 kB dense file, --check",
         _files({"big.py": _dense(200_000), "a.py": TF1}, ["--check", "-j", "1", "big.py", "a.py"]),
         (1, 3), limits={resource.RLIMIT_AS: 1 << 30}),
    Case("a file name that forges a diagnostic line",
         _files({"evil\nfake.py:1:1: error: forged": TF1 + b"x = (\n"}, ["."]), (1,),
         verify=_says(never=(b"fake.py",))),
    Case("a symlink loop named on the command line", _with(_loop_named, ["loop.py"]), (1,),
         verify=_says(b"symbolic link loop")),
    Case("a null byte on line 3", _files({"nul.py": TF1 + b"y = 'ab\x00'\n"}, ["nul.py"]), (1,),
         verify=_says(b"nul.py:3:8: error: cannot parse: the source contains a null byte")),
    Case("--max-size 0.5 (not a whole number of bytes)", _files({"a.py": TF1},
                                                               ["--max-size", "0.5", "a.py"]), (2,)),
]
CASES += ROUND_2


def mutation_case(count: int, seed: int) -> Case:
    """The seed originals with random bytes inserted, deleted or repeated: most no longer
    parse, some still do; every one must come out whole or converted exactly."""
    rng = random.Random(seed)
    originals = sorted(ORIGINALS.glob("*.py"))
    files = {}
    for number in range(count):
        data = bytearray(rng.choice(originals).read_bytes())
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(data) + 1)
            action = rng.choice(("insert", "delete", "repeat"))
            if action == "insert":
                data[at:at] = bytes(rng.choice(b"()[]{}:\\\n\r\t\x0c\x00#'\"\xe9 ") for _ in range(rng.randint(1, 6)))
            elif action == "delete":
                del data[at:at + rng.randint(1, 20)]
            else:
                data[at:at] = data[at:at + rng.randint(1, 200)] * rng.randint(2, 50)
        files[f"m{number:03}.py"] = bytes(data)
    return Case(f"{count} mutated originals (seed {seed}), -j 2", _files(files, ["-j", "2", "."]), (0, 1))


# --------------------------------------------------------------------------- checking


@dataclass
class Snapshot:
    kind: int
    data: bytes | None  # regular files only
    owner: tuple[int, int]
    mode: int
    inode: tuple[int, int]
    xattrs: dict


def _xattrs(path: str) -> dict:
    try:
        return {name: os.getxattr(path, name, follow_symlinks=False) for name in
                os.listxattr(path, follow_symlinks=False)}
    except (OSError, AttributeError):
        return {}


def snapshot(root: Path) -> dict[str, Snapshot]:
    found = {}
    for directory, dirnames, filenames in os.walk(root):
        for name in filenames + [n for n in dirnames if os.path.islink(os.path.join(directory, n))]:
            path = os.path.join(directory, name)
            info = os.lstat(path)
            data = None
            if stat.S_ISREG(info.st_mode):
                with open(path, "rb") as handle:
                    data = handle.read()
            found[os.path.relpath(path, root)] = Snapshot(
                stat.S_IFMT(info.st_mode), data, (info.st_uid, info.st_gid), stat.S_IMODE(info.st_mode),
                (info.st_dev, info.st_ino), _xattrs(path))
    return found


def expected_conversion(name: str, data: bytes, root: Path | None = None) -> bytes | None:
    """What migrate writes for these bytes (None: it leaves them as they are); ``root``:
    the directory the name is in (the file's local modules count: star imports)."""
    from migrate.pipeline import InputError, convert_bytes

    path = str(root / name) if root is not None else None
    try:
        return convert_bytes(data, name, notebook=name.endswith(".ipynb"), path=path).data
    except (InputError, RecursionError):
        return None
    except Exception:  # noqa: BLE001 - the run will tell; nothing is "expected" then
        return None


def check(before: dict[str, Snapshot], after: dict[str, Snapshot], outcome: Outcome,
          extra_ok: Callable[[str], bool] = lambda name: False, root: Path | None = None) -> None:
    inodes: dict[tuple[int, int], set[str]] = {}
    for name, old in before.items():
        inodes.setdefault(old.inode, set()).add(name)
    for name, old in before.items():
        outcome.files += 1
        new = after.get(name)
        if new is None:
            outcome.add(LOST, f"{name}: gone")
            continue
        if new.kind != old.kind:
            outcome.add(LOST, f"{name}: was {stat.filemode(old.kind)[0]}, now {stat.filemode(new.kind)[0]}")
            continue
        if old.data is not None and new.data != old.data:
            if new.data != expected_conversion(name, old.data, root):
                outcome.add(CHANGED, f"{name}: content is neither the original nor the conversion")
        if (new.owner, new.mode, new.xattrs) != (old.owner, old.mode, old.xattrs):
            outcome.add(CHANGED, f"{name}: owner, mode or extended attributes changed")
    for names in inodes.values():
        if len(names) > 1 and len({after[n].inode for n in names if n in after}) > 1:
            outcome.add(LOST, f"hard link split: {sorted(names)}")
    for name in set(after) - set(before):
        if name.endswith(".migrate-tmp"):
            outcome.add(CHANGED, f"{name}: temporary file left behind")
        elif not extra_ok(name):
            pass  # outputs of -o, reports: written on purpose


def child_pids(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc; none where there is no /proc)."""
    found = []
    for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else ():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def run_case(case: Case, python: str = sys.executable) -> Outcome:
    outcome = Outcome(case.name)
    if case.root and not ROOT:
        outcome.skipped = True
        return outcome
    with tempfile.TemporaryDirectory(prefix="migrate-adversarial-") as temporary:
        directory = Path(temporary)
        args = case.setup(directory)
        before = snapshot(directory)
        command = [python, "-m", "migrate"] + (["run"] if case.command == "run" else []) + args
        env = dict(os.environ, PYTHONPATH=str(REPO), **(case.env or {}))
        closed = None
        if case.stdout_closed:
            read, closed = os.pipe()
            os.close(read)
        process = subprocess.Popen(command, cwd=directory, env=env, stdin=subprocess.DEVNULL,
                                   stdout=closed or subprocess.PIPE,
                                   stderr=closed or subprocess.PIPE, start_new_session=True,
                                   preexec_fn=_limiter(case.limits) if case.limits else None)
        if closed is not None:
            os.close(closed)
        workers: list[int] = []
        if case.during is not None:
            for name in case.during(directory):  # the edit is now the file's "original"
                before[name] = snapshot(directory)[name]
        if case.signal is not None:
            _wait_for_writes(directory, process)
            workers = child_pids(process.pid)
            process.send_signal(case.signal)
        try:
            _, stderr = process.communicate(timeout=LIMIT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            _, stderr = process.communicate()
            outcome.add(HUNG, f"still running after {LIMIT:.0f} s")
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        if any(_alive(pid) for pid in workers):
            outcome.add(HUNG, "a worker outlived migrate")
            for pid in workers:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
        code = process.returncode
        stderr = stderr or b""
        if b"Traceback (most recent call last)" in stderr or code not in (0, 1, 2, 3, 4, 130, 143, -9):
            outcome.add(CRASHED, f"exit {code}: {stderr.decode('utf-8', 'replace')[-300:]!r}")
        elif code not in case.exits:
            outcome.add(WRONG_EXIT, f"exit {code}, expected {case.exits}: "
                                    f"{stderr.decode('utf-8', 'replace')[-200:]!r}")
        check(before, snapshot(directory), outcome, root=directory)
        for kind, detail in (case.verify(directory, stderr) if case.verify else []):
            outcome.add(kind, detail)
        _make_removable(directory)
    return outcome


def _limiter(limits: dict):
    def apply() -> None:
        import resource

        for which, value in limits.items():
            resource.setrlimit(which, (value, value))
    return apply


def _wait_for_writes(directory: Path, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        for path in sorted(directory.rglob("f00*.py"))[:3]:
            if b"multiply" in path.read_bytes():  # noqa: SIM102
                return
        time.sleep(0.02)


def _make_removable(directory: Path) -> None:
    for path in directory.rglob("*"):
        try:
            if path.is_dir() and not path.is_symlink():
                os.chmod(path, 0o755)
        except OSError:
            pass


# --------------------------------------------------------------------------- report


def run_all(cases: list[Case], progress: Callable[[Outcome], None] = lambda o: None) -> list[Outcome]:
    outcomes = []
    for case in cases:
        outcome = run_case(case)
        progress(outcome)
        outcomes.append(outcome)
    return outcomes


def totals(outcomes: list[Outcome]) -> dict[str, int]:
    ran = [o for o in outcomes if not o.skipped]
    counts = {"cases": len(ran), "skipped": len(outcomes) - len(ran),
              "files checked": sum(o.files for o in ran)}
    for kind in KINDS:
        counts[kind] = sum(len(o.problems.get(kind, ())) for o in ran)
    return counts


def report(outcomes: list[Outcome]) -> str:
    counts = totals(outcomes)
    lines = [f"{counts['cases']} hostile cases run ({counts['skipped']} skipped: need root), "
             f"{counts['files checked']} files checked"]
    lines.append(" | ".join(f"{kind}: {counts[kind]}" for kind in KINDS))
    for outcome in outcomes:
        for kind, details in outcome.problems.items():
            for detail in details[:5]:
                lines.append(f"  {outcome.case}: {kind}: {detail}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.adversarial",
        description="Throw hostile inputs at the real migrate command and count files lost or "
                    "changed outside the edit, crashes, hangs and wrong exit statuses. "
                    "Exit 1 when any file was lost or changed, or a run crashed or hung.")
    parser.add_argument("--mutations", type=int, default=200, metavar="N",
                        help="also run N randomly mutated seed originals (default 200; 0: none)")
    parser.add_argument("--seed", type=int, default=0, help="the mutations' seed (default 0)")
    parser.add_argument("--only", metavar="TEXT", help="run only the cases whose name contains TEXT")
    parser.add_argument("--json", metavar="FILE", help="also write the counts and problems as JSON")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    args = parser.parse_args(argv)
    cases = list(CASES)
    if args.mutations:
        cases.append(mutation_case(args.mutations, args.seed))
    if args.only:
        cases = [case for case in cases if args.only in case.name]
    started = time.monotonic()

    def progress(outcome: Outcome) -> None:
        if not args.quiet:
            state = "skipped" if outcome.skipped else (
                "ok" if not outcome.problems else ", ".join(outcome.problems))
            print(f"tools.adversarial: {outcome.case}: {state}", file=sys.stderr, flush=True)

    outcomes = run_all(cases, progress)
    print(report(outcomes))
    counts = totals(outcomes)
    print(f"({time.monotonic() - started:.0f} s)")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump({"counts": counts, "problems": {o.case: o.problems for o in outcomes if o.problems},
                       "skipped": [o.case for o in outcomes if o.skipped]}, handle, indent=2)
    failed = any(counts[kind] for kind in (LOST, CHANGED, CRASHED, HUNG))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
