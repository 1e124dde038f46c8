"""Pattern: `tf.train.Saver` becomes `tf.train.Checkpoint` of its variables, or a
`tf.train.CheckpointManager` when its saves are numbered by a global step:

    W = tf.Variable(tf.zeros([2, 1]), name="W")     ->  W = tf.Variable(tf.zeros([2, 1]), name="W")
    saver = tf.train.Saver()                         ->  saver = tf.train.Checkpoint(W=W)
    path = saver.save(sess, "./model.ckpt")          ->  path = saver.write("./model.ckpt")
    saver.restore(sess, path)                        ->  saver.read(path).assert_existing_objects_matched()

    saver.save(sess, "./ckpt/model", global_step=step)  ->  saver.save(checkpoint_number=step), saver being
        tf.train.CheckpointManager(tf.train.Checkpoint(...), "./ckpt", max_to_keep=5, checkpoint_name="model")

Both checkpoint formats fall back on the variables' names (migrate/tables/checkpoints.py),
so where each saved variable carries its graph name in the eager code, checkpoints cross
between the forms. Graph mode names an unnamed variable "Variable", "Variable_1", ... and
makes given names unique ("W", "W_1"), case-insensitively; eager mode does not, so the
names are computed here, in creation order. Where a saved variable's eager name is not its
graph name and the Saver restores, it stays TF 1's Saver given the variables by their graph
names (a TF 1 checkpoint read by name would fill it with another variable's values):

    b = tf.Variable(tf.zeros([1]))                   ->  b = tf.Variable(tf.zeros([1]))
    saver = tf.train.Saver()                         ->  saver = tf.compat.v1.train.Saver(var_list={"W": W, "Variable": b})
    saver.restore(sess, path)                        ->  saver.restore(None, path)

as it does, with the reason, where the Saver's files or arguments have no Checkpoint form
(_compat_reason). The var_list is Saver()'s (every variable), a literal list or dict, a
name given a literal list once at the top level, tf.global_variables() (as Saver()) or
tf.trainable_variables() (no slots). Not translated: a Saver of every variable when an
optimizer with slot variables (Momentum, Adam...) was built before it (its checkpoint
holds the slots too), variables named by a computed value or under a name scope whose
name is not known (eager/name_scopes.py gives "hidden1/weights" under "hidden1"), Saver
arguments that build graph machinery (saver_def, builder, defer_build), save or restore
with anything but the script's session. The facts: migrate/tables/checkpoints.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager import name_scopes
from migrate.eager.code import statement_with_comments
from migrate.eager.model import Kind
from migrate.eager.pattern import NOT_MINE, Pattern
from migrate.eager import variable_record
from migrate.node_helpers import all_names
from migrate.tables import checkpoints as T

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis
    from migrate.eager.translate import Translator

__all__ = ["PATTERN", "handles", "analyse_assignment", "link", "saver_statement", "graph_names"]


COMPAT, CHECKPOINT, MANAGER = "compat Saver", "tf.train.Checkpoint", "tf.train.CheckpointManager"


@dataclass
class SaverInfo:
    var_list: list = field(default_factory=list)  # [(key code, variable GStmt name)]
    kept: list = field(default_factory=list)  # [(argument, value node)] passed on as written
    renamed: list = field(default_factory=list)  # variables whose eager name is not their checkpoint key
    keyed: bool = False  # a dict var_list whose keys are not the variables' graph names
    form: str = COMPAT  # what the eager form writes (decided by link)
    reason: str = ""  # why the compat Saver stays
    manager: tuple = ()  # (directory, checkpoint name) of the CheckpointManager form
    slots: list = field(default_factory=list)  # [(TRAIN GStmt, optimizer class)] whose slots Saver() saves


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
        info.slots = _slot_trains(a, item)
    elif collection == T.TRAINABLE_VARIABLES_COLLECTION:
        info.var_list = _trainable_variables(a, call, item)
    elif isinstance(var_list, (cst.List, cst.Tuple)):
        info.var_list = _listed(a, call, item, var_list, env)
    elif isinstance(var_list, cst.Dict):
        info.var_list = _given(a, var_list, env)
    else:
        a.problem(var_list, "tf.train.Saver(var_list=...) that is not a literal list or dict of variables")
        return None
    if info.var_list is None:
        return None
    info.renamed = _renamed(a, item, info.var_list, env)
    info.keyed = isinstance(var_list, cst.Dict) and _keys_renamed(a, item, info.var_list, env)
    return info


def _renamed(a: Analysis, item, var_list, env) -> list:
    """The variables of `var_list` whose eager name differs from their checkpoint key:
    tf.train.Checkpoint would restore a TF 1 checkpoint into them by the wrong name."""
    before = len(a.problems)
    names = graph_names(a, item)
    del a.problems[before:]  # a dict var_list needs no graph names; unknown ones count as renamed
    by_variable = {id(g): name for g, name in names or []}
    out = []
    for key, name in var_list:
        g = env.get(name)
        if g is None or id(g) not in by_variable:
            out.append(name)
            continue
        eager = _eager_name(a, g)
        if eager != by_variable[id(g)] or _string(eager) != key:
            out.append(name)
    return out


def _keys_renamed(a: Analysis, item, var_list, env) -> bool:
    """Does a dict var_list give a variable a key other than its graph name?"""
    before = len(a.problems)
    names = graph_names(a, item)
    del a.problems[before:]
    by_variable = {id(g): _string(name) for g, name in names or []}
    return names is None or any(by_variable.get(id(env.get(name))) != key for key, name in var_list)


def _eager_name(a: Analysis, g) -> str | None:
    """The name the eager variable carries (None when not known)."""
    before = len(a.problems)
    given = _given_name(a, g)
    del a.problems[before:]
    if given is _UNKNOWN or name_scopes.prefix_at(a, g.node) != "":
        return None
    return given or T.DEFAULT_VARIABLE_NAME


def _slot_trains(a: Analysis, item) -> list:
    """The training statements before `item` whose optimizer has slot variables (every global
    variable includes them): (the TRAIN GStmt, its optimizer class)."""
    out = []
    for g in a.gstmts:
        if g.kind == Kind.TRAIN and g.item.segment == item.segment and g.idx < item.idx:
            optimizer = g.info.optimizer.info if g.info.optimizer is not None else g.info.inline
            cls = optimizer.cls if optimizer is not None else None
            if cls not in T.SLOT_FREE_OPTIMIZERS:
                out.append((g, cls or "an optimizer"))
    return out


def _all_variables(a: Analysis, call, item) -> list | None:
    """Every variable of the graph so far, as Saver() saves them (global variables)."""
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
        if isinstance(g.info, variable_record.VariableInfo) and g.info.container:
            a.problem(call, f"tf.train.Saver(tf.trainable_variables()) with the container `{g.name}`: which of its "
                            "variables are trainable is not read here")
            return None
        if variable_record.trainable(g) and not variable_record.is_global_step(g):
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
        if a.ask("scope_named_variables", g):  # patterns/layers.py, patterns/scopes.py
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
    if variable_record.is_global_step(g):
        return T.GLOBAL_STEP_NAME
    if g.kind == Kind.VARIABLE and isinstance(g.info, variable_record.VariableInfo) and g.info.container:
        a.problem(g.node, f"variables created in a container (`{g.name}`): their checkpoint names are not written "
                          "out yet")
        return _UNKNOWN
    if g.kind == Kind.VARIABLE and g.info is not None and g.info.helper is not None:
        call = _helper_variable_call(a, g.info.helper)
        if call is None:
            return _UNKNOWN
    if not isinstance(call, cst.Call):
        return ""
    positional = variable_record.PARAMETERS if g.kind == Kind.VARIABLE else []
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
@dataclass
class _Uses:
    calls: list = field(default_factory=list)  # [(method, call)] save/restore with the session
    members: list = field(default_factory=list)  # Attribute nodes of other members read


def link(a: Analysis) -> None:
    """saver.save(sess, ...) / saver.restore(sess, ...) and the form each Saver takes:
    tf.train.Checkpoint where its uses allow it, else the compat Saver with sess=None."""
    savers = {g.name: g for g in a.gstmts if g.kind == Kind.SAVER}
    if not savers:
        return
    outer = a
    uses = {name: _Uses() for name in savers}
    file_functions = set()

    class Calls(cst.CSTVisitor):
        def visit_Attribute(self, node):
            if isinstance(node.value, cst.Name) and node.value.value in savers \
                    and node.attr.value not in T.SESSION_METHODS:
                if node.attr.value not in T.KEPT_MEMBERS:
                    outer.problem(node, f"Saver.{node.attr.value} is not translated")
                uses[node.value.value].members.append(node)
            return True

        def visit_Call(self, call):
            func = call.func
            if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.value.value in savers \
                    and func.attr.value in T.SESSION_METHODS and _session_argument(outer, call, func.attr.value):
                uses[func.value.value].calls.append((func.attr.value, call))
            path = outer.call_path(call)
            if path in T.FILE_FUNCTIONS:
                file_functions.add(path)
            return True

    if a.block is None:
        a.module.visit(Calls())
    else:
        for stmt in a.block.body.body:
            stmt.visit(Calls())
    for name, g in savers.items():
        if g.info is not None:
            _choose_form(a, g, uses[name], file_functions)


def _session_argument(a: Analysis, call: cst.Call, method: str) -> bool:
    parameters = T.SESSION_METHODS[method]
    sess = None
    for i, arg in enumerate(call.args):
        if arg.star:
            break
        if (arg.keyword is None and i == 0) or (arg.keyword is not None and arg.keyword.value == parameters[0]):
            sess = arg.value
    if not (isinstance(sess, cst.Name) and sess.value in a.session_names):
        a.problem(call, f"saver.{method}(...) with something other than the script's session")
        return False
    a.accounted.add(sess)
    return True


def _choose_form(a: Analysis, g, uses: _Uses, file_functions: set) -> None:
    """tf.train.Checkpoint (write/read), tf.train.CheckpointManager (save with global_step)
    or, with the reason, the compat Saver; the edits of its calls."""
    info: SaverInfo = g.info
    calls = [(method, call, a.args_by_name(call, list(T.SESSION_METHODS[method]))) for method, call in uses.calls]
    reason = _compat_reason(a, g, calls, uses.members, file_functions)
    if info.slots and not _slots_checkpointed(a, info, reason, calls):
        return
    if reason is not None:
        info.reason = reason
        for method, call, args in calls:
            sess = args["sess"]
            a.edits.names[sess] = cst.Name("None")  # the session handed to saver.save/restore
            said = f"saver.{method}({sess.value}, ...): the session argument is None in eager mode"
            a.notes.append((a.line(call), "eager-checkpoint", said))
        return
    numbered = any("global_step" in args for method, _, args in calls if method == "save")
    info.form = MANAGER if numbered else CHECKPOINT
    for method, call, args in calls:
        path = _code(args["save_path"])
        if method == "restore":
            owner = f"{g.name}.checkpoint" if numbered else g.name
            code = f"{owner}.read({path}).assert_existing_objects_matched()"
        elif numbered:
            code = f"{g.name}.save({T.MANAGER_NUMBER}={_code(args['global_step'])})"
            info.manager = _directory_and_name(args["save_path"])
        else:
            code = f"{g.name}.write({path})"
        a.edits.expressions[id(call)] = code
        a.accounted.update(arg.value for arg in call.args)
        a.notes.append((a.line(call), "eager-checkpoint", f"saver.{method}(sess, ...) became {code}"))
    for member in uses.members:
        a.edits.names[member.attr] = cst.Name(T.LAST_CHECKPOINTS[member.attr.value])


def _slots_checkpointed(a: Analysis, info: SaverInfo, reason, calls) -> bool:
    """A Saver() of every variable after an optimizer with slots: tf.train.Checkpoint of the
    variables and the eager optimizer (its own slots), where each restore reads a file this
    run saved before it (TF 1's checkpoints hold TF 1's slots under graph names); else a problem."""
    train, cls = info.slots[0]
    saved = [(a.line(call), _code(args["save_path"])) for method, call, args in calls
             if method == "save" and "save_path" in args]
    why = None
    if reason is not None or len(info.slots) > 1 or any("global_step" in args for _, _, args in calls):
        why = "and the checkpoint needs TF 1's Saver or numbered saves"
    elif any(method == "restore" and not any(line < a.line(call) and path == _code(args.get("save_path", call))
                                             for line, path in saved) for method, call, args in calls):
        why = "and a restore reads a checkpoint this run did not save before it"
    elif "optimizer" in [name for _, name in info.var_list]:
        why = "and a variable is named `optimizer`"
    if why is not None:
        a.problem(train.node, f"tf.train.Saver() of every variable after {cls} created its slot variables {why}: "
                              "the checkpoint holds them, the eager optimizer has others")
        return False
    return True


def _compat_reason(a: Analysis, g, calls, members, file_functions) -> str | None:
    """Why this Saver stays the compat Saver (None: it becomes tf.train.Checkpoint)."""
    info: SaverInfo = g.info
    restores = [args for method, _, args in calls if method == "restore"]
    saves = [args for method, _, args in calls if method == "save"]
    if info.renamed and restores:
        return (f"the eager variables {', '.join(f'`{n}`' for n in info.renamed)} do not carry their checkpoint "
                "keys as names: tf.train.Checkpoint would restore a TF 1 checkpoint into them by the wrong names")
    if info.keyed:
        return "the dict var_list names the checkpoint's keys, which tf.train.Checkpoint cannot write"
    names = [name for _, name in info.var_list]
    if len(set(names)) != len(names) or any(not n.isidentifier() or n in T.CHECKPOINT_MEMBERS for n in names):
        return "the variables' Python names cannot all be tf.train.Checkpoint's keywords"
    for args in saves + restores:
        extra = [p for p in args if p not in T.SAVE_ARGUMENTS]
        if extra or "save_path" not in args:
            return f"Saver.save/restore({', '.join(extra) or 'without a path'}=...) has no tf.train.Checkpoint form"
        if not all(_plain_python(a, v) for p, v in args.items() if p != "sess"):
            return "a checkpoint path or step computed with TensorFlow"
    if file_functions & T.KEY_READERS:
        return f"tf.{min(file_functions & T.KEY_READERS)} reads the checkpoint's keys, which " \
               "tf.train.Checkpoint writes object-based"
    other = [m.attr.value for m in members if m.attr.value not in T.LAST_CHECKPOINTS]
    if other:
        return f"Saver.{other[0]} has no tf.train.CheckpointManager form"
    numbered = [args for args in saves if "global_step" in args]
    kept = {name: value for name, value in info.kept}
    if numbered:
        if len(numbered) != len(saves):
            return "saves with and without global_step"
        places = {_directory_and_name(args["save_path"]) for args in numbered}
        if len(places) != 1 or None in places:
            return "saves with global_step to other than one literal path with a folder (\"./dir/model\")"
        if set(kept) - set(T.MANAGER_ARGUMENTS):
            return f"tf.train.Saver({min(set(kept) - set(T.MANAGER_ARGUMENTS))}=...) has no " \
                   "tf.train.CheckpointManager form"
        if not all(_plain_python(a, v) for v in kept.values()):
            return "a max_to_keep computed with TensorFlow"
        return None
    if members:
        return f"Saver.{members[0].attr.value} without saves numbered by global_step"
    if saves and file_functions & T.STATE_FILE_READERS:
        return f"tf.{min(file_functions & T.STATE_FILE_READERS)} reads the `checkpoint` state file, which " \
               "tf.train.Checkpoint.write does not write"
    if set(kept) - {"max_to_keep"}:
        return f"tf.train.Saver({min(set(kept) - {'max_to_keep'})}=...) has no tf.train.Checkpoint form"
    if not all(_fixed_path(a, args["save_path"]) for args in saves):
        return "a save path that may change between saves (the Saver deletes all but the max_to_keep newest)"
    limit = kept.get("max_to_keep")
    limit = T.SAVER_DEFAULT_MAX_TO_KEEP if limit is None else _literal_int(limit)
    if limit is None or 0 < limit < len(saves):
        return "more save calls than max_to_keep (the Saver deletes the oldest files)"
    return None


def _code(node) -> str:
    return cst.Module([]).code_for_node(node)


def _directory_and_name(path) -> tuple | None:
    """("./checkpoints", "model") for the literal "./checkpoints/model" (None: no folder)."""
    if not isinstance(path, cst.SimpleString):
        return None
    value = str(path.evaluated_value)
    directory, _, name = value.rpartition("/")
    if not directory or not name or "\\" in value:
        return None
    return directory, name


def _literal_int(node) -> int | None:
    if isinstance(node, cst.Integer):
        return int(node.value)
    if isinstance(node, cst.Name) and node.value == "None":
        return 0
    return None


def _plain_python(a: Analysis, node) -> bool:
    """Does `node` compute without TensorFlow (the checkpoint file functions allowed)?"""
    found = []

    class Visitor(cst.CSTVisitor):
        def visit_Call(self, call):
            path = a.call_path(call)
            if path is None:
                return True
            if path not in T.FILE_FUNCTIONS:
                found.append(call)
            for arg in call.args:
                arg.visit(self)
            return False

        def visit_Attribute(self, attr):
            if a.r.resolve(attr) is not None:
                found.append(attr)
                return False
            return True

        def visit_Name(self, name):
            if name.value in a.session_names or a.r.resolve(name) is not None:
                found.append(name)

    node.visit(Visitor())
    return not found


def _fixed_path(a: Analysis, node) -> bool:
    """A path the same at every save: a literal, a name given a value once at the top level,
    os.path.join or `+` of such."""
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        return True
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        return _fixed_path(a, node.left) and _fixed_path(a, node.right)
    if isinstance(node, cst.Call) and _code(node.func) in T.FIXED_PATH_FUNCTIONS:
        return all(not arg.star and arg.keyword is None and _fixed_path(a, arg.value) for arg in node.args)
    return _bound_once(a, node)


def _bound_once(a: Analysis, node) -> bool:
    """A name given a value once in the file, at the top level (`path = os.path.join(...)`)."""
    if not isinstance(node, cst.Name):
        return False
    bound = []

    class Targets(cst.CSTVisitor):
        def visit_Name(self, name):
            if name.value == node.value:
                bound.append(name)

        def visit_Call(self, call):  # a name read in a call is no binding
            return False

    for other in a.items:
        for target in _binding_targets(other.node):
            target.visit(Targets())
    top = [small for other in a.items if isinstance(other.node, cst.SimpleStatementLine)
           for small in other.node.body if isinstance(small, cst.Assign) and len(small.targets) == 1
           and isinstance(small.targets[0].target, cst.Name) and small.targets[0].target.value == node.value]
    return len(bound) == 1 and len(top) == 1


def _binding_targets(node):
    found = []

    class Visitor(cst.CSTVisitor):
        def visit_AssignTarget(self, target):
            found.append(target.target)

        def visit_AugAssign(self, aug):
            found.append(aug.target)

        def visit_AnnAssign(self, ann):
            found.append(ann.target)

        def visit_For(self, loop):
            found.append(loop.target)

        def visit_AsName(self, alias):
            found.append(alias.name)

        def visit_NamedExpr(self, named):
            found.append(named.target)

    node.visit(Visitor())
    return found


def saver_statement(t: Translator, g) -> str:
    """The Saver's statement in the form link chose, with its comment."""
    if g.info.form == COMPAT:
        return _compat_statement(t, g)
    tf = t.a.r.primary
    members = [f"{name}={name}" for _, name in g.info.var_list]
    if g.info.slots:
        optimizer = t.ask("optimizer_name", t, g.info.slots[0][0])
        members.append(f"optimizer={optimizer}")
        t.warnings.append((g.line, 0, "eager-checkpoint", f"tf.train.Saver() after {g.info.slots[0][1]} became "
                                                          f"tf.train.Checkpoint(..., optimizer={optimizer}): its "
                                                          "checkpoints hold the eager optimizer's slots, which TF 1 "
                                                          "code cannot restore, as it cannot restore TF 1's"))
    checkpoint = f"{tf}.train.Checkpoint({', '.join(members)})"
    if g.info.form == MANAGER:
        directory, name = g.info.manager
        kept = dict(g.info.kept)
        limit = t.expr_code(kept["max_to_keep"]) if "max_to_keep" in kept else str(T.SAVER_DEFAULT_MAX_TO_KEEP)
        args = [checkpoint, _string(directory), f"max_to_keep={limit}"]
        args += [f"{p}={t.expr_code(kept[p])}" for p in T.MANAGER_ARGUMENTS if p in kept and p != "max_to_keep"]
        args.append(f"checkpoint_name={_string(name)}")
        value = f"{tf}.train.CheckpointManager({', '.join(args)})"
    else:
        value = checkpoint
    code = f"{g.name} = {value}"
    if len(code) > 100:
        code = _wrapped(g.name, value)
    comment = ""  # TF 1 Saver checkpoints restore here by variable name, and back: the report says it
    if g.info.renamed:
        names = ", ".join(f"`{n}`" for n in g.info.renamed)
        comment = "# TF 1's Saver cannot restore these checkpoints: the variables' names differ\n"
        said = (f"tf.train.Saver became {g.info.form}: its checkpoints are object-based and the variables "
                f"{names} are not named as the graph named them, so TF 1 code cannot restore them")
        t.warnings.append((g.line, 0, "eager-checkpoint", said))
    said = f"tf.train.Saver became {g.info.form}: the checkpoint format is object-based; TF 1 code restores it by name"
    t.changes.append((g.line, "eager-checkpoint", said))
    return f"{comment}{code}\n"


