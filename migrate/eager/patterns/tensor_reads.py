"""Pattern: a graph tensor read by Python code outside Session.run.

    b = tf.matmul(a, c)                     (a tensor of constants: computed once, at module level)
    rows = b.shape[0]                       ->  rows = b.shape[0]            (a Python value, not a tensor)
    print(b.get_shape().as_list(), b.dtype) ->  unchanged
    n = b.shape[1].value                    ->  n = b.shape[1]
    print(hello)                            ->  print(hello)    (a warning: the value, not the graph's repr)
    print(W)                                ->  print(W)        (the same warning for a variable)
    print(a + b, tf.add(a, W))              ->  unchanged       (the same warning: tensors computed when printed)
    print(str(hello))                       ->  refused: the graph's repr made a string
    print(b.name)                           ->  refused: an eager tensor has no name

A tensor of constants is a value in eager TF, computed where the graph built it
(constants.py), so its static properties (tables/tensor_attributes.py: `.shape`,
`.get_shape()`, `.dtype`, `.ndim`, and a shape's `[i]`, `.as_list()`, `.ndims`, ...)
read the same as in the graph and are kept as written; a Dimension's `.value` is written
away (an eager dimension is an int). Refused, with their own reason:

- a static read of a tensor computed inside the run functions (it exists there only), or
  of a tensor computed by an op whose output shape the graph did not know (`tf.unique`);
- an attribute only graph tensors have (`.name`, `.op`, `.graph`);
- `str(t)` / `repr(t)` / `.format(t)` / an f-string of the tensor itself: TF 1 made the
  graph's repr (`Tensor("Const:0", shape=(), dtype=string)`) a string, which the program
  may go on to use; an eager tensor gives its value.

`print(t)` of a tensor of constants or of a variable (an argument of print itself, or a
tensor computed from those in the argument, `print(a + b)`, no random op) is kept:
TF 1 printed the graph's repr, eager TF 2 prints the value. The printed line changes and
nothing reads it: a warning (rule eager-printed-repr) says so at the line, and `migrate
verify` does not compare the lines of such prints (it counts them on both sides).

One difference is left, and said in a note: the compat form's `t.shape[i]` is a
`Dimension`, whose repr (inside a printed list) is `Dimension(3)` where eager prints `3`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager import names as N
from migrate.eager.model import Kind, closure
from migrate.eager.pattern import PRINTED_REPR_RULE, PYTHON_VALUE, Pattern
from migrate.tables import tensor_attributes as T

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis
    from migrate.eager.translate import Translator

__all__ = ["PATTERN"]

_TENSORS = (Kind.TENSOR, Kind.CONSTANT)


def _parents(node) -> dict:
    """Child -> parent for every node under `node`."""
    out = {}

    class Parents(cst.CSTVisitor):
        def on_visit(self, n):
            for child in n.children:
                out[child] = n
            return True

    node.visit(Parents())
    return out


def _called(node, parents) -> cst.Call | None:
    """The call `node()` with no arguments when `node` is its function."""
    call = parents.get(node)
    return call if isinstance(call, cst.Call) and call.func is node and not call.args else None


def _shape_read(shape, parents):
    """The outermost node of a read of the TensorShape `shape` (the whole shape, `[i]`,
    `[i].value`, `.as_list()`, `.ndims`, ...), and the `.value` node to write away, or
    (None, None) for a read the table does not hold."""
    up = parents.get(shape)
    if isinstance(up, cst.Attribute) and up.value is shape:
        name = up.attr.value
        if name in T.SHAPE_ATTRIBUTES:
            return up, None
        call = _called(up, parents) if name in T.SHAPE_METHODS else None
        return call, None
    if isinstance(up, cst.Subscript) and up.value is shape:
        value = parents.get(up)
        if isinstance(value, cst.Attribute) and value.value is up and value.attr.value == "value":
            return value, value
        return up, None
    return shape, None


def static_read(name: cst.Name, parents):
    """(outermost node, `.value` node or None) of a static read of the tensor `name`;
    (None, None) where `name` is not read that way."""
    attr = parents.get(name)
    if not isinstance(attr, cst.Attribute) or attr.value is not name:
        return None, None
    if attr.attr.value in T.STATIC_METHODS:
        shape = _called(attr, parents)
        return (None, None) if shape is None else _shape_read(shape, parents)
    if attr.attr.value == "shape":
        return _shape_read(attr, parents)
    return (attr, None) if attr.attr.value in T.STATIC else (None, None)


# what may stand between a tensor and the print argument that computes a tensor from it
_TENSOR_EXPRESSIONS = (cst.BinaryOperation, cst.UnaryOperation, cst.Subscript, cst.SubscriptElement, cst.Index)


def _print_argument(a: Analysis, name: cst.Name, parents, env) -> cst.Arg | None:
    """The argument of print that is the tensor `name` itself (`print(t)`, `print('t:', t)`)
    or a tensor computed from tensors of constants and variables only (`print(a + b)`,
    `print(tf.add(a, b))`, no random op), else None."""
    node, up = name, parents.get(name)
    while True:
        if isinstance(up, cst.Arg) and isinstance(parents.get(up), cst.Call):
            call = parents[up]
            if isinstance(call.func, cst.Name) and call.func.value == "print":
                break
            path = a.r.resolve(call.func)
            if path is None or N.is_python_side(path):
                return None
            node, up = call, parents.get(call)
        elif isinstance(up, _TENSOR_EXPRESSIONS):
            node, up = up, parents.get(up)
        else:
            return None
    if up.keyword is not None or up.star:
        return None
    for n in a.names_in(up.value):
        if n.value in env and env[n.value].kind not in (Kind.CONSTANT, Kind.VARIABLE):
            return None
    for call in [n for n in _parents(up.value) if isinstance(n, cst.Call)] + [up.value]:
        path = a.r.resolve(call.func) if isinstance(call, cst.Call) else ""
        if path is None or path in N.SEED_POSITION or path.startswith("random"):
            return None  # a function of the file, or a draw (eagerly it would advance the seed's stream)
    return up


def _printed_repr(a: Analysis, arg: cst.Arg, env) -> None:
    """The warning for `print(t)` of a tensor or variable kept as written (once per argument)."""
    printed = a.state(PATTERN).printed
    if id(arg) in printed:
        return
    variable = isinstance(arg.value, cst.Name) and env[arg.value.value].kind == Kind.VARIABLE
    what, repr_ = ("a variable", T.GRAPH_VARIABLE_REPR) if variable else ("a tensor", T.GRAPH_REPR)
    code = cst.Module([]).code_for_node(arg.value)
    printed[id(arg)] = (a.line(arg), a.col(arg), PRINTED_REPR_RULE, (
        f"`print({code})` prints {what} itself: TF 1 printed the graph's repr (like `{repr_}`), "
        "eager TF 2 prints its value, so the printed line changes (migrate verify does not compare it)"))


def _printed(name: cst.Name, parents) -> bool:
    """Is the tensor itself printed, formatted or made a string?"""
    up = parents.get(name)
    if isinstance(up, cst.FormattedStringExpression):
        return True
    call = parents.get(up) if isinstance(up, cst.Arg) else None
    if not isinstance(call, cst.Call):
        return False
    func = call.func
    return isinstance(func, cst.Name) and func.value in T.PRINTING_CALLS \
        or isinstance(func, cst.Attribute) and func.attr.value == "format"


def _data_dependent(a: Analysis, g) -> str | None:
    """The op of g's computation whose output shape the graph did not know, or None."""
    for d in closure([g]):
        for n in _parents(d.value) if d.value is not None else {}:
            if isinstance(n, cst.Call) and a.call_path(n) in T.DATA_DEPENDENT_SHAPE:
                return a.call_path(n)
    return None


