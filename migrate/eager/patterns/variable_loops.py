"""Pattern: a for loop that creates a layer's variables and computes the layer in each pass
is split in two: the variables are created once, by the loop, at module level, and kept
in a list per variable; the run functions compute the layers over those lists.

    h = x                                        W_list = []
    for n_out in [8, 4]:                         b_list = []
        W = tf.Variable(tf.zeros([n_in, n_out])) for n_out in [8, 4]:
        b = tf.Variable(tf.zeros([n_out]))   ->      W = tf.Variable(tf.zeros([n_in, n_out]))
        h = tf.nn.relu(tf.matmul(h, W) + b)          b = tf.Variable(tf.zeros([n_out]))
        n_in = n_out                                 n_in = n_out
                                                     W_list.append(W)
                                                     b_list.append(b)
                                             (in each run function that needs `h`:)
                                                 h = x
                                                 for W, b in zip(W_list, b_list):
                                                     h = tf.nn.relu(tf.matmul(h, W) + b)

Graph mode ran the loop once, creating the variables and the ops; the translation
creates the same variables in the same order, and each trace of a run function builds
the same ops over them. The loop body may hold only variable statements (tf.Variable or
a variable helper), graph tensor statements and Python assignments; a tensor statement
reads variables created earlier in the same pass, tensors, and Python values that the
loop does not bind. The variables' names may not be read after the loop (they would
name the last pass's variables only). A random initializer's
seed must read the loop variable: graph mode makes a new op per pass (the same numbers
for the same seed), eager mode continues one stream.

A `with tf.variable_scope("layer%d" % i):` in the pass (one name, no reuse) goes: its
`tf.get_variable` calls are `tf.Variable`s named as the graph named them
(`name="layer%d" % i + "/w"`). Tensors computed in an `if` of the pass (`if i < n - 1:
h = tf.nn.relu(h)`) stay in the run functions' loop, which then zips the loop's own range
with the variable lists (`for i, W, b in zip(range(n), W_list, b_list):`). A Python list
the pass appends its variables to (`weights.append(W)`) holds variables: a graph statement
reading it (an L2 penalty over `weights`) is computed in the run functions.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager import names as N
from migrate.eager.code import fresh
from migrate.eager.model import Kind
from migrate.eager.pattern import Pattern
from migrate.eager import variable_record
from migrate.eager import random_ops
from migrate.eager import tensor_blocks
from migrate.eager import scope_record
from migrate.eager import get_variable_record
from migrate.node_helpers import all_names
from migrate.tables import variable_scopes as T

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis
    from migrate.eager.translate import Translator

__all__ = ["PATTERN", "analyse"]

VARIABLE, TENSOR, PYTHON = "variable", "tensor", "python"


def analyse(a: Analysis, item, env) -> bool:
    """Record a for loop of layers as module-level variable lists and one tensor statement."""
    node = item.node
    if not isinstance(node, cst.For) or node.orelse is not None or node.asynchronous is not None \
            or not isinstance(node.body, cst.IndentedBlock) or a.is_graph_expr(node.iter, env):
        return False
    loop_names = {n.value for n in all_names(node.target)}
    statements = _pass_statements(a, node, env)
    if not isinstance(statements, list):
        return statements is _REFUSED
    kinds, created = [], set()
    inside = dict(env)  # names the pass has bound so far, as graph names
    for stmt, _scope in statements:
        kind = _statement_kind(a, stmt, inside, created)
        if kind is None:
            return False
        kinds.append(kind)
        if kind == VARIABLE:
            created.add(stmt.body[0].targets[0].target.value)
        if kind in (VARIABLE, TENSOR):
            inside.update({name: tensor_blocks.BOUND for s in _assigns(stmt) for name in _bound(a, s)})
    if VARIABLE not in kinds or TENSOR not in kinds:
        return False
    if not _check_pass(a, node, statements, kinds, loop_names):
        return True
    _check_seeds(a, [stmt for stmt, _ in statements], loop_names)
    _record(a, item, node, statements, kinds, env)
    return True


_REFUSED = object()  # _pass_statements: the loop is refused, its reason given


def _pass_statements(a: Analysis, node, env):
    """[(statement, variable scope name node or None)]: the loop body's statements, those of a
    `with tf.variable_scope(name):` in its place."""
    out = []
    for stmt in node.body.body:
        if not (isinstance(stmt, cst.With) and scope_record.is_variable_scope(a, stmt)):
            out.append((stmt, None))
            continue
        item = stmt.items[0]
        args = item.item.args
        if item.asname is not None or len(args) != 1 or args[0].keyword is not None or args[0].star \
                or a.is_graph_expr(args[0].value, env) or not isinstance(stmt.body, cst.IndentedBlock):
            a.problem(stmt, "tf.variable_scope in a loop of layers with other than one name (reuse, `as`, a scope "
                            "object, default_name) is not translated: each pass opens another scope")
            return _REFUSED
        out += [(inner, args[0].value) for inner in stmt.body.body]
    return out


def _assigns(stmt) -> list:
    """The assignments of a pass statement: its own, an `if`'s body's; none for `list.append(v)`."""
    if isinstance(stmt, cst.If):
        return [s.body[0] for s in stmt.body.body]
    small = stmt.body[0]
    return [small] if isinstance(small, cst.Assign) else []


def _reads(a: Analysis, stmt) -> set:
    reads = {n.value for s in _assigns(stmt) for n in a.names_in(s.value)}
    return reads | ({n.value for n in a.names_in(stmt.test)} if isinstance(stmt, cst.If) else set())


def _check_pass(a: Analysis, node, statements, kinds, loop_names) -> bool:
    """The pass reads in order: a variable from no tensor of the pass, a tensor from no
    variable made later nor a name the loop's Python code binds (the loop's own names are
    given to the run functions' loop too)."""
    var_names = [stmt.body[0].targets[0].target.value for (stmt, _), k in zip(statements, kinds) if k == VARIABLE]
    if len(set(var_names)) != len(var_names):
        a.problem(node, "a variable created twice in one pass of a loop")
        return False
    python_names = {n for (stmt, _), k in zip(statements, kinds) if k == PYTHON for s in _assigns(stmt)
                    for n in _bound(a, s)}
    created, tensor_names = set(), set()
    for (stmt, _), k in zip(statements, kinds):
        reads = _reads(a, stmt)
        if k == VARIABLE:
            if reads & tensor_names:
                a.problem(stmt, "a variable created in a loop from a tensor computed in the loop")
                return False
            created.add(stmt.body[0].targets[0].target.value)
        elif k == TENSOR:
            late = reads & (set(var_names) - created)
            if late or reads & python_names:
                what = sorted(late or reads & python_names)
                a.problem(stmt, f"a tensor computed in a loop of layers reads {what}, bound later in the pass or "
                                "by Python code of the loop")
                return False
            tensor_names |= {n for s in _assigns(stmt) for n in _bound(a, s)}
    if any(_reads(a, stmt) & loop_names for (stmt, _), k in zip(statements, kinds) if k == TENSOR):
        end = a.pos[node].end.line
        for n in a.names_in(node.iter):
            if any(a.line(getattr(asg, "node", node)) > end for asg in a.global_scope.assignments[n.value]):
                a.problem(n, f"the loop of layers' range reads `{n.value}`, bound again after the loop: the run "
                             "functions' loop over the layers reads it when they run")
                return False
    return True


