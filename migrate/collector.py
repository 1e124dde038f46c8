"""The garbage collector around one file's conversion.

A conversion allocates a syntax tree of many small objects (libcst's nodes, Python's
``ast`` nodes) and frees it by reference counting when it ends: the engine's per-file
state holds no reference cycle through the tree (``tests/migrate/test_engine_garbage.py``).
The collections its allocations would trigger meanwhile walk the young objects and find
nothing to free, so the collector is paused for the conversion of a file and resumed
after it; what little cyclic garbage a conversion leaves (a caught exception's frames)
is collected by the first collection after it.
"""
from __future__ import annotations

import contextlib
import gc

__all__ = ["paused"]


@contextlib.contextmanager
def paused():
    """The garbage collector off inside, as it was before after (also on an error)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
