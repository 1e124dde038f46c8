"""Whether a graph tensor is floating or integer, read from the file where it shows:
literals, `tf.constant` of literals, a `dtype=` given, placeholders, and ops (also `+`, `-`,
`*`) whose result has their operands' dtype (migrate/tables/dtype_rules.py), through the names of the module's
graph statements. `kind(a, node)` is "float", "integer" or None (not known when the file is
translated). A Python number next to a tensor takes the tensor's dtype (TF converts it), so
it decides nothing unless every operand is one.
"""
from __future__ import annotations

import libcst as cst

from migrate.tables.dtype_rules import DTYPE_PARAMETER, FLOAT_DTYPES, INTEGER_DTYPES, SAME_DTYPE

FLOAT, INTEGER = "float", "integer"
# Python operators on tensors that are their same-dtype ops (`/` is truediv: ints give floats)
SAME_DTYPE_OPERATORS = (cst.Add, cst.Subtract, cst.Multiply)


def kind(a, node: cst.BaseExpression) -> str | None:
    """"float" / "integer" for a tensor expression of the module's graph, else None."""
    found = _kind(a, node, _bindings(a), set())
    return found[0] if found else None


def operands_kind(a, operands) -> str | None:
    """The kind of the operands of an op that takes them in one dtype (`tf.div(x, y)`)."""
    found = _operands(a, operands, _bindings(a), set())
    return found[0] if found else None


def _bindings(a) -> dict:
    """name -> the value of the one graph statement that binds it (names bound more than once: None)."""
    out: dict = {}
    for g in a.gstmts:
        for name in g.targets:
            out[name] = g.value if name not in out and len(g.targets) == 1 else None
    return out


def _literal(node) -> str | None:
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, (cst.Minus, cst.Plus)):
        return _literal(node.expression)
    if isinstance(node, cst.Float):
        return FLOAT
    if isinstance(node, cst.Integer):
        return INTEGER
    if isinstance(node, (cst.List, cst.Tuple)) and node.elements:
        kinds = {_literal(e.value) for e in node.elements}
        return kinds.pop() if len(kinds) == 1 else None
    return None


def _dtype_kind(a, node) -> str | None:
    path = a.r.resolve(node) if isinstance(node, (cst.Name, cst.Attribute)) else None
    name = (path or "").rpartition(".")[2]
    return FLOAT if name in FLOAT_DTYPES else INTEGER if name in INTEGER_DTYPES else None


def _argument(call: cst.Call, position: int, keyword: str):
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == keyword:
            return arg.value
    positional = [arg.value for arg in call.args if arg.keyword is None]
    return positional[position] if position < len(positional) else None


def _kind(a, node, bindings: dict, seen: set):
    """(kind, True) for a tensor's kind, (kind, False) for a Python literal's, None when unknown."""
    literal = _literal(node)
    if literal is not None:
        return literal, False
    if isinstance(node, cst.Name):
        value = bindings.get(node.value)
        if value is None or node.value in seen:
            return None
        found = _kind(a, value, bindings, seen | {node.value})
        return found if found is None or found[1] else None  # a Python number bound by a graph statement: unknown
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, SAME_DTYPE_OPERATORS):
        return _operands(a, [node.left, node.right], bindings, seen)
    if not isinstance(node, cst.Call) or any(arg.star for arg in node.args):
        return None
    path = a.call_path(node)
    if path in DTYPE_PARAMETER:
        position, default = DTYPE_PARAMETER[path]
        dtype = _argument(node, position, "dtype")
        if dtype is not None:
            found = _dtype_kind(a, dtype)
            return (found, True) if found else None
        if default is not None:
            return _dtype_kind_name(default), True
        value = _argument(node, 0, "value")
        literal = _literal(value) if value is not None else None
        return (literal, True) if literal else None
    if path in SAME_DTYPE:
        return _operands(a, [arg.value for arg in node.args if arg.keyword is None][:SAME_DTYPE[path]], bindings, seen)
    return None


def _operands(a, operands, bindings: dict, seen: set):
    found = [_kind(a, operand, bindings, seen) for operand in operands]
    strong = {k for k, is_tensor in filter(None, found) if is_tensor}
    if len(strong) == 1:
        return strong.pop(), True
    if found and all(f is not None and not f[1] for f in found) and len({k for k, _ in found}) == 1:
        return found[0][0], True  # every operand a Python number of one kind: TF makes that tensor
    return None


def _dtype_kind_name(name: str) -> str | None:
    return FLOAT if name in FLOAT_DTYPES else INTEGER if name in INTEGER_DTYPES else None
