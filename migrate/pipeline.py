"""One file through migrate: read, decode, convert, encode, write, findings.

Every entry point converts files through here: the command line (:mod:`migrate.cli`,
in worker processes with ``-j``), ``migrate run`` (:mod:`migrate.runner`), ``migrate
verify`` (:mod:`migrate.verify`), the libcst codemod (:mod:`migrate.codemod`) and the
robustness tool (``tools/robustness.py``).

- :func:`convert_text` -- source text to converted text and findings (stage 1, compat;
  ``to="eager"`` adds stage 2). A parse error becomes an :class:`InputError` with the
  interpreter's line, column and wording.
- :func:`convert_bytes` -- a file's bytes (Python or notebook) to new bytes (None when
  nothing changes), findings placed in the file, and the diff when asked.
- :func:`read_source` -- a Python file's decoded text (``run`` and ``verify``).
- :func:`process` -- a :class:`Task` end to end, writing the result atomically; never
  raises: a file that cannot be converted comes back failed, with one error Finding.
"""
from __future__ import annotations

import contextvars
import difflib
import os
import threading
from dataclasses import dataclass, field

from migrate.files import DEFAULT_MAX_SIZE, InputError, split_lines
from migrate.findings import WARNING, Finding, error as error_finding, shown

__all__ = [
    "Converted",
    "FileResult",
    "InputError",
    "Task",
    "convert_bytes",
    "convert_text",
    "process",
    "read_source",
    "unified_diff",
]

COMPAT = "compat"
EAGER = "eager"


@dataclass(frozen=True)
class Task:
    path: str  # to read
    display: str  # to name in messages
    destination: str | None  # to write to; None: do not write
    notebook: bool = False
    diff: bool = False
    to: str = COMPAT  # "compat" (stage 1) or "eager" (stage 1, then stage 2)
    max_size: int | None = DEFAULT_MAX_SIZE  # bytes; a bigger file is refused
    families: frozenset | None = None  # rule families to apply (migrate/families); None: all
    walked: bool = False  # found while searching a directory: a symbolic link is never followed
    exact_optimizers: bool = False  # --to eager: keep tf.compat.v1.train optimizers Keras rounds differently

    @property
    def in_place(self) -> bool:
        return self.destination is not None and self.destination == self.path


@dataclass
class FileResult:
    file: str
    status: str  # "changed", "unchanged", "failed"; "not found": a PATH named that does not exist
    output: str | None = None  # where the result was written, when it was
    findings: list[Finding] = field(default_factory=list)
    error: Finding | None = None
    diff: str = ""
    resource: bool = False  # failed for lack of memory or file descriptors (exit status 3)
    requirements: tuple = ()  # import roots the result needs at run time (migrate.requirements)


@dataclass
class Converted:
    data: bytes | None  # the new bytes; None when the file would not change
    findings: list[Finding]
    diff: str = ""
    requirements: tuple = ()  # import roots the converted (or kept) code needs


def unified_diff(old: str, new: str, old_name: str, new_name: str) -> str:
    lines = []
    for line in difflib.unified_diff(split_lines(old), split_lines(new), old_name, new_name):
        if line.endswith(("\n", "\r")):
            lines.append(line)
        else:
            lines.append(line + "\n\\ No newline at end of file\n")
    return "".join(lines)


# libcst's native parser recurses once per nesting level on the thread's stack: about
# 1,500 nested brackets or a 30,000-term 'and' overflow the default 8 MB and kill the
# process. The conversion runs on a thread with this much stack (address space, only
# touched as deep as the parse goes), after Python's own parser has accepted the source.
_STACK = 512 * 1024 * 1024


def on_big_stack(function, *args):
    """``function(*args)`` on a thread with a big stack; its exception is raised here."""
    outcome: list = []

    def run():
        try:
            outcome.append((True, function(*args)))
        except BaseException as error:  # noqa: BLE001 - handed to the caller
            # Cut the exception loose from its frames here: they hold the syntax tree, and
            # freeing a deeply nested tree recurses in C -- on this thread's big stack, not
            # on the caller's.
            error.__traceback__ = error.__context__ = error.__cause__ = None
            outcome.append((False, error))

    context = contextvars.copy_context()  # the caller's settings (--select/--ignore)
    worker = threading.Thread(target=context.run, args=(run,), name="migrate-convert",
                              daemon=True)
    # SIGINT/SIGTERM wait until the conversion is over (it writes nothing; an interpreter
    # that exits under a running native parse aborts): blocked here, and so in the thread,
    # they are delivered -- and raise -- as soon as it has ended.
    blocked = _block_stop_signals()
    previous = threading.stack_size()
    try:
        try:
            threading.stack_size(_STACK)  # applies to threads started from now on
            worker.start()
        except (ValueError, RuntimeError):  # a platform that will not give that much
            return function(*args)
        finally:
            threading.stack_size(previous)
        worker.join()
    finally:
        _unblock(blocked)
    ok, value = outcome[0]
    if ok:
        return value
    raise value


