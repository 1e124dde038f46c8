"""Pattern: `tf.variable_scope` / `tf.get_variable` -> tf.Variable, reuse -> the same object.

    with tf.variable_scope("hidden"):                       (the with goes, its body stays)
        W = tf.get_variable("w", [5, 8])                ->  W = tf.Variable(tf.keras.initializers.GlorotUniform()([5, 8]), name="hidden/w")
        b = tf.get_variable("b", [8], initializer=tf.zeros_initializer())
                                                        ->  b = tf.Variable(tf.zeros([8]), name="hidden/b")
    with tf.variable_scope("hidden", reuse=True):
        W_again = tf.get_variable("w", [5, 8])          ->  W_again = W  (the same variable)

The variable draws its initial value once, eagerly, with the initializer the graph used
(the compat.v1 classes keep graph mode's stateful random ops: with an op seed, the first
draw equals the graph's; a seeded one is written as its TF 2 random op). get_variable's
default, glorot_uniform, is Keras' GlorotUniform (the same distribution: migrate verify gives
it the graph's numbers), or under a global seed TF 1's initializer, which honours the seed. The scope's name becomes part of the variable's name, as
get_variable gave it. A second get_variable of a name under reuse=True or
tf.AUTO_REUSE is the variable made first; without reuse, or reuse of a name never
created, the original raises ValueError: refused.

    with tf.variable_scope("model") as scope:           (the with goes, its body stays)
        pred = net(x)                                   W = tf.Variable(...)
        scope.reuse_variables()                     ->  (removed)
        pred_test = net(x_test)                         W_again = W ...
    with tf.variable_scope(scope, reuse=True):          (the scope's full name again)

A scope object (`as scope`) is read only where it asks its own block to reuse
(`scope.reuse_variables()`, also `tf.get_variable_scope().reuse_variables()`) or is
entered again at the top level; any other use, scopes opened inside loops, scope-wide
initializers, regularizers, partitioners and custom getters are refused with the line and
the argument (a helper def opening its own scope runs in a TF1-style island:
patterns/tf1_islands.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager.code import statement_with_comments
from migrate.eager.model import Kind
from migrate.eager.pattern import NOT_MINE, Pattern
from migrate.eager.get_variable_record import GetVariableInfo, is_get_variable, read_arguments, variable_call
from migrate.eager.scope_record import AUTO_REUSE, REUSE, Scope, is_variable_scope
from migrate.tables import variable_scopes as T

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis
    from migrate.eager.translate import Translator

NOTE = "variable scope removed: tf.get_variable's names keep its prefix, reuse shares the Python object"


def enter(a: Analysis, stmt: cst.With, outer: Scope | None) -> Scope:
    """The scope a `with tf.variable_scope(...)` opens inside `outer`; problems for what is not translated."""
    outer = outer or Scope()
    item = stmt.items[0]
    call = item.item
    object_name = _scope_object(a, stmt)
    args = a.args_by_name(call, list(T.VARIABLE_SCOPE_PARAMETERS))
    name = args.get("name_or_scope")
    objects = a.state(PATTERN).objects
    if isinstance(name, cst.Name) and name.value in objects:  # a scope object entered again: its full name
        a.accounted.add(name)
        reopened = objects[name.value]
        outer, prefix = Scope(reuse=reopened.reuse or outer.reuse), reopened.prefix
    elif not (isinstance(name, cst.SimpleString) and "{" not in name.value):
        a.problem(call, "tf.variable_scope whose name is not a string literal")
        return outer
    else:
        prefix = outer.prefix + name.evaluated_value + "/"
    reuse = outer.reuse
    if "reuse" in args:
        flag = args["reuse"]
        path = a.call_path(flag) if not isinstance(flag, cst.Call) else None
        path = a.r.resolve(flag) if isinstance(flag, (cst.Name, cst.Attribute)) and path is None else path
        if isinstance(flag, cst.Name) and flag.value == "True":
            reuse = REUSE
        elif path == "AUTO_REUSE":
            reuse = AUTO_REUSE if reuse is None else reuse
        elif not (isinstance(flag, cst.Name) and flag.value in ("False", "None")):
            a.problem(call, "tf.variable_scope(reuse=...) that is not True, False, None or tf.AUTO_REUSE")
    for key in args:
        if key not in ("name_or_scope", "reuse") and key not in T.VARIABLE_SCOPE_IGNORED:
            a.problem(call, f"tf.variable_scope(..., {key}=...) is not translated")
    a.notes.append((a.line(stmt), "eager-variable-scope", NOTE))
    scope = Scope(prefix, reuse, object_name)
    if object_name is not None:
        objects[object_name] = scope
        for read in a.state(PATTERN).name_reads.get(object_name, []):  # `scope.name`: the literal it held
            a.accounted.add(read.value)
            a.edits.expressions[id(read)] = repr(prefix.rstrip("/")).replace("'", '"')
    return scope


def _scope_object(a: Analysis, stmt: cst.With) -> str | None:
    """`as scope` of a variable scope: its name when the object is only asked to
    `reuse_variables()` by a statement of its block, or entered again by a top-level
    `with tf.variable_scope(scope, ...)`; a problem for any other use."""
    asname = stmt.items[0].asname
    if asname is None:
        return None
    name = asname.name
    if not isinstance(name, cst.Name):
        a.problem(stmt, "`with tf.variable_scope(...) as (...)`: the scope object is not translated")
        return None
    allowed = {_reuse_receiver(a, s) for s in stmt.body.body} | _reopened(a, name.value)
    binding = a.scopes.get(stmt)
    uses = [access.node for assignment in (binding.assignments[name.value] if binding else [])
            for access in assignment.references]
    names = _name_reads(a, name.value)
    wrong = [node for node in uses if node not in allowed and id(node) not in names]
    if wrong:
        a.problem(wrong[0], f"the variable scope object `{name.value}` is used for something other than "
                            f"{name.value}.reuse_variables() in its block, tf.variable_scope({name.value}, ...) or "
                            f"{name.value}.name")
        return None
    if names and binding and len(binding.assignments[name.value]) > 1:
        a.problem(stmt, f"`{name.value}.name` read where `{name.value}` names several variable scopes")
        return None
    a.state(PATTERN).name_reads[name.value] = list(names.values())
    a.accounted.add(name)
    return name.value


def _name_reads(a: Analysis, name: str) -> dict:
    """id(Name node) -> the `scope.name` Attribute read of the scope object `name`: a string
    the translation writes as the literal it held (scope_name_literal)."""
    found = {}

    class Reads(cst.CSTVisitor):
        def visit_Attribute(self, node):
            if isinstance(node.value, cst.Name) and node.value.value == name and node.attr.value == "name":
                found[id(node.value)] = node
            return True

    (a.block.body if a.block is not None else a.module).visit(Reads())
    return found


def scope_name_literal(a: Analysis, node) -> str | None:
    """The full name a `scope.name` read holds (the scope object's prefix, "outer/inner"), else None."""
    if not isinstance(node, cst.Attribute) or not isinstance(node.value, cst.Name) or node.attr.value != "name":
        return None
    scope = a.state(PATTERN).objects.get(node.value.value)
    reads = a.state(PATTERN).name_reads.get(node.value.value, [])
    return scope.prefix.rstrip("/") if scope is not None and any(r is node for r in reads) else None


def _reuse_receiver(a: Analysis, stmt):
    """The receiver of `X.reuse_variables()` written as a statement of its own, else None."""
    if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Expr):
        call = stmt.body[0].value
        if isinstance(call, cst.Call) and not call.args and isinstance(call.func, cst.Attribute) \
                and call.func.attr.value == "reuse_variables":
            return call.func.value
    return None