class TensorReads(Pattern):
    name = "tensor_reads"
    summary = "a tensor's static properties read by Python code; print(tensor) kept with a warning"

    @dataclass
    class State:
        printed: dict = field(default_factory=dict)  # id(print argument) -> (line, column, rule, message)

    def read_kept(self, a: Analysis, node, item, env) -> None:
        """`print(W)` of a variable: kept, said."""
        arg = _print_argument(a, node, _parents(item.node), env) if env[node.value].kind == Kind.VARIABLE else None
        if arg is not None:
            _printed_repr(a, arg, env)

    def plan(self, t: Translator) -> None:
        t.warnings += t.a.state(PATTERN).printed.values()

    def refine_value(self, a: Analysis, small, target, value, path, item, env):
        """`rows = b.shape[0]`: a Python value (whether it can be read is outside_run's answer)."""
        parents = _parents(value)
        reads = {}
        for n in a.names_in(value):
            if n.value in env and env[n.value].kind in _TENSORS:
                top, _ = static_read(n, parents)
                if top is None:
                    return None
                reads[id(top)] = top
        if not reads:
            return None

        class Replace(cst.CSTTransformer):
            def on_leave(self, original, updated):
                return cst.Integer("0") if id(original) in reads else updated

        return PYTHON_VALUE if not a.is_graph_expr(value.visit(Replace()), env) else None

    def outside_run(self, a: Analysis, node, item, env):
        g = env[node.value]
        if g.kind not in _TENSORS:
            return None
        parents = _parents(item.node)
        attr = parents.get(node)
        if isinstance(attr, cst.Attribute) and attr.value is node and attr.attr.value in T.GRAPH_ONLY:
            return f"`{node.value}.{attr.attr.value}`: {T.GRAPH_ONLY[attr.attr.value]} in eager TF 2"
        arg = _print_argument(a, node, parents, env) if g.kind == Kind.CONSTANT else None
        if arg is not None:
            _printed_repr(a, arg, env)
            return True
        if _printed(node, parents):
            return (f"`{node.value}` is printed as a graph tensor (TF 1 prints its repr, like "
                    f"`{T.GRAPH_REPR}`); an eager tensor prints its value, so the printed line would change")
        top, dimension = static_read(node, parents)
        if top is None:
            return None
        code = cst.Module([]).code_for_node(top)
        if g.kind != Kind.CONSTANT:
            return (f"`{code}` reads a static property of `{node.value}`, a tensor that exists only inside the "
                    "run functions of the translation")
        op = _data_dependent(a, g)
        if op is not None and code != f"{node.value}.dtype":
            return f"`{code}`: the graph did not know the shape tf.{op} gives, an eager tensor does"
        if dimension is not None:
            a.edits.expressions[id(dimension)] = cst.Module([]).code_for_node(dimension.value)
        caveat = " (a dimension is an int eagerly, a Dimension in the graph: same value, another repr)" \
            if isinstance(top, cst.Subscript) or dimension is not None else ""
        a.notes.append((a.line(node), "eager-shape", f"`{code}` is kept: a static property of a tensor of constants, "
                                                     f"the same in eager TF 2{caveat}"))
        return True


PATTERN = TensorReads()
