"""The ``migrate`` command line (see ``migrate --help``).

Importing this module, ``migrate --help`` and a run over files never import TensorFlow;
``migrate run`` imports whatever the user's script imports.
"""
from __future__ import annotations

import argparse
import contextlib
import fnmatch
import json
import os
import sys
import time

from migrate.files import DEFAULT_MAX_SIZE
from migrate.findings import error as error_finding, shown
from migrate.pipeline import FileResult, Task
from migrate.workers import Terminated, raise_terminated, run_tasks

__all__ = ["main", "DEFAULT_EXCLUDES"]

RESOURCES = 3  # exit status: a file failed for lack of memory or file descriptors

DEFAULT_EXCLUDES = (
    "__pycache__",
    "__pypackages__",
    "_build",
    "buck-out",
    "build",
    "dist",
    "node_modules",
    "site-packages",
    "venv",
)

DESCRIPTION = """\
Rewrite TensorFlow 0.x/1.x Python sources and Jupyter notebooks so that they run on
TensorFlow 2 and compute the same numbers. Files are rewritten in place unless --output,
--diff or --check is given. What was changed, and what could not be changed safely and
needs a person (a warning, printed as PATH:LINE:COL: RULE: MESSAGE), is reported.

Encodings (UTF-8 BOM, PEP 263 coding lines such as latin-1), CRLF line ends, tabs and a
missing final newline are kept exactly. Writes are atomic (a temporary file in the same
directory, then a rename) and keep the file's permission bits, owner, group and extended
attributes; a file that would not change is not rewritten, so its mtime stays. Refused and
left untouched: hard-linked and read-only files, files over --max-size, and devices, FIFOs
and sockets (as input or output). A file that changes on disk while it is converted (an
edit, a swap for a symbolic link) is not written. SIGINT/SIGTERM stop between files,
leaving each whole; a closed stdout or stderr stops the printing, not the run.

--to eager goes further for .py files: Session code becomes idiomatic TF 2 (placeholders
become function arguments, sess.run calls become calls, minimize() becomes a GradientTape
step with the Keras optimizer set up to do the same arithmetic; Keras Adam is equal to
tf.compat.v1.train.AdamOptimizer up to rounding, and --exact-optimizers keeps the latter).
What cannot be translated safely keeps the compat form, with a warning (rule
eager-fallback) saying why. Notebooks
are always converted in the compat form.

Two subcommands, each recognised only as the very first argument:
  migrate run [-q] SCRIPT [ARGS ...]   run a legacy script converted in memory, untouched
  migrate verify SCRIPT ...            run the compat and the eager translation of SCRIPT
                                       with the same seeds and compare every number
                                       (see 'migrate verify --help')
To convert a file or directory named 'run' or 'verify', write it as './run' (or put any
option first: 'migrate -- run')."""

def _paragraph(text: str) -> str:
    import textwrap

    return textwrap.fill(" ".join(text.split()), width=88, initial_indent="  ",
                         subsequent_indent="  ")


