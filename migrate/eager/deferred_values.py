"""`.numpy()` where the value is used as a number, not every step:

    for step in range(1000):                       for step in range(1000):
        l = train_step(X, Y).numpy()                   l = train_step(X, Y)
        if step % 100 == 0:                  ->        if step % 100 == 0:
            print(step, l)                                 print(step, l.numpy())

A run function's result converted in a loop's body (not under an `if` of its own) but
read only inside `if` blocks of that loop (a value printed every N steps) is converted where it is read: `.numpy()` waits for
the step and copies its value to the host, which a step whose value is not printed need
not do. Only a result bound once, by a name, in a `tf.function` (its result is a tensor of
its own, never a variable read later) and read as a value (never assigned into) moves its
conversion; anything else is left as written.
"""
from __future__ import annotations

import libcst as cst
import libcst.metadata as meta


def deferred(code: str, functions: set[str]) -> str:
    """`code` with the conversions of `functions`' results moved to their reads."""
    if not functions or ".numpy()" not in code:
        return code
    try:
        wrapper = meta.MetadataWrapper(cst.parse_module(code))
    except cst.ParserSyntaxError:
        return code
    finder = _Finder(wrapper, functions)
    wrapper.visit(finder)
    if not finder.moves:
        return code
    return wrapper.module.visit(_Mover(finder.moves)).code


def _converted_result(value, functions) -> bool:
    """`f(...).numpy()` with f one of `functions`."""
    return (isinstance(value, cst.Call) and not value.args and isinstance(value.func, cst.Attribute)
            and value.func.attr.value == "numpy" and isinstance(value.func.value, cst.Call)
            and isinstance(value.func.value.func, cst.Name) and value.func.value.func.value in functions)


class _Finder(cst.CSTVisitor):
    METADATA_DEPENDENCIES = (meta.ScopeProvider, meta.ParentNodeProvider)

    def __init__(self, wrapper, functions):
        super().__init__()
        self.wrapper = wrapper
        self.functions = functions
        self.loops: list = []
        self.moves: dict = {}  # the Assign -> the Name nodes read

    def visit_For(self, node):
        self.loops.append(node)

    def leave_For(self, node):
        self.loops.pop()

    def visit_While(self, node):
        self.loops.append(node)

    def leave_While(self, node):
        self.loops.pop()

    def visit_Assign(self, node):
        if not self.loops or not self._directly_in_loop(node) or len(node.targets) != 1 or not isinstance(node.targets[0].target, cst.Name) \
                or not _converted_result(node.value, self.functions):
            return
        name = node.targets[0].target
        scope = self.get_metadata(meta.ScopeProvider, name, None)
        if scope is None:
            return
        assignments = scope.assignments[name.value]
        if len(assignments) != 1 or next(iter(assignments)).node is not name:
            return
        reads = [access.node for access in next(iter(assignments)).references]
        if reads and all(self._read_in_if(read) for read in reads):
            self.moves[node] = reads

    def _directly_in_loop(self, assign) -> bool:
        """Is `assign` a statement of the innermost loop's own body (no `if` around it there)?"""
        line = self.get_metadata(meta.ParentNodeProvider, assign, None)
        block = self.get_metadata(meta.ParentNodeProvider, line, None) if line is not None else None
        return block is self.loops[-1].body

    def _read_in_if(self, read) -> bool:
        """Is `read` a plain value read inside an `if` body nested in the innermost loop?"""
        if not isinstance(read, cst.Name):
            return False
        loop = self.loops[-1]
        child, node, in_if = read, self.get_metadata(meta.ParentNodeProvider, read, None), False
        while node is not None:
            if isinstance(node, (cst.AssignTarget, cst.AugAssign, cst.Del, cst.Lambda, cst.FunctionDef,
                                 cst.ClassDef, cst.CompFor)):
                return False
            if isinstance(node, cst.If) and child is not node.test:
                in_if = True
            if node is loop:
                return in_if and child is loop.body
            child, node = node, self.get_metadata(meta.ParentNodeProvider, node, None)
        return False


class _Mover(cst.CSTTransformer):
    def __init__(self, moves: dict):
        super().__init__()
        self.moves = moves
        self.reads = {id(r) for reads in moves.values() for r in reads}

    def leave_Assign(self, original_node, updated_node):
        if original_node in self.moves:
            return updated_node.with_changes(value=updated_node.value.func.value)
        return updated_node

    def leave_Name(self, original_node, updated_node):
        if id(original_node) in self.reads:
            return cst.parse_expression(f"{original_node.value}.numpy()")
        return updated_node
