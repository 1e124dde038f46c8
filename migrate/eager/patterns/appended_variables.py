"""Pattern: variables appended to a Python list, one by one or in a loop, are a list of
variables (patterns/variable_containers.py) that minimize differentiates as a whole.

    weights = []                                          (kept as written: the variables
    for i in range(3):                                     are created eagerly, once)
        weights.append(tf.Variable(tf.ones([4, 4]) * i))
    biases.append(tf.Variable(tf.zeros([4])))
    h = tf.matmul(x, weights[0]) + biases[0]          ->  (in the run functions)
    train = opt.minimize(loss)                        ->  grads = tape.gradient(loss, [*weights, *biases])

The statements (a top-level `NAME.append(tf.Variable(...))`, or a for loop of such appends
and Python assignments) stay at module level. A random initializer in a loop must take
a seed that reads the loop variable (graph mode makes a new op per pass, drawing the same
numbers for the same seed; eager mode continues one stream).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager import names as N
from migrate.eager.model import Kind
from migrate.eager.pattern import Pattern
from migrate.eager import random_ops
from migrate.eager import variable_record
from migrate.node_helpers import all_names

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis

__all__ = ["PATTERN", "analyse_loop", "analyse_statement"]


def analyse_statement(a: Analysis, small, item, env) -> bool:
    """`weights.append(tf.Variable(...))` at the top level; True when recorded."""
    appended = _append(a, small, env)
    if appended is None:
        return False
    _record(a, item, [appended], env)
    return True


def analyse_loop(a: Analysis, item, env) -> bool:
    """A for loop of appends (and Python assignments); True when recorded."""
    node = item.node
    if not isinstance(node, cst.For) or node.orelse is not None or not isinstance(node.body, cst.IndentedBlock) \
            or a.is_graph_expr(node.iter, env):
        return False
    appends = []
    for stmt in node.body.body:
        if not (isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1):
            return False
        small = stmt.body[0]
        appended = _append(a, small, env)
        if appended is not None:
            appends.append(appended)
        elif not (isinstance(small, cst.Assign) and not a.is_graph_expr(small.value, env)):
            return False
    if not appends:
        return False
    loop_names = {n.value for n in all_names(node.target)}
    for _, call in appends:
        _check_seeds(a, call, loop_names)
    _record(a, item, appends, env)
    return True


def _append(a: Analysis, small, env):
    """(list name, the variable call) for `NAME.append(tf.Variable(...))`, else None."""
    if not isinstance(small, cst.Expr) or not isinstance(small.value, cst.Call):
        return None
    call = small.value
    if not (isinstance(call.func, cst.Attribute) and call.func.attr.value == "append"
            and isinstance(call.func.value, cst.Name) and len(call.args) == 1 and call.args[0].keyword is None):
        return None
    name = call.func.value.value
    value = call.args[0].value
    if a.call_path(value) != "Variable" and variable_record.find_helper(a, value) is None:
        return None
    if name in env and not _is_appended(env[name]):
        return None
    if not a.global_scope.assignments[name]:
        return None
    return name, value


def _is_appended(g) -> bool:
    return g.kind == Kind.VARIABLE and isinstance(g.info, variable_record.VariableInfo) \
        and g.info.container == variable_record.LIST and g.info.appended


def _record(a: Analysis, item, appends, env) -> None:
    for name, call in appends:
        if a.call_path(call) == "Variable":
            info = variable_record.analyse(a, call, env)
        else:
            helper = variable_record.find_helper(a, call)
            info = variable_record.VariableInfo(helper.trainable, helper.name)
            if helper.random:
                a.helper_random[helper.name] = helper.line
        first = env.get(name)
        if first is not None:
            if first.info.trainable != info.trainable:
                a.problem(call, f"`{name}` holds trainable and non-trainable variables")
            if first.item is item:
                continue
        g = a.make_gstmt(item, Kind.VARIABLE, [name], call, env)
        g.info = variable_record.VariableInfo(info.trainable if first is None else False, container=variable_record.LIST,
                                        appended=True)
        if first is None:
            env[name] = g
            a.notes.append((a.line(call), "eager-variable", f"`{name}` holds variables: minimize() differentiates "
                                                            "all of them"))
        else:
            g.deps.append(first)  # listed once, by the first statement that appends
    for n in a.names_in(item.node):
        if n.value in env:
            a.accounted.add(n)


def _check_seeds(a: Analysis, call, loop_names) -> None:
    class Random(cst.CSTVisitor):
        def visit_Call(self, c):
            path = a.r.resolve(c.func)
            if path in N.SEED_POSITION:
                seed = random_ops.seed_argument(c, path)
                if seed is None or not {n.value for n in all_names(seed)} & loop_names:
                    a.problem(c, "a random op in a loop that creates variables, with a seed that does not change "
                                 "from pass to pass: graph mode makes a new op each pass (the same numbers for the "
                                 "same seed), eager mode would continue one stream")
            return True

    call.visit(Random())


class AppendedVariables(Pattern):
    name = "appended_variables"
    summary = "variables appended to a list (also in a loop)"

    def claim_expression(self, a: Analysis, small, item, path, env) -> bool:
        return path is None and analyse_statement(a, small, item, env)

    def claim_compound(self, a: Analysis, item, env) -> bool:
        return analyse_loop(a, item, env)


PATTERN = AppendedVariables()