def _block_stop_signals():
    import signal

    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        return None
    wanted = {signal.SIGINT, signal.SIGTERM} | ({signal.SIGHUP} if hasattr(signal, "SIGHUP") else set())
    return signal.pthread_sigmask(signal.SIG_BLOCK, wanted)


def _unblock(previous) -> None:
    import signal

    if previous is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def python_accepts(text: str):
    """InputError unless Python's own parser accepts ``text`` (it is C, fast, and refuses
    the pathological nesting that would take libcst down). Its ``ast`` tree; None for
    Python 2 source that the py2 family converts first."""
    from migrate.files import describe_parse_error

    try:
        return compile(text, "<source>", "exec", 0x400, dont_inherit=True)  # ast.PyCF_ONLY_AST
    except (SyntaxError, ValueError, MemoryError, RecursionError) as error:
        if isinstance(error, (MemoryError, RecursionError)):
            raise InputError("cannot parse: too deeply nested for Python's parser "
                             f"({type(error).__name__}); left untouched") from None
        if isinstance(error, SyntaxError) and _python2_converts(text):
            return None  # the engine turns it into Python 3 first (rule family py2, fissix)
        problem = describe_parse_error(text, error)
        raise InputError(problem.message, problem.line, problem.column) from None


def _python2_converts(text: str) -> bool:
    """Is ``text`` Python 2 that fissix turns into source Python accepts (py2 family on)?"""
    from migrate.families import enabled

    if "py2" not in enabled():
        return False
    from migrate.families import py2

    new, _ = py2.modernize(text, syntax=True)
    if new == text:
        return False
    try:
        compile(new, "<source>", "exec", 0x400, dont_inherit=True)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return False
    return True


def convert_text(text: str, to: str = COMPAT, path: str | None = None):
    """The engine's outcome (``.code``, ``.findings``) for one Python source.

    InputError (with the interpreter's location and wording) when it does not parse, or
    when it nests too deeply for the converter. ``path`` (the file the text is from): a
    source whose TensorFlow comes from a module of its project (a star import, a
    re-export, a module's attribute) is converted with those TensorFlow names known
    (:mod:`migrate.project_imports`).
    """
    if path is not None and "tensorflow" not in text and "import" in text:
        from migrate.project_imports import resolve

        stand_in, problems = resolve(text, path)
        if stand_in is not None:
            return _convert_with_stand_in(text, stand_in, to, problems)
        if problems:
            return _Outcome(text, problems)
    return _convert_text(text, to)


@dataclass
class _Outcome:
    code: str
    findings: list


def _convert_with_stand_in(text: str, stand_in, to: str, problems: list):
    outcome = _convert_text(stand_in.text, to)
    code = stand_in.remove(outcome.code)
    if code is None:  # the conversion rewrote a stand-in import: keep the file as it is
        from migrate.findings import WARNING, Finding

        return _Outcome(text, problems + [Finding(
            stand_in.star_lines[0], 0, "star-import", "TensorFlow comes from this "
            "import of a project module, and the conversion could not keep it that way: not "
            "converted", WARNING)])
    if code == stand_in.text:
        code = text
    findings = sorted(problems + [stand_in.place(f) for f in outcome.findings
                                  if not stand_in.changed_only_itself(f)],
                      key=lambda f: (f.line or 0, f.column or 0))
    return _Outcome(code, findings)