def _wrapped(name: str, value: str) -> str:
    """`name = call(...)` over several lines, one argument a line."""
    call = cst.parse_expression(value)
    args = [cst.Module([]).code_for_node(arg.with_changes(comma=cst.MaybeSentinel.DEFAULT)) for arg in call.args]
    head = cst.Module([]).code_for_node(call.func)
    return f"{name} = {head}(\n" + "".join(f"    {arg},\n" for arg in args) + ")"


def _compat_statement(t: Translator, g) -> str:
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
    said = f"tf.train.Saver given its variables by their graph names, so checkpoints keep TF 1's keys ({g.info.reason})"
    t.changes.append((g.line, "eager-checkpoint", said))
    first = next(other for other in t.a.gstmts if other.kind == Kind.SAVER) is g  # one comment for the choice
    return f"# TF 1's Saver: its checkpoints keep the graph's variable names\n{call}\n" if first else f"{call}\n"


class Checkpoints(Pattern):
    name = "checkpoints"
    summary = "tf.train.Saver -> tf.train.Checkpoint / CheckpointManager (or compat Saver)"

    def claim_graph_assignment(self, a: Analysis, small, names, value, path, item, env) -> bool:
        return handles(path) and analyse_assignment(a, small, names, value, item, env)

    def link(self, a: Analysis) -> None:
        link(a)

    def kept_statement(self, t: Translator, g, node):
        if g.kind != Kind.SAVER:
            return NOT_MINE
        return statement_with_comments(saver_statement(t, g), node.leading_lines)


PATTERN = Checkpoints()
