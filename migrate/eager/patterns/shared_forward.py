"""Pattern: the part of the graph every run function of a graph computes (the forward
pass) is written once, as a Python function they all call, not copied into each.

    pred = tf.matmul(x, W) + b                   def forward(x, y):
    loss = tf.reduce_mean(tf.square(pred - y))       pred = tf.matmul(x, W) + b
    train = opt.minimize(loss)               ->      loss = tf.reduce_mean(tf.square(pred - y))
    sess.run(train, {x: X, y: Y})                    return loss
    sess.run(loss, {x: X, y: Y})
                                                 @tf.function(input_signature=[...])
                                                 def train_step(x, y):
                                                     with tf.GradientTape() as tape:
                                                         loss = forward(x, y)
                                                     ...

                                                 @tf.function(input_signature=[...])
                                                 def compute_loss(x, y):
                                                     loss = forward(x, y)
                                                     return loss

The shared statements are the tensor statements that every run function of the graph
segment computes (of those that compute tensors at all) (so no function computes more than its Session.run did), at least two
of them; the function returns those of their values that the rest of any run function
reads. Each run computed them once per Session.run and still computes them once per
call. Nothing is shared when a shared value is watched by a tape (tf.gradients with
respect to an intermediate tensor) or when a returned name is bound twice in the part.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from migrate.eager.code import fresh, returned_directly
from migrate.eager.model import GStmt, Kind, closure
from migrate.eager.pattern import Pattern
from migrate.eager.patterns import control, gradients, schedules

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.translate import Translator

__all__ = ["PATTERN", "SharedForward", "plan", "code", "call_line"]

INDENT = "    "


@dataclass(eq=False)
class SharedForward:
    name: str
    statements: list  # the shared GStmts, in source order
    params: list  # placeholder GStmts, in source order
    outputs: list = field(default_factory=list)  # the names it returns
    insert_before: int = 0
    decorator: str = ""  # the tf.function decorator of the run function it also is (absorb)


def plan(t: Translator) -> None:
    """t.a.state(PATTERN).calls[id(run function)] = the SharedForward it calls."""
    by_segment: dict = {}
    for fn in t.functions.values():
        if not fn.variables_only and any(g.kind == Kind.TENSOR for g in fn.body):
            by_segment.setdefault(fn.segment, []).append(fn)
    for fns in by_segment.values():
        if len(fns) < 2 or any(fn.eager for fn in fns):  # eager functions (shared_random.py) keep their bodies
            continue
        late = {i for fn in fns for i in control.after_updates(t, fn)}  # wait for an update: not shared
        shared = [g for g in _shared_statements(fns) if id(g) not in late]
        if len(shared) < 2:
            continue
        outputs = _outputs(t, fns, shared)
        if outputs is None:
            continue
        params = [g for g in sorted(closure(shared), key=GStmt.order) if g.kind == Kind.PLACEHOLDER]
        taken = t.forbidden | {n for fn in fns for g in fn.body for n in g.targets} | {fn.name for fn in fns}
        record = SharedForward(fresh("forward", taken), shared, params, outputs,
                               min(fn.insert_before for fn in fns))
        t.forbidden.add(record.name)
        for fn in fns:
            t.a.state(PATTERN).calls[id(fn)] = record
        first = shared[0]
        t.changes.append((first.line, "eager-forward", f"the graph part that {len(fns)} run functions compute is "
                                                       f"written once, as {record.name}(), and called by each"))


def _shared_statements(fns) -> list:
    common = set.intersection(*({id(g) for g in fn.body} for fn in fns))
    # a decayed rate is the schedule's call, not a statement of the forward pass (patterns/schedules.py)
    shared = [g for g in fns[0].body if id(g) in common and g.kind == Kind.TENSOR and schedules.of(g) is None]
    ids = {id(g) for g in shared}
    changed = True
    while changed:  # a shared statement reads only shared statements and module-level values
        changed = False
        for g in list(shared):
            if any(d.kind not in (Kind.PLACEHOLDER, Kind.VARIABLE, Kind.CONSTANT) and id(d) not in ids for d in g.deps):
                shared.remove(g)
                ids.discard(id(g))
                changed = True
    return shared


def _outputs(t: Translator, fns, shared) -> list | None:
    """The names the shared part returns, or None when it cannot be shared."""
    ids = {id(g) for g in shared}
    used = set()
    for fn in fns:
        for g in fn.body:
            if id(g) not in ids:
                used |= {id(d) for d in g.deps}
            if g.kind == Kind.GRADIENTS and any(id(x) in ids for x in gradients.watched(g)):
                return None
        for e in fn.elements:
            used |= {id(d) for d in e.deps} | ({id(e.gstmt)} if e.gstmt is not None else set())
            if e.kind == Kind.SUMMARY:  # the values the summaries write (patterns/summaries.py)
                used |= {id(d) for m in closure([e.gstmt]) if m.kind == Kind.SUMMARY for d in m.deps}
    outputs = []
    for i, g in enumerate(shared):
        if id(g) not in used:
            continue
        if any(n in later.targets for later in shared[i + 1:] for n in g.targets):
            return None  # the value returned by name would be a later binding
        outputs += [n for n in g.targets if n not in outputs]
    return outputs or None


def absorb(t: Translator, record: SharedForward, fn, code: str) -> bool:
    """A run function whose whole body is `return forward(<its arguments>)` is the forward
    function itself: forward takes its decorator and its calls, and it is not written."""
    params = ", ".join(ph.name for ph in record.params)
    if record.decorator or "\ndef " not in code:
        return False
    decorator, _, rest = code.partition("\ndef ")
    if rest.strip() != f"{fn.name}({params}):\n{INDENT}return {record.name}({params})":
        return False
    record.decorator = decorator
    t.changes.append((fn.sites[0].line, "eager-forward", f"{fn.name}() would only call {record.name}(): "
                                                         f"{record.name} is the tf.function its runs call"))
    fn.name = record.name
    return True


def code(t: Translator, record: SharedForward) -> str:
    lines = [record.decorator] if record.decorator else []
    lines.append(f"def {record.name}({', '.join(ph.name for ph in record.params)}):")
    for g in record.statements:
        lines += [INDENT + ln if ln.strip() else "" for ln in t.stmt_code(g).rstrip("\n").split("\n")]
    lines.append(f"{INDENT}return {', '.join(record.outputs)}")
    return returned_directly("\n".join(lines) + "\n")


def call_line(record: SharedForward) -> str:
    return f"{', '.join(record.outputs)} = {record.name}({', '.join(ph.name for ph in record.params)})"


class SharedForwardPattern(Pattern):
    name = "shared_forward"
    summary = "a forward part several run functions compute -> one function they call"

    @dataclass
    class State:
        calls: dict = field(default_factory=dict)  # id(RunFunction) -> the SharedForward it calls

    def plan(self, t: Translator) -> None:
        plan(t)

    def module_functions(self, t: Translator):
        records = {id(r): r for r in t.a.state(self).calls.values()}.values()
        return [(record.insert_before, code(t, record)) for record in records] or None

    def absorbs_function(self, t: Translator, fn, code: str):
        record = t.a.state(self).calls.get(id(fn))
        return (record is not None and absorb(t, record, fn, code)) or None

    def body_statement(self, t: Translator, fn, g):
        record = t.a.state(self).calls.get(id(fn))
        if record is None or not any(g is s for s in record.statements):
            return None
        return id(record), call_line(record)


PATTERN = SharedForwardPattern()