def _record(a: Analysis, item, node, statements, kinds, env) -> None:
    taken = set(env) | {asg.name for asg in a.global_scope.assignments} | a.hoisted_names
    stmts = [stmt for stmt, _ in statements]
    var_names = [stmt.body[0].targets[0].target.value for stmt, k in zip(stmts, kinds) if k == VARIABLE]
    lists = {}
    for name in var_names:
        lists[name] = fresh(f"{name}_list", taken)
        taken.add(lists[name])
        a.hoisted_names.add(lists[name])
    # the module-level part: the list statements, then the loop creating the variables
    infos = {stmt.body[0].targets[0].target.value: _variable_info(a, stmt.body[0], scope, env)
             for (stmt, scope), k in zip(statements, kinds) if k == VARIABLE}
    list_gstmts = []
    for name in var_names:
        g = a.make_gstmt(item, Kind.VARIABLE, [lists[name]], cst.List([]), env)
        g.node = cst.parse_statement(f"{lists[name]} = []\n")
        g.info = variable_record.VariableInfo(infos[name].trainable, container=variable_record.LIST)
        list_gstmts.append(g)
    kept = [stmt for stmt, k in zip(stmts, kinds) if k != TENSOR]
    kept += [cst.parse_statement(f"{lists[name]}.append({name})\n") for name in var_names]
    module_loop = node.with_changes(body=node.body.with_changes(body=kept), leading_lines=[])
    creation = cst.Tuple([cst.Element(stmt.body[0].value) for stmt, k in zip(stmts, kinds) if k != TENSOR])
    # a Python list the pass appends its variables to holds variables: what reads it reads them
    appended = list(dict.fromkeys(stmt.body[0].value.func.value.value for stmt, k in zip(stmts, kinds)
                                  if k == PYTHON and isinstance(stmt.body[0], cst.Expr)))
    g = a.make_gstmt(item, Kind.VARIABLE, appended, creation, env)
    g.node = module_loop
    g.info = variable_record.VariableInfo(trainable=False)
    env.update({name: g for name in appended})
    _record_tensors(a, item, node, stmts, kinds, var_names, lists, list_gstmts, env)
    item.drop = True
    _check_not_read_after(a, node, set(var_names))
    a.notes.append((a.line(node), "eager-variable-loop",
                    f"the loop's variables ({', '.join(var_names)}) are created once at module level and kept in "
                    f"{', '.join(lists.values())}; the layers it computes move into the run functions"))