def _reopened(a: Analysis, name: str) -> set:
    """The Name nodes `name` of top-level `with tf.variable_scope(name, ...)` statements."""
    found = set()

    class Withs(cst.CSTVisitor):
        def visit_FunctionDef(self, node):
            return False

        def visit_With(self, node):
            for it in node.items:
                call = it.item
                if a.call_path(call) == "variable_scope" and call.args and call.args[0].keyword is None \
                        and isinstance(call.args[0].value, cst.Name) and call.args[0].value.value == name:
                    found.add(call.args[0].value)
            return True

    (a.block.body if a.block is not None else a.module).visit(Withs())
    return found


def reuse_statement(a: Analysis, stmt, scope: Scope | None) -> Scope | None:
    """`scope.reuse_variables()` (or `tf.get_variable_scope().reuse_variables()`) in the block
    of the variable scope `scope`: the scope from there on, reusing (the statement goes)."""
    receiver = _reuse_receiver(a, stmt) if scope is not None else None
    if receiver is None:
        return None
    current = isinstance(receiver, cst.Name) and receiver.value == scope.object_name
    if not current and not (isinstance(receiver, cst.Call) and not receiver.args
                            and a.call_path(receiver) == "get_variable_scope"):
        return None
    a.notes.append((a.line(stmt), "eager-variable-scope", "reuse_variables() removed: the get_variable calls after "
                                                          "it in the scope are the variables made first"))
    reusing = Scope(scope.prefix, REUSE, scope.object_name)
    if scope.object_name is not None:
        a.state(PATTERN).objects[scope.object_name] = reusing
    return reusing