EPILOG = "\n\n".join([
    "files and directories:\n" + _paragraph(f"""
    A directory is searched recursively for *.py and *.ipynb files. While searching,
    symbolic links are not followed, hidden files and directories (a name starting with
    '.') are skipped, and so are directories named {", ".join(DEFAULT_EXCLUDES)}, and any
    directory holding a pyvenv.cfg (a virtual environment); --exclude adds patterns. A file
    named on the command line is always processed (as a notebook when it ends in .ipynb,
    as Python source otherwise), whatever its name. A directory with no files to process is
    an error. A source that never mentions 'tensorflow' is left as it is, unparsed.
    With --output, failed files are not written."""),
    "notebooks:\n" + _paragraph("""
    All code cells are converted together, in order (so 'import tensorflow as tf' in one
    cell counts for the others); outputs, metadata, markdown and the JSON layout are kept.
    Lines of IPython syntax (%magic, !shell, ?help, x = !cmd) are kept as they are (a
    warning when they mention TensorFlow); a cell that starts with a cell magic (%%...) is
    not converted. If any cell cannot be parsed, the whole notebook is left untouched and
    reported as failed. Notebook locations read PATH:cell N:LINE:COL, N counting all cells
    from 1; --diff shows one diff per changed cell."""),
    "output:\n" + _paragraph("""
    Warnings and errors go to stderr, one per line: PATH:LINE:COL: RULE: MESSAGE, and
    PATH[:LINE:COL]: error: MESSAGE; then, unless -q, a summary: files seen, changed,
    unchanged, failed, changes, warnings. Lines and columns are 1-based. Diffs (--diff) go
    to stdout; for Python files they apply with 'patch -p0'. Progress is shown on stderr
    when it is a terminal, or with --progress. A failed file (cannot be read, decoded or
    parsed; Python 2 source) is left byte-for-byte untouched and the others are still
    processed.""") + """
  --report-json writes: {"summary": {"files", "changed", "unchanged", "failed",
  "changes", "warnings"}, "files": [{"file", "status", "output"}], "findings": [{"file",
  "cell", "line", "column", "rule", "severity" ("change" or "warning"), "message"}],
  "errors": [{"file", "cell", "line", "column", "message"}], "exit_code"}.""",
    """exit status:
  0  success: everything converted, or nothing to do (with --check: nothing would change)
  1  with --check: some file would change; in any mode: some input failed (missing path,
     unreadable, undecodable, unparsable, too large, too deeply nested, refused, changed
     on disk during the run, or a directory without Python files or that cannot be read)
  2  usage error (bad option or arguments, a destination that is a device, a report that
     would overwrite a source or is a symbolic link)
  3  some file failed for lack of resources (out of memory, too many open files, or its
     converter process died): never to be read as "would change"; run it again
  4  stdout or stderr was closed during the run (a pipe closed early): output was lost,
     every file was still converted or written as asked
  130, 143  interrupted by SIGINT, SIGTERM (files written are whole, the rest untouched)
  'migrate run' exits with the script's own status (2 if SCRIPT cannot be opened, 1 if
  it cannot be parsed).""",
    """examples:
  migrate train.py                      rewrite one file in place
  migrate src/ notebooks/               rewrite two trees (on every core; -j 1: one process)
  migrate --diff model.py               show what would change, write nothing
  migrate --check .                     exit 1 if anything would change (CI, pre-commit)
  migrate old.py -o new.py              write the converted file elsewhere
  migrate legacy/ -o converted/         mirror a tree (only .py/.ipynb files are written)
  migrate src/ --report-json report.json
  migrate run train.py --epochs 3       run a TF1 script on TF2, converted in memory

the same rewrite as a libcst codemod (from this repository, whose .libcst.codemod.yaml
lists 'migrate'; elsewhere add -x and name migrate.codemod.MigrateTensorFlow):
  python -m libcst.tool codemod codemod.MigrateTensorFlow FILE_OR_DIR""",
])


# --- per-file work: migrate.pipeline (runs in worker processes with -j) ---------------------


# --- finding the files ---------------------------------------------------------------------


def _excluded(name: str, relative: str, patterns: list[str]) -> bool:
    return any(
        fnmatch.fnmatchcase(name, pattern) or fnmatch.fnmatchcase(relative, pattern)
        for pattern in patterns
    )


