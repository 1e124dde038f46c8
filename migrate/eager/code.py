"""Code-writing helpers every part of the eager stage may use: a leaf module (it imports
nothing of the stage), so a pattern writes a statement without importing the writer of
run functions."""
from __future__ import annotations

import libcst as cst

INDENT = "    "


def statement_with_comments(text: str, leading) -> cst.BaseStatement:
    """One statement from `text` whose leading '# ...' lines become its leading_lines."""
    lines = text.rstrip("\n").split("\n")
    comments = [ln for ln in lines if ln.startswith("#")]
    code = "\n".join(ln for ln in lines if not ln.startswith("#")) + "\n"
    stmt = cst.parse_statement(code)
    extra = [cst.EmptyLine(comment=cst.Comment(c)) for c in comments]
    return stmt.with_changes(leading_lines=list(leading) + extra)


def fresh(base: str, taken) -> str:
    """`base`, or `base_2`, `base_3`... : the first not in `taken`."""
    if base not in taken:
        return base
    i = 2
    while f"{base}_{i}" in taken:
        i += 1
    return f"{base}_{i}"