def get_variable(a: Analysis, small: cst.Assign, target, item, env) -> bool:
    """`v = tf.get_variable(...)` at the block's top level: a variable (or a reused one); True when it is one."""
    value = small.value
    if a.call_path(value) != "get_variable":
        return False
    if not isinstance(target, cst.Name):
        a.problem(small, "tf.get_variable assigned to something other than one name")
        return True
    a.accounted.add(target)
    a.check_nested(value, "get_variable")
    args = a.args_by_name(value, list(T.GET_VARIABLE_PARAMETERS))
    name = args.get("name")
    if not (isinstance(name, cst.SimpleString) and "{" not in name.value):
        a.problem(value, "tf.get_variable whose name is not a string literal")
        return True
    scope = scopes_of(a).get(item.idx, Scope())
    info = GetVariableInfo(scope.prefix + name.evaluated_value)
    store = stores_of(a).setdefault(("store", item.segment), {})
    existing = store.get(info.full_name)
    if existing is not None:
        if scope.reuse is None:
            a.problem(value, f"tf.get_variable(\"{info.full_name}\") a second time without reuse: the original "
                             "raises ValueError")
            return True
        info.alias_of, info.trainable = existing, False
        g = a.make_gstmt(item, Kind.VARIABLE, [target.value], None, env)
        g.deps.append(existing)
        g.info = info
        env[target.value] = existing
        return True
    if scope.reuse == REUSE:
        a.problem(value, f"tf.get_variable(\"{info.full_name}\") under reuse=True, but no such variable was made: "
                         "the original raises ValueError")
        return True
    read_arguments(a, value, args, info, env)
    _check_seed(a, value, info, item.segment)
    g = a.make_gstmt(item, Kind.VARIABLE, [target.value], value, env)
    g.info = info
    store[info.full_name] = g
    env[target.value] = g
    return True


