"""Pattern: `tf.train.Saver` stays TF 1's Saver, given the variables by their graph
names, so checkpoints written by the graph version of the script still restore.

    W = tf.Variable(tf.zeros([2, 1]), name="W")     ->  W = tf.Variable(tf.zeros([2, 1]), name="W")
    b = tf.Variable(tf.zeros([1]))                   ->  b = tf.Variable(tf.zeros([1]))
    saver = tf.train.Saver()                         ->  saver = tf.compat.v1.train.Saver(var_list={"W": W, "Variable": b})
    saver.save(sess, "./model.ckpt")                 ->  saver.save(None, "./model.ckpt")
    saver.restore(sess, path)                        ->  saver.restore(None, path)

Graph mode names an unnamed variable "Variable", "Variable_1", ... and makes given names
unique ("W", "W_1"), case-insensitively; eager mode does not, so the names are computed
here, in creation order, and written out. The var_list is Saver()'s (every variable), a literal list or
dict, a name given a literal list once at the top level, tf.global_variables() (as
Saver()) or tf.trainable_variables() (no slots). Not translated: a Saver of every variable when
an optimizer with slot variables (Momentum, Adam...) was built before it (its checkpoint
holds the slots too), variables named by a computed value or under a name scope whose
name is not known (eager/name_scopes.py gives "hidden1/weights" under "hidden1"),
Saver arguments that build graph machinery (saver_def, builder, defer_build), save or
restore with anything but the script's session. The facts: migrate/tables/checkpoints.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager import name_scopes
from migrate.eager.code import statement_with_comments
from migrate.eager.model import Kind
from migrate.eager.pattern import NOT_MINE, Pattern
from migrate.eager.patterns import global_step, layers, scopes, variables
from migrate.node_helpers import all_names
from migrate.tables import checkpoints as T

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis
    from migrate.eager.translate import Translator

__all__ = ["PATTERN", "handles", "analyse_assignment", "link", "saver_statement", "graph_names"]


@dataclass
class SaverInfo:
    var_list: list = field(default_factory=list)  # [(key code, variable GStmt name)]
    kept: list = field(default_factory=list)  # [(argument, value node)] passed on as written


def handles(path: str | None) -> bool:
    return path == T.SAVER


def analyse_assignment(a: Analysis, small, names, call: cst.Call, item, env: dict) -> bool:
    if len(names) != 1:
        a.problem(small, "tf.train.Saver unpacked into several names")
        return True
    g = a.make_gstmt(item, Kind.SAVER, names, call, env)
    g.info = _saver(a, call, item, env)
    env[names[0]] = g
    return True


def _saver(a: Analysis, call: cst.Call, item, env: dict) -> SaverInfo | None:
    args = a.args_by_name(call, list(T.SAVER_PARAMETERS))
    info = SaverInfo()
    for name, value in args.items():
        if name == "var_list":
            continue
        if name not in T.SAVER_KEPT_ARGUMENTS:
            a.problem(call, f"tf.train.Saver({name}=...) is not translated")
            return None
        if a.is_graph_expr(value, env):
            a.problem(value, f"tf.train.Saver({name}=...) reads the graph")
            return None
        info.kept.append((name, value))
    var_list = args.get("var_list")
    listed = _python_list(a, var_list, item)
    if listed is not None:
        var_list = listed
    collection = a.call_path(var_list) if isinstance(var_list, cst.Call) and not var_list.args else None
    if var_list is None or isinstance(var_list, cst.Name) and var_list.value == "None" \
            or collection in T.ALL_VARIABLES_COLLECTIONS:
        info.var_list = _all_variables(a, call, item)
    elif collection == T.TRAINABLE_VARIABLES_COLLECTION:
        info.var_list = _trainable_variables(a, call, item)
    elif isinstance(var_list, (cst.List, cst.Tuple)):
        info.var_list = _listed(a, call, item, var_list, env)
    elif isinstance(var_list, cst.Dict):
        info.var_list = _given(a, var_list, env)
    else:
        a.problem(var_list, "tf.train.Saver(var_list=...) that is not a literal list or dict of variables")
        return None
    return None if info.var_list is None else info


def _all_variables(a: Analysis, call, item) -> list | None:
    """Every variable of the graph so far, as Saver() saves them (global variables)."""
    for g in a.gstmts:
        if g.kind == Kind.TRAIN and g.item.segment == item.segment and g.idx < item.idx:
            optimizer = g.info.optimizer.info if g.info.optimizer is not None else g.info.inline
            cls = optimizer.cls if optimizer is not None else None
            if cls not in T.SLOT_FREE_OPTIMIZERS:
                a.problem(call, f"tf.train.Saver() of every variable after {cls or 'an optimizer'} created its "
                                "slot variables: the checkpoint holds them, the eager optimizer has others")
                return None
    names = graph_names(a, item)
    if names is None:
        return None
    return [(_string(name), g.name) for g, name in names]


def _trainable_variables(a: Analysis, call, item) -> list | None:
    """The trainable variables of the graph so far (no optimizer slots, no global step)."""
    names = graph_names(a, item)
    if names is None:
        return None
    kept = []
    for g, name in names:
        if isinstance(g.info, variables.VariableInfo) and g.info.container:
            a.problem(call, f"tf.train.Saver(tf.trainable_variables()) with the container `{g.name}`: which of its "
                            "variables are trainable is not read here")
            return None
        if variables.trainable(g) and not global_step.is_global_step(g):
            kept.append((_string(name), g.name))
    return kept


def _python_list(a: Analysis, node, item):
    """The literal list or dict a name was given once, at the top level before the Saver, and
    never changed (`params = [W, b]` ... `tf.train.Saver(params)`), else None."""
    if not isinstance(node, cst.Name):
        return None
    name, bound, changed = node.value, [], []

    def names(target) -> bool:
        return any(n.value == name for n in all_names(target))

    class Uses(cst.CSTVisitor):
        def visit_AssignTarget(self, target):
            if isinstance(target.target, cst.Name) and target.target.value == name:
                bound.append(target)
            elif names(target.target):  # params[0] = v, a, params = ...: bound or changed
                changed.append(target)

        def visit_AugAssign(self, aug):  # params += [v]
            if names(aug.target):
                changed.append(aug)

        def visit_For(self, loop):
            if names(loop.target):
                changed.append(loop)

        def visit_AsName(self, alias):
            if names(alias.name):
                changed.append(alias)

        def visit_Del(self, stmt):
            if names(stmt.target):
                changed.append(stmt)

        def visit_Attribute(self, attr):  # params.append(...): the list changes
            if isinstance(attr.value, cst.Name) and attr.value.value == name:
                changed.append(attr)

    uses = Uses()
    for other in a.items:
        other.node.visit(uses)
    top = [(other, small) for other in a.items if isinstance(other.node, cst.SimpleStatementLine)
           for small in other.node.body if isinstance(small, cst.Assign) and len(small.targets) == 1
           and any(small.targets[0] is b for b in bound)]
    if len(bound) != 1 or len(top) != 1 or top[0][0].idx >= item.idx \
            or changed \
            or not isinstance(top[0][1].value, (cst.List, cst.Tuple, cst.Dict)):
        return None
    return top[0][1].value


def _listed(a: Analysis, call, item, node, env) -> list | None:
    names = graph_names(a, item)
    if names is None:
        return None
    by_variable = {id(g): name for g, name in names}
    out = []
    for el in node.elements:
        v = el.value
        if not (isinstance(v, cst.Name) and v.value in env and env[v.value].kind == Kind.VARIABLE):
            a.problem(v, "tf.train.Saver(var_list=[...]) with something other than variables")
            return None
        out.append((_string(by_variable[id(env[v.value])]), v.value))
    return out


def _given(a: Analysis, node: cst.Dict, env) -> list | None:
    out = []
    for el in node.elements:
        if not (isinstance(el, cst.DictElement) and isinstance(el.key, cst.SimpleString)
                and isinstance(el.value, cst.Name) and el.value.value in env
                and env[el.value.value].kind == Kind.VARIABLE):
            a.problem(node, "tf.train.Saver(var_list={...}) other than {'name': variable}")
            return None
        out.append((el.key.value, el.value.value))
    return out


def _string(name: str) -> str:
    return f'"{name}"' if '"' not in name and "\\" not in name else repr(name)


# ---------------------------------------------------------------------------- graph names
def graph_names(a: Analysis, item) -> list | None:
    """[(variable GStmt, its graph name)] of the variables created before `item` in its
    segment, named as graph mode names them; None (with a problem) where that is not known."""
    in_use: dict = {}
    out = []
    for g in a.gstmts:
        if g.item.segment != item.segment or g.idx >= item.idx:
            continue
        if layers.is_layer(g) or scopes.is_get_variable(g):
            a.problem(g.node, f"`{g.name}` holds variables named by tf.layers / tf.get_variable: their checkpoint "
                              "names are not written out yet")
            return None
        given = _given_name(a, g)
        if given is _UNKNOWN:
            return None
        prefix = name_scopes.prefix_at(a, g.node)
        if g.kind == Kind.VARIABLE:
            if prefix is None:
                a.problem(g.node, f"variable `{g.name}` is created under a name scope whose name the translation "
                                  "cannot know: its checkpoint name has the scope's prefix")
                return None
            out.append((g, name_scopes.unique(in_use, prefix + (given or T.DEFAULT_VARIABLE_NAME))))
        elif given and prefix is not None:
            name_scopes.unique(in_use, prefix + given)
    return out


_UNKNOWN = object()


def _given_name(a: Analysis, g):
    """The `name=` of a graph statement's call ('' when none; _UNKNOWN when computed)."""
    call = g.value
    if global_step.is_global_step(g):
        return T.GLOBAL_STEP_NAME
    if g.kind == Kind.VARIABLE and isinstance(g.info, variables.VariableInfo) and g.info.container:
        a.problem(g.node, f"variables created in a container (`{g.name}`): their checkpoint names are not written "
                          "out yet")
        return _UNKNOWN
    if g.kind == Kind.VARIABLE and g.info is not None and g.info.helper is not None:
        call = _helper_variable_call(a, g.info.helper)
        if call is None:
            return _UNKNOWN
    if not isinstance(call, cst.Call):
        return ""
    positional = variables.PARAMETERS if g.kind == Kind.VARIABLE else []
    index = positional.index("name") if positional else None
    for i, arg in enumerate(call.args):
        named = arg.keyword is not None and arg.keyword.value == "name"
        if named or (arg.keyword is None and index is not None and i == index):
            if isinstance(arg.value, cst.SimpleString):
                return str(arg.value.evaluated_value)
            if g.kind == Kind.VARIABLE:
                a.problem(arg.value, f"variable `{g.name}` is named by a computed value: its checkpoint name is "
                                     "not known")
                return _UNKNOWN
    return ""


