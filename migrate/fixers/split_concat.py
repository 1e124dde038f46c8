"""concat-order / split-order: TF 0.x put the axis first.

``tf.concat(0, [a, b])`` -> ``tf.concat([a, b], 0)``; ``tf.split(1, 3, x)`` ->
``tf.split(x, 3, 1)``.  An integer literal first is TF 0.x (a TF 1.x ``values``/``value``
is never an int); a list/tuple first or an int last is TF 1.x; anything else is ambiguous
and left as is with a warning.
"""
from __future__ import annotations

import libcst as cst

from migrate.fixers import CallState, call_fixer, display, int_literal


def _positional(call: cst.Call):
    args = list(call.args)
    if any(a.star for a in args):
        return None
    return [a for a in args if a.keyword is None]


def _swap(call: cst.Call, i: int, j: int) -> cst.Call:
    args = list(call.args)
    a, b = args[i], args[j]
    args[i], args[j] = a.with_changes(value=b.value), b.with_changes(value=a.value)
    return call.with_changes(args=args)


def _sequence(node) -> bool:
    return isinstance(node, (cst.List, cst.Tuple, cst.ListComp))


@call_fixer(30)
def concat_order(call: cst.Call, state: CallState, ctx) -> cst.Call | None:
    if state.canonical != "concat":
        return None
    positional = _positional(call)
    if not positional or len(positional) < 2:
        return None
    first, second = positional[0].value, positional[1].value
    if int_literal(first) and not int_literal(second):
        ctx.change(state.original, "concat-order",
                   f"{display(state.space, 'concat')}(axis, values) of TF 0.x -> (values, axis)")
        return _swap(call, 0, 1)
    if _sequence(first) or int_literal(second):
        return None
    ctx.warn(state.original, "concat-order",
             f"{display(state.space, 'concat')}(a, b): TF 0.x took (axis, values), TF 1.x+ "
             "(values, axis); check the order (left as is)")
    return None


@call_fixer(31)
def split_order(call: cst.Call, state: CallState, ctx) -> cst.Call | None:
    if state.canonical != "split":
        return None
    positional = _positional(call)
    if not positional or len(positional) < 3:
        return None
    first, third = positional[0].value, positional[2].value
    if int_literal(first) and not int_literal(third):
        ctx.change(state.original, "split-order",
                   f"{display(state.space, 'split')}(axis, num, value) of TF 0.x -> (value, num, axis)")
        return _swap(call, 0, 2)
    if int_literal(third) and not int_literal(first):
        return None
    ctx.warn(state.original, "split-order",
             f"{display(state.space, 'split')}(a, b, c): TF 0.x took (axis, num, value), TF 1.x+ "
             "(value, num_or_size_splits, axis); check the order (left as is)")
    return None
