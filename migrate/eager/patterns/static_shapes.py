"""Pattern: the static shape of a placeholder, read by Python code, is the shape it was
declared with.

    x = tf.placeholder(tf.float32, [None, 5])
    n_features = x.get_shape().as_list()[1]         ->  n_features = 5
    W = tf.Variable(tf.zeros([x.shape[1], 1]))      ->  W = tf.Variable(tf.zeros([5, 1]))
    print(x.get_shape().as_list())                  ->  print([None, 5])
    print(x.get_shape())                            ->  print(tf.TensorShape([None, 5]))   (a warning)

The placeholder disappears in the translation (it becomes an argument of the run
functions), so a read of its static shape outside them is written as the value it
had: `.as_list()`, `[i]`, `[i].value` and `.ndims` of `x.get_shape()` / `x.shape`. A
whole TensorShape is written `tf.TensorShape([None, 5])` where it is an argument of print,
with a warning (rule eager-printed-repr): TF 1 prints an unknown dimension `?`, TF 2
`None` (migrate verify does not compare that line); used otherwise it is not rewritten
(the file falls back: the placeholder is used outside Session.run). The shape must be a literal list or tuple; Python names in it must not be
rebound between the placeholder and the read. Inside a run function nothing changes:
there `x` is an argument whose input signature has the same static shape.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from dataclasses import dataclass, field

from migrate.eager.model import Kind
from migrate.eager.pattern import PRINTED_REPR_RULE, PYTHON_VALUE, Pattern

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis
    from migrate.eager.translate import Translator

__all__ = ["PATTERN", "find", "record", "substitute"]


def find(a: Analysis, node, env, item) -> list[tuple]:
    """[(node, code)] for each outermost static-shape read of a placeholder in `node`."""
    found = []

    class Reads(cst.CSTVisitor):
        def on_visit(self, n):
            found.extend(_printed_shapes(a, n, env, item))
            code = _code(a, n, env, item)
            if code is not None:
                found.append((n, code))
                return False
            return not isinstance(n, cst.Lambda)

    node.visit(Reads())
    return found


def _printed_shapes(a: Analysis, n, env, item) -> list[tuple]:
    """[(node, code)] of the whole shapes of placeholders `print` is given (`print(x.shape)`)."""
    if not (isinstance(n, cst.Call) and isinstance(n.func, cst.Name) and n.func.value == "print"):
        return []
    out = []
    for arg in n.args:
        dims = None if arg.keyword is not None or arg.star else _dims(a, arg.value, env, item)
        if dims is not None:
            a.state(PATTERN).printed[id(arg.value)] = None
            out.append((arg.value, f"{a.r.primary}.TensorShape([{', '.join(dims)}])"))
    return out


def record(a: Analysis, reads: list[tuple], node, env) -> None:
    """The reads are written as their values (NameRewriter's replacements); the graph
    names of `node` are accounted for."""
    printed = a.state(PATTERN).printed
    for n, code in reads:
        a.edits.expressions[id(n)] = code
        if id(n) in printed and "None" in code:  # a known shape prints the same text in both
            printed[id(n)] = (a.line(n), a.col(n), PRINTED_REPR_RULE, (
                f"a placeholder's shape printed whole became `{code}`: TF 1 printed an unknown dimension as `?`, "
                "eager TF 2 prints `None`, so the printed line changes (migrate verify does not compare it)"))
        a.notes.append((a.line(n), "eager-shape", f"a placeholder's static shape read outside the run functions "
                                                  f"became its declared value `{code}`"))
    for n in a.names_in(node):
        if n.value in env:
            a.accounted.add(n)


def substitute(node, reads: list[tuple]):
    """`node` with the reads replaced by their values (for the analysis only)."""
    codes = {id(n): code for n, code in reads}

    class Replace(cst.CSTTransformer):
        def on_leave(self, original, updated):
            code = codes.get(id(original))
            return cst.parse_expression(code) if code is not None else updated

    return node.visit(Replace())


def _code(a: Analysis, n, env, item) -> str | None:
    """The value of a static-shape read, as code, else None."""
    # `x.shape[1].value` / `x.get_shape()[1].value`: a Dimension's value
    if isinstance(n, cst.Attribute) and n.attr.value == "value" and isinstance(n.value, cst.Subscript):
        return _code(a, n.value, env, item)
    if isinstance(n, cst.Attribute) and n.attr.value == "ndims":
        dims = _dims(a, n.value, env, item)
        return None if dims is None else str(len(dims))
    if isinstance(n, cst.Call) and not n.args and isinstance(n.func, cst.Attribute) and n.func.attr.value == "as_list":
        dims = _dims(a, n.func.value, env, item)
        return None if dims is None else "[" + ", ".join(dims) + "]"
    if isinstance(n, cst.Subscript) and len(n.slice) == 1 and isinstance(n.slice[0].slice, cst.Index):
        index = n.slice[0].slice.value
        inner = n.value
        if isinstance(inner, cst.Call) and not inner.args and isinstance(inner.func, cst.Attribute) \
                and inner.func.attr.value == "as_list":
            inner = inner.func.value
        dims = _dims(a, inner, env, item)
        if dims is None or not isinstance(index, cst.Integer) or int(index.value) >= len(dims):
            return None
        return dims[int(index.value)]
    return None  # a whole TensorShape prints `(?, 5)` in TF 1, `(None, 5)` in TF 2: not rewritten


def _dims(a: Analysis, n, env, item) -> list[str] | None:
    """The declared dimensions (as code) when `n` is `P.shape` or `P.get_shape()` of a placeholder P."""
    if isinstance(n, cst.Call) and not n.args and isinstance(n.func, cst.Attribute) \
            and n.func.attr.value == "get_shape":
        n = n.func.value
    elif isinstance(n, cst.Attribute) and n.attr.value == "shape":
        n = n.value
    else:
        return None
    if not (isinstance(n, cst.Name) and n.value in env and env[n.value].kind == Kind.PLACEHOLDER):
        return None
    ph = env[n.value]
    shape = ph.info.shape if ph.info is not None else None
    if not isinstance(shape, (cst.List, cst.Tuple)) or any(isinstance(el, cst.StarredElement)
                                                            for el in shape.elements):
        return None
    names = [m.value for el in shape.elements for m in a.names_in(el.value) if m.value != "None"]
    if any(m in env or a.assigned_in(m, ph.idx, item.idx) for m in names):
        return None
    return [cst.Module([]).code_for_node(el.value) for el in shape.elements]


class StaticShapes(Pattern):
    name = "static_shapes"
    summary = "a placeholder's static shape read by Python code"

    @dataclass
    class State:
        printed: dict = field(default_factory=dict)  # id(shape printed whole) -> its warning, once recorded

    def plan(self, t: Translator) -> None:
        t.warnings += [w for w in t.a.state(PATTERN).printed.values() if w is not None]

    def claim_expression(self, a: Analysis, small, item, path, env) -> bool:
        reads = find(a, small.value, env, item)
        if reads and not a.is_graph_expr(substitute(small.value, reads), env):
            record(a, reads, small.value, env)
        return False

    def refine_value(self, a: Analysis, small, target, value, path, item, env):
        reads = find(a, value, env, item)
        if not reads:
            return None
        substituted = substitute(value, reads)
        if not a.is_graph_expr(substituted, env):  # a Python value computed from a static shape
            record(a, reads, value, env)
            return PYTHON_VALUE
        if path == "Variable":
            record(a, reads, value, env)
            return substituted, path, None
        return None


PATTERN = StaticShapes()