def _helper_variable_call(a: Analysis, helper: str):
    found = []

    class Calls(cst.CSTVisitor):
        def visit_Call(self, call):
            if a.call_path(call) == "Variable":
                found.append(call)

    fn = a.module_defs().get(helper)
    if fn is not None:
        fn.visit(Calls())
    if len(found) != 1:
        a.problem(fn or 0, f"the variables `{helper}()` creates have no name the translation can see")
        return None
    return found[0]


# ---------------------------------------------------------------------------- save / restore
def link(a: Analysis) -> None:
    """saver.save(sess, ...) / saver.restore(sess, ...): the session argument becomes None."""
    savers = {g.name for g in a.gstmts if g.kind == Kind.SAVER}
    if not savers:
        return
    outer = a

    class Calls(cst.CSTVisitor):
        def visit_Attribute(self, node):
            if isinstance(node.value, cst.Name) and node.value.value in savers \
                    and node.attr.value not in T.SESSION_METHODS and node.attr.value not in T.KEPT_MEMBERS:
                outer.problem(node, f"Saver.{node.attr.value} is not translated")
            return True

        def visit_Call(self, call):
            func = call.func
            if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.value.value in savers \
                    and func.attr.value in T.SESSION_METHODS:
                _session_argument(outer, call, func.attr.value)
            return True

    if a.block is None:
        a.module.visit(Calls())
    else:
        for stmt in a.block.body.body:
            stmt.visit(Calls())


