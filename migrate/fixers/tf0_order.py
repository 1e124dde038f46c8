"""tf0-order: positional orders TF 1.0 changed (``tf.svd``, ``nce_loss``, ``sampled_softmax_loss``).

``tf.svd(a, True, False)`` meant ``compute_uv=True, full_matrices=False`` in TF 0.x and
the reverse in TF 1.x; nothing in the call tells which.  In a file written for TF 0.x
(fixers/tf0_era.py) the positional arguments are passed by keyword in TF 0.x's order;
elsewhere the call is kept and a warning says to pass them by keyword.

``nce_loss`` / ``sampled_softmax_loss`` swapped ``inputs`` and ``labels``.  A positional
call whose 3rd/4th argument names tell which is labels (``train_labels``, ``y_``...) is
passed by keyword; otherwise it calls ``tf_revive_runtime.tf0_nn``, which decides by dtype
when the graph is built (labels are integers, inputs floats) and raises when it cannot.
"""
from __future__ import annotations

import re

import libcst as cst

from migrate.fixers import CallState, call_fixer, display, keyword_arg
from migrate.fixers.tf0_era import written_for_tf0
from migrate.tables.hand import SAMPLED_LOSSES, TF0_REORDERED

_LABELISH = re.compile(r"(label|target|(^|_)y(_|$)|^y\w?$|truth)", re.I)


def _positional(call: cst.Call):
    if any(a.star for a in call.args):
        return None
    return [i for i, a in enumerate(call.args) if a.keyword is None]


def _to_keywords(call: cst.Call, params) -> cst.Call:
    args = list(call.args)
    index = 0
    for i, arg in enumerate(args):
        if arg.keyword is None:
            args[i] = keyword_arg(arg, params[index])
            index += 1
    return call.with_changes(args=args)


@call_fixer(15)
def tf0_reordered(call: cst.Call, state: CallState, ctx) -> cst.Call | None:
    orders = TF0_REORDERED.get(state.written)
    if orders is None:
        return None
    positional = _positional(call)
    if positional is None or len(positional) < 2:
        return None
    old, new = orders
    if len(positional) > len(old):
        return None
    shown = display(state.space, state.written)
    if written_for_tf0(ctx):
        ctx.change(state.original, "tf0-order",
                   f"{shown}: TF 0.x positional order ({', '.join(old[:len(positional)])}) "
                   "passed by keyword (this file is written for TF 0.x)")
        return _to_keywords(call, old)
    ctx.warn(state.original, "tf0-order",
             f"{shown}: TF 0.x took ({', '.join(old)}), TF 1.x+ ({', '.join(new)}); "
             "pass these arguments by keyword (left as is)")
    return None


def _last_name(node: cst.BaseExpression) -> str | None:
    while isinstance(node, (cst.Subscript, cst.Call)):
        node = node.value if isinstance(node, cst.Subscript) else node.func
    if isinstance(node, cst.Attribute):
        return node.attr.value
    if isinstance(node, cst.Name):
        return node.value
    return None


def _labelish(node) -> bool | None:
    name = _last_name(node)
    return None if name is None else bool(_LABELISH.search(name))


@call_fixer(16)
def sampled_loss_order(call: cst.Call, state: CallState, ctx) -> cst.Call | None:
    params = SAMPLED_LOSSES.get(state.canonical)
    if params is None:
        return None
    positional = _positional(call)
    if positional is None:
        ctx.warn(state.original, "tf0-order",
                 f"{display(state.space, state.canonical)}: TF 1.0 swapped inputs and labels; "
                 "pass labels= and inputs= by keyword")
        return None
    if len(positional) < 4 or positional[:4] != [0, 1, 2, 3]:
        return None  # inputs/labels given by keyword: nothing ambiguous
    third, fourth = call.args[2].value, call.args[3].value
    shown = display(state.space, state.canonical)
    a, b = _labelish(third), _labelish(fourth)
    if a and b is False:
        return None  # (weights, biases, labels, inputs): TF 1.x's order, TF 2's too
    if b and a is False:
        tf0 = list(params)
        tf0[2], tf0[3] = "inputs", "labels"
        ctx.change(state.original, "tf0-order",
                   f"{shown}: TF 0.x order (weights, biases, inputs, labels, ...) passed by "
                   "keyword (TF 1.0 swapped inputs and labels)")
        return _to_keywords(call, tf0)
    leaf = state.canonical.split(".")[-1]
    ctx.change(state.original, "tf0-order",
               f"{shown}: TF 1.0 swapped inputs and labels and the names here do not tell "
               f"which is which; -> tf_revive_runtime.tf0_nn.{leaf}, which picks labels by dtype")
    return call.with_changes(func=ctx.expr_for(f"@tf_revive_runtime.tf0_nn.{leaf}", state.name))
