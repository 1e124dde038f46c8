"""Pattern: the value a fetch gives back, as TF 1's Session.run gave it. What an op
function's fetch is (one tensor, an Operation run for its effect, or a structure of
outputs) is TensorFlow's answer, generated into migrate/tables/fetch_results.py.

    print(sess.run(tf.linalg.eigh(D)))      ->  print(tf.nest.map_structure(lambda t: t.numpy(), compute_value()))
    top = tf.nn.top_k(x, 2); sess.run(top)  ->  a TopKV2 of arrays, as Session.run gave
    parts = sess.run(tf.split(x, 3, 1))     ->  a list of arrays
    sess.run(tf.group(update_w, update_b))  ->  train_step()   (the updates run; the value is None)
    print(sess.run(update.op))              ->  print(train_step())   (None)

An Operation (`tf.group`, `tf.no_op`, `tensor.op`) fetched inline is run for its effect:
its function computes what it names and returns nothing, so the call gives None. It is
translated where it names graph values (`tf.group(a, b)`, `update.op`); an Operation
built around a call written inline (`w.assign(1.0).op`) is refused: its effect would be
lost. A structure's tensors become arrays through `tf.nest.map_structure`, which keeps
the list, tuple or namedtuple Session.run returned (and is right for one tensor too:
`svd(compute_uv=False)`).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager.model import Kind
from migrate.eager.pattern import Pattern
from migrate.tables.fetch_results import EFFECT_ATTRIBUTES, FETCH_RESULTS

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis
    from migrate.eager.translate import Translator

NONE = "None"  # the table's word for an Operation


def _call_result(a: Analysis, node) -> str | None:
    """The table's answer for a call of an op function, else None."""
    return FETCH_RESULTS.get(a.call_path(node)) if isinstance(node, cst.Call) else None


def is_operation(a: Analysis, expr) -> bool:
    """Is a fetched expression an Operation (`tf.group(...)`, `tf.no_op()`, `t.op`)?"""
    if isinstance(expr, cst.Attribute) and expr.attr.value in EFFECT_ATTRIBUTES:
        return True
    return _call_result(a, expr) == NONE


def _names_only(a: Analysis, expr, env) -> bool:
    """Does an Operation name only graph values (`tf.group(a, b)`, `update.op`, `tf.no_op()`)?"""
    if isinstance(expr, cst.Attribute):
        return isinstance(expr.value, cst.Name) and expr.value.value in env
    return all(isinstance(arg.value, cst.Name) and arg.value.value in env and arg.keyword is None
               for arg in expr.args)


def is_structure(t: Translator, element) -> bool:
    """Is the fetched element's value a structure of tensors (a list, tuple or namedtuple)?"""
    if element.kind == Kind.INLINE:
        value, targets = element.expr, [None]
    elif element.gstmt is not None:
        value, targets = element.gstmt.value, element.gstmt.targets
    else:
        return False
    result = _call_result(t.a, value)
    return result is not None and result != NONE and len(targets) == 1


class FetchValues(Pattern):
    name = "fetch_values"
    summary = "a fetched Operation gives None, a fetched structure of outputs its arrays"

    def runs_for_effect(self, a: Analysis, expr, env):
        if not is_operation(a, expr):
            return None
        if not _names_only(a, expr, env):
            a.problem(expr, "an Operation built around a call written inside Session.run (its effect would be "
                            "lost): name the op first")
        return True

    def value_code(self, t: Translator, element, code):
        if not is_structure(t, element):
            return None
        return f"{t.a.r.primary}.nest.map_structure(lambda t: t.numpy(), {code})"


PATTERN = FetchValues()