def _check_seed(a: Analysis, call, info: GetVariableInfo, segment) -> None:
    """An unseeded draw is warned about under a global seed (analysis.unseeded); two draws
    of one initializer class with the same op seed are refused: graph mode gives each op
    its own stream (equal values), eager mode continues one stream per seed."""
    if info.default_initializer is not None:
        if info.default_initializer == T.DEFAULT_FLOAT_INITIALIZER:
            a.unseeded.append(call)
        return
    init = info.initializer
    if info.initializer_path not in T.INITIALIZER_SEED_POSITION or not isinstance(init, cst.Call):
        return
    position = T.INITIALIZER_SEED_POSITION[info.initializer_path]
    seed = [arg.value for arg in init.args if arg.keyword is not None and arg.keyword.value == "seed"]
    positional = [arg.value for arg in init.args if arg.keyword is None]
    seed = seed or positional[position:position + 1]
    if not seed:
        a.unseeded.append(init)
        return
    if not info.initializer_path.startswith("compat.v1."):
        return  # TF 2 initializers draw statelessly when seeded: equal values every call, in both modes
    key = (segment, info.initializer_path, cst.Module([]).code_for_node(seed[0]))
    seen = stores_of(a).setdefault("seeds", set())
    if key in seen:
        a.problem(init, f"a second {info.initializer_path.rpartition('.')[2]} with op seed {key[2]}: graph mode "
                        "draws the same values for both variables, eager mode continues one random stream")
    seen.add(key)


def emit(t: Translator, g, node) -> cst.BaseStatement:
    """`name = tf.Variable(<initial value>, name="scope/name")`, or `name = <reused variable>`."""
    info: GetVariableInfo = g.info
    leading = node.leading_lines
    if info.alias_of is not None:
        original = info.alias_of.name
        t.changes.append((g.line, "eager-variable", f"tf.get_variable(\"{info.full_name}\") under reuse: `{g.name}` "
                                                    f"is the variable `{original}`"))
        text = f"{g.name} = {original}\n"  # the code says the reuse: no comment
        return statement_with_comments(text, leading)
    t.changes.append((g.line, "eager-variable", f"tf.get_variable(\"{info.full_name}\") became tf.Variable, created "
                                                "and initialised eagerly"))
    comment, call = variable_call(t, info, f"\"{info.full_name}\"")
    return statement_with_comments(f"{comment}{g.name} = {call}\n", leading)


def scopes_of(a: Analysis) -> dict:
    """item idx -> the variable scope its statement is in (filled by the flattener)."""
    return a.state(PATTERN).scopes


def stores_of(a: Analysis) -> dict:
    """("store", segment) -> {full name: the GStmt that made the variable}: the graph's variable
    store; "seeds" -> the (segment, initializer, op seed) drawn from."""
    return a.state(PATTERN).stores


class Scopes(Pattern):
    name = "scopes"
    summary = "variable_scope + get_variable -> variables named as the graph named them"

    @dataclass
    class State:
        scopes: dict = field(default_factory=dict)  # item idx -> the variable scope its statement is in
        stores: dict = field(default_factory=dict)  # the graph's variable stores and the seeds drawn (stores_of)
        objects: dict = field(default_factory=dict)  # `as scope` name -> the Scope it is (reopened by name)
        name_reads: dict = field(default_factory=dict)  # `as scope` name -> its `scope.name` Attribute nodes

    def claim_assignment(self, a: Analysis, small, target, item, path, env) -> bool:
        return get_variable(a, small, target, item, env)

    def kept_statement(self, t: Translator, g, node):
        return emit(t, g, node) if g.kind == Kind.VARIABLE and is_get_variable(g) else NOT_MINE

    def graph_variable_name(self, a: Analysis, g):
        return g.info.full_name if g.kind == Kind.VARIABLE and is_get_variable(g) else None

    def scope_named_variables(self, g):
        return True if is_get_variable(g) else None

    def name_literal(self, a: Analysis, node):
        return scope_name_literal(a, node)

    def enter_block(self, a: Analysis, stmt, contexts):
        return (self.name, enter(a, stmt, contexts.get(self.name))) if is_variable_scope(a, stmt) else None

    def block_statement(self, a: Analysis, stmt, contexts):
        reusing = reuse_statement(a, stmt, contexts.get(self.name))
        return None if reusing is None else (self.name, reusing)

    def flattened_item(self, a: Analysis, item, contexts) -> None:
        if contexts.get(self.name) is not None:
            scopes_of(a)[item.idx] = contexts[self.name]

    def variable_scope(self, a: Analysis, item):
        return scopes_of(a).get(item.idx)


PATTERN = Scopes()
