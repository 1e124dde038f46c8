"""Pattern: a `tf.Variable(...)` written inside a graph expression gets a name of its own,
created where the graph created it; the expression reads that name.

    output = tf.matmul(x, tf.Variable(tf.zeros([2, 1]))) + tf.Variable(0.5)
        ->  output_var = tf.Variable(tf.zeros([2, 1]))         (module level, created once)
            output_var_2 = tf.Variable(0.5)
            (in each run function:) output = tf.matmul(x, output_var) + output_var_2

A variable's initializer runs once (at the initializer run), so pulling it out of the
expression keeps the numbers; a `name=` that is a Python identifier names it. A
Variable inside a lambda, a comprehension or a conditional expression (`a if c else b`,
`and`/`or`) is created a number of times that depends on the evaluation: it stays in
the expression and the file falls back (analysis.check_nested).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager.code import fresh
from migrate.eager.model import Kind
from migrate.eager.pattern import Pattern
from migrate.eager import variable_record

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis

__all__ = ["PATTERN", "hoist"]

_CONDITIONAL = (cst.Lambda, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp, cst.IfExp,
                cst.BooleanOperation)


def hoist(a: Analysis, item, target_names: list, value, env: dict):
    """Record each hoistable `tf.Variable(...)` in `value` as a variable statement of its
    own; returns (the value reading their names, the statement node holding it), or
    (value, None) when there is none."""
    calls = _variable_calls(a, value)
    if not calls:
        return value, None
    names = {}
    taken = set(env) | {asg.name for asg in a.global_scope.assignments} | set(a.hoisted_names)
    base = f"{target_names[0]}_var" if target_names else "var"
    for call in calls:
        name = fresh(_wanted_name(call) or base, taken)
        taken.add(name)
        a.hoisted_names.add(name)
        names[id(call)] = name
        statement = cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(cst.Name(name))], call)])
        g = a.make_gstmt(item, Kind.VARIABLE, [name], call, env)
        g.node = statement
        g.info = variable_record.analyse(a, call, env)
        env[name] = g
        a.notes.append((a.line(call), "eager-variable",
                        f"tf.Variable(...) inside an expression became the variable `{name}`, created once"))
    for n in a.names_in(value):  # the rewritten value holds copies of these nodes
        if n.value in env:
            a.accounted.add(n)
    node = item.node.visit(_Replace(names))
    new_value = node.body[0].value
    return new_value, node


def _variable_calls(a: Analysis, value) -> list:
    """The tf.Variable calls of `value` evaluated exactly once per evaluation of it."""
    found = []

    class Calls(cst.CSTVisitor):
        def on_visit(self, node):
            if isinstance(node, _CONDITIONAL):
                return False
            if isinstance(node, cst.Call) and node is not value and a.call_path(node) == "Variable":
                found.append(node)
                return False
            return True

    value.visit(Calls())
    return found


def _wanted_name(call: cst.Call) -> str | None:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == "name" and isinstance(arg.value, cst.SimpleString):
            text = arg.value.evaluated_value
            if isinstance(text, str) and text.isidentifier():
                return text
    return None


class _Replace(cst.CSTTransformer):
    def __init__(self, names: dict):
        super().__init__()
        self.names = names

    def leave_Call(self, original_node, updated_node):
        name = self.names.get(id(original_node))
        return cst.Name(name) if name is not None else updated_node


class InlineVariables(Pattern):
    name = "inline_variables"
    summary = "tf.Variable(...) inside an expression -> a variable"

    def tensor_statement(self, a: Analysis, item, names, value, env):
        return hoist(a, item, names, value, env)


PATTERN = InlineVariables()