def _convert_text(text: str, to: str = COMPAT):
    from libcst import ParserSyntaxError

    from migrate.files import describe_parse_error

    skip_fallback = None
    if to == EAGER and "migrate: skip" in text:
        from migrate.skip_comments import skip_lines

        marked = skip_lines(text)
        if marked:  # stage 2 rebuilds whole blocks: a statement kept as written needs compat
            to, skip_fallback = COMPAT, min(marked)
    if to == EAGER:
        from migrate.eager import translate_source as convert
    else:
        from migrate.engine import migrate_source as convert
    if "tensorflow" not in text:  # the engine's fast path leaves these unparsed
        if to != EAGER:
            return convert(text)  # no thread, no parse: the text as it is
        tree = None
    else:
        tree = python_accepts(text)
    from migrate.python_tree import sharing

    try:
        with sharing(text, tree):  # Python's tree also places the findings
            outcome, roots = on_big_stack(_converting, convert, text, tree)
            if roots is not None:
                _ROOTS.set((outcome.code, roots))
            if to == EAGER and outcome.code == text and "tensorflow" in text:
                # nothing Session-like to translate (a helper module): the compat conversion
                # still applies -- eager is a second stage, never a reason to skip the first
                from migrate.engine import migrate_source

                outcome = on_big_stack(migrate_source, text)
        if to == EAGER:
            outcome = _eager_rules_off(text, outcome)
        if skip_fallback is not None and "tensorflow" in text:
            from migrate.findings import WARNING, Finding

            outcome.findings.insert(0, Finding(
                skip_fallback, 0, "eager-fallback", "a '# migrate: skip' statement: the file "
                "keeps the compat form (--to eager rebuilds whole blocks)", WARNING))
        return outcome
    except ParserSyntaxError as error:
        problem = describe_parse_error(text, error)
        raise InputError(problem.message, problem.line, problem.column) from None
    except RecursionError:
        raise InputError("cannot convert: too deeply nested for the converter "
                         "(RecursionError); left untouched") from None


# The requirements' import roots of the last conversion's code, read while a tree of that
# code was at hand: (code, roots); the code is compared by identity.
_ROOTS: contextvars.ContextVar[tuple | None] = contextvars.ContextVar("roots", default=None)


def _converting(convert, text: str, python_tree):
    """``(convert(text), the import roots of its code or None)``: read from the engine's
    libcst tree of the result (then let go, here on the big stack), or from ``python_tree``
    (Python's tree of ``text``) when the code is the text itself -- no second parse."""
    from migrate.requirements import roots_of, roots_of_module

    outcome = convert(text)
    module = getattr(outcome, "tree", None)
    if module is not None:
        outcome.tree = None
        return outcome, roots_of_module(module, outcome.code)
    if outcome.code is text and python_tree is not None:
        return outcome, roots_of(text, python_tree)
    return outcome, None


def _roots_of(code: str) -> set:
    """The import roots ``code`` needs: those read during its conversion, else parsed."""
    held = _ROOTS.get()
    _ROOTS.set(None)
    if held is not None and held[0] is code:
        return held[1]
    from migrate.requirements import roots_of

    return roots_of(code)


def _eager_rules_off(text: str, outcome):
    """The eager translation, or, where it made a change of a rule left out by
    --select/--ignore, the compat conversion with a warning saying so; warnings of rules
    left out are not shown."""
    from migrate.families import rules_off

    off = rules_off()
    if not off:
        return outcome
    from migrate.findings import CHANGE, WARNING, Finding
    from migrate.rule_codes import code_of

    used = [f for f in outcome.findings if f.severity == CHANGE and f.rule in off]
    if used:
        from migrate.engine import migrate_source

        first = used[0]
        outcome = on_big_stack(migrate_source, text)
        outcome.findings.insert(0, Finding(first.line, 0, "skip", f"{code_of(first.rule)} "
                                           f"{first.rule} is left out (--select/--ignore): the "
                                           "file keeps the compat form", WARNING))
    outcome.findings[:] = [f for f in outcome.findings
                           if not (f.severity == WARNING and f.rule in off)]
    return outcome


def read_source(path: str) -> str:
    """A Python file's text, decoded the way the interpreter decodes it; InputError."""
    from migrate.files import decode_source, read_bytes

    return decode_source(read_bytes(path)).text


def convert_bytes(data: bytes, display: str, *, notebook: bool = False, to: str = COMPAT,
                  diff: bool = False, path: str | None = None) -> Converted:
    """Convert a file's bytes; InputError when the file must be left as it is. ``path``:
    where the file lies (its local modules are looked at, see :func:`convert_text`)."""
    if notebook:
        return _convert_notebook(data, display, diff, to)
    return _convert_python(data, display, to, diff, path)


def _convert_python(data: bytes, display: str, to: str, diff: bool,
                    path: str | None = None) -> Converted:
    from migrate.files import decode_source, encode_source

    decoded = decode_source(data)
    source, feeds = _strip_form_feeds(decoded.text)
    outcome = convert_text(source, to, path)
    findings = [finding.placed(display) for finding in outcome.findings]
    needs = tuple(sorted(_roots_of(outcome.code)))
    if outcome.code == source:
        return Converted(None, findings, requirements=needs)
    code = _restore_form_feeds(source, outcome.code, feeds)
    new_data = encode_source(code, decoded)
    text = unified_diff(decoded.text, code, display, display) if diff else ""
    return Converted(new_data, findings, text, needs)


