"""Pattern: a graph collection of variables -> the list of the variables it held.

    with tf.variable_scope("head"):
        W2 = tf.get_variable("W", ...)          ->  W2 = tf.Variable(..., name="head/W")
    all_vars = tf.trainable_variables()         ->  all_vars = [W1, b1, W2]
    head_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope="head")
                                                ->  head_vars = [W2]
    train = opt.minimize(loss, var_list=head_vars)      (minimize differentiates W2)
    opt.minimize(loss, var_list=tf.trainable_variables())   ->  as minimize(loss): its default

The collection is read where the graph read it: the variables created before the
statement in its graph segment, in creation order (tables/variable_collections.py), and,
with a scope, those whose graph name matches it as `re.match` does (a variable made by
tf.get_variable in a variable scope: its name is known). Refused with the reason: a
collection read after variables the translation does not list (tf.layers, RNN cells,
TF1-style islands, a helper def creating variables, an optimizer's slots for
global_variables), a scope on a variable whose graph name is not known, a computed scope,
and a list name used for anything but a var_list and `len()`: eager variables are named
otherwise (two unnamed ones are both `Variable:0`, graph mode's `Variable_1:0`), so code
reading the list's variables could print other text and no number would show it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager.model import Kind
from migrate.eager.pattern import Pattern
from migrate.tables import checkpoints as C
from migrate.tables import variable_collections as T

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis

__all__ = ["PATTERN", "collection_of"]

# calls that make variables no VARIABLE statement lists (paths as names.Resolver gives them)
_HIDDEN_VARIABLES = ("layers", "contrib", "nn.rnn_cell", "nn.dynamic_rnn", "nn.static_rnn", "keras")


def _collection_call(a: Analysis, node) -> tuple[str, cst.BaseExpression | None] | None:
    """(TRAINABLE or GLOBAL, the scope expression) for a call reading a collection of variables."""
    if not isinstance(node, cst.Call):
        return None
    path = a.call_path(node)
    if path in T.FUNCTIONS:
        args = a.args_by_name(node, T.FUNCTION_PARAMETERS)
        return T.FUNCTIONS[path], args.get("scope")
    if path == "get_collection":
        args = a.args_by_name(node, T.GET_COLLECTION_PARAMETERS)
        key = a.r.resolve(args["key"]) if "key" in args else None
        if key in T.KEYS:
            return T.KEYS[key], args.get("scope")
    return None


def collection_of(a: Analysis, node, item, env) -> list | None:
    """The variable statements a collection call held at `item` (a problem and None where
    that is not known); None without a problem for anything but a collection call."""
    read = _collection_call(a, node)
    if read is None:
        return None
    which, scope = read
    pattern = None
    if scope is not None:
        literal = a.ask("name_literal", a, scope)  # `scope.name` of a variable scope object
        if literal is None and not (isinstance(scope, cst.SimpleString)
                                    and re.fullmatch(r"[\w/]+", str(scope.evaluated_value))):
            a.problem(node, "a collection of variables read with a scope other than a literal name or a variable "
                            "scope object's `.name`")
            return []
        pattern = literal if literal is not None else str(scope.evaluated_value)
    hidden = _hidden_variables(a, item, which)
    if hidden is not None:
        a.problem(node, f"a collection of variables read after {hidden}: the translation does not list "
                        "those variables")
        return []
    found = []
    for g in sorted({id(g): g for g in env.values()}.values(), key=lambda g: g.order()):
        if g.kind != Kind.VARIABLE or (which == T.TRAINABLE and not _trainable(g)):
            continue
        if getattr(g.info, "container", None) is not None:
            a.problem(node, f"a collection of variables read after the container of variables `{g.name}`: "
                            "not listed yet")
            return []
        if pattern is not None:
            name = a.ask("graph_variable_name", a, g)
            if name is None:
                a.problem(node, f"a collection of variables read with a scope, and the graph name of `{g.name}` "
                                "is not known")
                return []
            if not re.match(pattern, name + ":0"):
                continue
        found.append(g)
    return found


def _trainable(g) -> bool:
    return getattr(g.info, "trainable", True) is not False


def _hidden_variables(a: Analysis, item, which) -> str | None:
    """What made variables before `item` that no variable statement lists, or None."""
    for g in a.gstmts:
        if g.item.segment != item.segment or g.idx >= item.idx:
            continue
        path = a.call_path(g.value) if isinstance(g.value, cst.Call) else None
        if path is not None and path.startswith(_HIDDEN_VARIABLES):
            return f"tf.{path}"
        if which == T.GLOBAL and g.kind == Kind.TRAIN:
            optimizer = g.info.optimizer.info if g.info.optimizer is not None else g.info.inline
            cls = optimizer.cls if optimizer is not None else None
            if cls not in C.SLOT_FREE_OPTIMIZERS:
                return f"{cls or 'an optimizer'} created its slot variables"
    for stmt in a.module_defs().values():
        if _creates_variables(a, stmt) and stmt.name.value not in a.state(PATTERN).helpers(a):
            return f"the def `{stmt.name.value}`, which creates variables"
    return None


def _creates_variables(a: Analysis, node) -> bool:
    found = []

    class Calls(cst.CSTVisitor):
        def visit_Call(self, call):
            if a.call_path(call) in ("Variable", "get_variable"):
                found.append(call)

    node.visit(Calls())
    return bool(found)


class VariableCollections(Pattern):
    name = "variable_collections"
    summary = "tf.trainable_variables() / global_variables() / get_collection of variables -> the list they held"

    @dataclass
    class State:
        lists: dict = field(default_factory=dict)  # name bound to a collection -> its variable statements
        uses: set = field(default_factory=set)  # the Name nodes reading such a name as a var_list or in len()

        def helpers(self, a: Analysis) -> set:
            """The variable-helper defs whose variables are VARIABLE statements of their own."""
            return {g.info.helper for g in a.gstmts if g.kind == Kind.VARIABLE
                    and getattr(g.info, "helper", None) is not None}

    def claim_assignment(self, a: Analysis, small, target, item, path, env) -> bool:
        found = collection_of(a, small.value, item, env)
        if found is None:
            return False
        if not isinstance(target, cst.Name):
            a.problem(small, "a collection of variables assigned to something other than a name")
            return True
        a.accounted.add(target)
        a.state(self).lists[target.value] = found
        a.edits.expressions[id(small.value)] = "[" + ", ".join(g.name for g in found) + "]"
        env.pop(target.value, None)
        return True

    def variable_list(self, a: Analysis, node, env):
        """The variable statements of a var_list given as a collection call or a name bound to one."""
        if isinstance(node, cst.Name) and node.value in a.state(self).lists and node.value not in env:
            a.accounted.add(node)
            a.state(self).uses.add(node)
            return a.state(self).lists[node.value]
        item = a.item_at_line(a.line(node))
        return None if item is None else collection_of(a, node, item, env)

    def link(self, a: Analysis) -> None:
        _check_uses(a, a.state(self))


def _check_uses(a: Analysis, state) -> None:
    """A name bound to a collection is read only as a var_list or by len()."""
    if not state.lists:
        return

    class Lengths(cst.CSTVisitor):
        def visit_Call(self, call):
            if isinstance(call.func, cst.Name) and call.func.value == "len" and len(call.args) == 1 \
                    and isinstance(call.args[0].value, cst.Name):
                state.uses.add(call.args[0].value)

    (a.block if a.block is not None else a.module).visit(Lengths())
    for name in state.lists:
        for assignment in a.global_scope.assignments[name]:
            for access in assignment.references:
                if access.node not in state.uses:
                    a.problem(access.node, f"`{name}`, the list of a graph collection's variables, used for more "
                                           "than a var_list or len(): eager variables are named otherwise")


PATTERN = VariableCollections()
