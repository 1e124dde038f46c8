"""``migrate run SCRIPT [ARGS...]``: run a legacy script, converted in memory, untouched on disk.

The script runs as ``python SCRIPT ARGS...`` would run it: ``sys.argv == [SCRIPT, *ARGS]``,
``__name__ == "__main__"``, ``__file__`` is the script's absolute path, the script's
directory is ``sys.path[0]``, and the exit status is the script's (``sys.exit(n)``; 1 after
an uncaught exception, whose traceback is printed without migrate's own frames).

The converted code is compiled under the script's file name, and the converted text is
what :mod:`linecache` shows, so tracebacks and debuggers name the script and show the lines
that actually ran. Modules imported from the script's project are converted in memory the
same way: those under the nearest directory above the script that holds ``setup.py``,
``setup.cfg`` or ``pyproject.toml`` (a project's packages, flat or under ``src/``, for a
script in ``scripts/`` or ``tests/``), else under the script's directory; nothing is
written, not even ``__pycache__``. Processes
that ``multiprocessing`` starts by spawn or forkserver run the converted script too
(:mod:`migrate._spawned`), not the file on disk.

Conversion warnings go to stderr, prefixed ``migrate:``, unless ``-q`` is given. After the
traceback of a failure it recognises (a ragged ``np.array``, NumPy 2's scalar promotion, a
removed SciPy path, a data file looked up in the wrong directory), one more line says what
happened and how to fix it (:mod:`migrate.run_explanations`).
"""
from __future__ import annotations

import importlib.abc
import importlib.machinery
import linecache
import os
import sys
import types

from migrate.runtime import RUNTIME_PACKAGE

__all__ = ["main", "convert_file", "run_script"]

USAGE = "usage: migrate run [-q] SCRIPT [ARGS ...]"
HELP = f"""{USAGE}

Run SCRIPT, a TensorFlow 0.x/1.x program, converted in memory; the file is not changed.
ARGS are passed to the script unchanged (sys.argv = [SCRIPT, *ARGS]); the exit status
is the script's. Modules imported from the script's project (the nearest directory above
it with setup.py, setup.cfg or pyproject.toml, else the script's directory) are converted
too.

options (before SCRIPT):
  -q, --quiet  do not print the conversion's warnings
  -h, --help   show this help and exit

exit status: the script's; 1 when SCRIPT cannot be parsed or decoded, 2 when it cannot
be opened or the command line is wrong.
"""


# Absolute paths of the files that ran in a form other than their text on disk; a traceback
# through one of them says that its lines are those of the converted source.
_CONVERTED: set[str] = set()


class ConversionError(Exception):
    def __init__(self, line: str):
        super().__init__(line)
        self.line = line


def convert_file(path: str, display: str | None = None, quiet: bool = False,
                 to: str = "compat") -> str:
    """The converted source of ``path``; ConversionError with a one-line message."""
    from migrate.pipeline import InputError, convert_text, read_source

    display = display or path
    try:
        text = read_source(path)
        outcome = convert_text(text, to, path)
    except InputError as error:
        where = f":{error.line}:{error.column}" if error.line else ""
        from migrate.findings import shown

        raise ConversionError(f"{shown(display)}{where}: error: {error.message}") from None
    if not quiet:
        for finding in outcome.findings:
            if finding.severity == "warning":
                print(f"migrate: {finding.placed(display).render()}", file=sys.stderr)
    if outcome.code != text:
        _CONVERTED.add(os.path.abspath(path))
    return outcome.code


def _compile(code: str, filename: str) -> types.CodeType:
    # linecache shows the converted text, so traceback lines match what ran; mtime None
    # keeps linecache.checkcache from replacing it with the file on disk.
    linecache.cache[filename] = (len(code), None, code.splitlines(keepends=True), filename)
    return compile(code, filename, "exec", dont_inherit=True)