# libcst drops a form feed that starts a line before a statement (``\x0cdef f():``) on its
# round trip. Python ignores it there, so it is taken off before the conversion and put
# back on the same line after, where the conversion left that line as it was.
def _strip_form_feeds(text: str) -> tuple[str, dict[int, str]]:
    if "\x0c" not in text:
        return text, {}
    lines = split_lines(text)
    feeds = {}
    for number, line in enumerate(lines):
        stripped = line.lstrip("\x0c")
        if len(stripped) != len(line):
            feeds[number] = line[: len(line) - len(stripped)]
            lines[number] = stripped
    return "".join(lines), feeds


def _restore_form_feeds(old: str, new: str, feeds: dict[int, str]) -> str:
    if not feeds:
        return new
    old_lines, new_lines = split_lines(old), split_lines(new)
    placed: dict[int, str] = {}  # new line -> its form feeds
    kept: set[int] = set()  # old lines whose form feeds found their place
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, _ in matcher.get_opcodes():
        if tag == "equal":
            for number in set(range(i1, i2)) & set(feeds):
                placed[j1 + number - i1] = feeds[number]
                kept.add(number)
    if kept != set(feeds):
        raise InputError("a form feed starts a line the conversion changes; it cannot be "
                         "kept there, so the file is left untouched",
                         min(set(feeds) - kept) + 1, 1)
    return "".join(placed.get(j, "") + text for j, text in enumerate(new_lines))


# --to eager translates .py files only: a notebook with TensorFlow code gets the compat form,
# and one warning that says so (as a .py file's kept compat form does).
NOTEBOOK_STAYS_COMPAT = ("--to eager does not translate notebooks: converted in the compat form "
                         "(tf.compat.v1, graph mode); for the eager translation convert it to a "
                         ".py file first (jupyter nbconvert --to script)")


def _convert_notebook(data: bytes, display: str, diff: bool, to: str = COMPAT) -> Converted:
    from migrate.notebooks import decode_notebook, encode_notebook, migrate_notebook

    from migrate.requirements import roots_of

    text = decode_notebook(data)
    outcome = on_big_stack(migrate_notebook, text)
    findings = [finding.placed(display) for finding in outcome.findings]
    needs = tuple(sorted(roots_of(outcome.code)))
    if to == EAGER and "tensorflow" in text:
        from migrate.eager.stages import FALLBACK_RULE

        findings.insert(0, Finding(None, None, FALLBACK_RULE, NOTEBOOK_STAYS_COMPAT, WARNING,
                                   display))
    if not outcome.changed:
        return Converted(None, findings, requirements=needs)
    text = ""
    if diff:
        text = "".join(
            unified_diff(old, new, f"{display}:cell {number}", f"{display}:cell {number}")
            for number, old, new in outcome.cells
        )
    return Converted(encode_notebook(outcome.text), findings, text, needs)


def process(task: Task) -> FileResult:
    """Read, convert and (when ``task.destination`` is set) write one file. Never raises
    for a bad file: it comes back "failed" with its error, and is left byte for byte."""
    return write_result(task, prepare(task))


@dataclass
class Prepared:
    """A file read and converted, not yet written: what a worker process sends back, so
    that only the parent writes (a worker that dies never leaves a file written and
    unreported)."""

    result: FileResult
    data: bytes | None = None  # the bytes to write to task.destination; None: nothing to write
    target: str | None = None  # in place: the path read (links resolved once), written back
    identity: object = None  # in place: the files.Identity of ``target`` when it was read


def prepare(task: Task) -> Prepared:
    """Read and convert one file; write nothing. Never raises for a bad file."""
    from migrate.files import read_file

    result = FileResult(task.display, "unchanged")
    try:
        from migrate.eager import options
        from migrate.families import using

        # In place, the file is read through its real path (a link named on the command
        # line is resolved once, here) and written back there only if it is still the same
        # regular file: never through a link that appeared since (files.write_atomic).
        source = task.path
        if task.in_place and not task.walked:
            source = os.path.realpath(task.path)
        try:
            data, identity = read_file(source, _read_limit(task),
                                       follow=not (task.in_place or task.walked))
        except InputError as error:
            if task.notebook and error.message.startswith("file too large"):
                from migrate.files import human_size

                raise InputError(f"notebook file too large: over {NOTEBOOK_FILE_FACTOR} times "
                                 f"the {human_size(task.max_size)} limit on its code (outputs "
                                 "and attachments count up to that; raise it with "
                                 "--max-size); left untouched") from None
            raise
        if task.notebook and task.max_size is not None:
            _check_notebook_code_size(data, task.max_size)
        from migrate.collector import paused

        with using(task.families), options.using(exact_optimizers=task.exact_optimizers), \
                paused():
            converted = convert_bytes(data, task.display, notebook=task.notebook, to=task.to,
                                      diff=task.diff, path=source)
        result.findings = converted.findings
        result.diff = converted.diff
        result.requirements = converted.requirements
        if converted.data is not None:
            result.status = "changed"
        if task.destination is None or (task.in_place and converted.data is None):
            return Prepared(result)
        return Prepared(result, data if converted.data is None else converted.data,
                        source, identity)
    except (Exception, MemoryError) as error:  # noqa: BLE001 - one bad file must not stop the run
        _fail(result, _error_of(task, error), _lacks_resources(error))
    return Prepared(result)