def _record_tensors(a: Analysis, item, node, stmts, kinds, var_names, lists, list_gstmts, env) -> None:
    """The part the run functions compute: a loop over the variable lists (and the loop's
    own range, where the tensors read the loop's names)."""
    loop_names = {n.value for n in all_names(node.target)}
    tensors = [stmt for stmt, k in zip(stmts, kinds) if k == TENSOR]
    if len(var_names) == 1:
        target, iterable = var_names[0], lists[var_names[0]]
    else:
        target, iterable = ", ".join(var_names), f"zip({', '.join(lists[n] for n in var_names)})"
    if any(_reads(a, stmt) & loop_names for stmt in tensors):
        code = cst.Module([]).code_for_node
        own = code(node.target)
        own = f"({own})" if isinstance(node.target, cst.Tuple) else own
        target = f"{own}, {target}"
        iterable = f"zip({code(node.iter)}, {', '.join(lists[n] for n in var_names)})"
    header = cst.parse_statement(f"for {target} in {iterable}:\n    pass\n")
    function_loop = header.with_changes(body=header.body.with_changes(body=tensors))
    assigns = [s for stmt in tensors for s in _assigns(stmt)]
    bound = [n for s in assigns for n in a.target_nodes(s.targets[0].target)]
    bound_names = {n.value for n in bound}
    read_nodes = [n for s in assigns for n in a.names_in(s.value)]
    read_nodes += [n for stmt in tensors if isinstance(stmt, cst.If) for n in a.names_in(stmt.test)]
    outside = [n for n in read_nodes if n.value not in var_names and (n.value in env or n.value not in bound_names)]
    reads = cst.Call(func=cst.Name("graph_block"), args=[cst.Arg(n) for n in outside]
                     + [cst.Arg(cst.Name(lists[name])) for name in var_names])
    env.update({lists[name]: lg for name, lg in zip(var_names, list_gstmts)})
    targets = list(dict.fromkeys(n.value for n in bound))
    t = a.make_gstmt(item, Kind.TENSOR, targets, reads, env)
    t.node = function_loop
    t.random = any(a.has_random(s.value) for s in assigns)
    for name in targets:
        env[name] = t
    for n in a.names_in(node):
        if n.value in env or n.value in bound_names or n.value in var_names:
            a.accounted.add(n)


def _statement_kind(a: Analysis, stmt, env, created=frozenset()) -> str | None:
    if isinstance(stmt, cst.If):  # `if i < n - 1: h = tf.nn.relu(h)`: tensors computed in some passes
        if stmt.orelse is not None or a.is_graph_expr(stmt.test, env) or not isinstance(stmt.body, cst.IndentedBlock):
            return None
        inner = dict(env)
        for s in stmt.body.body:
            if _statement_kind(a, s, inner) != TENSOR:
                return None
            inner.update({name: tensor_blocks.BOUND for name in _bound(a, s.body[0])})
        return TENSOR
    if not (isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1):
        return None
    small = stmt.body[0]
    if _appends_variable(small, env, created):
        return PYTHON
    if not isinstance(small, cst.Assign) or len(small.targets) != 1:
        return None
    target = small.targets[0].target
    path = a.call_path(small.value)
    if path in ("Variable", "get_variable") or variable_record.find_helper(a, small.value) is not None:
        return VARIABLE if isinstance(target, cst.Name) else None
    if a.is_graph_expr(small.value, env) or path is not None:
        if path is not None and (N.is_python_side(path) or path in N.SESSION):
            return None
        if tensor_blocks.builds_state(a, small.value) or a.target_names(target) is None:
            return None
        return TENSOR
    if any(n.value in env for n in a.names_in(small.value)) or a.target_names(target) is None:
        return None
    return PYTHON


def _appends_variable(small, env, created) -> bool:
    """`weights.append(w)` of a variable the pass made, to a Python list: kept with the variables."""
    if not isinstance(small, cst.Expr) or not isinstance(small.value, cst.Call):
        return False
    call = small.value
    return isinstance(call.func, cst.Attribute) and call.func.attr.value == "append" \
        and isinstance(call.func.value, cst.Name) and call.func.value.value not in env \
        and len(call.args) == 1 and isinstance(call.args[0].value, cst.Name) and call.args[0].value.value in created


