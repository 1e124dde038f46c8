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

The shared statements are the tensor statements that every run function of a group
computes (so no function computes more than its Session.run did), at least two of them.
The groups are chosen among the run functions of a graph segment, the one of most run
functions first (so the training step and the loss share the loss, the accuracy and the
prediction share the prediction). The function returns those of their values that the
rest of any run function reads (a function that reads not all of them unpacks the rest
into `_`). Each run computed them once per Session.run and still computes them once per
call. Nothing is shared when a shared value is watched by a tape (tf.gradients with
respect to an intermediate tensor) or when a returned name is bound twice in the part.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager.code import fresh, returned_directly
from migrate.eager.model import GStmt, Kind, closure
from migrate.eager.pattern import Pattern

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.translate import Translator

__all__ = ["PATTERN", "SharedForward", "plan", "code", "call_line", "callees"]

INDENT = "    "
MAX_FUNCTIONS = 10  # more run functions in a segment: only all of them together (2**n groups)


@dataclass(eq=False)
class SharedForward:
    name: str
    statements: list  # the shared GStmts, in source order
    params: list  # placeholder GStmts, in source order
    outputs: list = field(default_factory=list)  # the names it returns
    insert_before: int = 0
    decorator: str = ""  # the tf.function decorator of the run function it also is (absorb)
    unread: dict = field(default_factory=dict)  # id(run function) -> the returned names it does not read


def plan(t: Translator) -> None:
    """t.a.state(PATTERN).calls[id(run function)] = the SharedForward it calls."""
    by_segment: dict = {}
    for fn in t.functions.values():
        if not fn.variables_only and any(g.kind == Kind.TENSOR for g in fn.body):
            by_segment.setdefault(fn.segment, []).append(fn)
    for fns in by_segment.values():
        if any(fn.eager for fn in fns):  # eager functions (shared_random.py) keep their bodies
            continue
        for group, shared, outputs, unread in _groups(t, fns):
            params = [g for g in sorted(closure(shared), key=GStmt.order) if g.kind == Kind.PLACEHOLDER]
            taken = t.forbidden | {n for fn in fns for g in fn.body for n in g.targets} | {fn.name for fn in fns}
            record = SharedForward(fresh("forward", taken), shared, params, outputs,
                                   min(fn.insert_before for fn in group), unread=unread)
            t.forbidden.add(record.name)
            for fn in group:
                t.a.state(PATTERN).calls[id(fn)] = record
            t.changes.append((shared[0].line, "eager-forward", f"the graph part that {len(group)} run functions "
                                                               f"compute is written once, as {record.name}(), "
                                                               "and called by each"))


def _groups(t: Translator, fns) -> list:
    """(run functions, the statements they share, what that part returns) for each forward
    function to write: greedily the biggest group of functions that share two statements or
    more (on a tie the one that shares most), until no group is left. Each function calls
    at most one forward function."""
    left = list(fns)
    found = []
    while len(left) >= 2:
        best = None
        for size in range(2 if len(left) <= MAX_FUNCTIONS else len(left), len(left) + 1):
            for group in itertools.combinations(left, size):
                late = {i for fn in group for i in t.ask("after_updates", t, fn)}  # wait for an update: not shared
                shared = [g for g in _shared_statements(t, group) if id(g) not in late]
                if len(shared) < 2:
                    continue
                key = (len(group), len(shared))
                if best is not None and key <= best[0]:
                    continue
                reads = _read_outside(t, group, shared)
                outputs = _outputs(t, shared, reads)
                if outputs is not None:
                    best = (key, group, shared, outputs, reads)
        if best is None:
            break
        _, group, shared, outputs, reads = best
        unread = {id(fn): set(outputs) - set(_outputs(t, shared, {"code": reads["code"], 0: reads[id(fn)]}) or []) for fn in group}
        found.append((group, shared, outputs, unread))
        left = [fn for fn in left if fn not in group]
    return found


