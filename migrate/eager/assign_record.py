"""The record of an assign op (`tf.assign(v, x)`, `v.assign_sub(x)`: Kind.ASSIGN and the
assigns inside tf.group or a fetch), shared by the patterns that read one (gradients,
group, session_run): the record and reading a call into one.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager.model import GStmt, Kind
from migrate.tables.hand import ASSIGN_METHODS

if TYPE_CHECKING:  # annotations only
    from migrate.eager.analysis import Analysis


ASSIGNS = ASSIGN_METHODS


@dataclass
class AssignInfo:
    var: GStmt
    method: str  # assign, assign_add, assign_sub
    rhs: cst.BaseExpression


def analyse_assign(a: Analysis, call: cst.Call, env: dict, function: bool) -> AssignInfo | None:
    """`tf.assign(ref, value)` (function=True) or `ref.assign(value)`."""
    if function:
        positional = [arg.value for arg in call.args if arg.keyword is None]
        if len(positional) != 2 or len(call.args) != 2:
            a.problem(call, "tf.assign with other than (ref, value)")
            return None
        ref, value = positional
        method = a.call_path(call)
    else:
        ref = call.func.value
        method = call.func.attr.value
        if len(call.args) != 1 or call.args[0].keyword is not None:
            a.problem(call, f"{method}() with other than one value argument")
            return None
        value = call.args[0].value
    if not (isinstance(ref, cst.Name) and ref.value in env and env[ref.value].kind == Kind.VARIABLE):
        a.problem(call, f"{method}() on something that is not a variable")
        return None
    return AssignInfo(env[ref.value], method, value)


def is_assign_method(value) -> bool:
    return isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and value.func.attr.value in ASSIGNS
