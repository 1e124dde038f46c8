"""Python's own parse of a source, made once per file and shared.

The pipeline asks Python's parser whether it accepts a TensorFlow file before libcst reads
it (pipeline.python_accepts: the interpreter's wording for a syntax error, and a refusal of
the nesting that would take libcst's native parser down); the findings' positions
(findings.locate) are read from the same ``ast`` tree.  ``sharing(text, tree)`` lends the
tree for the conversion of ``text``; ``tree_of(source)`` returns it when ``source`` is that
very text, and parses otherwise (a notebook cell, a source the py2/numpy families
rewrote first).  The tree is dropped when the conversion ends.  ``dotted_name`` and
``ast_statements`` are the readings of an ``ast`` tree that findings, project imports and
the requirements line share.
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


def dotted_name(node) -> str | None:
    """``a.b.c`` for an ``ast`` Name/Attribute chain; None for anything else."""
    import ast

    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def ast_statements(tree) -> list:
    """Every statement of an ``ast`` module, walking statement lists only (statements never
    sit inside expressions): a walk of every node costs more than the parse."""
    out = []
    blocks = [tree.body]
    while blocks:
        for stmt in blocks.pop():
            out.append(stmt)
            for name in ("body", "orelse", "finalbody"):
                block = getattr(stmt, name, None)
                if type(block) is list:
                    blocks.append(block)
            for part in getattr(stmt, "handlers", ()) or getattr(stmt, "cases", ()):
                blocks.append(part.body)
    return out
