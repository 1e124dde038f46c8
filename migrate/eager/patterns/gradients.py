"""Pattern: `tf.gradients` with `assign` updates becomes a tape and assign calls.

    grad_W, grad_b = tf.gradients(xs=[W, b], ys=cost)   ->  with tf.GradientTape() as tape:
                                                                cost = ...
                                                            grad_W, grad_b = tape.gradient(cost, [W, b])
    new_W = W.assign(W - 0.1 * grad_W)                  ->  new_W = W.assign(W - 0.1 * grad_W)
    new_b = tf.assign_sub(b, 0.1 * grad_b)              ->  new_b = b.assign_sub(0.1 * grad_b)

Assigns run after everything the run computes first, in source order. Gradients with
respect to placeholders or tensors are watched on the tape.

    grads = tf.gradients(loss, [W, b])                  ->  grads = tape.gradient(loss, [W, b])
    g = sess.run(grads, feed_dict={x: X})               ->  g = tf.nest.map_structure(lambda t: t.numpy(),
                                                                                      compute_grads(X))

The whole list fetched gives the list of arrays Session.run gave (map_structure, as
patterns/fetch_values.py writes a fetched structure: right for one tensor too, where a
fetch list's values are converted alike).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager.model import GStmt, Kind
from migrate.eager.pattern import Pattern
from migrate.eager import variable_record
from migrate.eager.assign_record import ASSIGNS, analyse_assign, is_assign_method
from migrate.eager.gradient_record import GradientsInfo, analyse_gradients

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis
    from migrate.eager.translate import Translator


def split_subscript(a: Analysis, value):
    """(`tf.gradients(...)`, its slice) for `tf.gradients(...)[0]`, else (value, None)."""
    if isinstance(value, cst.Subscript) and a.call_path(value.value) == "gradients":
        return value.value, value.slice
    return value, None


def writes(g: GStmt) -> list[GStmt]:
    return [g.info.var] if g.info is not None else []


# ---------------------------------------------------------------------------- the tape
def tape_targets(t: Translator, tape: GStmt) -> list[GStmt]:
    env = t.a.env_at[tape.idx]
    return [env[n.value] for n in t.a.names_in(tape.info.ys) if n.value in env]


def watched(tape: GStmt) -> list[GStmt]:
    """Sources that are not variables: the tape must watch them (none where the analysis
    refused the call: its problem is the file's reason)."""
    if tape.info is None:
        return []
    return [x for x in tape.info.xs_g if x.kind in (Kind.PLACEHOLDER, Kind.TENSOR)]


def is_whole_list(g: GStmt) -> bool:
    """`grads = tf.gradients(loss, [W, b])`: one name for the whole list of gradients."""
    return g.kind == Kind.GRADIENTS and len(g.targets) == 1 and (g.info is None or g.info.subscript is None)


def list_value(t: Translator, element, code: str) -> str | None:
    """The list of arrays Session.run gave for a fetched list of gradients, else None."""
    if element.gstmt is None or element.kind != Kind.TENSOR or not is_whole_list(element.gstmt):
        return None
    return f"{t.a.r.primary}.nest.map_structure(lambda t: t.numpy(), {code})"


def gradient_lines(t: Translator, body, tape: GStmt) -> bool:
    """`targets = tape.gradient(ys, [xs])` after the tape block."""
    info: GradientsInfo = tape.info
    body.comments(tape.node)
    if info.pairs:  # compute_gradients: [(gradient, variable), ...]
        names = "[" + ", ".join(variable_record.var_list_code(v) for v in tape.info.xs_g) + "]"
        body.add(f"{', '.join(tape.targets)} = list(zip({body.tape}.gradient({t.expr_code(info.ys)}, {names}), "
                 f"{names}))")
        return True
    xs_code = t.expr_code(info.xs[0]) if info.xs_list else "[" + ", ".join(t.expr_code(x) for x in info.xs) + "]"
    extra = f", output_gradients={t.expr_code(info.grad_ys)}" if info.grad_ys is not None else ""
    sub = info.subscript
    sub_code = "[" + ", ".join(cst.Module([]).code_for_node(e) for e in sub) + "]" if sub else ""
    computed = f"{body.tape}.gradient({t.expr_code(info.ys)}, {xs_code}{extra}){sub_code}"
    if info.wrapper is not None:  # `tf.clip_by_global_norm(tf.gradients(...), 5.0)`: the tape's in its place
        computed = t.expr_code(info.wrapper.deep_replace(info.inner, cst.parse_expression(computed)))
    body.add(f"{', '.join(tape.targets)} = {computed}")
    return True


class Gradients(Pattern):
    name = "gradients"
    summary = "tf.gradients + assign -> tape.gradient + assign calls"

    def refine_value(self, a: Analysis, small, target, value, path, item, env):
        if path is not None:
            return None
        value, subscript = split_subscript(a, value)
        return (value, "gradients", subscript) if subscript is not None else None

    def graph_kind(self, a: Analysis, value, path, subscript, names, env):
        if path == "gradients":
            return Kind.GRADIENTS, analyse_gradients(a, value, env, subscript)
        if path in ASSIGNS:
            return Kind.ASSIGN, analyse_assign(a, value, env, function=True)
        if is_assign_method(value):
            return Kind.ASSIGN, analyse_assign(a, value, env, function=False)
        return None

    def writes(self, t: Translator, g):
        return writes(g) if g.kind == Kind.ASSIGN else None

    def is_tape(self, g):
        return True if g.kind == Kind.GRADIENTS else None

    def is_update(self, g):
        return True if g.kind == Kind.ASSIGN else None

    def tape_targets(self, t: Translator, g):
        return tape_targets(t, g) if g.kind == Kind.GRADIENTS else None

    def watched(self, g):
        return watched(g) if g.kind == Kind.GRADIENTS else None

    def gradient_lines(self, t: Translator, body, g):
        return gradient_lines(t, body, g) if g.kind == Kind.GRADIENTS else None

    def value_code(self, t: Translator, element, code):
        return list_value(t, element, code)


PATTERN = Gradients()
