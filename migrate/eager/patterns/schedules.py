"""Pattern: a decayed learning rate becomes a Keras schedule called with the step variable.

    global_step = tf.Variable(0, trainable=False)          ->  (kept)
    learning_rate = tf.train.exponential_decay(             ->  learning_rate_schedule = tf.keras.optimizers.schedules.ExponentialDecay(
        0.5, global_step, 10, 0.8, staircase=True)                  0.5, decay_steps=10, decay_rate=0.8, staircase=True)
    opt = tf.train.GradientDescentOptimizer(learning_rate)  ->  opt = tf.keras.optimizers.SGD(
                                                                    learning_rate=lambda: learning_rate_schedule(global_step), ...)
    train = opt.minimize(loss, global_step=global_step)     ->  (the step: apply_gradients, then global_step.assign_add(1))
    sess.run([train, learning_rate])                        ->  learning_rate = learning_rate_schedule(global_step) in the step

The rate is read where the graph reads it: before the step's update of global_step (the
update depends on the rate). An optimizer whose Keras twin is not equal under a changing
rate (migrate/tables/optimizers.py `varying_rate`) stays the tf.compat.v1 class, which
takes the same callable. The facts: migrate/tables/schedules.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager.code import statement_with_comments
from migrate.eager.model import Kind
from migrate.eager.pattern import NOT_MINE, Pattern
from migrate.tables.schedules import DROPPED, SCHEDULES

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis
    from migrate.eager.translate import Translator

__all__ = ["PATTERN", "ScheduleInfo", "handles", "analyse_assignment", "analyse", "of", "rate_code", "module_statement",
           "tensor_code", "computed_in"]


@dataclass
class ScheduleInfo:
    path: str
    step: object  # the step variable's GStmt
    args: dict = field(default_factory=dict)  # Keras keyword -> value node (the first: positional)
    object_name: str = ""  # the module-level schedule


def handles(path: str | None) -> bool:
    return path in SCHEDULES


def analyse_assignment(a: Analysis, small, names, call: cst.Call, path: str, item, env: dict) -> bool:
    if len(names) != 1:
        a.problem(small, f"tf.{path} unpacked into several names")
        return True
    g = a.make_gstmt(item, Kind.TENSOR, names, call, env)
    g.info = analyse(a, call, path, names, env)
    item.drop = True
    env[names[0]] = g
    return True


def analyse(a: Analysis, call: cst.Call, path: str, names: list, env: dict) -> ScheduleInfo | None:
    row = SCHEDULES[path]
    args = a.args_by_name(call, list(row.tf1_parameters))
    step = args.get(row.step)
    if not (isinstance(step, cst.Name) and step.value in env and env[step.value].kind == Kind.VARIABLE):
        a.problem(call, f"tf.{path} with a step that is not a variable")
        return None
    info = ScheduleInfo(path, env[step.value])
    for name, value in args.items():
        if name == row.step or name in DROPPED:
            continue
        if a.is_graph_expr(value, env):
            a.problem(value, f"tf.{path}({name}=...) is a graph tensor")
            return None
        info.args[row.rename[name]] = value
    taken = {asg.name for asg in a.global_scope.assignments} | {asg.name for asg in a.module_scope.assignments}
    base = f"{names[0]}_schedule" if len(names) == 1 else "learning_rate_schedule"
    info.object_name = base
    i = 2
    while info.object_name in taken:
        info.object_name = f"{base}_{i}"
        i += 1
    return info


def of(g) -> ScheduleInfo | None:
    """The schedule record of a graph statement, if it is a decayed rate."""
    return g.info if g is not None and isinstance(g.info, ScheduleInfo) else None


def rate_code(schedule_gstmt) -> str:
    """What an optimizer is given: a callable reading the step when the optimizer applies."""
    info = schedule_gstmt.info
    return f"lambda: {info.object_name}({info.step.name})"


def module_statement(t: Translator, g, node) -> cst.BaseStatement:
    """`name_schedule = tf.keras.optimizers.schedules.X(...)`, where the TF 1 rate was built."""
    info = g.info
    row = SCHEDULES[info.path]
    tf = t.a.r.primary
    order = list(row.rename.values())
    args = []
    for name in sorted(info.args, key=order.index):
        code = t.expr_code(info.args[name])
        args.append(code if name == order[0] else f"{name}={code}")
    t.changes.append((g.line, "eager-schedule", f"tf.{info.path} became {tf}.keras.optimizers.schedules.{row.keras} "
                                                f"called with `{info.step.name}` (the same rates, step for step)"))
    line = f"{info.object_name} = {tf}.keras.optimizers.schedules.{row.keras}({', '.join(args)})"
    if len(line) > 100:
        line = f"{info.object_name} = {tf}.keras.optimizers.schedules.{row.keras}(\n    {', '.join(args)})"
    return statement_with_comments(f"{line}\n", [ln for ln in node.leading_lines if ln.comment is not None])


def tensor_code(g) -> str:
    """The rate tensor inside a run function."""
    return f"{g.name} = {g.info.object_name}({g.info.step.name})"


def computed_in(t: Translator, g, fn) -> bool:
    """Does the run function need the rate as a tensor (fetched, or read by a tensor), not
    only through an optimizer (which calls the schedule itself)?"""
    seen, stack = set(), [d for e in fn.elements for d in ([e.gstmt] if e.gstmt is not None else []) + list(e.deps)]
    while stack:
        h = stack.pop()
        if h is g:
            return True
        if id(h) in seen or h.kind in (Kind.TRAIN, Kind.OPTIMIZER):
            continue
        seen.add(id(h))
        stack.extend(h.deps)
    return False


class Schedules(Pattern):
    name = "schedules"
    summary = "exponential_decay & co -> Keras schedule(step variable)"

    def claim_graph_assignment(self, a: Analysis, small, names, value, path, item, env) -> bool:
        return handles(path) and analyse_assignment(a, small, names, value, path, item, env)

    def statement_code(self, t: Translator, g):
        return tensor_code(g) + "\n" if of(g) is not None else None

    def in_function_body(self, t: Translator, g, fn):
        return computed_in(t, g, fn) if of(g) is not None else None

    def kept_statement(self, t: Translator, g, node):
        return module_statement(t, g, node) if of(g) is not None else NOT_MINE

    def schedule_rate(self, g):
        return rate_code(g) if of(g) is not None else None


PATTERN = Schedules()
