"""Reading, decoding and writing source files without disturbing a single byte we do not mean to.

A Python file is read as bytes and decoded the way Python itself would decode it
(:func:`tokenize.detect_encoding`: a UTF-8 BOM, a PEP 263 coding line, else UTF-8). Decoding
is done with ``bytes.decode`` -- no newline translation -- so CRLF, lone CR, tabs and a
missing final newline reach the engine as they are, and :func:`encode_source` gives back the
exact original bytes for unchanged text. The BOM is kept apart from the text (the engine
never sees it) and put back on encoding.

Writes are atomic: a temporary file in the destination's directory, flushed and fsynced,
given the permission bits of the file it replaces, then :func:`os.replace`. A destination
whose bytes would not change is not touched at all, so its mtime stays.
"""
from __future__ import annotations

import codecs
import io
import os
import re
import stat
import tempfile
import tokenize
from dataclasses import dataclass

__all__ = [
    "Decoded",
    "InputError",
    "ParseProblem",
    "decode_source",
    "describe_parse_error",
    "encode_source",
    "read_bytes",
    "write_atomic",
]


class InputError(Exception):
    """A file we cannot work on; the message is one line, without the path."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None,
                 cell: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column  # 1-based, like the line
        self.cell = cell  # notebooks: the cell the line is in


@dataclass(frozen=True)
class Decoded:
    text: str  # the source without BOM, newlines untouched
    encoding: str  # a codec name Python knows ("utf-8", "iso-8859-1", ...)
    bom: bool  # the file started with a UTF-8 byte order mark


def read_bytes(path: str) -> bytes:
    """The file's bytes, or an InputError with a one-line reason."""
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        raise InputError("no such file or directory") from None
    except PermissionError:
        raise InputError("cannot read: permission denied") from None
    except IsADirectoryError:
        raise InputError("is a directory") from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}") from None


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _line_col(prefix: str) -> tuple[int, int]:
    """1-based line and column just after ``prefix``."""
    breaks = list(_LINE_BREAK.finditer(prefix))
    if not breaks:
        return 1, len(prefix) + 1
    return len(breaks) + 1, len(prefix) - breaks[-1].end() + 1


def decode_source(data: bytes) -> Decoded:
    """Decode Python source bytes like the interpreter does; InputError when it cannot."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:  # bad or unknown coding cookie, BOM with a non-UTF-8 cookie
        raise InputError(f"cannot decode: {error.msg}") from None
    bom = data.startswith(codecs.BOM_UTF8)
    body = data[len(codecs.BOM_UTF8):] if bom else data
    if encoding == "utf-8-sig":
        encoding = "utf-8"
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as error:
        line, column = _line_col(body[: error.start].decode(encoding))
        bad = body[error.start : error.start + 1].hex()
        hint = (
            "; add a PEP 263 coding line (e.g. '# -*- coding: latin-1 -*-') or convert the file to UTF-8"
            if encoding == "utf-8"
            else ""
        )
        raise InputError(
            f"cannot decode as {encoding}: invalid byte 0x{bad}{hint}",
            line,
            column,
        ) from None
    except LookupError:  # pragma: no cover - detect_encoding already checked the codec
        raise InputError(f"cannot decode: unknown encoding {encoding!r}") from None
    return Decoded(text, encoding, bom)


def encode_source(text: str, decoded: Decoded) -> bytes:
    """The inverse of decode_source: same codec, BOM put back. InputError when a character
    the engine wrote cannot be represented in the file's encoding."""
    try:
        body = text.encode(decoded.encoding)
    except UnicodeEncodeError as error:
        raise InputError(
            f"cannot encode the converted source as {decoded.encoding}: "
            f"{text[error.start:error.end]!r} is not representable"
        ) from None
    return (codecs.BOM_UTF8 + body) if decoded.bom else body


def _same_bytes(path: str, data: bytes) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read() == data
    except OSError:
        return False


