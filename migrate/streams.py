"""stdout and stderr that may be closed under migrate (``migrate --diff . | head -1``).

A closed pipe must not stop the conversion: files are still converted and written, only
the printing stops. :func:`guarded` puts stand-ins for ``sys.stdout`` and ``sys.stderr``
in place for the run; a write to a closed one (EPIPE, or any OSError) marks it lost and
sends its descriptor to /dev/null, so that nothing more fails (not even the interpreter's
last flush). The run then ends with :data:`OUTPUT_LOST` as its exit status.
"""
from __future__ import annotations

import contextlib
import os
import sys

__all__ = ["OUTPUT_LOST", "Guarded", "guarded"]

OUTPUT_LOST = 4  # exit status: stdout or stderr was closed during the run


class Guarded:
    """A text stream whose failed writes are swallowed, and remembered."""

    def __init__(self, stream):
        self._stream = stream
        self.lost = False

    def _lose(self) -> None:
        self.lost = True
        try:
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, self._stream.fileno())
            os.close(null)
        except (OSError, ValueError, AttributeError):
            pass

    def write(self, text: str) -> int:
        if not self.lost:
            try:
                self._stream.write(text)
            except (BrokenPipeError, ConnectionResetError):
                self._lose()
            except OSError:
                self._lose()
        return len(text)

    def flush(self) -> None:
        if not self.lost:
            try:
                self._stream.flush()
            except OSError:
                self._lose()

    def __getattr__(self, name):
        return getattr(self._stream, name)


@contextlib.contextmanager
def guarded():
    """``sys.stdout`` and ``sys.stderr`` guarded inside the block; yields the two guards."""
    out, err = Guarded(sys.stdout), Guarded(sys.stderr)
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        yield out, err
    finally:
        out.flush()
        err.flush()
        sys.stdout, sys.stderr = saved


def write_descriptor(guard: Guarded, data: bytes) -> None:
    """``data`` to the descriptor under ``guard`` (a report to '-' or /dev/fd/N); a closed
    one marks it lost."""
    if guard.lost:
        return
    guard.flush()
    view = memoryview(data)
    try:
        while view:
            view = view[os.write(guard.fileno(), view):]
    except OSError:
        guard._lose()
