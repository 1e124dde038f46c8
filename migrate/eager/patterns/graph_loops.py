"""Pattern: a `for` loop or `if` at the top level that only computes graph tensors (a
recurrent net unrolled by hand, a layer added when a Python flag says so) is one graph
statement: it moves, as written, into the run functions that need its values.

    steps = tf.unstack(x, axis=1)            ->  (in each run function that needs `h`:)
    h = tf.zeros([tf.shape(x)[0], 6])            steps = tf.unstack(x, axis=1)
    for x_t in steps:                            h = tf.zeros([tf.shape(x)[0], 6])
        h = tf.tanh(tf.matmul(x_t, W) + b)       for x_t in steps:
                                                     h = tf.tanh(tf.matmul(x_t, W) + b)

Graph mode ran the Python loop once, while building the graph; a tf.function runs it
once per trace, over the same Python values (a list of tensors, a `range`), so the ops
are the same. The block may only assign graph tensors to names (no variables,
placeholders, optimizers, assigns or Session calls, no other statement), and its
loop ranges and `if` tests must be Python values: a test on a tensor would be a
tf.cond under autograph.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager.model import Kind
from migrate.eager.pattern import Pattern
from migrate.eager.tensor_blocks import BOUND, builds_state

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis

__all__ = ["PATTERN", "analyse"]


def analyse(a: Analysis, item, env) -> bool:
    """Record `item` (a for loop or if) as one TENSOR statement; False when it is not one."""
    node = item.node
    bound: list = []
    if not _only_tensors(a, node, env, bound) or not bound:
        return False
    bound_names = {n.value for n in bound}
    # what the block reads from before it: graph values (deps) and Python values (frozen by a trace)
    outside = [n for n in a.names_in(node) if n not in bound and (n.value in env or n.value not in bound_names)]
    targets = list(dict.fromkeys(n.value for n in bound))
    # the statement's value, for the analysis only: a call reading what the block reads
    reads = cst.Call(func=cst.Name("graph_block"), args=[cst.Arg(n) for n in outside])
    g = a.make_gstmt(item, Kind.TENSOR, targets, reads, env)
    g.random = a.has_random(node)
    for n in bound:
        a.accounted.add(n)
    for n in a.names_in(node):
        if n.value in env or n.value in bound_names:
            a.accounted.add(n)
    item.drop = True
    for name in targets:
        env[name] = g
    a.notes.append((a.line(node), "eager-graph-block", f"the {_describe(node)} that builds {', '.join(targets)} moves "
                                                       "into the run functions that need them"))
    return True


def _describe(node) -> str:
    return "for loop" if isinstance(node, cst.For) else "`if` block"


def _only_tensors(a: Analysis, node, env, bound) -> bool:
    """Is every statement of the block `name = <graph tensor>` (or a nested for / if of them)?"""
    if isinstance(node, cst.For):
        if node.orelse is not None or node.asynchronous is not None or not isinstance(node.target, cst.Name):
            return False
        bound.append(node.target)
        body = [node.body]
    elif isinstance(node, cst.If):
        if a.is_graph_expr(node.test, env) and not _reads_only_python(a, node.test, env):
            return False
        body = [node.body] + ([node.orelse.body] if node.orelse is not None else [])
        if isinstance(node.orelse, cst.If):
            body = [node.body]
            if not _only_tensors(a, node.orelse, env, bound):
                return False
    else:
        return False
    for block in body:
        if not isinstance(block, cst.IndentedBlock):
            return False
        for stmt in block.body:
            if isinstance(stmt, (cst.For, cst.If)):
                if not _only_tensors(a, stmt, env, bound):
                    return False
            elif not (isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1
                      and _tensor_assignment(a, stmt.body[0], env, bound)):
                return False
    return True


def _reads_only_python(a: Analysis, test, env) -> bool:
    return not any(n.value in env for n in a.names_in(test))


def _tensor_assignment(a: Analysis, small, env, bound) -> bool:
    if not (isinstance(small, cst.Assign) and len(small.targets) == 1):
        return False
    target = small.targets[0].target
    names = a.target_names(target)
    inside = {n.value: BOUND for n in bound}
    if names is None or not a.is_graph_expr(small.value, env | inside):
        return False
    if builds_state(a, small.value):
        return False
    bound.extend(a.target_nodes(target))
    return True


class GraphLoops(Pattern):
    name = "graph_loops"
    summary = "a top-level for / if that only computes tensors"

    def claim_compound(self, a: Analysis, item, env) -> bool:
        return analyse(a, item, env)


PATTERN = GraphLoops()
