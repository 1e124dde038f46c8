"""The record of a `tf.gradients` statement (Kind.GRADIENTS), shared by the patterns that
make one (gradients, apply_gradients' compute_gradients and clipped gradients): the record
and reading a `tf.gradients(ys, xs)` call into one.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager.model import Kind
from migrate.tables.v1_names import SIGNATURES

if TYPE_CHECKING:  # annotations only
    from migrate.eager.analysis import Analysis


PARAMETERS = SIGNATURES["gradients"][0]  # tf.compat.v1.gradients, in positional order
NOT_TRANSLATED = ("stop_gradients", "aggregation_method", "unconnected_gradients")
DIFFERENTIABLE = (Kind.VARIABLE, Kind.PLACEHOLDER, Kind.TENSOR)


@dataclass
class GradientsInfo:
    ys: cst.BaseExpression
    xs: list  # the xs expressions
    xs_g: list  # their GStmts
    grad_ys: cst.BaseExpression | None
    subscript: object = None  # `tf.gradients(...)[0]`: the slice elements
    # patterns/apply_gradients.py: the gradients inside an expression (`wrapper`, the call
    # `inner`), xs written as a variable list's name, or compute_gradients' (gradient, variable) pairs
    wrapper: object = None
    inner: object = None
    xs_list: bool = False
    pairs: bool = False


def analyse_gradients(a: Analysis, call: cst.Call, env: dict, subscript=None) -> GradientsInfo | None:
    args = a.args_by_name(call, PARAMETERS)
    for bad in NOT_TRANSLATED:
        if bad in args:
            a.problem(call, f"tf.gradients({bad}=...) is not translated")
    if "ys" not in args or "xs" not in args:
        a.problem(call, "tf.gradients without ys and xs")
        return None
    xs = args["xs"]
    elems = [e.value for e in xs.elements] if isinstance(xs, (cst.List, cst.Tuple)) else [xs]
    xs_g = []
    for e in elems:
        if not (isinstance(e, cst.Name) and e.value in env and env[e.value].kind in DIFFERENTIABLE):
            a.problem(e, "tf.gradients(xs=...) with something other than named variables or tensors")
            return None
        xs_g.append(env[e.value])
    return GradientsInfo(args["ys"], elems, xs_g, args.get("grad_ys"), subscript)
