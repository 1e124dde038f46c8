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
    "Identity",
    "InputError",
    "ParseProblem",
    "decode_source",
    "describe_parse_error",
    "encode_source",
    "read_bytes",
    "read_file",
    "write_atomic",
]


class InputError(Exception):
    """A file we cannot work on; the message is one line, without the path."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None,
                 cell: int | None = None, resource: bool = False):
        super().__init__(message)
        self.message = message
        self.resource = resource  # a lack of resources (memory, descriptors), not the file
        self.line = line
        self.column = column  # 1-based, like the line
        self.cell = cell  # notebooks: the cell the line is in


@dataclass(frozen=True)
class Decoded:
    text: str  # the source without BOM, newlines untouched
    encoding: str  # a codec name Python knows ("utf-8", "iso-8859-1", ...)
    bom: bool  # the file started with a UTF-8 byte order mark


@dataclass(frozen=True)
class Identity:
    """What says a file is still the one that was read: device, inode, size, mtime."""

    device: int
    inode: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, info: os.stat_result) -> "Identity":
        return cls(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


# bytes; a bigger file is refused unless --max-size says more. Memory grows with the file:
# a TensorFlow-dense 500 kB file takes about 1 GB, 1 MB about 2 GB (docs/safety.md,
# python -m tools.memory_profile), so the default keeps one conversion near 1 GB.
DEFAULT_MAX_SIZE = 512 * 1024

_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def file_kind(mode: int) -> str:
    """'a FIFO', 'a character device'... for a stat mode that is not a regular file."""
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def human_size(size: int) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}".replace(".0 ", " ")
    return f"{size} bytes"


def read_bytes(path: str, max_size: int | None = DEFAULT_MAX_SIZE) -> bytes:
    """The file's bytes, or an InputError with a one-line reason (see :func:`read_file`)."""
    return read_file(path, max_size)[0]


def read_file(path: str, max_size: int | None = DEFAULT_MAX_SIZE, *,
              follow: bool = True) -> tuple[bytes, Identity]:
    """The file's bytes and its :class:`Identity` when it was opened, or an InputError with
    a one-line reason.

    Only a regular file is read (checked on the open descriptor, so a FIFO or a device
    swapped in after the directory was searched is refused too, without blocking), and at
    most ``max_size`` bytes of it: a bigger file is refused (None: no limit). With
    ``follow=False`` a symbolic link is refused instead of followed (``O_NOFOLLOW``).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputError("no such file or directory") from None
    except PermissionError:
        raise InputError("cannot read: permission denied") from None
    except IsADirectoryError:
        raise InputError("is a directory") from None
    except OSError as error:
        if not follow and os.path.islink(path):
            raise InputError("became a symbolic link while migrate ran (it was not one when "
                             "it was found): not followed, left alone") from None
        raise InputError(f"cannot read: {describe_os_error(error, path)}",
                         resource=lacks_resources(error)) from None
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode):
        os.close(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise InputError("is a directory")
        raise InputError(f"not a regular file ({file_kind(info.st_mode)}): left alone")
    if max_size is not None and info.st_size > max_size:
        os.close(descriptor)
        raise InputError(_too_big(info.st_size, max_size))
    with os.fdopen(descriptor, "rb") as handle:
        try:
            data = handle.read() if max_size is None else handle.read(max_size + 1)
        except OSError as error:
            raise InputError(f"cannot read: {error.strerror or error}") from None
    if max_size is not None and len(data) > max_size:  # it grew while we read it
        raise InputError(_too_big(len(data), max_size))
    return data, Identity.of(info)


def lacks_resources(error: BaseException) -> bool:
    """Is ``error`` a lack of resources (memory, file descriptors) rather than the file's
    fault? Such a file may convert on a second try with more of them."""
    import errno

    if isinstance(error, MemoryError):
        return True
    return isinstance(error, OSError) and error.errno in (
        errno.EMFILE, errno.ENFILE, errno.ENOMEM, errno.EAGAIN)


def describe_os_error(error: OSError, path: str | None = None) -> str:
    """An OSError in a few words, lower case, with what it means for migrate where the
    plain strerror misleads (a symlink loop, a read-only file system, too many open files)."""
    import errno

    number = error.errno
    if number == errno.ELOOP:
        if path is not None and os.path.islink(path):
            return "a symbolic link loop (or a symbolic link where none is followed)"
        return "too many levels of symbolic links (a symbolic link loop)"
    if number == errno.EROFS:
        return "the file system is read-only"
    if number in (errno.EMFILE, errno.ENFILE):
        return "too many open files (raise 'ulimit -n', or use fewer -j workers)"
    if number == errno.ENOMEM:
        return "out of memory"
    return error.strerror or str(error)


def _too_big(size: int, limit: int) -> str:
    return (f"file too large: {human_size(size)}, over the {human_size(limit)} limit "
            f"(raise it with --max-size); left untouched")


_PYTHON_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def split_lines(text: str) -> list[str]:
    """Lines with their ends, split where Python ends a line (CRLF, CR, LF) only.

    Unlike ``str.splitlines``, a vertical tab, form feed, \\x1c-\\x1e, \\x85 or U+2028/2029
    inside a line does not end it: they are ordinary characters in a Python source.
    """
    return _PYTHON_LINE.findall(text)


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
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
                             | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return False
    with os.fdopen(descriptor, "rb") as handle:
        try:
            info = os.fstat(descriptor)
            if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
                return False
            return handle.read() == data
        except OSError:
            return False


CHANGED_SINCE_READ = ("changed on disk since it was read (edited during the run?): not "
                      "overwritten, the edit is kept; run migrate on it again")
LINK_SINCE_READ = ("was replaced by a symbolic link since it was read: not written "
                   "through it (nothing outside the file was touched)")


def _not_a_link(path: str) -> os.stat_result | None:
    """``path``'s stat (None: it does not exist); InputError when it is a symbolic link to
    anything but a device or FIFO (which is then written through, never replaced)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    if not stat.S_ISLNK(info.st_mode):
        return info
    try:
        target = os.stat(path)
    except OSError:
        target = None
    if target is not None and (stat.S_ISCHR(target.st_mode) or stat.S_ISFIFO(target.st_mode)):
        return target
    raise InputError(f"is a symbolic link (to {os.readlink(path)}): refusing to write "
                     "through it (its target would be replaced); name a plain file")


