"""numpy (NEP 50): ``np.max(labels) + 1`` keeps the array's dtype under NumPy 2.

NumPy 1.x promoted by value: ``np.uint8(255) + 1`` was 256 (int64), so a TF 1.x script
could write ``tf.one_hot(y, np.max(y) + 1)`` for uint8 labels.  Under NumPy 2's NEP 50 the
result stays uint8 and wraps (``np.uint8(255) + 1 == 0``): a depth of 0, a shape of 0,
``range(0)``, with only a RuntimeWarning.  The class: a NumPy max/min reduction
(``np.max(a)``, ``np.amax(a)``, ``a.max()``, ``min`` alike) combined with an integer
literal by ``+``, ``-`` or ``*``.

Where that value is used as a count or a shape (hand.INTEGER_ARGUMENTS, INTEGER_KEYWORDS,
NumPy's shape arguments below, ``range``), directly or through a name assigned from it,
the reduction is made a Python int first: ``int(np.max(y)) + 1`` (exact for every integer
dtype; a float there was refused anyway).  Anywhere else its use cannot be told (a float
array's max is meant to stay a float), so it is kept and warned about, with the line.
"""
from __future__ import annotations

import re

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from migrate.findings import CHANGE, WARNING, Finding
from migrate.node_helpers import dotted
from migrate.tables.hand import INTEGER_ARGUMENTS, INTEGER_KEYWORDS

REDUCTIONS = frozenset({"max", "amax", "min", "amin"})
# NumPy's own count/shape parameters: function -> position
NUMPY_INTEGER_ARGUMENTS = {"zeros": 0, "ones": 0, "empty": 0, "full": 0, "eye": 0, "identity": 0}
_OPERATORS = (cst.Add, cst.Subtract, cst.Multiply)
# a cheap test first: a reduction (arguments nested one level deep) next to an integer
_HINT = re.compile(r"\b(?:a?max|a?min)\s*\((?:[^()]|\([^()]*\))*\)\s*[-+*]\s*\d"
                   r"|\d\s*[-+*]\s*[\w.]*\b(?:a?max|a?min)\s*\(")
_IMPORT = re.compile(r"^\s*import\s+(numpy|tensorflow)(?:\s+as\s+(\w+))?", re.M)


def _aliases(source: str) -> tuple[set[str], set[str]]:
    numpy, tensorflow = set(), set()
    for module, alias in _IMPORT.findall(source):
        (numpy if module == "numpy" else tensorflow).add(alias or module)
    return numpy, tensorflow


class _Find(cst.CSTVisitor):
    def __init__(self, numpy: set[str], tensorflow: set[str]):
        self.numpy, self.tensorflow = numpy, tensorflow
        self.patterns: list[cst.BinaryOperation] = []
        self.reduction_of: dict[int, cst.Call] = {}  # id(pattern) -> its reduction call
        self.integer: set[int] = set()  # ids of patterns in a count/shape place
        self.integer_names: set[str] = set()
        self.assigned: list[tuple[str, cst.BinaryOperation]] = []

    # ------------------------------------------------------------ the pattern
    def _reduction(self, node) -> cst.Call | None:
        if not isinstance(node, cst.Call) or not isinstance(node.func, cst.Attribute) or \
                node.func.attr.value not in REDUCTIONS:
            return None
        base = dotted(node.func.value)
        if base in self.numpy:  # np.max(a): one positional argument, no axis
            ok = len(node.args) == 1 and node.args[0].keyword is None and not node.args[0].star
        else:  # a.max(): no arguments
            ok = node.func.attr.value in ("max", "min") and not node.args and \
                (base or "").split(".")[0] not in self.tensorflow
        return node if ok else None

    def visit_BinaryOperation(self, node):
        if not isinstance(node.operator, _OPERATORS):
            return
        for side, other in ((node.left, node.right), (node.right, node.left)):
            call = self._reduction(side)
            if call is not None and isinstance(other, cst.Integer):
                self.patterns.append(node)
                self.reduction_of[id(node)] = call
                return

    # ------------------------------------------------------------ where it goes
    def _integer_place(self, value):
        for item in (e.value for e in value.elements) if isinstance(value, (cst.List, cst.Tuple)) \
                else (value,):
            if isinstance(item, cst.BinaryOperation):
                self.integer.add(id(item))
            elif isinstance(item, cst.Name):
                self.integer_names.add(item.value)

    def _position(self, func) -> int | None:
        name = dotted(func)
        if name is None:
            return None
        if name == "range":
            return -1
        base, _, rel = name.partition(".")
        if base in self.numpy:
            return NUMPY_INTEGER_ARGUMENTS.get(rel)
        if base in self.tensorflow:
            rel = rel[len("compat.v1."):] if rel.startswith("compat.v1.") else rel
            row = INTEGER_ARGUMENTS.get(rel)
            return row[0] if row else None
        return None

    def visit_Call(self, node):
        position = self._position(node.func)
        index = 0
        for arg in node.args:
            if arg.star:
                break
            if arg.keyword is None:
                if position == -1 or position == index:
                    self._integer_place(arg.value)
                index += 1
            elif arg.keyword.value in INTEGER_KEYWORDS:
                self._integer_place(arg.value)

    def visit_Assign(self, node):
        if isinstance(node.value, cst.BinaryOperation):
            for target in node.targets:
                if isinstance(target.target, cst.Name):
                    self.assigned.append((target.target.value, node.value))


class _IntFirst(cst.CSTTransformer):
    def __init__(self, calls: set[int]):
        self.calls = calls

    def leave_Call(self, original, updated):
        if id(original) not in self.calls:
            return updated
        return cst.Call(func=cst.Name("int"), args=[cst.Arg(updated)])


def modernize(source: str, module: cst.Module | None = None) -> tuple[str, list[Finding]]:
    """``module``: the engine's tree of ``source`` when it has one (not parsed again; read
    only, never changed)."""
    if not _HINT.search(source):
        return source, []
    numpy, tensorflow = _aliases(source)
    try:
        wrapper = MetadataWrapper(module if module is not None else cst.parse_module(source),
                                  unsafe_skip_copy=True)
    except cst.ParserSyntaxError:
        return source, []
    finder = _Find(numpy, tensorflow)
    wrapper.module.visit(finder)
    if not finder.patterns:
        return source, []
    for name, value in finder.assigned:
        if name in finder.integer_names:
            finder.integer.add(id(value))
    positions = wrapper.resolve(PositionProvider)
    findings, calls = [], set()
    for pattern in finder.patterns:
        call = finder.reduction_of[id(pattern)]
        shown = wrapper.module.code_for_node(pattern)
        line = positions[pattern].start.line
        column = positions[pattern].start.column
        if id(pattern) in finder.integer:
            calls.add(id(call))
            findings.append(Finding(line, column, "numpy", f"{shown}: a count or shape; NumPy 2 "
                                    "keeps the array's dtype (NEP 50: uint8 wraps at 256), so "
                                    "the reduction is made a Python int first", CHANGE))
        else:
            findings.append(Finding(line, column, "numpy", f"{shown}: under NumPy 2 this keeps "
                                    "the array's dtype (NEP 50: for uint8 labels np.max(y) + 1 "
                                    "wraps at 256); where it is a count or a shape write "
                                    "int(...) around the reduction (left as is)", WARNING))
    if not calls:
        return source, findings
    return wrapper.module.visit(_IntFirst(calls)).code, findings
