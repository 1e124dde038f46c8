"""reverse-mask: TF 0.x ``tf.reverse(x, [True, False, True])`` took a boolean mask.

TF 1.0 takes the indices of the axes to reverse: a literal mask becomes ``[0, 2]``.  A
non-literal second argument in a file written for TF 0.x cannot be told apart: warned.
"""
from __future__ import annotations

import libcst as cst

from migrate.fixers import CallState, bool_literal, call_fixer, display
from migrate.fixers.tf0_era import written_for_tf0


def _mask(node) -> list[bool] | None:
    if not isinstance(node, (cst.List, cst.Tuple)) or not node.elements:
        return None
    values = [bool_literal(e.value) if not isinstance(e, cst.StarredElement) else None
              for e in node.elements]
    return None if any(v is None for v in values) else values


@call_fixer(18)
def reverse_mask(call: cst.Call, state: CallState, ctx) -> cst.Call | None:
    if state.canonical != "reverse" or any(a.star for a in call.args):
        return None
    index = next((i for i, a in enumerate(call.args)
                  if (a.keyword is None and i == 1) or (a.keyword and a.keyword.value in ("dims", "axis"))), None)
    if index is None:
        return None
    arg = call.args[index]
    mask = _mask(arg.value)
    shown = display(state.space, "reverse")
    if mask is None:
        if written_for_tf0(ctx) and not isinstance(arg.value, (cst.List, cst.Tuple, cst.Integer)):
            ctx.warn(state.original, "reverse-mask",
                     f"{shown}: TF 0.x took a boolean mask, TF 1.x+ the axes to reverse; "
                     "check this argument (left as is)")
        return None
    axes = [i for i, flag in enumerate(mask) if flag]
    new = cst.List([cst.Element(cst.Integer(str(i)),
                                comma=cst.MaybeSentinel.DEFAULT) for i in axes])
    args = list(call.args)
    args[index] = arg.with_changes(value=new, keyword=cst.Name("axis") if arg.keyword else None)
    ctx.change(state.original, "reverse-mask",
               f"{shown}: TF 0.x boolean mask {[bool(m) for m in mask]} -> axes {axes}")
    return call.with_changes(args=args)
