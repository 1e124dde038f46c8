"""Pattern: variables stay where they were created, now created and initialised eagerly.

    W = tf.Variable(tf.zeros([784, 10]))    ->  W = tf.Variable(tf.zeros([784, 10]))
    b = bias_variable([10])                  ->  b = bias_variable([10])

A module-level def that creates exactly one tf.Variable and returns it (a "variable
helper") makes a variable too. Any other def that creates graph state cannot be called
from a run function (it would create the state again on every trace): that is refused.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager import names as N
from migrate.eager.model import GStmt, Kind
from migrate.eager.pattern import NOT_MINE, Pattern
from migrate.tables import graph_api as G

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis
    from migrate.eager.translate import Translator

PARAMETERS = G.VARIABLE_PARAMETERS
NOT_TRANSLATED = ("collections", "variable_def", "import_scope", "caching_device", "expected_shape")
CREATES_STATE = G.CREATES_STATE


@dataclass
class VariableInfo:
    trainable: bool = True
    helper: str | None = None  # the def that created it, for `W = weight_variable(...)`
    container: str | None = None  # "dict" / "list": a container of variables (patterns/variable_containers.py)
    global_step: bool = False  # made by tf.train.get_or_create_global_step (patterns/global_step.py)
    appended: bool = False  # a list filled by append calls (patterns/appended_variables.py)


@dataclass
class Helper:
    name: str
    trainable: bool
    random: bool  # its initial value comes from a random op
    line: int


def analyse(a: Analysis, call: cst.Call, env: dict) -> VariableInfo:
    args = a.args_by_name(call, PARAMETERS)
    for bad in NOT_TRANSLATED:
        if bad in args:
            a.problem(call, f"tf.Variable(..., {bad}=...) is not translated")
    trainable = True
    if "trainable" in args:
        flag = args["trainable"]
        if isinstance(flag, cst.Name) and flag.value in ("True", "False"):
            trainable = flag.value == "True"
        else:
            a.problem(call, "tf.Variable(trainable=...) that is not a literal True/False")
    for n in a.names_in(call):
        if n.value in env and env[n.value].kind not in (Kind.VARIABLE, Kind.TENSOR):
            a.problem(n, f"a variable initialised from `{n.value}` ({env[n.value].kind})")
    return VariableInfo(trainable)


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


def find_helper(a: Analysis, value) -> Helper | None:
    """The helper when `value` calls a module-level def whose body creates exactly one
    tf.Variable (and no other graph state) and returns it."""
    if not (isinstance(value, cst.Call) and isinstance(value.func, cst.Name)):
        return None
    fn = a.module_defs().get(value.func.value)
    if fn is None:
        return None
    found = _HelperBody(a)
    fn.visit(found)
    if found.variables != 1 or found.other or found.returns != 1:
        return None
    return Helper(fn.name.value, found.trainable, found.random, a.line(fn))


class _HelperBody(cst.CSTVisitor):
    def __init__(self, a: Analysis):
        super().__init__()
        self.a = a
        self.variables = 0
        self.returns = 0
        self.other = False
        self.random = False
        self.trainable = True

    def visit_Call(self, call):
        path = self.a.r.resolve(call.func)
        if path == "Variable":
            self.variables += 1
            for arg in call.args:
                if arg.keyword is not None and arg.keyword.value == "trainable":
                    self.trainable = not (isinstance(arg.value, cst.Name) and arg.value.value == "False")
        elif path in ("get_variable", "placeholder") or path in N.SESSION or (path or "").startswith("layers."):
            self.other = True
        elif path in N.SEED_POSITION:
            self.random = True
        return True

    def visit_Return(self, node):
        self.returns += 1


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


def trainable(g: GStmt) -> bool:
    return g.info is None or g.info.trainable


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