class _ConvertingLoader(importlib.machinery.SourceFileLoader):
    """Loads a local module from its converted source; never reads or writes bytecode."""

    quiet = False
    to = "compat"

    def get_code(self, fullname):  # noqa: D401 - importlib API
        path = self.get_filename(fullname)
        try:
            code = convert_file(path, quiet=self.quiet, to=self.to)
        except ConversionError as error:
            raise ImportError(error.line, name=fullname, path=path) from None
        return _compile(code, path)


_NEVER_CONVERTED = (RUNTIME_PACKAGE, "migrate")


class _ConvertingFinder(importlib.abc.MetaPathFinder):
    """Finds modules whose source lies in the project of ``directory`` (its project root,
    else ``directory`` itself) and hands them to _ConvertingLoader."""

    def __init__(self, directory: str, quiet: bool, to: str = "compat"):
        from migrate.local_modules import project_root

        root = project_root(directory) or directory
        self.root = os.path.join(os.path.realpath(root), "")
        self.quiet = quiet
        self.to = to

    def find_spec(self, fullname, path=None, target=None):
        if fullname.split(".")[0] in _NEVER_CONVERTED:
            return None  # the runtime converted code imports, and this tool
        if path is not None and not any(
            os.path.join(os.path.realpath(entry), "").startswith(self.root)
            for entry in path if isinstance(entry, str)
        ):
            return None  # a submodule of a package outside the script's tree
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or not isinstance(spec.loader, importlib.machinery.SourceFileLoader):
            return None
        origin = os.path.realpath(spec.origin or "")
        if not origin.startswith(self.root) or "site-packages" in origin.split(os.sep):
            return None
        loader = _ConvertingLoader(fullname, spec.origin)
        loader.quiet = self.quiet
        loader.to = self.to
        spec.loader = loader
        return spec


SPAWNED_SCRIPT = "MIGRATE_RUN_SCRIPT"  # environment: the script a spawned child runs
_SPAWNED_MAIN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_spawned.py")


def _route_spawned_children(filename: str) -> None:
    """Make ``multiprocessing`` children started by spawn or forkserver run the converted
    script: their main module becomes :mod:`migrate._spawned`, which converts it (they
    inherit the environment variable that names it)."""
    import multiprocessing.spawn as spawn

    os.environ[SPAWNED_SCRIPT] = filename
    original = spawn.get_preparation_data
    if getattr(original, "_migrate", False):
        return

    def get_preparation_data(name):
        data = original(name)
        if data.get("init_main_from_path") == os.path.normpath(filename):
            data["init_main_from_path"] = _SPAWNED_MAIN
        return data

    get_preparation_data._migrate = True
    spawn.get_preparation_data = get_preparation_data


def spawned_main(filename: str, namespace: dict) -> None:
    """In a spawned child: run the converted script in ``namespace`` (``__mp_main__``)."""
    for name in ("os", "sys", "SPAWNED_SCRIPT", "spawned_main"):
        namespace.pop(name, None)
    directory = os.path.dirname(filename)
    sys.meta_path.insert(0, _ConvertingFinder(directory, True))
    _route_spawned_children(filename)  # its own children too
    namespace["__file__"] = filename
    exec(_compile(convert_file(filename, quiet=True), filename), namespace)