def _walk(top: str, patterns: list[str], skip: set[str],
          problems: list[tuple[str, str]] | None = None) -> list[str]:
    """Files under ``top`` to process, sorted; ``skip`` holds real paths to leave out.

    ``problems`` receives (path, message) for what could not be searched (a directory that
    cannot be read) and for special files with a Python name (a FIFO named f.py, a device
    named z.py), which are never opened.
    """
    import stat

    problems = [] if problems is None else problems

    def unreadable(error: OSError) -> None:
        path = error.filename or top
        problems.append((path, f"cannot read directory: {(error.strerror or str(error)).lower()}"))

    found = []
    for directory, dirnames, filenames in os.walk(top, onerror=unreadable, followlinks=False):
        relative_dir = os.path.relpath(directory, top)
        kept = []
        for name in sorted(dirnames):
            path = os.path.join(directory, name)
            relative = os.path.normpath(os.path.join(relative_dir, name)).replace(os.sep, "/")
            if (
                name.startswith(".")
                or name in DEFAULT_EXCLUDES
                or os.path.islink(path)
                or os.path.exists(os.path.join(path, "pyvenv.cfg"))
                or _excluded(name, relative, patterns)
                or os.path.realpath(path) in skip
            ):
                continue
            kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            if name.startswith(".") or not name.endswith((".py", ".ipynb")):
                continue
            path = os.path.join(directory, name)
            relative = os.path.normpath(os.path.join(relative_dir, name)).replace(os.sep, "/")
            if _excluded(name, relative, patterns):
                continue
            try:
                mode = os.lstat(path).st_mode
            except OSError as error:
                problems.append((path, f"cannot read: {(error.strerror or str(error)).lower()}"))
                continue
            if stat.S_ISLNK(mode):
                continue
            if not stat.S_ISREG(mode):
                from migrate.files import file_kind

                problems.append((os.path.normpath(path),
                                 f"not a regular file ({file_kind(mode)}): left alone"))
                continue
            found.append(os.path.normpath(path))
    return found


# --- progress and output -------------------------------------------------------------------


class _Progress:
    def __init__(self, total: int, enabled: bool):
        self.total = total
        self.enabled = enabled and total > 1
        self.tty = sys.stderr.isatty()
        self.last = 0.0
        self.shown = False

    def update(self, done: int, current: str) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if done != self.total and now - self.last < (0.1 if self.tty else 2.0):
            return
        self.last = now
        line = f"migrate: [{done}/{self.total}] {shown(current)}"
        if self.tty:
            sys.stderr.write("\r\033[2K" + line[:200])
            self.shown = True
        else:
            sys.stderr.write(line + "\n")
        sys.stderr.flush()

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[2K")
            sys.stderr.flush()
            self.shown = False


def _write_stdout(text: str) -> None:
    try:
        sys.stdout.write(text)
    except UnicodeEncodeError:  # a terminal that cannot show the file's characters
        encoding = sys.stdout.encoding or "ascii"
        sys.stdout.write(text.encode(encoding, "backslashreplace").decode(encoding))
    sys.stdout.flush()


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="migrate",
        usage="%(prog)s [options] PATH [PATH ...]\n       %(prog)s run [-q] SCRIPT [ARGS ...]",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="Python files, notebooks (.ipynb) and directories to convert")
    parser.add_argument("-o", "--output", metavar="PATH",
                        help="write the result to PATH instead of in place: with one file, PATH "
                             "is the new file (or a directory to put it in); with one "
                             "directory, the tree is mirrored under PATH (only .py and .ipynb "
                             "files are written, converted or not; nothing else is copied)")
    parser.add_argument("--to", choices=("compat", "eager"), default="compat",
                        help="compat (default): keep graph semantics through tf.compat.v1; "
                             "eager: translate Session code into TF 2 eager code where that is safe")
    parser.add_argument("--exact-optimizers", action="store_true",
                        help="with --to eager: keep tf.compat.v1.train.AdamOptimizer (bit-equal to "
                             "TF 1) where the Keras optimizer it would become is equal to it only up "
                             "to float32 rounding (tf.keras.optimizers.Adam forms beta^t differently)")
    parser.add_argument("--diff", action="store_true",
                        help="print a unified diff of the changes to stdout; write nothing")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if any file would change")
    parser.add_argument("-j", "--jobs", type=_jobs, default="0", metavar="N",
                        help="convert N files at a time in worker processes "
                             "(default 0 = one per CPU core; 1 = no worker processes)")
    parser.add_argument("--exclude", action="append", default=[], metavar="PATTERN",
                        help="skip files and directories whose name or path relative to the "
                             "directory given matches the glob PATTERN while searching "
                             "directories (repeatable; adds to the default excludes)")
    parser.add_argument("--select", metavar="FAMILIES",
                        help="rewrite only these rule families, comma-separated, from: tf "
                             "(TensorFlow 0.x/1.x), py2 (Python 2 syntax and idioms, by fissix), "
                             "numpy (NumPy 2 removals, by ruff's NPY001/NPY201), scipy (SciPy's "
                             "removed import paths and functions), matplotlib "
                             "(removed values such as legend loc='top left'); default: all")
    parser.add_argument("--ignore", metavar="FAMILIES",
                        help="leave these rule families out (e.g. --ignore numpy,py2)")
    parser.add_argument("--report-json", metavar="FILE",
                        help="write every change, warning and error as JSON to FILE ('-' for "
                             "stdout)")
    parser.add_argument("--max-size", type=_size, default=DEFAULT_MAX_SIZE, metavar="SIZE",
                        help="refuse files bigger than SIZE: bytes, or with K, M, G (powers "
                             "of 1024; 0.5M = 512K), whole bytes only; default 512K: a "
                             "TensorFlow-dense file that big takes about 1 GB of memory (1M: "
                             "about 2 GB); 0 = no limit. A notebook's outputs and attachments "
                             "do not count, only its code cells")
    parser.add_argument("--progress", action="store_true",
                        help="show progress on stderr even when it is not a terminal")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="print only warnings and errors: no progress, no per-file lines, "
                             "no summary")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="also print every change made, as PATH:LINE:COL: RULE: MESSAGE "
                             "[applied]")
    parser.add_argument("--version", action=_VersionAction, nargs=0,
                        help="show migrate's version and exit")
    return parser


