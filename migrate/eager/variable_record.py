"""The record of a variable statement (Kind.VARIABLE), shared by every pattern that makes
one (variables, variable_containers, appended_variables, inline_variables, global_step,
variable_loops) and read by those that differentiate, save or list variables: the
record, reading a `tf.Variable(...)` call or a variable helper's call into one, and what
a record says (trainable, a container and how it is listed).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager import names as N
from migrate.eager.model import Kind
from migrate.tables import graph_api as G

if TYPE_CHECKING:  # annotations only
    from migrate.eager.analysis import Analysis
    from migrate.eager.model import GStmt


PARAMETERS = G.VARIABLE_PARAMETERS
NOT_TRANSLATED = ("collections", "variable_def", "import_scope", "caching_device", "expected_shape")
DICT, LIST = "dict", "list"  # VariableInfo.container: a dict or list of variables (patterns/variable_containers.py)


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


def trainable(g: GStmt) -> bool:
    return g.info is None or g.info.trainable


def container(g) -> str | None:
    """DICT or LIST for a variable statement holding a container of variables, else None."""
    return g.info.container if isinstance(g.info, VariableInfo) else None


def is_element(e) -> bool:
    """A fetch of one element of a container of variables (`sess.run(weights['out'])`): read with .numpy()."""
    expr = e.expr
    return e.kind == Kind.INLINE and isinstance(expr, cst.Subscript) and isinstance(expr.value, cst.Name) \
        and len(expr.slice) == 1 and isinstance(expr.slice[0].slice, cst.Index) and len(e.deps) == 1 \
        and e.deps[0].kind == Kind.VARIABLE and container(e.deps[0]) is not None \
        and e.deps[0].name == expr.value.value


def var_list_code(g) -> str:
    """How a variable statement is listed among the differentiated variables."""
    kind = container(g)
    if kind == DICT:
        return f"*{g.name}.values()"
    if kind == LIST:
        return f"*{g.name}"
    return g.name


def is_global_step(g) -> bool:
    """Is `g` the variable tf.train.get_or_create_global_step made?"""
    return g is not None and g.kind == Kind.VARIABLE and isinstance(g.info, VariableInfo) \
        and g.info.global_step
