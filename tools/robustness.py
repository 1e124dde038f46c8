"""``python -m tools.robustness``: the engine over every installed Python file.

Runs ``migrate``'s per-file path -- bytes -> decode -> migrate -> encode, the very function
the command line calls for a ``.py`` file -- over the ``.py`` files of the environment's
site-packages (tensorflow, keras, numpy, matplotlib, libcst, ...), in memory: nothing is
ever written. Each file converted is converted a second time, which must change nothing.

Counted and reported:

* crashes -- any exception other than a clean decoding or syntax error (file and the
  last frames of the traceback), and conversions that cannot be encoded back;
* files that cannot be decoded, or parsed (Python 2 sources...): not the engine's fault,
  counted apart; those the interpreter compiles but libcst cannot parse are named too;
* outputs that do not parse (libcst, and ``ast`` when the input passed ``ast``);
* files WITHOUT a TensorFlow import (``import tensorflow...``/``from tensorflow... import``
  anywhere in the file) that were changed;
* files whose second conversion changes anything (idempotence).

The exit status is 1 when any of these targets is missed: 0 crashes, every output parses,
0 files without TensorFlow changed, idempotent everywhere (timeouts, listed, do not count).

    python -m tools.robustness                      # everything, on every core
    python -m tools.robustness --sample 300 --seed 0 -j 2
    python -m tools.robustness path/to/tree another/file.py
    python -m tools.robustness --adversarial          # hostile inputs at the real CLI
                                                      # (tools/adversarial.py)
"""
from __future__ import annotations

import argparse
import ast
import json
import os
import random
import signal
import site
import sys
import threading
import time
import traceback
from dataclasses import asdict, dataclass, field

__all__ = ["Result", "check_file", "default_roots", "find_files", "sample_files", "main"]

# Outcomes of one file
OK = "ok"  # converted (or left alone) and every check passed
UNDECODABLE = "undecodable"
UNPARSABLE = "unparsable"  # the interpreter cannot compile it either (Python 2...)
LIBCST_UNPARSABLE = "libcst-unparsable"  # valid for the interpreter, not for libcst
CRASH = "crash"
TIMEOUT = "timeout"
BAD_OUTPUT = "output-does-not-parse"
NON_TF_CHANGED = "non-tensorflow-changed"
NOT_IDEMPOTENT = "not-idempotent"

FAILURES = (CRASH, BAD_OUTPUT, NON_TF_CHANGED, NOT_IDEMPOTENT)


@dataclass
class Result:
    path: str
    outcome: str = OK
    changed: bool = False
    tensorflow_import: bool | None = None  # computed when it matters (changed files)
    lines: int = 0
    seconds: float = 0.0
    detail: str = ""  # the message, traceback summary, or first differing line
    warnings: int = 0
    changes: int = 0


# --- the files -------------------------------------------------------------------------------


def default_roots() -> list[str]:
    """The site-packages directories of this interpreter (sys.path first, then site's)."""
    candidates = [entry for entry in sys.path if os.path.basename(entry) in ("site-packages", "dist-packages")]
    try:
        candidates += site.getsitepackages()
    except AttributeError:  # pragma: no cover - old virtualenv's site module
        pass
    roots, seen = [], set()
    for entry in candidates:
        real = os.path.realpath(entry)
        if os.path.isdir(real) and real not in seen:
            seen.add(real)
            roots.append(real)
    return roots


def find_files(roots: list[str]) -> list[str]:
    """Every .py file under ``roots`` (files given directly are kept), sorted, each once."""
    found, seen = [], set()
    for root in roots:
        if os.path.isfile(root):
            paths = [root]
        else:
            paths = []
            for directory, dirnames, filenames in os.walk(root):
                dirnames[:] = sorted(name for name in dirnames if name != "__pycache__")
                paths.extend(os.path.join(directory, name) for name in filenames if name.endswith(".py"))
        for path in paths:
            real = os.path.realpath(path)
            if real not in seen and os.path.isfile(real):
                seen.add(real)
                found.append(path)
    return sorted(found)


