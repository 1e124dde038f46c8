"""A placeholder default that is NumPy data: `x = tf.placeholder_with_default(X_train, [None, 4])`.

The graph copied `X_train` into a constant where the placeholder was built; the run
functions' argument `x=X_train` reads the array when the function is defined. The two are
the same array only where nothing changes `X_train` in between, so the name must be
bound once, at the top level, to a NumPy call (`np.random.rand(8, 4)`, `np.load(...)`,
`....astype(np.float32)`), and never rebound, assigned into, deleted, passed bare to a
call (`np.random.shuffle(X_train)`) or asked to change itself (`X_train.sort()`).
"""
from __future__ import annotations

import libcst as cst

NUMPY_MODULES = ("np", "numpy")
# ndarray methods that return a new value and leave the array as it is
READING_METHODS = {"astype", "copy", "reshape", "mean", "std", "sum", "min", "max", "transpose", "flatten",
                   "ravel", "tolist", "item", "any", "all", "dot", "argmax", "argmin", "var", "round", "squeeze"}


def _root_name(node) -> str | None:
    """`np` for `np.random.rand(8, 4).astype(np.float32)`; None where the chain has no name root."""
    while isinstance(node, (cst.Call, cst.Attribute, cst.Subscript)):
        node = node.func if isinstance(node, cst.Call) else node.value
    return node.value if isinstance(node, cst.Name) else None


def is_numpy_call(node) -> bool:
    return isinstance(node, cst.Call) and _root_name(node) in NUMPY_MODULES


class _Uses(cst.CSTVisitor):
    """The bindings of `name` and the uses that could change the array it holds."""

    def __init__(self, name: str, placeholder: cst.Call):
        self.name, self.placeholder = name, placeholder
        self.bindings: list = []  # the values of `name = value` statements
        self.changes = 0  # other bindings, assignments into it, bare passes, mutating calls

    def _is_name(self, node) -> bool:
        return isinstance(node, cst.Name) and node.value == self.name

    def visit_Assign(self, node):
        for target in node.targets:
            if self._is_name(target.target):
                self.bindings.append(node.value)
            elif _root_name(target.target) == self.name or self._binds(target.target):
                self.changes += 1

    def _binds(self, target) -> bool:
        return any(self._is_name(n) for n in _names_in(target))

    def visit_AugAssign(self, node):
        self.changes += _root_name(node.target) == self.name

    def visit_AnnAssign(self, node):
        self.changes += _root_name(node.target) == self.name

    def visit_Del(self, node):
        self.changes += self._binds(node.target) or _root_name(node.target) == self.name

    def visit_For(self, node):
        self.changes += self._binds(node.target)

    def visit_AsName(self, node):
        self.changes += self._binds(node.name)

    def visit_Global(self, node):
        self.changes += any(n.name.value == self.name for n in node.names)

    def visit_Call(self, node):
        if node is self.placeholder:
            return True
        self.changes += any(self._is_name(arg.value) for arg in node.args)
        func = node.func
        if isinstance(func, cst.Attribute) and self._is_name(func.value) and func.attr.value not in READING_METHODS:
            self.changes += 1
        return True


def _names_in(target) -> list:
    if isinstance(target, (cst.Tuple, cst.List)):
        return [n for element in target.elements for n in _names_in(element.value)]
    return [target.value] if isinstance(target, cst.StarredElement) else [target]


def unchanged_numpy_name(module: cst.Module, node, placeholder: cst.Call) -> bool:
    """`node` is a name bound once to a NumPy call that nothing in `module` changes after."""
    if not isinstance(node, cst.Name):
        return False
    uses = _Uses(node.value, placeholder)
    module.visit(uses)
    top_level = [s.body[0].value for s in module.body if isinstance(s, cst.SimpleStatementLine)
                 and len(s.body) == 1 and isinstance(s.body[0], cst.Assign)]
    return uses.changes == 0 and len(uses.bindings) == 1 and is_numpy_call(uses.bindings[0]) \
        and any(value is uses.bindings[0] for value in top_level)