# A notebook's outputs and attachments (images) do not count toward --max-size, only its
# code cells; the file itself may be this many times the limit.
NOTEBOOK_FILE_FACTOR = 64


def _read_limit(task: Task) -> int | None:
    if task.max_size is None or not task.notebook:
        return task.max_size
    return task.max_size * NOTEBOOK_FILE_FACTOR


def _check_notebook_code_size(data: bytes, limit: int) -> None:
    from migrate.files import human_size
    from migrate.notebooks import code_size

    size = code_size(data)
    if size is not None and size > limit:
        raise InputError(f"code cells too large: {human_size(size)} of code, over the "
                         f"{human_size(limit)} limit (raise it with --max-size); left untouched")


def write_result(task: Task, prepared: Prepared, stop=None) -> FileResult:
    """Write what ``prepare`` made to the task's destination (if any); a failed write
    turns the result into "failed" with nothing reported as applied. ``stop``: see
    :func:`migrate.files.write_atomic` (a write on another thread, undone on a signal)."""
    result = prepared.result
    if prepared.data is None or task.destination is None:
        return result
    try:
        result.output = _write(task, prepared, stop)
    except (Exception, MemoryError) as error:  # noqa: BLE001
        _fail(result, _error_of(task, error), _lacks_resources(error))
    return result


def _lacks_resources(error: BaseException) -> bool:
    from migrate.files import lacks_resources

    return getattr(error, "resource", False) or lacks_resources(error)


def _error_of(task: Task, error: Exception) -> Finding:
    if isinstance(error, MemoryError):
        return error_finding(task.display, "out of memory while converting it: left untouched "
                                           "(convert it alone, with more memory)")
    if isinstance(error, OSError) and _lacks_resources(error):
        from migrate.files import describe_os_error

        return error_finding(task.display, f"cannot convert: {describe_os_error(error)}: "
                                           "left untouched")
    if isinstance(error, InputError):
        return error_finding(task.display, error.message, error.line, error.column, error.cell)
    if isinstance(error, RecursionError):
        return error_finding(task.display, "cannot convert: too deeply nested for the "
                                           "converter (RecursionError); left untouched")
    return error_finding(task.display, f"internal error: {type(error).__name__}: {error}")


def _fail(result: FileResult, error: Finding, resource: bool = False) -> None:
    """Nothing was written: no diff, and no change reported as applied."""
    result.status = "failed"
    result.resource = resource
    result.requirements = ()
    result.diff = ""
    result.output = None
    result.findings = [f for f in result.findings if f.severity != "change"]
    result.error = error


def _write(task: Task, prepared: Prepared, stop=None) -> str | None:
    """Write the prepared bytes to the task's destination; the path written, or None when
    the destination is the source itself and already holds these bytes."""
    from migrate.files import write_atomic

    destination = task.destination
    data = prepared.data
    if task.in_place and prepared.identity is not None:
        try:
            written = write_atomic(prepared.target, data, expect=prepared.identity, stop=stop)
        except OSError as error:
            from migrate.files import describe_os_error

            raise InputError(f"cannot write {shown(destination)}: "
                             f"{describe_os_error(error, prepared.target)}",
                             resource=_lacks_resources(error)) from None
        return destination if written else None
    try:
        parent = os.path.dirname(destination)
        if parent:
            os.makedirs(parent, exist_ok=True)
        if write_atomic(destination, data, mode_from=task.path, stop=stop) or (
            os.path.realpath(destination) != os.path.realpath(task.path)
        ):
            return destination
    except InputError as error:
        if os.path.realpath(destination) == os.path.realpath(task.path):
            raise
        raise InputError(f"cannot write {shown(destination)}: it {error.message}",
                         resource=error.resource) from None
    except OSError as error:
        from migrate.files import describe_os_error

        raise InputError(f"cannot write {shown(destination)}: {describe_os_error(error)}",
                         resource=_lacks_resources(error)) from None
    return None
