"""Name walkers of the eager stage's readers: the Name nodes of one name below a node,
every name a node reads, the code of a one-index subscript's index.
"""
from __future__ import annotations

import libcst as cst


def name_nodes(node, name: str) -> list:
    found = []

    class Names(cst.CSTVisitor):
        def visit_Name(self, n):
            if n.value == name:
                found.append(n)

    node.visit(Names())
    return found


def names_in(node) -> list:
    found = []

    class Names(cst.CSTVisitor):
        def visit_Name(self, name):
            found.append(name.value)

    node.visit(Names())
    return found


def index_code(node) -> str | None:
    if isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
        return cst.Module([]).code_for_node(node.slice[0].slice.value)
    return None