class _VersionAction(argparse.Action):
    """Like action="version", but importlib.metadata is only imported when asked."""

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"migrate {_version()}")
        parser.exit()


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("tf-revive")
    except Exception:  # noqa: BLE001
        return "unknown"


def _size(text: str) -> int | None:
    """--max-size: bytes, or with K, M, G (powers of 1024), parsed exactly ("0.5M" is
    524288 bytes); 0 means no limit. A fraction of a byte is refused, never rounded away."""
    from fractions import Fraction

    units = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    body = text.strip().upper().removesuffix("B").removesuffix("I")
    unit = body[-1:] if body[-1:] in ("K", "M", "G") else ""
    try:
        value = Fraction(body[: len(body) - len(unit)].strip())
    except (ValueError, ZeroDivisionError):
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 500000, 500K, 0.5M)") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 (no limit) or more")
    if value == 0:
        return None
    size = value * units[unit]
    if size.denominator != 1:
        hint = f" (did you mean {text.strip()}M?)" if not unit else ""
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a whole number of bytes{hint}; 0 means no limit")
    return int(size)


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 (all cores) or more")
    if value == 0:
        try:
            return max(1, len(os.sched_getaffinity(0)))
        except AttributeError:
            return max(1, os.cpu_count() or 1)
    return value


def _collect(args, parser) -> tuple[list[Task], list[FileResult]]:
    """The tasks to run, and the failures found while looking for them."""
    tasks: list[Task] = []
    failures: list[FileResult] = []
    seen: set[str] = set()
    writing = not (args.check or args.diff)
    output = args.output
    skip = {os.path.realpath(output)} if output else set()

    def add(path: str, destination: str | None, walked: bool = False) -> None:
        real = os.path.realpath(path)
        if real in seen:
            return
        seen.add(real)
        if writing and destination is None:
            destination = path
        tasks.append(Task(path, path, destination, path.endswith(".ipynb"), args.diff, args.to,
                          args.max_size, args.families, walked, args.exact_optimizers))

    for top in args.paths:
        if not os.path.exists(top):
            failures.append(_failed(top, _missing(top)))
        elif not (os.path.isdir(top) or os.path.isfile(top)):
            failures.append(_failed(top, "not a regular file or directory"))
        elif os.path.isdir(top):
            problems: list[tuple[str, str]] = []
            files = _walk(top, args.exclude, skip, problems)
            failures.extend(_failed(path, message) for path, message in problems)
            if not files and not problems:
                failures.append(_failed(top, "no Python files or notebooks found "
                                             "(directories are searched for *.py and *.ipynb)"))
            for path in files:
                destination = None
                if output:
                    destination = os.path.join(output, os.path.relpath(path, top))
                add(path, destination, walked=True)
        else:
            destination = None
            if output:
                destination = output
                if os.path.isdir(output) or output.endswith(("/", os.sep)):
                    destination = os.path.join(output, os.path.basename(top))
            add(top, destination)
    return tasks, failures


