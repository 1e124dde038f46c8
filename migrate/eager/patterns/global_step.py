"""Pattern: the global step helpers of tf.train, written out.

    global_step = tf.train.get_or_create_global_step()   ->  global_step = tf.Variable(0, dtype=tf.int64, trainable=False,
                                                                                    name="global_step")
    print(tf.train.global_step(sess, global_step))       ->  print(int(global_step.numpy()))

The variable is what the graph made (int64, zero, not trainable, named "global_step",
the name a Saver writes); tf.train.global_step(sess, v) is int(sess.run(v)). The facts:
migrate/tables/checkpoints.py.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager.code import statement_with_comments
from migrate.eager.model import Kind
from migrate.eager.pattern import NOT_MINE, Pattern
from migrate.eager import variable_record
from migrate.eager.variable_record import is_global_step
from migrate.tables import checkpoints as T

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis
    from migrate.eager.translate import Translator

__all__ = ["PATTERN", "creates", "analyse_assignment", "is_read", "link", "variable_statement"]


def creates(path: str | None) -> bool:
    return path in T.GLOBAL_STEP_CREATORS


def analyse_assignment(a: Analysis, small, names, call: cst.Call, path: str, item, env: dict) -> bool:
    if len(names) != 1 or call.args:
        a.problem(small, f"tf.{path} with arguments or several names")
        return True
    g = a.make_gstmt(item, Kind.VARIABLE, names, call, env)
    g.info = variable_record.VariableInfo(trainable=False, global_step=True)
    env[names[0]] = g
    return True


def is_read(a: Analysis, node) -> bool:
    """`tf.train.global_step(sess, v)`: a Python int read from the variable."""
    return isinstance(node, cst.Call) and a.call_path(node) == T.GLOBAL_STEP_READ


def link(a: Analysis) -> None:
    """Each tf.train.global_step(sess, v) becomes int(v.numpy())."""
    outer = a

    class Reads(cst.CSTVisitor):
        def visit_Call(self, call):
            if not is_read(outer, call):
                return True
            args = [arg.value for arg in call.args]
            if len(args) != 2 or any(arg.keyword is not None or arg.star for arg in call.args) \
                    or not (isinstance(args[0], cst.Name) and args[0].value in outer.session_names) \
                    or not isinstance(args[1], cst.Name):
                outer.problem(call, "tf.train.global_step with other than (session, variable)")
                return True
            outer.accounted.update(args)
            outer.edits.expressions[id(call)] = f"int({args[1].value}.numpy())"
            outer.notes.append((outer.line(call), "eager-global-step", "tf.train.global_step(sess, v) became "
                                                                       "int(v.numpy())"))
            return False

    if a.block is None:
        a.module.visit(Reads())
    else:
        for stmt in a.block.body.body:
            stmt.visit(Reads())


def variable_statement(t: Translator, g, node):
    """`global_step = tf.Variable(0, dtype=tf.int64, trainable=False, name="global_step")`."""
    tf = t.a.r.primary
    t.changes.append((g.line, "eager-global-step", "the global step created by tf.train written as the variable "
                                                   "the graph made"))
    text = f"{g.name} = {T.GLOBAL_STEP_VARIABLE.format(tf=tf)}\n"
    return statement_with_comments(text, node.leading_lines)


class GlobalStep(Pattern):
    name = "global_step"
    summary = "get_or_create_global_step, tf.train.global_step"

    def claim_graph_assignment(self, a: Analysis, small, names, value, path, item, env) -> bool:
        return creates(path) and analyse_assignment(a, small, names, value, path, item, env)

    def python_value(self, a: Analysis, node):
        return is_read(a, node) or None

    def link(self, a: Analysis) -> None:
        link(a)

    def kept_statement(self, t: Translator, g, node):
        return variable_statement(t, g, node) if is_global_step(g) else NOT_MINE


PATTERN = GlobalStep()