def write_atomic(path: str, data: bytes, *, mode_from: str | None = None) -> bool:
    """Put ``data`` at ``path`` atomically; returns False (and touches nothing) when the
    file already holds exactly these bytes.

    Writing goes to a temporary file in the same directory which is then renamed over
    ``path`` with os.replace, so a reader sees either the old or the new file, never a
    half-written one. The permission bits are those of ``path`` when it exists, else those
    of ``mode_from`` (the source of a mirrored file), else 0o666 minus the umask. A symbolic
    link is followed: its target is replaced and the link stays a link.
    """
    path = os.path.realpath(path)
    if _same_bytes(path, data):
        return False
    directory = os.path.dirname(path) or "."
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        if mode_from is not None:
            mode = stat.S_IMODE(os.stat(mode_from).st_mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
    fd, temporary = tempfile.mkstemp(
        prefix="." + os.path.basename(path) + ".", suffix=".migrate-tmp", dir=directory
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    return True


# --- parse errors ----------------------------------------------------------------------

_PY2_PATTERNS = [
    (re.compile(r"^\s*print(?:\s*>>|\s+(?![\s(=.,;:)\]}#+\-*/%<>&|^!]))"), "a print statement"),
    (re.compile(r"^\s*exec\s+[\"'\w]"), "an exec statement"),
    (re.compile(r"^\s*except\s+[\w.]+\s*,\s*\w+\s*:"), "'except X, e:'"),
    (re.compile(r"^\s*raise\s+[\w.]+\s*,"), "'raise E, message'"),
    (re.compile(r"\s<>\s"), "the '<>' operator"),
    (re.compile(r"(?<![\w.])\d+[lL]\b"), "a long integer literal"),
    (re.compile(r"(?<![\w.])0\d+\b"), "an old-style octal literal"),
    (re.compile(r"`"), "backquotes"),
]
_LIBCST_LOCATION = re.compile(r"error at (\d+):(\d+): ")


@dataclass(frozen=True)
class ParseProblem:
    line: int  # 1-based
    column: int  # 1-based
    message: str  # one line, starting "cannot parse: "


def _python2_construct(text: str, line: int | None) -> str | None:
    """What makes ``text`` look like Python 2: any tell-tale on the failing line, or a
    print/exec statement anywhere."""
    lines = text.splitlines()
    if line is not None and 1 <= line <= len(lines):
        for pattern, what in _PY2_PATTERNS:
            if pattern.search(lines[line - 1]):
                return what
    for candidate in lines:
        for pattern, what in _PY2_PATTERNS[:2]:
            if pattern.search(candidate):
                return what
    return None


def describe_parse_error(text: str, error: Exception) -> ParseProblem:
    """A one-line account of why ``text`` does not parse.

    libcst's own positions are coarse, so the interpreter's compiler is asked for the
    location and wording; libcst's message is the fallback. Python 2 source is named as such.
    """
    import ast

    line = column = None
    message = None
    try:
        compile(text, "<source>", "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as syntax:
        line, column = syntax.lineno, syntax.offset
        message = syntax.msg
    except (ValueError, MemoryError, RecursionError) as other:
        message = str(other)
    if message is None:  # the interpreter accepts it: libcst's grammar does not
        raw = getattr(error, "message", None) or str(error).splitlines()[0]
        raw = raw.removeprefix("parser error: ")
        found = _LIBCST_LOCATION.search(raw)
        if found:
            line, column = int(found.group(1)), int(found.group(2)) + 1
            raw = raw[: found.start()] + raw[found.end():]
        message = raw.strip() or "invalid syntax"
        line = line or getattr(error, "raw_line", None)
    message = " ".join(message.split())
    construct = _python2_construct(text, line)
    if construct or "Missing parentheses in call to" in message:
        message += (
            f" (this looks like Python 2 source{': ' + construct if construct else ''};"
            " convert it to Python 3 first)"
        )
    return ParseProblem(line or 1, column or 1, "cannot parse: " + message)