def run_script(script: str, args: list[str], quiet: bool = False) -> int:
    """Run ``script`` converted; returns its exit status (SystemExit is translated)."""
    if not os.path.isfile(script):
        reason = "is a directory" if os.path.isdir(script) else "No such file or directory"
        print(f"migrate run: can't open file {script!r}: {reason}", file=sys.stderr)
        return 2
    try:
        code = convert_file(script, quiet=quiet)
    except ConversionError as error:
        print(error.line, file=sys.stderr)
        return 1
    filename = os.path.abspath(script)
    try:
        compiled = _compile(code, filename)
    except (SyntaxError, ValueError) as error:  # what Python refuses once the AST is built
        line = getattr(error, "lineno", None)
        column = getattr(error, "offset", None)
        where = f":{line}:{column or 1}" if line else ""
        message = getattr(error, "msg", None) or str(error)
        print(f"{script}{where}: error: cannot compile: {message}", file=sys.stderr)
        return 1

    main = types.ModuleType("__main__")
    main.__file__ = filename
    main.__builtins__ = __builtins__
    main.__loader__ = None
    main.__spec__ = None
    main.__cached__ = None
    sys.modules["__main__"] = main
    sys.argv[:] = [script, *args]
    directory = os.path.dirname(filename)
    # sys.path[0] is migrate's own entry (the current directory under ``python -m``, the
    # console script's bin directory otherwise): the script's directory takes its place.
    if sys.path:
        sys.path[0] = directory
    else:
        sys.path.insert(0, directory)
    sys.meta_path.insert(0, _ConvertingFinder(directory, quiet))
    _route_spawned_children(filename)
    from migrate.run_explanations import WarningLog, explain

    log = WarningLog()
    try:
        with log:
            exec(compiled, main.__dict__)
    except SystemExit as exit_:
        return _exit_status(exit_.code)
    except KeyboardInterrupt:
        print("KeyboardInterrupt", file=sys.stderr)
        return 130
    except BaseException:  # noqa: BLE001 - report like the interpreter, then exit 1
        kind, value, traceback_ = sys.exc_info()
        trimmed = traceback_.tb_next if traceback_ is not None else None  # drop our frame
        if value is not None:
            value = value.with_traceback(trimmed)
        _print_traceback(kind, value, trimmed, script)
        explanation = explain(value, script, log.seen) if value is not None else None
        if explanation:
            print(f"migrate run: {explanation}", file=sys.stderr)
        return 1
    finally:
        sys.stdout.flush()
    return 0


def _print_traceback(kind, value, traceback_, script: str) -> None:
    """Report an uncaught exception like the interpreter, with the lines that ran.

    The interpreter's own printer (the default ``sys.excepthook``) reads each line from
    the file on disk, the original script, and would show the original's text at the
    converted line number; :mod:`traceback` reads :mod:`linecache`, which holds the
    converted text (``_compile``). A hook the script installed is left to do its work.
    A traceback through a converted file ends with a line saying so."""
    import traceback

    if sys.excepthook is sys.__excepthook__:
        traceback.print_exception(kind, value, traceback_)
    else:
        sys.excepthook(kind, value, traceback_)
    converted = []
    for frame, _ in traceback.walk_tb(traceback_):
        name = frame.f_code.co_filename
        if name in _CONVERTED and name not in converted:
            converted.append(name)
    if converted:
        from migrate.findings import shown

        names = ", ".join(shown(name) for name in converted)
        print(f"migrate run: the lines above are those of the converted source of {names} "
              f"(converted in memory; line numbers count its lines; "
              f"'migrate --diff {shown(script)}' shows the conversion)", file=sys.stderr)


def _exit_status(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code  # sys.exit() gives it the interpreter's meaning
    print(code, file=sys.stderr)
    return 1


def main(argv: list[str]) -> int:
    quiet = False
    index = 0
    while index < len(argv):
        option = argv[index]
        if option in ("-h", "--help"):
            print(HELP, end="")
            return 0
        if option in ("-q", "--quiet"):
            quiet = True
        elif option == "--":
            index += 1
            break
        elif option.startswith("-") and option != "-":
            print(f"{USAGE}\nmigrate run: error: unknown option {option!r} "
                  "(options for the script go after SCRIPT)", file=sys.stderr)
            return 2
        else:
            break
        index += 1
    if index >= len(argv):
        print(f"{USAGE}\nmigrate run: error: SCRIPT is required", file=sys.stderr)
        return 2
    return run_script(argv[index], argv[index + 1:], quiet=quiet)