def _missing(path: str) -> str:
    """Why ``path``, which does not exist as far as os.path.exists can tell, cannot be used."""
    import errno

    try:
        os.stat(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "a symbolic link loop (too many levels of symbolic links)"
        if os.path.lexists(path) and error.errno == errno.ENOENT:
            return "broken symbolic link"
        if error.errno == errno.ENOENT:
            return "no such file or directory"
        return f"cannot read: {error.strerror or error}"
    return "no such file or directory"


def _failed(path: str, message: str) -> FileResult:
    return FileResult(path, "failed", error=error_finding(path, message))


def tensorflow_missing(command: str) -> str | None:
    """One line saying that `migrate COMMAND` needs TensorFlow, or None when it is there.

    The tool itself installs without TensorFlow; `run` and `verify` execute the user's
    script with the TensorFlow of this environment (found without importing it)."""
    import importlib.util

    if importlib.util.find_spec("tensorflow") is not None:
        return None
    return (f"migrate {command}: TensorFlow is needed and is not installed in this environment "
            f"({sys.executable}); install it there: pip install tensorflow tf_keras "
            "(or pip install 'tf-revive[tf]')")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv and argv[0] in ("run", "verify"):
        return _subcommand(argv[0], argv[1:])
    from migrate.streams import OUTPUT_LOST, guarded

    # A closed stdout or stderr (a pipe into 'head') stops the printing, not the work.
    with guarded() as (out, err):
        code = _convert_main(argv)
    if out.lost or err.lost:
        if not err.lost:
            print("migrate: stdout was closed before the end (a pipe closed early?): output "
                  "was lost; the run went on to the end (files were converted as asked)", file=sys.stderr)
        return OUTPUT_LOST if code in (0, 1, 3) else code
    return code


def _convert_main(argv: list[str]) -> int:
    args, parser = _parse_arguments(argv)
    tasks, failures = _collect(args, parser)
    _check_report_not_an_input(args, parser, tasks)
    progress = _Progress(len(tasks), enabled=args.progress or (sys.stderr.isatty() and not args.quiet))
    results: list[FileResult] = list(failures)
    for failure in failures:
        print(failure.error.render(), file=sys.stderr)
    stopped = _convert_files(tasks, args, progress, results)
    if stopped is not None:
        return stopped
    progress.clear()
    return _summarise(args, results)


def _subcommand(command: str, argv: list[str]) -> int:
    """`migrate run ...` / `migrate verify ...`: 2 with one line when TensorFlow is missing."""
    if not {"-h", "--help"} & set(argv):
        missing = tensorflow_missing(command)
        if missing:
            print(missing, file=sys.stderr)
            return 2
    if command == "run":
        from migrate.runner import main as run_main

        return run_main(argv)
    from migrate.verify import main as verify_main

    return verify_main(argv)


def _parse_arguments(argv: list[str]) -> tuple[argparse.Namespace, argparse.ArgumentParser]:
    """The checked arguments (``args.families`` parsed); exits with a usage error on a
    wrong combination."""
    parser = _build_parser()
    args = parser.parse_args(argv)
    if not args.paths:
        parser.error("no PATH given (try: migrate --help)")
    _check_report_target(args, parser)
    from migrate.families import parse as parse_families

    try:
        args.families = parse_families(args.select, args.ignore)
    except ValueError as error:
        parser.error(str(error))
    if args.output is not None:
        _check_output(args, parser)
    return args, parser


def _check_output(args, parser) -> None:
    """Exit with a usage error when --output cannot take what PATH would write."""
    if args.check or args.diff:
        parser.error("--output cannot be combined with --check or --diff")
    if len(args.paths) != 1:
        parser.error("--output takes exactly one PATH (one file, or one directory to mirror)")
    if os.path.isdir(args.paths[0]) and os.path.isfile(args.output):
        parser.error(f"--output {args.output} is a file but {args.paths[0]} is a directory")
    if os.path.exists(args.output) and not (os.path.isdir(args.output)
                                            or os.path.isfile(args.output)):
        from migrate.files import file_kind

        parser.error(f"--output {args.output} is {file_kind(os.stat(args.output).st_mode)}, "
                     "not a file or directory: refusing to replace it")


def _convert_files(tasks: list[Task], args, progress: _Progress,
                   results: list[FileResult]) -> int | None:
    """Run the tasks, printing each result as it comes and adding it to ``results``; the
    exit code when SIGINT, SIGTERM or SIGHUP stopped the run, else None."""
    with _termination_raises():
        try:
            for result in run_tasks(tasks, args.jobs, progress):
                results.append(result)
                progress.clear()
                _print_result(result, args)
        except KeyboardInterrupt:
            progress.clear()
            print("migrate: interrupted (files already written are complete; the rest are "
                  "untouched)", file=sys.stderr)
            return 130
        except Terminated as stop:
            progress.clear()
            print("migrate: terminated (files already written are complete; the rest are "
                  "untouched)", file=sys.stderr)
            return 128 + stop.signum
    return None


@contextlib.contextmanager
def _termination_raises():
    """SIGTERM and SIGHUP raise Terminated inside the block (in the main thread); the
    previous handlers come back after it."""
    import signal

    handlers = {}
    for signum in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if signum is not None:
            try:
                handlers[signum] = signal.signal(signum, raise_terminated)
            except ValueError:  # not the main thread
                pass
    try:
        yield
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)


