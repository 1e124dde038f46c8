"""ref-variable: ``tf.Variable(...)`` -> ``tf.compat.v1.Variable(...)`` where TF 2's would differ.

TF 2's ``tf.Variable`` makes a resource variable and swallows unknown keywords, so two
kinds of TF 1.x code go wrong under it without an error (hand.VARIABLE_V1, ASSIGN_METHODS):

* a call passing what only TF 1.x's Variable took: ``collections=`` (a
  ``[tf.GraphKeys.LOCAL_VARIABLES]`` variable silently becomes a global one, so
  ``local_variables_initializer`` and the Saver see other variables), ``expected_shape=``,
  ``use_resource=``, or a third positional argument (TF 1.x's ``collections``, TF 2's
  ``validate_shape``);
* a file that computes with the value an ``assign``/``assign_add``/``assign_sub`` returns
  (``inc = tf.assign_add(w, 1.0); y = inc + w``): a ref variable's assign returns the
  variable's buffer, so a read of the variable in the same run sees the new value (TF 1.x:
  2, 4, 6 ...), a resource variable's read may come before the assignment (1, 3, 5 ...).
  Then every ``tf.Variable`` of the file keeps TF 1.x's ref semantics;
* a file that uses what only ref variables do (hand.REF_ONLY_USES: ``w.initialized_value()``,
  an assign with ``validate_shape=False``): TF 2.21 raises there.  The same.

``tf.compat.v1.Variable`` is TF 1.x's class; with ``disable_v2_behavior`` (graph mode) it
makes ref variables as TF 1.x did.  Everything else keeps ``tf.Variable``.
"""
from __future__ import annotations

import libcst as cst

from migrate.fixers import CallState, call_fixer
from migrate.tables.hand import (
    ASSIGN_METHODS, REF_ONLY_USES, VARIABLE_SHARED_POSITIONAL, VARIABLE_V1, VARIABLE_V1_ONLY,
)


def _assign_call(node) -> bool:
    return isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and \
        node.func.attr.value in ASSIGN_METHODS


def _validate_shape_false(call: cst.Call) -> bool:
    return any(a.keyword is not None and a.keyword.value == "validate_shape" and
               isinstance(a.value, cst.Name) and a.value.value == "False" for a in call.args)


def _ref_only(call: cst.Call) -> str | None:
    """What only ref variables do, when ``call`` does it (hand.REF_ONLY_USES)."""
    func = call.func
    name = func.attr.value if isinstance(func, cst.Attribute) else \
        func.value if isinstance(func, cst.Name) else ""
    if name == "initialized_value" and isinstance(func, cst.Attribute):
        return "initialized_value"
    if name in ASSIGN_METHODS and _validate_shape_false(call):
        return "validate_shape=False"
    return None


def _assign_value_use(found) -> cst.BaseExpression | None:
    """An operand that computes with an assign's result (directly or through a name
    bound to one), from the engine's scan of the module (``found``)."""
    bound = {target.target.value for node in found.assigns if _assign_call(node.value)
             for target in node.targets if isinstance(target.target, cst.Name)}
    return next((operand for node in found.operations for operand in (node.left, node.right)
                 if _assign_call(operand) or isinstance(operand, cst.Name) and operand.value in bound),
                None)


def ref_semantics_needed(ctx) -> str | None:
    """Why the file needs TF 1.x's ref variables, or None."""
    cached = getattr(ctx, "_ref_semantics", False)
    if cached is False:
        cached = None
        if any(f"{m}(" in ctx.source for m in ASSIGN_METHODS) or "initialized_value" in ctx.source:
            ref_only = next(filter(None, map(_ref_only, ctx.scan.calls)), None)
            if _assign_value_use(ctx.scan) is not None:
                cached = ("this file computes with an assign's result: TF 1.x's ref variables (a "
                          "read after the assign in the same run sees the new value), not TF 2's "
                          "resource ones")
            elif ref_only is not None:
                cached = (f"this file uses {ref_only}, which TF 2's resource variables do "
                          f"not support (it {REF_ONLY_USES[ref_only]}); TF 1.x's ref "
                          "variables do")
        ctx._ref_semantics = cached
    return cached


def _v1_only(call: cst.Call) -> list[str]:
    reasons = [f"{a.keyword.value}=" for a in call.args
               if a.keyword is not None and a.keyword.value in VARIABLE_V1_ONLY]
    positional = [a for a in call.args if a.keyword is None and not a.star]
    if len(positional) > VARIABLE_SHARED_POSITIONAL:
        reasons.insert(0, "a third positional argument (TF 1.x's collections)")
    return reasons


@call_fixer(41)
def ref_variables(call: cst.Call, state: CallState, ctx) -> cst.Call | None:
    if state.space != "v2" or state.canonical != "Variable" or state.target is not None:
        return None
    reasons = _v1_only(call)
    if reasons:
        why = (f"TF 2's tf.Variable silently ignores {', '.join(reasons)}; "
               "tf.compat.v1.Variable takes them as TF 1.x did")
    else:
        why = ref_semantics_needed(ctx)
        if why is None:
            return None
    ctx.change(state.original, "ref-variable", f"tf.Variable -> tf.{VARIABLE_V1}: {why}")
    return call.with_changes(func=ctx.expr_for("tensorflow." + VARIABLE_V1, state.name))
