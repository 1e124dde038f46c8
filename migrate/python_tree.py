"""Python's own parse of a source, made once per file and shared.

The pipeline asks Python's parser whether it accepts a TensorFlow file before libcst reads
it (pipeline.python_accepts: the interpreter's wording for a syntax error, and a refusal of
the nesting that would take libcst's native parser down); the findings' positions
(findings.locate) are read from the same ``ast`` tree.  ``sharing(text, tree)`` lends the
tree for the conversion of ``text``; ``tree_of(source)`` returns it when ``source`` is that
very text, and parses otherwise (a notebook cell, a source the py2/numpy families
rewrote first).  The tree is dropped when the conversion ends.
"""
from __future__ import annotations

import contextlib
import contextvars

_SHARED: contextvars.ContextVar[tuple | None] = contextvars.ContextVar("python_tree", default=None)


@contextlib.contextmanager
def sharing(text: str, tree):
    token = _SHARED.set((text, tree) if tree is not None else None)
    try:
        yield
    finally:
        _SHARED.reset(token)


def tree_of(source: str):
    """``ast`` module of ``source``; SyntaxError, ValueError, MemoryError or
    RecursionError as ``ast.parse`` raises them."""
    shared = _SHARED.get()
    if shared is not None and shared[0] is source:
        return shared[1]
    import ast

    return ast.parse(source)
