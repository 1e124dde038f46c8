"""The ``migrate`` command line (see ``migrate --help``).

Importing this module, ``migrate --help`` and a run over files never import TensorFlow;
``migrate run`` imports whatever the user's script imports.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import time

from migrate.excludes import DEFAULT_EXCLUDES, excluded as _excluded
from migrate.files import DEFAULT_MAX_SIZE
from migrate.findings import error as error_finding, shown
from migrate.pipeline import FileResult, Task
from migrate.workers import Terminated, raise_terminated, run_tasks

__all__ = ["main", "DEFAULT_EXCLUDES"]

RESOURCES = 3  # exit status: a file failed for lack of memory or file descriptors
NOT_FOUND = "not found"  # a PATH named on the command line that does not exist: no file seen


# --- per-file work: migrate.pipeline (runs in worker processes with -j) ---------------------


# --- finding the files ---------------------------------------------------------------------


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
        usage="%(prog)s [options] PATH [PATH ...]\n       %(prog)s run [-q] SCRIPT [ARGS ...]"
              "\n       %(prog)s verify SCRIPT ...\n       %(prog)s help [TOPIC]",
        description="Every option ('migrate --help': the common ones on one screen; "
                    "'migrate help TOPIC' for the rest).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        add_help=False,
    )
    parser.add_argument("-h", "--help", action=_ShortHelpAction, nargs=0,
                        help="show the common options on one screen and exit "
                             "('migrate help options': all of them)")
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="Python files, notebooks (.ipynb) and directories to convert")
    parser.add_argument("-o", "--output", metavar="PATH",
                        help="write the result to PATH instead of in place; with one file, PATH "
                             "is the new file (or a directory to put it in); with one "
                             "directory, the tree is mirrored under PATH (only .py and .ipynb "
                             "files are written, converted or not; nothing else is copied); '-' is "
                             "refused: the result on stdout is 'migrate - < FILE'")
    parser.add_argument("--to", choices=("compat", "eager"), default="compat",
                        help="compat (default): tf.compat.v1 graph mode, or eager: TF 2 code; "
                             "eager translates Session code into TF 2 eager code where that is "
                             "safe and keeps the compat form elsewhere (migrate help eager)")
    parser.add_argument("--exact-optimizers", action="store_true",
                        help="with --to eager: keep tf.compat.v1.train.AdamOptimizer (bit-equal to "
                             "TF 1) where the Keras optimizer it would become is equal to it only up "
                             "to float32 rounding (tf.keras.optimizers.Adam forms beta^t differently)")
    parser.add_argument("--diff", action="store_true",
                        help="print a unified diff of the changes to stdout; write nothing")
    parser.add_argument("--check", action="store_true",
                        help="write nothing, exit 1 if any file would change")
    parser.add_argument("--stdin-filename", metavar="NAME",
                        help="with PATH '-': the name of the source read from stdin, for "
                             "messages, notebooks (.ipynb) and the configuration's exclude")
    parser.add_argument("--exit-zero-even-if-changed", action="store_true",
                        help="with --check: exit 0 even when files would change (a failed "
                             "file still exits 1); report only")
    parser.add_argument("-j", "--jobs", type=_jobs, default="0", metavar="N",
                        help="convert N files at a time, default 0 = one per CPU core; "
                             "1 = no worker processes")
    parser.add_argument("--exclude", action="append", default=[], metavar="PATTERN",
                        help="skip names or relative paths matching the glob PATTERN; while "
                             "searching directories, files and directories whose name or path "
                             "relative to the directory given matches (repeatable; adds to the "
                             "default excludes, replaces the configuration's exclude)")
    parser.add_argument("--select", metavar="RULES",
                        help="apply only these rules (families, codes, prefixes, names); "
                             "comma-separated: rule families (tf, py2, numpy, scipy, matplotlib), codes "
                             "(TF002), code prefixes (TF0, TF1) or rule names (tf0-name); "
                             "default: all ('migrate help rules' lists them)")
    parser.add_argument("--ignore", metavar="RULES",
                        help="leave these rules out (same words as --select); e.g. --ignore "
                             "numpy,py2 or --ignore TF002; a statement whose change is left "
                             "out stays as written, with a warning")
    parser.add_argument("--report-json", metavar="FILE",
                        help="write every change, warning and error as JSON to FILE; '-' for "
                             "stdout (migrate help output)")
    parser.add_argument("--max-size", type=_size, default=DEFAULT_MAX_SIZE, metavar="SIZE",
                        help="refuse files bigger than SIZE: bytes, or with K, M, G (powers "
                             "of 1024; 0.5M = 512K), whole bytes only; default "
                             f"{size_text(DEFAULT_MAX_SIZE)}: a TensorFlow-dense file of 512K "
                             "takes about 1 GB of memory (1M: about 2 GB); 0 = no limit. A "
                             "notebook's outputs and attachments do not count, only its code "
                             "cells")
    _add_output_options(parser)
    return parser


def _add_output_options(parser: argparse.ArgumentParser) -> None:
    """What the run prints, where its settings come from, and the version."""
    parser.add_argument("--progress", action="store_true",
                        help="show progress on stderr even when it is not a terminal")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="print only warnings and errors; no progress, no per-file lines, "
                             "no summary")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="also print every change made; as PATH:LINE:COL: CODE RULE: "
                             "MESSAGE [applied]")
    parser.add_argument("--config", metavar="PATH",
                        help="read settings from PATH, not the pyproject.toml found; PATH is a "
                             "pyproject.toml ([tool.migrate]) or a TOML file of those keys "
                             "(migrate help config)")
    parser.add_argument("--isolated", action="store_true",
                        help="read no configuration file")
    parser.add_argument("--version", action=_VersionAction, nargs=0,
                        help="show migrate's version and exit")


def _given(argv: list[str]) -> set[str]:
    """The destinations of the options given on the command line (a file's setting must
    not override them)."""
    parser = _build_parser()
    for action in parser._actions:
        action.default = argparse.SUPPRESS
    namespace, _ = parser.parse_known_args(argv)
    return set(vars(namespace))


def _apply_config(args, parser, argv: list[str]) -> None:
    """Fill the options not given on the command line from [tool.migrate] (migrate.config)."""
    from migrate import config

    start = None
    if args.paths == ["-"]:
        start = os.path.dirname(os.path.abspath(args.stdin_filename or "x"))
    try:
        settings = config.load(args.paths if start is None else [], args.config,
                               args.isolated, start)
    except config.ConfigError as error:
        parser.error(str(error))
    args.config_file = settings.path
    if not settings.values:
        return
    given = _given(argv)
    converters = {"max-size": ("max_size", _size), "jobs": ("jobs", _jobs),
                  "select": ("select", str), "ignore": ("ignore", str),
                  "target": ("to", _target), "exclude": ("exclude", list)}
    for key, value in settings.values.items():
        dest, convert = converters[key]
        if dest in given:
            continue
        try:
            setattr(args, dest, value if key == "exclude" else convert(config.as_flag_text(value)))
        except (argparse.ArgumentTypeError, ValueError) as error:
            parser.error(f"{settings.path}: [tool.migrate] {key} = {value!r}: {error}")


def _target(text: str) -> str:
    if text not in ("compat", "eager"):
        raise ValueError('expected "compat" or "eager"')
    return text


class _ShortHelpAction(argparse.Action):
    """-h: the one-screen help of migrate/help.py."""

    def __call__(self, parser, namespace, values, option_string=None):
        from migrate.help import short_help

        sys.stdout.write(short_help(parser))
        parser.exit()


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


def size_text(size: int) -> str:
    """A byte count as --max-size reads it back: 524288 -> '512K', 1048576 -> '1M'."""
    for unit, factor in (("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10)):
        if size % factor == 0:
            return f"{size // factor}{unit}"
    return str(size)


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
            failures.append(_failed(top, _missing(top), status=NOT_FOUND))
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


def _failed(path: str, message: str, status: str = "failed") -> FileResult:
    return FileResult(path, status, error=error_finding(path, message))


def tensorflow_missing(command: str) -> str | None:
    """One line saying that `migrate COMMAND` needs TensorFlow, or None when it is there.

    The tool itself installs without TensorFlow; `run` and `verify` execute the user's
    script with the TensorFlow of this environment (found without importing it)."""
    import importlib.util

    if importlib.util.find_spec("tensorflow") is not None:
        return None
    from migrate.requirements import RUN_REQUIREMENTS

    return (f"migrate {command}: TensorFlow is needed and is not installed in this environment "
            f"({sys.executable}); install it there: pip install {' '.join(RUN_REQUIREMENTS)}")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv and argv[0] in ("run", "verify"):
        return _subcommand(argv[0], argv[1:])
    if argv and argv[0] == "help":
        from migrate.help import main as help_main

        return help_main(argv[1:], _build_parser())
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
    if args.paths == ["-"]:
        return _convert_stdin(args)
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


def _convert_stdin(args) -> int:
    """``migrate -``: stdin to stdout (migrate.stdin); messages on stderr."""
    from migrate import stdin
    from migrate.streams import Guarded, write_descriptor

    name = args.stdin_filename
    if name and _excluded(os.path.basename(name), name.replace(os.sep, "/"), args.exclude):
        data = sys.stdin.buffer.read()  # excluded by --exclude or the configuration: as it is
        result = FileResult(name, "unchanged")
    else:
        result, data = stdin.convert(args)
    if data:
        sys.stdout.flush()
        if isinstance(sys.stdout, Guarded):
            write_descriptor(sys.stdout, data)
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
    result.diff = ""
    _print_result(result, args, per_file_line=False)
    return _summarise(args, [result])


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
    if "-" in args.paths and (len(args.paths) > 1 or args.output is not None):
        parser.error("'-' (stdin to stdout) takes no other PATH and no --output")
    if args.output == "-":
        parser.error("--output - would write a file named '-'; the result on stdout is "
                     "'migrate - < FILE' (or --diff); a file named '-' is '-o ./-'")
    if args.stdin_filename is not None and args.paths != ["-"]:
        parser.error("--stdin-filename names the source read from '-'")
    if args.paths == ["-"] and args.report_json is not None and \
            _standard_stream(args.report_json) == 1:
        parser.error("'-' writes the result to stdout; give --report-json a FILE")
    _check_report_target(args, parser)
    _apply_config(args, parser, argv)
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


def _print_result(result: FileResult, args, per_file_line: bool = True) -> None:
    """A file's diff on stdout; its warnings (and changes with -v), error and, unless -q
    (or ``per_file_line`` is False), what happened to it on stderr."""
    if result.diff:
        _write_stdout(result.diff)
    for finding in result.findings:
        if finding.severity == "warning" or (args.verbose and finding.severity == "change"):
            print(finding.render(), file=sys.stderr)
    if result.error is not None:
        print(result.error.render(), file=sys.stderr)
    elif not args.quiet and per_file_line:
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
              for status in ("changed", "unchanged", "failed", NOT_FOUND)}
    seen = [r for r in results if r.status != NOT_FOUND]
    findings = [f for r in results for f in r.findings]
    warnings = sum(f.severity == "warning" for f in findings)
    changes = sum(f.severity == "change" for f in findings)
    would_fail = args.check and counts["changed"] and not args.exit_zero_even_if_changed
    exit_code = 1 if counts["failed"] or counts[NOT_FOUND] or would_fail else 0
    if any(r.resource for r in results):
        exit_code = RESOURCES  # never to be read as "would change"
    if not args.quiet:
        changed_word = "changed" if not (args.check or args.diff) else "would change"
        missing = (f"; {_plural(counts[NOT_FOUND], 'path')} not found" if counts[NOT_FOUND]
                   else "")
        print(
            f"migrate: {_plural(len(seen), 'file')} seen: {counts['changed']} {changed_word}, "
            f"{counts['unchanged']} unchanged, {counts['failed']} failed{missing}; "
            f"{_plural(changes, 'change')}, {_plural(warnings, 'warning')}",
            file=sys.stderr,
        )
    requirements = _requirements(results)
    if counts["changed"] and requirements and not (args.quiet or args.check or args.diff):
        _print_requirements(requirements)
    if args.report_json:
        exit_code = _write_report(args, results, counts, changes, warnings, exit_code,
                                  requirements)
    return exit_code


def _requirements(results: list[FileResult]) -> list[str]:
    """The pip names the converted tree needs at run time (migrate.requirements)."""
    from migrate.requirements import pip_names

    return pip_names({root for r in results for root in r.requirements})


def _print_requirements(names: list[str]) -> None:
    from migrate.requirements import INSTALL_HINT, TOOL_DISTRIBUTION

    print(f"migrate: requirements: {' '.join(names)}", file=sys.stderr)
    if TOOL_DISTRIBUTION in names:
        print(f"migrate: {INSTALL_HINT}", file=sys.stderr)


def _write_report(args, results, counts, changes, warnings, exit_code,
                  requirements: list[str]) -> int:
    # --check and --diff write nothing: what they find is "would_change", never "changed"
    changed = "changed" if not (args.check or args.diff) else "would_change"
    seen = [r for r in results if r.status != NOT_FOUND]
    report = {
        "tool": "migrate",
        "version": _version(),
        "mode": "check" if args.check else "diff" if args.diff else "write",
        "config": args.config_file,
        "summary": {"files": len(seen), changed: counts["changed"],
                    "unchanged": counts["unchanged"], "failed": counts["failed"],
                    "not_found": counts[NOT_FOUND], "changes": changes, "warnings": warnings},
        "files": [{"file": r.file, "status": changed if r.status == "changed" else r.status,
                   "output": r.output} for r in seen],
        "findings": [f.as_json() for r in results for f in r.findings],
        "errors": [r.error.as_json() for r in results if r.error is not None],
        "requirements": requirements,
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