def _still_the_file_read(path: str, expect: Identity) -> os.stat_result:
    """``path``'s lstat, or InputError when it is no longer the regular file that was read
    (a symbolic link now, another file, or the same file edited)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        raise InputError("was removed since it was read: not written") from None
    if stat.S_ISLNK(info.st_mode):
        raise InputError(LINK_SINCE_READ)
    if Identity.of(info) != expect:
        raise InputError(CHANGED_SINCE_READ)
    return info


TEMPORARY_SUFFIX = ".migrate-tmp"


class WriteStopped(BaseException):
    """The run is stopping (a signal): the write was not made, or was undone before its
    rename (its temporary file removed)."""


def _temporary_prefix(path: str) -> str:
    return "." + os.path.basename(path) + "."


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it exists, it is someone else's
        return True
    return True


def remove_stale_temporaries(path: str) -> list[str]:
    """Remove the temporary files an interrupted run left next to ``path``
    (``.NAME.PID.XXXXXXXX.migrate-tmp`` whose process PID is gone); returns them.

    A temporary file of a live process (a concurrent run) is left alone. The directory
    is listed and each name compared as a string: no pattern to compile for each file.
    """
    directory = os.path.dirname(path) or "."
    prefix = _temporary_prefix(path)
    removed = []
    try:
        names = os.listdir(directory)
    except OSError:
        return removed
    for name in names:
        if not (name.startswith(prefix) and name.endswith(TEMPORARY_SUFFIX)
                and len(name) >= len(prefix) + len(TEMPORARY_SUFFIX)):
            continue
        candidate = os.path.join(directory, name)
        middle = name[len(prefix):-len(TEMPORARY_SUFFIX)]
        pid, dot, random = middle.partition(".")  # PID.XXXXXXXX; a dot more: another file's
        if not (pid.isdigit() and dot and random and "." not in random) or _alive(int(pid)):
            continue
        try:
            os.unlink(candidate)
            removed.append(candidate)
        except OSError:
            pass
    return removed


def _refusal(path: str, info: os.stat_result) -> str | None:
    """Why an existing ``path`` must not be replaced by a new file, or None.

    The policy (docs/safety.md): a file is replaced only when the replacement is the same
    file to everyone but its content -- same owner and group, permission bits and extended
    attributes (copied) -- so migrate refuses, and leaves untouched, a path that is not a
    regular file (a device, a FIFO: never replaced, even as root), a file with more than
    one hard link (an atomic rename would split the links: the other names would keep the
    old content), and a read-only file (no write bit, or not writable by this user).
    """
    if not stat.S_ISREG(info.st_mode):
        return f"is {file_kind(info.st_mode)}, not a regular file: refusing to replace it"
    if info.st_nlink > 1:
        return (f"has {info.st_nlink} hard links: rewriting it would split them (the other "
                f"names would keep the old content); left untouched (convert a copy, or use -o)")
    mode = stat.S_IMODE(info.st_mode)
    if not mode & 0o222:
        return f"is read-only (mode {mode:04o}): left untouched (make it writable to convert it)"
    if not os.access(path, os.W_OK):
        if _read_only_file_system(path):
            return "is on a read-only file system: left untouched"
        return f"is not writable by this user (mode {mode:04o}): left untouched"
    return None


def _read_only_file_system(path: str) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & getattr(os, "ST_RDONLY", 1))
    except (OSError, AttributeError):
        return False


def _copy_identity(source: os.stat_result, path: str, temporary: str) -> None:
    """Give ``temporary`` the owner, group and extended attributes of ``path``;
    InputError when one of them cannot be kept (the file is then left untouched)."""
    mine = os.stat(temporary)
    if (mine.st_uid, mine.st_gid) != (source.st_uid, source.st_gid):
        try:
            os.chown(temporary, source.st_uid, source.st_gid)
        except OSError:
            raise InputError(
                f"is owned by uid {source.st_uid} gid {source.st_gid}: rewriting it would "
                f"change its owner; left untouched (run as its owner)") from None
    if not hasattr(os, "listxattr"):
        return
    try:
        names = os.listxattr(path)
    except OSError:  # the file system has none
        return
    for name in names:
        try:
            os.setxattr(temporary, name, os.getxattr(path, name))
        except OSError as error:
            raise InputError(f"has an extended attribute ({name}) that cannot be kept "
                             f"({error.strerror or error}); left untouched") from None


def _destination(path: str, expect: Identity | None,
                 follow: bool) -> tuple[str, os.stat_result | None]:
    """The path write_atomic writes and its stat (None: it does not exist yet)."""
    if expect is not None:
        return path, _still_the_file_read(path, expect)
    if not follow:
        path = os.path.join(os.path.realpath(os.path.dirname(path) or "."),
                            os.path.basename(path))
        return path, _not_a_link(path)
    path = os.path.realpath(path)
    try:
        return path, os.stat(path)
    except FileNotFoundError:
        return path, None


def write_atomic(path: str, data: bytes, *, mode_from: str | None = None,
                 special: str = "refuse", expect: Identity | None = None,
                 follow: bool = True, stop=None) -> bool:
    """Put ``data`` at ``path`` atomically; returns False (and touches nothing) when the
    file already holds exactly these bytes.

    Writing goes to a temporary file in the same directory which is then renamed over
    ``path`` with os.replace, so a reader sees either the old or the new file, never a
    half-written one. A file that is replaced keeps its permission bits, owner, group and
    extended attributes; one whose identity cannot be kept, a read-only file, a file with
    several hard links and a path that is not a regular file are refused with an
    InputError (see :func:`_refusal`) -- except that with ``special="write"`` a device or
    FIFO (``/dev/null``, ``/dev/stdout``) is written to as it is, never replaced. A new
    file gets the permission bits of ``mode_from`` (the source of a mirrored file), else
    0o666 minus the umask. A symbolic link is followed: its target is replaced and the link
    stays a link. Temporary files an interrupted run left for ``path`` are removed.

    ``expect`` (a file rewritten in place): the :class:`Identity` of ``path`` when it was
    read. Then ``path`` is taken as it is (no link followed) and must still be that
    regular file -- checked first, and again with ``lstat`` just before the rename -- else
    InputError and nothing is written: an edit made during the run is kept, and a file
    swapped for a symbolic link is not written through.

    ``follow=False`` (reports): a symbolic link at ``path`` is refused, not followed --
    except one to a device or FIFO, which is written through like one (``/dev/stdout``).

    ``stop`` (a ``threading.Event``, set when the run stops on a signal while this writes on
    another thread): checked right before the rename; set, the write is undone (its
    temporary file removed) and :class:`WriteStopped` is raised.
    """
    if expect is not None and _same_bytes(path, data):
        return False  # a concurrent run wrote the same conversion: nothing to do, no error
    path, info = _destination(path, expect, follow)
    if info is not None and special == "write" and not stat.S_ISREG(info.st_mode) \
            and not stat.S_ISDIR(info.st_mode):
        with open(path, "wb") as handle:
            handle.write(data)
        return True
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise InputError("is a directory")
    if _same_bytes(path, data):
        return False
    if info is not None:
        reason = _refusal(path, info)
        if reason:
            raise InputError(reason)
        mode = stat.S_IMODE(info.st_mode)
    elif mode_from is not None:
        mode = stat.S_IMODE(os.stat(mode_from).st_mode)
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    directory = os.path.dirname(path) or "."
    remove_stale_temporaries(path)
    fd, temporary = tempfile.mkstemp(
        prefix=f"{_temporary_prefix(path)}{os.getpid()}.", suffix=TEMPORARY_SUFFIX, dir=directory
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if info is not None:
            _copy_identity(info, path, temporary)
        os.chmod(temporary, mode)
        if expect is not None:
            _still_the_file_read(path, expect)  # the last moment before the rename
        elif not follow:
            _not_a_link(path)
        if stop is not None and stop.is_set():
            raise WriteStopped()
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
    if "\x00" in text:  # Python says so without a place (3.11): the place is known
        line, column = _line_col(text[: text.index("\x00")])
        return ParseProblem(line, column, "cannot parse: the source contains a null byte "
                                          "(\\x00)")
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
