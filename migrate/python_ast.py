"""Python's own parse of a source (``ast``), made once per source and shared.

The pipeline's safety check (``pipeline.python_accepts``: Python's C parser refuses the
pathological nesting that would take libcst's native parser down) and the position finder
(``findings.locate``) both need it for the same text, one right after the other; the last
parse is kept so the second asks for nothing. Only the most recent source is held.
"""
from __future__ import annotations

import ast
import functools


@functools.lru_cache(maxsize=1)
def parse(text: str) -> ast.Module:
    """``ast.parse(text)``; raises what it raises (SyntaxError, ValueError, MemoryError,
    RecursionError). The tree is shared: callers read it and never change it."""
    return compile(text, "<unknown>", "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