def _print_result(result: FileResult, args) -> None:
    """A file's diff on stdout; its warnings (and changes with -v), error and, unless -q,
    what happened to it on stderr."""
    if result.diff:
        _write_stdout(result.diff)
    for finding in result.findings:
        if finding.severity == "warning" or (args.verbose and finding.severity == "change"):
            print(finding.render(), file=sys.stderr)
    if result.error is not None:
        print(result.error.render(), file=sys.stderr)
    elif not args.quiet:
        if result.output and args.output:
            verb = "wrote" if result.status == "unchanged" else "converted"
            print(f"{verb} {shown(result.file)} -> {shown(result.output)}", file=sys.stderr)
        elif result.status == "changed":
            writing = not (args.check or args.diff)
            print(f"{'rewrote' if writing else 'would rewrite'} {shown(result.file)}",
                  file=sys.stderr)


def _summarise(args, results: list[FileResult]) -> int:
    """Print the summary line (unless -q), write --report-json; the exit code."""
    counts = {status: sum(r.status == status for r in results)
              for status in ("changed", "unchanged", "failed")}
    findings = [f for r in results for f in r.findings]
    warnings = sum(f.severity == "warning" for f in findings)
    changes = sum(f.severity == "change" for f in findings)
    exit_code = 1 if counts["failed"] or (args.check and counts["changed"]) else 0
    if any(r.resource for r in results):
        exit_code = RESOURCES  # never to be read as "would change"
    if not args.quiet:
        changed_word = "changed" if not (args.check or args.diff) else "would change"
        print(
            f"migrate: {_plural(len(results), 'file')} seen: {counts['changed']} {changed_word}, "
            f"{counts['unchanged']} unchanged, {counts['failed']} failed; "
            f"{_plural(changes, 'change')}, {_plural(warnings, 'warning')}",
            file=sys.stderr,
        )
    if args.report_json:
        exit_code = _write_report(args, results, counts, changes, warnings, exit_code)
    return exit_code


