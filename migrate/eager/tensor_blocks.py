"""What a Python block that builds the graph binds and calls: BOUND, the record of a name
bound earlier in the block (read as a tensor), and builds_state, whether a value creates
state, runs the graph or uses a refused construct (patterns/graph_loops.py,
patterns/variable_loops.py).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager import names as N
from migrate.eager.model import Kind
from migrate.tables import graph_api as G
from migrate.tables.hand import ASSIGN_METHODS

if TYPE_CHECKING:  # annotations only
    from migrate.eager.analysis import Analysis


class _Bound:
    """A graph name bound earlier in the same block (for Analysis.is_graph_expr)."""

    kind = Kind.TENSOR


BOUND = _Bound()


_NOT_TENSORS = frozenset({*G.CREATES_STATE, G.GRADIENTS, "group", *ASSIGN_METHODS, "global_variables_initializer",
                          "variables_initializer"})
_NOT_TENSOR_METHODS = frozenset({"minimize", *ASSIGN_METHODS, "run", "eval"})


def builds_state(a: Analysis, value) -> bool:
    """Does `value` create state, run the graph or use a construct the translation refuses?"""
    found = []

    class Calls(cst.CSTVisitor):
        def visit_Call(self, call):
            path = a.call_path(call)
            if path is not None and (path in _NOT_TENSORS or path in N.SESSION or path.startswith("train.")
                                     or a.refuse(path, call)):
                found.append(call)
            if isinstance(call.func, cst.Attribute) and call.func.attr.value in _NOT_TENSOR_METHODS:
                found.append(call)
            return True

    value.visit(Calls())
    return bool(found)
