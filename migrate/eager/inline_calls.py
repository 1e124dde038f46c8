"""A call the translation writes into a temporary that the next statement alone reads is
written into that statement (an expert's port names no value it uses once):

    logits = forward(x)
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=logits))
->
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=forward(x)))

Only a statement the translation wrote, `name = f(...)` where f is one of `callees` (the
shared forward part, patterns/shared_forward.py), is inlined, and only where nothing can
tell: the next statement is a simple one that reads the name once, in its value, no
other statement of the code reads or binds it, and no call of that statement finishes
before the name is read (so the call still runs first: a random op or an update in the
statement keeps its order), with no lambda, comprehension, condition or short circuit in
the statement. The merged statement keeps both statements' comments, and stays within
WIDTH columns. A leaf module: it imports nothing of the stage.
"""
from __future__ import annotations

import libcst as cst

WIDTH = 120  # the merged statement's longest line, indentation included
UNSAFE = (cst.Lambda, cst.IfExp, cst.BooleanOperation, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp,
          cst.NamedExpr, cst.Await, cst.Yield)


class _Reads(cst.CSTVisitor):
    """The Name nodes of `name` (attribute names and keywords are not reads), and whether a
    call finished, or an order-changing construct stood, before the first of them."""

    def __init__(self, name: str):
        super().__init__()
        self.name = name
        self.found: list = []
        self.call_before = False

    def on_visit(self, node) -> bool:
        if isinstance(node, UNSAFE):
            self.call_before = True
        return super().on_visit(node)

    def visit_Attribute(self, node) -> bool:
        node.value.visit(self)
        return False

    def visit_Arg(self, node) -> bool:
        node.value.visit(self)
        return False

    def visit_Name(self, node) -> None:
        if node.value == self.name:
            self.found.append(node)

    def leave_Call(self, original_node) -> None:
        if not self.found:
            self.call_before = True


class _Replace(cst.CSTTransformer):
    def __init__(self, old, new):
        super().__init__()
        self.old, self.new = old, new

    def leave_Name(self, original_node, updated_node):
        return self.new if original_node is self.old else updated_node


def reads(node, name: str) -> list:
    """The Name nodes that read or bind `name` in `node`."""
    visitor = _Reads(name)
    node.visit(visitor)
    return visitor.found


def temporary(stmt, callees) -> tuple | None:
    """(name, call) of `name = f(...)`, f one of `callees`; None for anything else."""
    if not (isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Assign)):
        return None
    assign = stmt.body[0]
    if len(assign.targets) != 1 or not isinstance(assign.targets[0].target, cst.Name):
        return None
    call = assign.value
    if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Name) and call.func.value in callees):
        return None
    return assign.targets[0].target.value, call


def merged(stmt, nxt, name: str, call, depth: int):
    """`nxt` with its one read of `name` replaced by `call`; None where that is not safe."""
    if not (isinstance(nxt, cst.SimpleStatementLine) and len(nxt.body) == 1
            and isinstance(nxt.body[0], (cst.Assign, cst.Expr, cst.Return))):
        return None
    small = nxt.body[0]
    if small.value is None or len(reads(nxt, name)) != 1:
        return None
    visitor = _Reads(name)
    small.value.visit(visitor)
    if len(visitor.found) != 1 or visitor.call_before:
        return None
    new = nxt.visit(_Replace(visitor.found[0], call))
    new = new.with_changes(leading_lines=list(stmt.leading_lines) + list(nxt.leading_lines))
    code = cst.Module(body=[new]).code
    if max(len(ln) for ln in code.splitlines() if not ln.lstrip().startswith("#")) + 4 * depth > WIDTH:
        return None
    return new


def inlined_block(stmts: list, callees, scope, depth: int = 0) -> list:
    """The statements of one block with each safe temporary inlined; `scope`: the node
    (function or module) whose other statements must not read the name."""
    out = list(stmts)
    i = 0
    while i < len(out) - 1:
        found = temporary(out[i], callees)
        if found is not None:
            name, call = found
            new = merged(out[i], out[i + 1], name, call, depth)
            if new is not None and len(reads(scope, name)) == 2:  # its binding and the one read
                out[i:i + 2] = [new]
                continue
        i += 1
    return out


class _Blocks(cst.CSTTransformer):
    """Every indented block of a def, inlined (inlined_block)."""

    def __init__(self, callees, scope):
        super().__init__()
        self.callees, self.scope, self.depth = callees, scope, 0

    def visit_IndentedBlock(self, node) -> None:
        self.depth += 1

    def leave_IndentedBlock(self, original_node, updated_node):
        self.depth -= 1
        return updated_node.with_changes(body=inlined_block(list(updated_node.body), self.callees, self.scope,
                                                            self.depth + 1))


def inlined_function(code: str, callees) -> str:
    """A def's source with the temporaries of calls of `callees` inlined."""
    if not callees:
        return code
    module = cst.parse_module(code)
    if len(module.body) != 1 or not isinstance(module.body[0], cst.FunctionDef):
        return code
    return module.visit(_Blocks(set(callees), module.body[0])).code


def inlined_statements(statements: list[str], value: str, callees, depth: int, site_width: int) -> tuple:
    """(statements, value) of a run written at its place (run_once.py): the statements'
    temporaries inlined, the last one also into the value written in the run's place
    where the site's line (`site_width` columns with today's value) stays within WIDTH."""
    if not callees:
        return statements, value
    holder = "_inline_value_"
    module = cst.parse_module("".join(statements) + f"{holder} = {value}\n")
    if len(reads(module, holder)) != 1:
        return statements, value
    body = inlined_block(list(module.body), set(callees), module, depth)
    new_value = cst.Module([]).code_for_node(body[-1].body[0].value)
    if site_width + len(new_value) - len(value) > WIDTH:
        body = inlined_block(list(module.body[:-1]), set(callees), module, depth) + [module.body[-1]]
        new_value = value
    return [cst.Module(body=[s]).code for s in body[:-1]], new_value