def _write_report(args, results, counts, changes, warnings, exit_code) -> int:
    report = {
        "tool": "migrate",
        "version": _version(),
        "mode": "check" if args.check else "diff" if args.diff else "write",
        "summary": {"files": len(results), **counts, "changes": changes, "warnings": warnings},
        "files": [{"file": r.file, "status": r.status, "output": r.output} for r in results],
        "findings": [f.as_json() for r in results for f in r.findings],
        "errors": [r.error.as_json() for r in results if r.error is not None],
        "exit_code": exit_code,
    }
    # A file name that is not UTF-8 (bytes the file system gave, held as lone surrogates)
    # is written as a JSON \\udcXX escape: the report stays valid UTF-8, and json.loads
    # gives back the name os.fsencode turns into the file's real bytes.
    data = (json.dumps(report, indent=2, ensure_ascii=False) + "\n").encode(
        "utf-8", "backslashreplace")
    stream = _standard_stream(args.report_json)
    if stream is not None:  # '-', /dev/stdout, /dev/fd/2: written to, as a redirection would
        from migrate.streams import Guarded, write_descriptor

        guard = {1: sys.stdout, 2: sys.stderr}.get(stream)
        sys.stdout.flush()
        sys.stderr.flush()
        if isinstance(guard, Guarded):
            write_descriptor(guard, data)
            return exit_code
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(stream, view):]
        except OSError as error:
            print(f"{args.report_json}: error: cannot write the report: "
                  f"{error.strerror or error}", file=sys.stderr)
            return 1
        return exit_code
    from migrate.files import InputError, write_atomic

    try:
        # A symbolic link is not followed (it would replace its target, some other file):
        # refused, unless it leads to a device or FIFO, written through (files.write_atomic).
        write_atomic(args.report_json, data, special="write", follow=False)
    except (OSError, InputError) as error:
        reason = getattr(error, "message", None) or error.strerror or str(error)
        print(f"{shown(args.report_json)}: error: cannot write the report: {reason}",
              file=sys.stderr)
        return 1
    return exit_code


_SOURCE_SUFFIXES = (".py", ".pyw", ".pyi", ".ipynb")


def _standard_stream(name: str) -> int | None:
    """The descriptor a report name stands for: '-' and /dev/stdout 1, /dev/stderr 2,
    /dev/fd/N and /proc/self/fd/N N; None for a file."""
    if name in ("-", "/dev/stdout"):
        return 1
    if name == "/dev/stderr":
        return 2
    for prefix in ("/dev/fd/", "/proc/self/fd/"):
        if name.startswith(prefix) and name[len(prefix):].isdigit():
            return int(name[len(prefix):])
    return None


def _link_refusal(name: str) -> str | None:
    """Why a report must not be written at ``name``: a symbolic link to anything but a
    device or FIFO (writing would replace its target); None when it may."""
    import stat

    if _standard_stream(name) is not None or not os.path.islink(name):
        return None
    try:
        mode = os.stat(name).st_mode
    except OSError:
        mode = 0
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return None
    return (f"--report-json {name} is a symbolic link (to {os.readlink(name)}): refusing to "
            "write through it (its target would be replaced); name a plain file")


def _check_report_target(args, parser) -> None:
    """Refuse a report that would overwrite a source: ``migrate --report-json train.py
    model.py`` (a mistyped flag) must not replace train.py with JSON."""
    if args.report_json is None:
        return
    if _standard_stream(args.report_json) == 1:
        if args.diff:
            parser.error("--diff and --report-json - would both write to stdout; "
                         "give --report-json a FILE")
        return
    if args.report_json.endswith(_SOURCE_SUFFIXES):
        parser.error(f"--report-json {args.report_json}: refusing to write the JSON report over "
                     "a Python file or notebook (a mistyped option? the report is JSON)")
    if os.path.isdir(args.report_json):
        parser.error(f"--report-json {args.report_json} is a directory")
    refusal = _link_refusal(args.report_json)
    if refusal:
        parser.error(refusal)


def _check_report_not_an_input(args, parser, tasks: list[Task]) -> None:
    if args.report_json is None or _standard_stream(args.report_json) is not None:
        return
    report = os.path.realpath(args.report_json)
    for task in tasks:
        if report in (os.path.realpath(task.path),
                      os.path.realpath(task.destination or task.path)):
            parser.error(f"--report-json {args.report_json} is one of the files to convert: "
                         "refusing to overwrite it with the report")
