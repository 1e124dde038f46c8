"""xent-label-gradient: TF 1.x's softmax cross entropy never back-propagated into labels.

``tf.nn.softmax_cross_entropy_with_logits`` of TF 1.x stopped the gradient at ``labels``;
the TF 2 function of the same name lets it flow (TF 2.0 release notes: the v1 function is
``softmax_cross_entropy_with_logits`` with ``stop_gradient`` on the labels). The numbers
differ only when the labels depend on a trained variable, and then silently, so the labels
are wrapped in ``tf.stop_gradient`` as ``tf_upgrade_v2`` does. Already wrapped labels, and
the ``compat.v1`` function (which still stops it), are left alone. Where no ``tf`` prefix
can be written (the function was imported by name), the call is left with a warning.
"""
from __future__ import annotations

import libcst as cst

from migrate.fixers import CallState, call_fixer, display
from migrate.node_helpers import dotted

FUNCTION = "nn.softmax_cross_entropy_with_logits"


def _already_stopped(value: cst.BaseExpression) -> bool:
    return isinstance(value, cst.Call) and (dotted(value.func) or "").endswith("stop_gradient")


@call_fixer(30)
def xent_label_gradient(call: cst.Call, state: CallState, ctx) -> cst.Call | None:
    if state.space != "v2" or state.canonical != FUNCTION:
        return None
    labels = [a for a in call.args if a.keyword is not None and a.keyword.value == "labels"]
    if len(labels) != 1 or _already_stopped(labels[0].value):
        return None
    written = dotted(call.func) or ""
    suffix = "." + FUNCTION
    if not written.endswith(suffix):
        ctx.warn(state.original, "xent-label-gradient",
                 f"{display(state.space, FUNCTION)}: TF 1.x stopped the gradient into labels, "
                 "TF 2 does not; wrap labels in tf.stop_gradient if they depend on a variable")
        return None
    stop = cst.parse_expression(written[: -len(suffix)] + ".stop_gradient")
    wrapped = labels[0].with_changes(value=cst.Call(func=stop, args=[cst.Arg(labels[0].value)]))
    ctx.change(state.original, "xent-label-gradient",
               f"{display(state.space, FUNCTION)}: labels wrapped in stop_gradient "
               "(TF 1.x never back-propagated into labels)")
    return call.with_changes(args=[wrapped if a is labels[0] else a for a in call.args])
