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
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager import names as N
from migrate.eager.code import fresh
from migrate.eager.model import Kind
from migrate.eager.pattern import Pattern
from migrate.eager.patterns import graph_loops, variable_containers, variables
from migrate.node_helpers import all_names

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis

__all__ = ["PATTERN", "analyse"]

VARIABLE, TENSOR, PYTHON = "variable", "tensor", "python"


def analyse(a: Analysis, item, env) -> bool:
    """Record a for loop of layers as module-level variable lists and one tensor statement."""
    node = item.node
    if not isinstance(node, cst.For) or node.orelse is not None or node.asynchronous is not None \
            or not isinstance(node.body, cst.IndentedBlock) or a.is_graph_expr(node.iter, env):
        return False
    loop_names = {n.value for n in all_names(node.target)}
    kinds = []
    inside = dict(env)  # names the pass has bound so far, as graph names
    for stmt in node.body.body:
        kind = _statement_kind(a, stmt, inside)
        if kind is None:
            return False
        kinds.append(kind)
        if kind != PYTHON:
            inside.update({name: graph_loops.BOUND for name in _bound(a, stmt.body[0])})
    if VARIABLE not in kinds or TENSOR not in kinds:
        return False
    smalls = [stmt.body[0] for stmt in node.body.body]
    var_names = [s.targets[0].target.value for s, k in zip(smalls, kinds) if k == VARIABLE]
    if len(set(var_names)) != len(var_names):
        a.problem(node, "a variable created twice in one pass of a loop")
        return True
    python_names = {n for s, k in zip(smalls, kinds) if k == PYTHON for n in _bound(a, s)} | loop_names
    created, tensor_names = set(), set()
    for s, k in zip(smalls, kinds):
        reads = {n.value for n in a.names_in(s.value)}
        if k == VARIABLE:
            if reads & tensor_names:
                a.problem(s, "a variable created in a loop from a tensor computed in the loop")
                return True
            created.add(s.targets[0].target.value)
        elif k == TENSOR:
            late = reads & (set(var_names) - created)
            if late or reads & python_names:
                what = sorted(late or reads & python_names)
                a.problem(s, f"a tensor computed in a loop of layers reads {what}, bound later in the pass or by "
                             "Python code of the loop")
                return True
            tensor_names |= set(_bound(a, s))
    _check_seeds(a, node, loop_names)
    _record(a, item, node, smalls, kinds, var_names, env)
    return True


def _record(a: Analysis, item, node, smalls, kinds, var_names, env) -> None:
    taken = set(env) | {asg.name for asg in a.global_scope.assignments} | a.hoisted_names
    lists = {}
    for name in var_names:
        lists[name] = fresh(f"{name}_list", taken)
        taken.add(lists[name])
        a.hoisted_names.add(lists[name])
    # the module-level part: the list statements, then the loop creating the variables
    infos = {s.targets[0].target.value: _variable_info(a, s, env) for s, k in zip(smalls, kinds) if k == VARIABLE}
    list_gstmts = []
    for name in var_names:
        g = a.make_gstmt(item, Kind.VARIABLE, [lists[name]], cst.List([]), env)
        g.node = cst.parse_statement(f"{lists[name]} = []\n")
        g.info = variables.VariableInfo(infos[name].trainable, container=variable_containers.LIST)
        list_gstmts.append(g)
    kept = [stmt for stmt, k in zip(node.body.body, kinds) if k != TENSOR]
    kept += [cst.parse_statement(f"{lists[name]}.append({name})\n") for name in var_names]
    module_loop = node.with_changes(body=node.body.with_changes(body=kept), leading_lines=[])
    creation = cst.Tuple([cst.Element(s.value) for s, k in zip(smalls, kinds) if k != TENSOR])
    g = a.make_gstmt(item, Kind.VARIABLE, [], creation, env)
    g.node = module_loop
    g.info = variables.VariableInfo(trainable=False)
    # the part the run functions compute
    if len(var_names) == 1:
        target, iterable = var_names[0], lists[var_names[0]]
    else:
        target, iterable = ", ".join(var_names), f"zip({', '.join(lists[n] for n in var_names)})"
    tensors = [stmt for stmt, k in zip(node.body.body, kinds) if k == TENSOR]
    header = cst.parse_statement(f"for {target} in {iterable}:\n    pass\n")
    function_loop = header.with_changes(body=header.body.with_changes(body=tensors))
    bound = [n for s, k in zip(smalls, kinds) if k == TENSOR for n in a.target_nodes(s.targets[0].target)]
    bound_names = {n.value for n in bound}
    outside = [n for s, k in zip(smalls, kinds) if k == TENSOR for n in a.names_in(s.value)
               if n.value not in var_names and (n.value in env or n.value not in bound_names)]
    reads = cst.Call(func=cst.Name("graph_block"), args=[cst.Arg(n) for n in outside]
                     + [cst.Arg(cst.Name(lists[name])) for name in var_names])
    env.update({lists[name]: lg for name, lg in zip(var_names, list_gstmts)})
    targets = list(dict.fromkeys(n.value for n in bound))
    t = a.make_gstmt(item, Kind.TENSOR, targets, reads, env)
    t.node = function_loop
    t.random = any(a.has_random(s.value) for s, k in zip(smalls, kinds) if k == TENSOR)
    for name in targets:
        env[name] = t
    for n in a.names_in(node):
        if n.value in env or n.value in bound_names or n.value in var_names:
            a.accounted.add(n)
    item.drop = True
    _check_not_read_after(a, node, set(var_names))
    a.notes.append((a.line(node), "eager-variable-loop",
                    f"the loop's variables ({', '.join(var_names)}) are created once at module level and kept in "
                    f"{', '.join(lists.values())}; the layers it computes move into the run functions"))


def _statement_kind(a: Analysis, stmt, env) -> str | None:
    if not (isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1):
        return None
    small = stmt.body[0]
    if not isinstance(small, cst.Assign) or len(small.targets) != 1:
        return None
    target = small.targets[0].target
    path = a.call_path(small.value)
    if path == "Variable" or variables.find_helper(a, small.value) is not None:
        return VARIABLE if isinstance(target, cst.Name) else None
    if a.is_graph_expr(small.value, env) or path is not None:
        if path is not None and (N.is_python_side(path) or path in N.SESSION):
            return None
        if graph_loops.builds_state(a, small.value) or a.target_names(target) is None:
            return None
        return TENSOR
    if any(n.value in env for n in a.names_in(small.value)) or a.target_names(target) is None:
        return None
    return PYTHON


def _variable_info(a: Analysis, small, env):
    if a.call_path(small.value) == "Variable":
        return variables.analyse(a, small.value, env)
    helper = variables.find_helper(a, small.value)
    if helper.random:
        a.helper_random[helper.name] = helper.line
    return variables.VariableInfo(helper.trainable, helper.name)


def _check_seeds(a: Analysis, node, loop_names) -> None:
    """Each random op of a variable's initial value must take a seed that reads the loop variable."""
    for stmt in node.body.body:
        small = stmt.body[0]

        class Random(cst.CSTVisitor):
            def visit_Call(self, call):
                path = a.r.resolve(call.func)
                if path not in N.SEED_POSITION:
                    return True
                seed = variable_containers.seed_argument(call, path)
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

    def claim_compound(self, a: Analysis, item, env) -> bool:
        return analyse(a, item, env)


PATTERN = VariableLoops()
