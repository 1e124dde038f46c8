"""Pattern: `variable.load(value, sess)`, a value written into a variable through the session.

    W.load(np.zeros((2, 1), np.float32), sess)     ->  W.assign(np.zeros((2, 1), np.float32))
    W.load(value, session=sess)                    ->  W.assign(value)
    W.load(value)          (the default session)   ->  W.assign(value)

TF 1's Variable.load runs the variable's initializer-like assign op, feeding the value
(converted to the variable's dtype as a feed is); eager `assign` converts the value to the
variable's dtype too and writes it at once. The session, which the translation removes,
is read only here: any other use of it is refused (checks.check_accesses), and so is a
load of a value that names TensorFlow or a graph value (`W.load(tf.zeros(...).eval(), sess)`).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager.model import Kind
from migrate.eager.pattern import Pattern

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis

__all__ = ["PATTERN", "load_call"]

SESSION_PARAMETER = "session"  # Variable.load(value, session=None)


def load_call(a: Analysis, call, env: dict):
    """(the variable's name, the value node, the session name node or None) for
    `variable.load(value[, sess])`, else None."""
    func = call.func
    if not (isinstance(func, cst.Attribute) and func.attr.value == "load" and isinstance(func.value, cst.Name)):
        return None
    g = env.get(func.value.value)
    if g is None or g.kind != Kind.VARIABLE:
        return None
    if any(arg.star for arg in call.args) or not 1 <= len(call.args) <= 2 or call.args[0].keyword is not None:
        return None
    session = None
    if len(call.args) == 2:
        arg = call.args[1]
        if arg.keyword is not None and arg.keyword.value != SESSION_PARAMETER:
            return None
        if not (isinstance(arg.value, cst.Name) and arg.value.value in a.session_names):
            return None
        session = arg.value
    value = call.args[0].value
    if a.is_graph_expr(value, env) or _names_tensorflow(a, value):
        return None  # a value the translation would have to rewrite: the session's use is refused
    return func.value.value, value, session


def _names_tensorflow(a: Analysis, node) -> bool:
    """Does `node` name anything of TensorFlow (`tf.float32`, a tf call)?"""
    found = []

    class Names(cst.CSTVisitor):
        def visit_Attribute(self, attr):
            if a.r.resolve(attr) is not None:
                found.append(attr)
            return True

        def visit_Name(self, name):
            if a.r.resolve(name) is not None:
                found.append(name)

    node.visit(Names())
    return bool(found)


class VariableLoads(Pattern):
    name = "variable_loads"
    summary = "variable.load(value, sess) -> variable.assign(value)"

    def read_python(self, a: Analysis, node, item, env) -> None:
        outer = a

        class Loads(cst.CSTVisitor):
            def visit_Call(self, call):
                found = load_call(outer, call, env)
                if found is None:
                    return True
                name, value, session = found
                if session is not None:
                    outer.accounted.add(session)
                value_code = outer.module.code_for_node(value)
                outer.edits.expressions[id(call)] = f"{name}.assign({value_code})"
                outer.notes.append((outer.line(call), "eager-variable", f"{name}.load(value, session) became "
                                                                        f"{name}.assign(value)"))
                return True

        node.visit(Loads())


PATTERN = VariableLoads()
