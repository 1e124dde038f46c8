"""Pattern: `tf.control_dependencies` -> program order inside the run function.

    increment = tf.assign_add(counter, 1.0)
    with tf.control_dependencies([increment]):        @tf.function
        accumulate = tf.assign_add(total, counter * 2.0)   ->   def train_step():
    ...                                                        increment = counter.assign_add(1.0)
    sess.run(accumulate)                                       accumulate = total.assign_add(counter * 2.0)
                                                               return accumulate

Every op built inside the block waits for the listed ops, and running it runs them: the
statements of the block depend on the control inputs (so a run function computes them,
once, first), the reads of variables in the block come after the updates they wait for
(tf.function runs stateful ops in program order), and a tensor ordered after an update
is computed after the updates, where the update section of the body puts it. Only
tensors, assigns and groups may be built in the block and listed; the list must be a
literal list of names. A variable, train op or tape under control dependencies is refused.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager.model import Kind, closure
from migrate.eager.pattern import Pattern

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis
    from migrate.eager.translate import Translator

NOTE = "tf.control_dependencies removed: the run function runs the listed ops first, in program order"
ALLOWED = (Kind.TENSOR, Kind.ASSIGN, Kind.GROUP, Kind.CONSTANT)
HARMLESS = (Kind.PLACEHOLDER, Kind.OPTIMIZER)  # built under the block, nothing of them runs
UPDATES = (Kind.ASSIGN, Kind.GROUP, Kind.TRAIN)


def is_control_block(a: Analysis, stmt: cst.With) -> bool:
    return len(stmt.items) == 1 and a.call_path(stmt.items[0].item) == "control_dependencies"


def enter(a: Analysis, stmt: cst.With, outer: tuple) -> tuple:
    """The control inputs (Name nodes) of the statements inside `with tf.control_dependencies(...)`."""
    item = stmt.items[0]
    call = item.item
    if item.asname is not None:
        a.problem(stmt, "`with tf.control_dependencies(...) as ...` is not translated")
    args = [arg for arg in call.args if arg.keyword is None or arg.keyword.value == "control_inputs"]
    listed = args[0].value if len(args) == 1 and len(call.args) == 1 else None
    if not isinstance(listed, (cst.List, cst.Tuple)) or not all(
            isinstance(el.value, cst.Name) and not isinstance(el, cst.StarredElement) for el in listed.elements):
        a.problem(call, "tf.control_dependencies of something other than a literal list of names")
        return outer
    a.notes.append((a.line(stmt), "eager-control", NOTE))
    return outer + tuple(el.value for el in listed.elements)


def attach(a: Analysis, g, item, env) -> None:
    """Make the new graph statement `g` depend on the control inputs of its block."""
    names = inputs_of(a).get(item.idx)
    if not names or g.kind in HARMLESS:
        return
    if g.kind not in ALLOWED:
        a.problem(g.node, f"a {g.kind} built under tf.control_dependencies: its ordering is not translated")
        return
    found = []
    for name in names:
        d = env.get(name.value)
        a.accounted.add(name)
        if d is None or d.kind not in ALLOWED:
            what = f"a {d.kind}" if d is not None else "not a graph op the translation knows"
            a.problem(name, f"tf.control_dependencies on `{name.value}` ({what}) is not translated")
            continue
        found.append(d)
    controls_of(a)[id(g)] = found
    g.deps[:0] = [d for d in found if d not in g.deps]


def ordered_after(a: Analysis, g, u) -> bool:
    """Does a control dependency make `g`'s own ops (its reads of variables too) wait for `u`?
    A wait of a statement g only reads from does not order g's reads (a resource
    variable's read op has no input from it), so only g's own block counts."""
    return any(u is d for d in closure(controls_of(a).get(id(g), [])))


def after_updates(t: Translator, fn) -> set:
    """ids of the run function's non-update statements that must follow an update: those
    a control dependency orders after one, and those reading them."""
    a = t.a
    updates = [u for u in fn.body if u.kind in UPDATES]
    late: set = set()
    for g in fn.body:
        if g.kind in UPDATES:
            continue
        if any(id(d) in late for d in g.deps) or any(ordered_after(a, g, u) for u in updates):
            late.add(id(g))
    return late


def inputs_of(a: Analysis) -> dict:
    """item idx -> the control inputs (Name nodes) of the block the statement is in."""
    return a.state(PATTERN).inputs


def controls_of(a: Analysis) -> dict:
    """id(GStmt) -> the GStmts it waits for."""
    return a.state(PATTERN).controls


class Control(Pattern):
    name = "control"
    summary = "tf.control_dependencies blocks -> the order of the step's statements"

    @dataclass
    class State:
        inputs: dict = field(default_factory=dict)  # item idx -> the control inputs of the block it is in
        controls: dict = field(default_factory=dict)  # id(GStmt) -> the GStmts it waits for

    def new_statement(self, a: Analysis, g, item, env) -> None:
        attach(a, g, item, env)

    def after_updates(self, t: Translator, fn):
        return after_updates(t, fn)

    def enter_block(self, a: Analysis, stmt, contexts):
        return (self.name, enter(a, stmt, contexts.get(self.name, ()))) if is_control_block(a, stmt) else None

    def flattened_item(self, a: Analysis, item, contexts) -> None:
        if contexts.get(self.name):
            inputs_of(a)[item.idx] = contexts[self.name]


PATTERN = Control()
