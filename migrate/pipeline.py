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

import difflib
import os
from dataclasses import dataclass, field

from migrate.files import InputError
from migrate.findings import Finding, error as error_finding

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
    families: frozenset | None = None  # rule families to apply (migrate/families); None: all


@dataclass
class FileResult:
    file: str
    status: str  # "changed", "unchanged", "failed"
    output: str | None = None  # where the result was written, when it was
    findings: list[Finding] = field(default_factory=list)
    error: Finding | None = None
    diff: str = ""


@dataclass
class Converted:
    data: bytes | None  # the new bytes; None when the file would not change
    findings: list[Finding]
    diff: str = ""


def unified_diff(old: str, new: str, old_name: str, new_name: str) -> str:
    lines = []
    for line in difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), old_name, new_name
    ):
        if line.endswith(("\n", "\r")):
            lines.append(line)
        else:
            lines.append(line + "\n\\ No newline at end of file\n")
    return "".join(lines)


def convert_text(text: str, to: str = COMPAT):
    """The engine's outcome (``.code``, ``.findings``) for one Python source.

    InputError (with the interpreter's location and wording) when it does not parse.
    """
    from libcst import ParserSyntaxError

    from migrate.files import describe_parse_error

    if to == EAGER:
        from migrate.eager import translate_source as convert
    else:
        from migrate.engine import migrate_source as convert
    try:
        return convert(text)
    except ParserSyntaxError as error:
        problem = describe_parse_error(text, error)
        raise InputError(problem.message, problem.line, problem.column) from None


def read_source(path: str) -> str:
    """A Python file's text, decoded the way the interpreter decodes it; InputError."""
    from migrate.files import decode_source, read_bytes

    return decode_source(read_bytes(path)).text


def convert_bytes(data: bytes, display: str, *, notebook: bool = False, to: str = COMPAT,
                  diff: bool = False) -> Converted:
    """Convert a file's bytes; InputError when the file must be left as it is."""
    if notebook:
        return _convert_notebook(data, display, diff)
    return _convert_python(data, display, to, diff)


def _convert_python(data: bytes, display: str, to: str, diff: bool) -> Converted:
    from migrate.files import decode_source, encode_source

    decoded = decode_source(data)
    outcome = convert_text(decoded.text, to)
    findings = [finding.placed(display) for finding in outcome.findings]
    if outcome.code == decoded.text:
        return Converted(None, findings)
    new_data = encode_source(outcome.code, decoded)
    text = unified_diff(decoded.text, outcome.code, display, display) if diff else ""
    return Converted(new_data, findings, text)


def _convert_notebook(data: bytes, display: str, diff: bool) -> Converted:
    from migrate.notebooks import decode_notebook, encode_notebook, migrate_notebook

    outcome = migrate_notebook(decode_notebook(data))
    findings = [finding.placed(display) for finding in outcome.findings]
    if not outcome.changed:
        return Converted(None, findings)
    text = ""
    if diff:
        text = "".join(
            unified_diff(old, new, f"{display}:cell {number}", f"{display}:cell {number}")
            for number, old, new in outcome.cells
        )
    return Converted(encode_notebook(outcome.text), findings, text)


def process(task: Task) -> FileResult:
    """Read, convert and (when ``task.destination`` is set) write one file. Never raises
    for a bad file: it comes back "failed" with its error, and is left byte for byte."""
    from migrate.files import read_bytes

    result = FileResult(task.display, "unchanged")
    try:
        from migrate.families import using

        data = read_bytes(task.path)
        with using(task.families):
            converted = convert_bytes(data, task.display, notebook=task.notebook, to=task.to,
                                      diff=task.diff)
        result.findings = converted.findings
        result.diff = converted.diff
        if converted.data is not None:
            result.status = "changed"
        if task.destination is not None:
            bytes_out = data if converted.data is None else converted.data
            result.output = _write(task, bytes_out)
    except InputError as error:
        result.status = "failed"
        result.diff = ""
        result.error = error_finding(task.display, error.message, error.line, error.column,
                                     error.cell)
    except Exception as error:  # noqa: BLE001 - an engine bug must not stop the run
        result.status = "failed"
        result.diff = ""
        result.error = error_finding(task.display,
                                     f"internal error: {type(error).__name__}: {error}")
    return result


def _write(task: Task, data: bytes) -> str | None:
    """Write ``data`` to the task's destination; the path written, or None when the
    destination is the source itself and already holds these bytes."""
    from migrate.files import write_atomic

    destination = task.destination
    try:
        parent = os.path.dirname(destination)
        if parent:
            os.makedirs(parent, exist_ok=True)
        if write_atomic(destination, data, mode_from=task.path) or (
            os.path.realpath(destination) != os.path.realpath(task.path)
        ):
            return destination
    except OSError as error:
        raise InputError(f"cannot write {destination}: {error.strerror or error}") from None
    return None
