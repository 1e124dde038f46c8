"""Small libcst helpers every part of migrate shares (compat fixers and eager alike):
dotted names in and out of Name/Attribute chains."""
from __future__ import annotations

import libcst as cst

__all__ = ["all_names", "attr_chain", "dotted"]


def dotted(node: cst.BaseExpression) -> str | None:
    """'a.b.c' for a Name/Attribute chain, else None."""
    parts = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if not isinstance(node, cst.Name):
        return None
    parts.append(node.value)
    return ".".join(reversed(parts))


def all_names(node: cst.CSTNode) -> list[cst.Name]:
    """Every Name node under `node` (attribute parts and keywords included), in order."""
    found = []

    class Names(cst.CSTVisitor):
        def visit_Name(self, n):
            found.append(n)

    node.visit(Names())
    return found


def all_calls(node: cst.CSTNode) -> list[cst.Call]:
    """Every Call node under `node` (`node` itself included), in order."""
    found = []

    class Calls(cst.CSTVisitor):
        def visit_Call(self, call):
            found.append(call)

    node.visit(Calls())
    return found


def called_names(node: cst.CSTNode, names) -> list[str]:
    """The plain-name calls inside `node` of the names in `names` (`model(x)` for a def `model`), in order."""
    found = []

    class Calls(cst.CSTVisitor):
        def visit_Call(self, call):
            if isinstance(call.func, cst.Name) and call.func.value in names:
                found.append(call.func.value)
            return True

    node.visit(Calls())
    return found


def attr_chain(path: str) -> cst.BaseExpression:
    """The expression for the dotted name 'a.b.c' (the inverse of :func:`dotted`)."""
    parts = path.split(".")
    node: cst.BaseExpression = cst.Name(parts[0])
    for part in parts[1:]:
        node = cst.Attribute(value=node, attr=cst.Name(part))
    return node
