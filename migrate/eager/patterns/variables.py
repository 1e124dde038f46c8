"""Pattern: variables stay where they were created, now created and initialised eagerly.

    W = tf.Variable(tf.zeros([784, 10]))    ->  W = tf.Variable(tf.zeros([784, 10]))
    b = bias_variable([10])                  ->  b = bias_variable([10])

A module-level def that creates exactly one tf.Variable and returns it (a "variable
helper") makes a variable too. Any other def that creates graph state cannot be called
from a run function (it would create the state again on every trace): that is refused.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager.model import GStmt, Kind
from migrate.eager.pattern import NOT_MINE, Pattern
from migrate.eager.variable_record import VariableInfo, analyse, find_helper
from migrate.tables import graph_api as G

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis
    from migrate.eager.translate import Translator

CREATES_STATE = G.CREATES_STATE


def helper_variable(a: Analysis, small: cst.Assign, target, item, env) -> bool:
    """`W = weight_variable([784, 10])`: record W as a variable; True when it is one."""
    helper = find_helper(a, small.value)
    if helper is None or not isinstance(target, cst.Name) or a.is_graph_expr(small.value, env):
        return False
    a.accounted.add(target)
    g = a.make_gstmt(item, Kind.VARIABLE, [target.value], small.value, env)
    g.info = VariableInfo(helper.trainable, helper.name)
    if helper.random:
        a.helper_random[helper.name] = helper.line
    env[target.value] = g
    return True


def check_helpers(a: Analysis, value) -> None:
    """A graph statement calling a module-level def that creates variables or placeholders
    would create them again in every tf.function it is inlined into."""
    defs = a.module_defs()
    if not defs:
        return

    class Calls(cst.CSTVisitor):
        def visit_Call(self, call):
            if isinstance(call.func, cst.Name) and call.func.value in defs:
                created = _creates_state(a, defs[call.func.value])
                if created:
                    a.problem(call, f"`{call.func.value}()` creates graph state (tf.{created}) when called: "
                                    "every function the graph statement is inlined into would create it again")
            return True

    value.visit(Calls())


def _creates_state(a: Analysis, fn) -> str | None:
    found = []

    class Creates(cst.CSTVisitor):
        def visit_Call(self, call):
            path = a.r.resolve(call.func)
            if path in CREATES_STATE or (path or "").startswith("layers."):
                found.append(path)
            return True

    fn.visit(Creates())
    return found[-1] if found else None


def seed_warnings(a: Analysis) -> list[tuple]:
    """Warnings for helpers whose variables start from a random op."""
    return [(line, 0, "eager-seed",
             f"`{name}()` creates variables from a random op: graph mode gives every call a fresh op (the same op "
             "seed gives the same values each call), eager mode continues one random stream per seed, so seeded "
             "initial values differ") for name, line in sorted(a.helper_random.items())]


def emit(t: Translator, g: GStmt, node) -> cst.BaseStatement:
    """The variable's statement, names written the TF 2 way."""
    t.changes.append((g.line, "eager-variable", f"variable `{g.name}` created and initialised eagerly"))
    return node.visit(t.rewriter())


class Variables(Pattern):
    name = "variables"
    summary = "variables and variable-helper defs, created eagerly"

    def claim_assignment(self, a: Analysis, small, target, item, path, env) -> bool:
        return helper_variable(a, small, target, item, env)

    def graph_kind(self, a: Analysis, value, path, subscript, names, env):
        return (Kind.VARIABLE, analyse(a, value, env)) if path == "Variable" else None

    def check_tensor(self, a: Analysis, value) -> None:
        check_helpers(a, value)

    def kept_statement(self, t: Translator, g, node):
        if g.kind != Kind.VARIABLE:
            return NOT_MINE
        earlier = g.item.gstmts[:g.item.gstmts.index(g)]
        if any(h.node is g.node for h in earlier):  # one statement recorded as several (appended_variables.py)
            return None
        if g.node is not g.item.node:  # a variable given a statement of its own (patterns/inline_variables.py)
            first = g is g.item.gstmts[0]
            return emit(t, g, g.node.with_changes(leading_lines=node.leading_lines if first else []))
        return emit(t, g, node)


PATTERN = Variables()