def _session_argument(a: Analysis, call: cst.Call, method: str) -> None:
    parameters = T.SESSION_METHODS[method]
    sess = None
    for i, arg in enumerate(call.args):
        if arg.star:
            break
        if (arg.keyword is None and i == 0) or (arg.keyword is not None and arg.keyword.value == parameters[0]):
            sess = arg.value
    if not (isinstance(sess, cst.Name) and sess.value in a.session_names):
        a.problem(call, f"saver.{method}(...) with something other than the script's session")
        return
    a.accounted.add(sess)
    a.edits.names[sess] = cst.Name("None")  # the session handed to saver.save/restore
    a.notes.append((a.line(call), "eager-checkpoint", f"saver.{method}({sess.value}, ...): the session argument "
                                                       "is None in eager mode"))


def saver_statement(t: Translator, g) -> str:
    """`saver = tf.compat.v1.train.Saver(var_list={...}, ...)` with its comment."""
    tf = t.a.r.primary
    pairs = [f"{key}: {name}" for key, name in g.info.var_list]
    var_list = "var_list={" + ", ".join(pairs) + "}"
    if len(var_list) > 95:
        var_list = "var_list={\n" + "".join(f"        {p},\n" for p in pairs) + "    }"
    args = [var_list] + [f"{name}={t.expr_code(value)}" for name, value in g.info.kept]
    call = f"{g.name} = {tf}.compat.v1.train.Saver({', '.join(args)})"
    if len(call) > 100:
        call = f"{g.name} = {tf}.compat.v1.train.Saver(\n" + "".join(f"    {arg},\n" for arg in args) + ")"
    t.changes.append((g.line, "eager-checkpoint", "tf.train.Saver given its variables by their graph names, so "
                                                  "checkpoints keep TF 1's keys"))
    return f"# TF 1's Saver, keyed by graph names: the graph version's checkpoints restore here\n{call}\n"


class Checkpoints(Pattern):
    name = "checkpoints"
    summary = "tf.train.Saver -> compat Saver keyed by graph names"

    def claim_graph_assignment(self, a: Analysis, small, names, value, path, item, env) -> bool:
        return handles(path) and analyse_assignment(a, small, names, value, item, env)

    def link(self, a: Analysis) -> None:
        link(a)

    def kept_statement(self, t: Translator, g, node):
        if g.kind != Kind.SAVER:
            return NOT_MINE
        return statement_with_comments(saver_statement(t, g), node.leading_lines)


PATTERN = Checkpoints()