def _shared_statements(t: Translator, fns) -> list:
    common = set.intersection(*({id(g) for g in fn.body} for fn in fns))
    # a decayed rate is the schedule's call, not a statement of the forward pass (patterns/schedules.py)
    shared = [g for g in fns[0].body if id(g) in common and g.kind == Kind.TENSOR
              and t.ask("schedule_rate", g) is None]
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


def _outputs(t: Translator, shared, reads: dict | None) -> list | None:
    """The names the shared part returns to the functions that read `reads`
    (_read_outside), or None when it cannot be shared."""
    if reads is None:
        return None
    used = set().union(*(v for k, v in reads.items() if k != "code"))
    outputs = []
    for i, g in enumerate(shared):
        if id(g) not in used:
            continue
        if any(n in later.targets for later in shared[i + 1:] for n in g.targets):
            return None  # the value returned by name would be a later binding
        outputs += [n for n in _bound(t, g, reads) if n not in outputs]
    return outputs or None


def _read_outside(t: Translator, fns, shared) -> dict | None:
    """id(run function) -> the ids of the statements it reads besides the shared part;
    None when a tape watches a shared value."""
    ids = {id(g) for g in shared}
    found = {"code": []}  # and "code": the rest's written code, statements and fetched expressions
    for fn in fns:
        used = found.setdefault(id(fn), set())
        found["code"] += [t.expr_code(e.expr) if e.expr is not None else e.name or "" for e in fn.elements]
        for g in fn.body:
            if id(g) not in ids:
                used |= {id(d) for d in g.deps}
                found["code"].append(t.stmt_code(g))
            if g.kind == Kind.GRADIENTS and any(id(x) in ids for x in t.ask("watched", g)):
                return None
        for e in fn.elements:
            used |= {id(d) for d in e.deps} | ({id(e.gstmt)} if e.gstmt is not None else set())
            if e.kind == Kind.SUMMARY:  # the values the summaries write (patterns/summaries.py)
                used |= {id(d) for m in closure([e.gstmt]) if m.kind == Kind.SUMMARY for d in m.deps}
    return found


def _bound(t: Translator, g, reads: dict) -> list:
    """The names g's written code binds: its targets, or those of the names a pattern
    unpacked them into that the rest reads (an RNN's `outputs, states` is written
    `outputs, states_h, states_c = rnn(x)`; `states.h` is read as `states_h`)."""
    try:
        module = cst.parse_module(t.stmt_code(g))
    except cst.ParserSyntaxError:
        return list(g.targets)
    assigns = [s.body[0] for s in module.body if isinstance(s, cst.SimpleStatementLine)
               and isinstance(s.body[0], cst.Assign)]
    bound = [n.value for a in assigns for target in a.targets for n in _names(target.target)]
    if not assigns or all(n in bound for n in g.targets):
        return list(g.targets)
    names = [n.value for target in assigns[-1].targets for n in _names(target.target)]
    rest = "\n".join(reads.get("code", ()))
    read = [n for n in names if re.search(rf"\b{n}\b", rest)]
    return read or names


def _names(node) -> list:
    if isinstance(node, cst.Name):
        return [node]
    if isinstance(node, (cst.Tuple, cst.List)):
        return [n for e in node.elements for n in _names(e.value)]
    return []


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


def callees(t: Translator, fn) -> set:
    """The name of the forward function `fn` calls (a set: none, or one)."""
    record = t.a.state(PATTERN).calls.get(id(fn))
    return {record.name} if record is not None else set()


def call_line(record: SharedForward, fn=None) -> str:
    unread = record.unread.get(id(fn), set()) if len(record.outputs) > 1 else set()
    names = ", ".join("_" if n in unread else n for n in record.outputs)
    return f"{names} = {record.name}({', '.join(ph.name for ph in record.params)})"


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
        return id(record), call_line(record, fn)


PATTERN = SharedForwardPattern()