def _variable_info(a: Analysis, small, scope, env):
    path = a.call_path(small.value)
    if path == "Variable":
        return variable_record.analyse(a, small.value, env)
    if path == "get_variable":
        return _get_variable(a, small.value, scope, env)
    helper = variable_record.find_helper(a, small.value)
    if helper.random:
        a.helper_random[helper.name] = helper.line
    return variable_record.VariableInfo(helper.trainable, helper.name)


def _get_variable(a: Analysis, call, scope, env):
    """`tf.get_variable("w", shape, initializer=...)` in a pass: a tf.Variable named as the
    graph named it (the pass's scope name + "/w"), written at plan time (get_variable_record.variable_call)."""
    args = a.args_by_name(call, list(T.GET_VARIABLE_PARAMETERS))
    name = args.get("name")
    if not (isinstance(name, cst.SimpleString) and "{" not in name.value):
        a.problem(call, "tf.get_variable whose name is not a string literal")
        return variable_record.VariableInfo(True)
    item = a.item_at_line(a.line(call))
    prefix = (a.ask("variable_scope", a, item) or scope_record.Scope()).prefix if item is not None else ""
    info = get_variable_record.GetVariableInfo(prefix + name.evaluated_value)
    get_variable_record.read_arguments(a, call, args, info, env)
    if scope is not None:
        code = cst.Module([]).code_for_node(scope)
        bare = isinstance(scope, (cst.SimpleString, cst.Name, cst.Call, cst.Subscript, cst.Attribute,
                                  cst.FormattedString)) or isinstance(scope, cst.BinaryOperation) \
            and isinstance(scope.operator, cst.Modulo)
        head = (f"\"{prefix}\" + " if prefix else "") + (code if bare else f"({code})")
        info.full_name = f"{head} + \"/{name.evaluated_value}\""
    else:
        info.full_name = f"\"{info.full_name}\""
    a.state(PATTERN).get_variables.append((call, info))
    return variable_record.VariableInfo(info.trainable)


def _check_seeds(a: Analysis, stmts, loop_names) -> None:
    """Each random op of a variable's initial value (and each seeded initializer class) must
    take a seed that reads the loop variable."""
    for stmt in stmts:
        for small in _assigns(stmt):

            class Random(cst.CSTVisitor):
                def visit_Call(self, call):
                    path = a.r.resolve(call.func)
                    written = a.r.written(call.func) if isinstance(call.func, (cst.Name, cst.Attribute)) else None
                    if path in N.SEED_POSITION:
                        seed = random_ops.seed_argument(call, path)
                    elif written in T.INITIALIZER_SEED_POSITION:
                        position = T.INITIALIZER_SEED_POSITION[written]
                        given = [arg.value for arg in call.args if arg.keyword is not None and arg.keyword.value == "seed"]
                        seed = (given or [arg.value for arg in call.args if arg.keyword is None][position:position + 1]
                                or [None])[0]
                        if seed is None:
                            return True  # unseeded: a new draw each pass in both forms
                    else:
                        return True
                    if seed is None or not {n.value for n in all_names(seed)} & loop_names:
                        a.problem(call, "a random op in a loop that creates variables, with a seed that does not "
                                        "change from pass to pass: graph mode makes a new op each pass (the same "
                                        "numbers for the same seed), eager mode would continue one stream")
                    return True

            small.value.visit(Random())


def _check_not_read_after(a: Analysis, node, names) -> None:
    end = a.pos[node].end.line
    for assignment in a.global_scope.assignments:
        if assignment.name not in names:
            continue
        for access in assignment.references:
            if a.line(access.node) > end:
                a.problem(access.node, f"`{assignment.name}`, bound in the loop of layers at line "
                                       f"{a.line(node)}, is read after the loop")


def _bound(a: Analysis, small) -> list[str]:
    return a.target_names(small.targets[0].target) or [] if isinstance(small, cst.Assign) else []


class VariableLoops(Pattern):
    name = "variable_loops"
    summary = "a for loop creating and applying each layer's variables"

    @dataclass
    class State:
        get_variables: list = field(default_factory=list)  # (call, get_variable_record.GetVariableInfo) made in loops

    def plan(self, t: Translator) -> None:
        """Each get_variable of a loop is written `tf.Variable(<initial value>, name=...)`."""
        for call, info in t.a.state(self).get_variables:
            t.a.edits.expressions[id(call)] = get_variable_record.variable_call(t, info, info.full_name)[1]

    def claim_compound(self, a: Analysis, item, env) -> bool:
        return analyse(a, item, env)


PATTERN = VariableLoops()
