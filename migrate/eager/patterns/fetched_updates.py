"""Pattern: a variable fetched in the run that updates it -> read where the graph read it.

    _, w_now = sess.run([train, W])     ->  @tf.function
                                            def train_step():
                                                # ...: the graph read W first (its value before the update)
                                                W_read = W.read_value()
                                                with tf.GradientTape() as tape:
                                                    ...
                                                optimizer.apply_gradients(...)
                                                return W_read

Graph mode orders a read and a write of a variable only through data dependencies, and
a fetch of the variable depends on nothing. What TF 2.21's compat form returns was
measured (tables/fetch_order.py): the value before the update for a resource variable
(TF 2's `tf.Variable`) and for a computed fetch (`W * 2`), the value after it for a
ref variable (`tf.compat.v1.Variable`, `get_variable`), whose fetch is the very buffer
the update writes in place. The translation reads each value at that point of the
function and says so in one comment.

A tensor of the run function's body that reads an updated variable is not this
pattern's (functions.check_races still refuses it).

An assign written inside the fetch (`sess.run(W.assign(W * 0.5))`, `sess.run([tf.assign(c,
c + 1), loss])`) is run by the function's return, after its statements: what they and
the other fetches read of that variable is read before the assign, the order the graph
ran nearly always (the comment says so). Two updates of one variable in one run are refused.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from migrate.eager.code import fresh
from migrate.eager.model import Kind, closure
from migrate.eager.pattern import Pattern
from migrate.tables import fetch_order

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.translate import Translator

__all__ = ["PATTERN"]


@dataclass
class Read:
    element: object
    label: str  # the fetch as written (`W`, `W * 2`)
    name: str  # what the function returns for the element
    code: str  # the read, written at the top of the body ("" when read after the update)
    before: bool


class FetchedUpdates(Pattern):
    name = "fetched_updates"
    summary = "a variable fetched in the run that updates it -> read where the graph read it; inline assigns run after the reads"

    @dataclass
    class State:
        reads: dict = field(default_factory=dict)  # id(RunFunction) -> [Read]
        taken: set = field(default_factory=set)  # the names the reads took
        assigns: dict = field(default_factory=dict)  # id(RunFunction) -> [(inline assign Element, its name)]

    def plan_function(self, t: Translator, fn) -> None:
        written = {id(v): v for u in fn.updates for v in t.writes(u)}
        assigned = [e.assigns for e in fn.elements if e.assigns is not None]
        for v in assigned:
            if id(v) in written or assigned.count(v) > 1:
                t.a.problem(fn.sites[0].call, f"`{v.name}` is assigned by an inline assign() and updated again in "
                                              "the same run: the graph does not order the two updates")
                return
        for i, e in enumerate(fn.elements):  # the assigns run in fetch order: none may read an earlier one's
            earlier = [f.assigns for f in fn.elements[:i] if f.assigns is not None and f.assigns is not e.assigns]
            read = [v for v in earlier if v in e.deps] if e.assigns is not None else []
            if read:
                t.a.problem(e.expr, f"an inline assign() reads `{read[0].name}`, which another assign of the same "
                                    "run updates: the graph does not order them")
                return
        written.update((id(v), v) for v in assigned)
        if not written:
            return
        reads = []
        for e in fn.elements:
            read = _read(t, fn, e, written) if e.assigns is None else None
            if read is not None:
                reads.append(read)
        if assigned:  # the step's statements run before the returned assigns: a read no assign waits for reads first
            waits = {id(e.assigns): {id(g) for g in closure(e.deps)} for e in fn.elements if e.assigns is not None}
            reads += [Read(None, g.name, g.name, "", True) for g in fn.body if g not in fn.updates
                      and any(id(v) in waits and id(g) not in waits[id(v)] for v in g.direct_vars)]
        if reads:
            t.a.state(self).reads[id(fn)] = reads
        if len(fn.elements) > 1:  # several fetches: each assign a statement of its own, in fetch order
            t.a.state(self).assigns[id(fn)] = [(e, _fresh(t, fn, f"new_{e.assigns.name}"))
                                               for e in fn.elements if e.assigns is not None]

    def function_lines(self, t: Translator, body, fn) -> None:
        for e, name in t.a.state(self).assigns.get(id(fn), []):
            body.add(f"{name} = {t.expr_code(e.expr)}")

    def function_name(self, t: Translator, fn):
        """`update_counter` for a run of inline assigns (`..._and_compute_loss` with other fetches)."""
        updates = [f"update_{e.assigns.name}" for e in fn.elements if e.assigns is not None]
        if not updates or fn.updates:
            return None
        others = [e.name or "value" for e in fn.elements if e.assigns is None]
        name = "_and_".join(updates) + ("_and_compute_" + "_and_".join(others) if others else "")
        return name if len(updates) + len(others) <= 3 else "update_and_compute_fetches"

    def read_before_update(self, t: Translator, fn, e):
        return any(r.element is e for r in t.a.state(self).reads.get(id(fn), [])) or None

    def opening_lines(self, t: Translator, body, fn) -> None:
        reads = t.a.state(self).reads.get(id(fn), [])
        if not reads:
            return
        before = [r for r in reads if r.before]
        after = [r for r in reads if not r.before]
        if before:
            body.add(f"# {fetch_order.BEFORE_NOTE.format(names=_names(before))}")
            for r in before:
                if r.code:
                    body.add(f"{r.name} = {r.code}")
        if after:
            body.add(f"# {fetch_order.AFTER_NOTE.format(names=_names(after))}")

    def returned_value(self, t: Translator, fn, e):
        for r in t.a.state(self).reads.get(id(fn), []):
            if r.element is e:
                return r.name
        for element, name in t.a.state(self).assigns.get(id(fn), []):
            if element is e:
                return name
        return None


def _names(reads) -> str:
    return ", ".join(dict.fromkeys(r.label for r in reads))


def _read(t: Translator, fn, e, written) -> Read | None:
    """How the graph read the fetched element `e` in a run that updates what it reads."""
    if e.kind == Kind.VARIABLE and id(e.gstmt) in written:
        if _ref_variable(t, e.gstmt):
            return Read(e, e.name, e.name, "", False)
        name = _fresh(t, fn, f"{e.name}_read")
        return Read(e, e.name, name, f"{e.name}.read_value()", True)
    if e.kind == Kind.INLINE and any(v.kind == Kind.VARIABLE and id(v) in written for v in e.deps):
        code = t.expr_code(e.expr)
        return Read(e, code, _fresh(t, fn, "fetched"), code, True)
    return None


def _ref_variable(t: Translator, v) -> bool:
    """Is `v` a ref variable in the compat form (tf.compat.v1.Variable, get_variable)?"""
    call = v.value
    func = getattr(call, "func", None)
    written = t.a.r.written(func) if func is not None else None
    return written in fetch_order.REF_VARIABLE_CALLS


def _fresh(t: Translator, fn, base: str) -> str:
    taken = t.a.state(PATTERN).taken
    bound = {n for g in t.a.gstmts for n in g.targets} | {asg.name for asg in t.a.global_scope.assignments}
    name = fresh(base, bound | t.forbidden | taken)
    taken.add(name)
    return name


PATTERN = FetchedUpdates()