def _mentions_tf(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return False
    return b"tensorflow" in data and b"tf." in data


def sample_files(paths: list[str], size: int, seed: int, max_bytes: int = 0) -> list[str]:
    """A fixed sample: half (or as many as there are) of files naming TensorFlow and using
    ``tf.`` -- the ones the engine really rewrites -- the rest drawn from all others;
    files over ``max_bytes`` (when not 0) are left out.

    The choice depends only on the sorted list of paths, their contents and ``seed``."""
    order = sorted(path for path in paths if not max_bytes or _size(path) <= max_bytes)
    random.Random(seed).shuffle(order)
    want_tf = size // 2
    tf_files, others = [], []
    for path in order:
        if len(tf_files) >= want_tf and len(others) >= size - want_tf:
            break
        if _mentions_tf(path):
            if len(tf_files) < want_tf:
                tf_files.append(path)
            elif len(others) < size - want_tf:
                others.append(path)  # surplus TensorFlow files fill the other half
        elif len(others) < size - want_tf:
            others.append(path)
    chosen = tf_files + others
    if len(chosen) < size:  # too few TensorFlow users: fill up with whatever is left
        taken = set(chosen)
        rest = [path for path in order if path not in taken]
        chosen += rest[: size - len(chosen)]
    return sorted(chosen)


# --- one file --------------------------------------------------------------------------------


def _imports_tensorflow(text: str) -> bool:
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return "import tensorflow" in text or "from tensorflow" in text
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            if any(alias.name == "tensorflow" or alias.name.startswith("tensorflow.") for alias in node.names):
                return True
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            if node.module == "tensorflow" or node.module.startswith("tensorflow."):
                return True
    return False


def _python_accepts(text: str) -> bool:
    try:
        compile(text, "<input>", "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def _traceback_summary(error: BaseException, frames: int = 4) -> str:
    summary = traceback.extract_tb(error.__traceback__)[-frames:]
    where = " <- ".join(f"{os.path.basename(frame.filename)}:{frame.lineno} {frame.name}" for frame in reversed(summary))
    message = " ".join(str(error).split())[:300]
    return f"{type(error).__name__}: {message} [{where}]"


def _first_difference(old: str, new: str) -> str:
    old_lines, new_lines = old.splitlines(), new.splitlines()
    for number, (a, b) in enumerate(zip(old_lines, new_lines), start=1):
        if a != b:
            return f"line {number}: {a.strip()[:120]!r} -> {b.strip()[:120]!r}"
    return f"{len(old_lines)} -> {len(new_lines)} lines"


def _convert(data: bytes, display: str):
    """The command line's own per-file step: bytes in, new bytes (None: unchanged) out,
    InputError for a file it refuses. Returns (new_bytes, findings)."""
    from migrate.pipeline import convert_bytes

    converted = convert_bytes(data, display)
    return converted.data, converted.findings


class _Timeout(Exception):
    pass


def _on_alarm(signum, frame):  # pragma: no cover - only on a hang
    raise _Timeout()


def check_file(path: str, timeout: float = 0) -> Result:
    """Convert ``path`` in memory, twice, and classify what happened."""
    from migrate.files import InputError, decode_source

    result = Result(path)
    started = time.perf_counter()
    alarm = (timeout > 0 and hasattr(signal, "SIGALRM")
             and threading.current_thread() is threading.main_thread())
    if alarm:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        with open(path, "rb") as handle:
            data = handle.read()
        result.lines = data.count(b"\n")
        try:
            new, findings = _convert(data, path)
        except InputError as error:
            message = error.message
            if message.startswith("cannot decode"):
                result.outcome = UNDECODABLE
            elif message.startswith("cannot parse"):
                text = decode_source(data).text
                result.outcome = LIBCST_UNPARSABLE if _python_accepts(text) else UNPARSABLE
            else:  # cannot encode what the engine wrote: ours
                result.outcome = CRASH
            result.detail = message
            return result
        result.warnings = sum(f.severity == "warning" for f in findings)
        result.changes = sum(f.severity == "change" for f in findings)
        if new is None:
            return result
        result.changed = True
        before = decode_source(data).text
        after = decode_source(new).text
        result.tensorflow_import = _imports_tensorflow(before)
        if _python_accepts(before) and not _python_accepts(after):
            result.outcome = BAD_OUTPUT
            try:
                ast.parse(after)
            except SyntaxError as error:
                result.detail = f"ast: line {error.lineno}: {error.msg}"
            return result
        try:
            again, _ = _convert(new, path)
        except InputError as error:  # libcst cannot read back what it wrote
            result.outcome = BAD_OUTPUT
            result.detail = error.message
            return result
        if not result.tensorflow_import:
            result.outcome = NON_TF_CHANGED
            result.detail = _first_difference(before, after)
        elif again is not None:
            result.outcome = NOT_IDEMPOTENT
            result.detail = _first_difference(after, decode_source(again).text)
    except _Timeout:
        result.outcome = TIMEOUT
        result.detail = f"over {timeout:g} s"
    except RecursionError as error:
        result.outcome = CRASH
        result.detail = _traceback_summary(error, frames=2)
    except Exception as error:  # noqa: BLE001 - that is what we are looking for
        result.outcome = CRASH
        result.detail = _traceback_summary(error)
    finally:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        result.seconds = time.perf_counter() - started
    return result


def _check_star(arguments):
    return check_file(*arguments)


# --- the run ---------------------------------------------------------------------------------


@dataclass
class Summary:
    files: int = 0
    lines: int = 0
    seconds: float = 0.0
    jobs: int = 1
    counts: dict = field(default_factory=dict)
    changed: int = 0
    changed_with_tensorflow: int = 0
    warnings: int = 0
    problems: list = field(default_factory=list)  # Results other than OK
    slowest: list = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not any(self.counts.get(kind) for kind in FAILURES)


def run(paths: list[str], jobs: int = 1, timeout: float = 0, progress=None) -> Summary:
    summary = Summary(files=len(paths), jobs=jobs)
    results: list[Result] = []
    started = time.perf_counter()
    work = [(path, timeout) for path in paths]
    if jobs <= 1 or len(paths) <= 1:
        iterator = map(_check_star, work)
        pool = None
    else:
        import multiprocessing

        import migrate.pipeline  # noqa: F401 - imported once here: forked workers share one engine
        import migrate.engine  # noqa: F401

        pool = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn").Pool(jobs, maxtasksperchild=200)
        # large files first, so that no worker is left with a giant at the end
        work.sort(key=lambda item: -_size(item[0]))
        iterator = pool.imap_unordered(_check_star, work, chunksize=1)
    try:
        for done, result in enumerate(iterator, start=1):
            results.append(result)
            if progress:
                progress(done, len(paths), result)
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
    summary.seconds = time.perf_counter() - started
    for result in results:
        summary.lines += result.lines
        summary.counts[result.outcome] = summary.counts.get(result.outcome, 0) + 1
        summary.changed += result.changed
        summary.changed_with_tensorflow += bool(result.changed and result.tensorflow_import)
        summary.warnings += result.warnings
        if result.outcome != OK:
            summary.problems.append(result)
    summary.problems.sort(key=lambda result: (result.outcome, result.path))
    summary.slowest = sorted(results, key=lambda result: -result.seconds)[:10]
    return summary


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def report(summary: Summary, show: int = 20) -> str:
    counts = summary.counts
    rows = [
        ("files", summary.files, ""),
        ("lines", summary.lines, ""),
        ("converted (changed)", summary.changed, f"{summary.changed_with_tensorflow} import TensorFlow"),
        ("warnings emitted", summary.warnings, ""),
        ("crashes", counts.get(CRASH, 0), "target 0"),
        ("outputs that do not parse", counts.get(BAD_OUTPUT, 0), "target 0"),
        ("files without a TensorFlow import changed", counts.get(NON_TF_CHANGED, 0), "target 0"),
        ("not idempotent (2nd run changes)", counts.get(NOT_IDEMPOTENT, 0), "target 0"),
        ("cannot be parsed by Python either (py2...)", counts.get(UNPARSABLE, 0), "not ours"),
        ("valid Python that libcst cannot parse", counts.get(LIBCST_UNPARSABLE, 0), "libcst's limit"),
        ("cannot be decoded", counts.get(UNDECODABLE, 0), "not ours"),
        ("timeouts", counts.get(TIMEOUT, 0), "listed, not a failure"),
    ]
    rate = summary.files / summary.seconds if summary.seconds else 0.0
    out = [
        f"migrate robustness: {summary.files} files in {summary.seconds:.1f} s "
        f"({rate:.0f} files/s, -j {summary.jobs})",
        "",
        "| what | count | note |",
        "|---|---:|---|",
    ]
    out += [f"| {what} | {count} | {note} |" for what, count, note in rows]
    out.append("")
    out.append("targets: " + ("all met" if summary.passed else "MISSED"))
    by_kind: dict[str, list[Result]] = {}
    for result in summary.problems:
        by_kind.setdefault(result.outcome, []).append(result)
    for kind, results in by_kind.items():
        out.append("")
        out.append(f"{kind} ({len(results)}):")
        for result in results[:show]:
            out.append(f"  {result.path}: {result.detail}")
        if len(results) > show:
            out.append(f"  ... and {len(results) - show} more")
    if summary.slowest:
        out.append("")
        out.append("slowest files:")
        for result in summary.slowest[:5]:
            out.append(f"  {result.seconds:7.2f} s  {result.lines:6d} lines  {result.path}")
    return "\n".join(out)


def _jobs(text: str) -> int:
    value = int(text)
    return value if value > 0 else (os.cpu_count() or 1)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["--adversarial"]:  # hostile inputs at the real command: tools/adversarial.py
        from tools.adversarial import main as adversarial_main

        return adversarial_main(argv[1:])
    parser = argparse.ArgumentParser(
        prog="python -m tools.robustness",
        description="Run migrate's per-file conversion, in memory, over every installed .py file "
                    "(or ROOTs) and check: no crash, outputs parse, files without TensorFlow "
                    "untouched, a second run changes nothing. Exit 1 when a target is missed.",
    )
    parser.add_argument("roots", nargs="*", metavar="ROOT",
                        help="directories or files (default: this environment's site-packages)")
    parser.add_argument("--sample", type=int, metavar="N",
                        help="a fixed, seeded sample of N files: half of them files using tf., "
                             "the rest drawn from the others")
    parser.add_argument("--seed", type=int, default=0, help="the sample's seed (default 0)")
    parser.add_argument("--max-bytes", type=int, default=0, metavar="N",
                        help="with --sample: leave out files larger than N bytes (default 0: none)")
    parser.add_argument("-j", "--jobs", type=_jobs, default=os.cpu_count() or 1, metavar="N",
                        help="worker processes (default: one per core; 0 = one per core)")
    parser.add_argument("--timeout", type=float, default=600, metavar="SECONDS",
                        help="give up on one file after this long (default 600; 0 = never)")
    parser.add_argument("--show", type=int, default=20, metavar="N", help="problems listed per kind")
    parser.add_argument("--json", metavar="FILE", help="also write every problem and the counts as JSON")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    args = parser.parse_args(argv)

    roots = args.roots or default_roots()
    paths = find_files(roots)
    if args.sample is not None:
        paths = sample_files(paths, args.sample, args.seed, args.max_bytes)
    if not paths:
        print("tools.robustness: no .py files found under " + ", ".join(roots), file=sys.stderr)
        return 2
    if not args.quiet:
        print(f"tools.robustness: {len(paths)} files under {', '.join(roots)}", file=sys.stderr)
    last = [0.0]

    def progress(done, total, result):
        now = time.monotonic()
        if args.quiet or (now - last[0] < 5 and done != total):
            return
        last[0] = now
        print(f"tools.robustness: [{done}/{total}] {result.path}", file=sys.stderr, flush=True)

    summary = run(paths, jobs=args.jobs, timeout=args.timeout, progress=progress)
    print(report(summary, show=args.show))
    if args.json:
        payload = {
            "roots": roots, "files": summary.files, "lines": summary.lines, "seconds": summary.seconds,
            "jobs": summary.jobs, "counts": summary.counts, "changed": summary.changed,
            "changed_with_tensorflow": summary.changed_with_tensorflow, "warnings": summary.warnings,
            "passed": summary.passed, "problems": [asdict(result) for result in summary.problems],
            "slowest": [asdict(result) for result in summary.slowest],
        }
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, indent=2)
    return 0 if summary.passed else 1


if __name__ == "__main__":
    sys.exit(main())
