"""Pattern: a fetch written inside Session.run that reads Python values is evaluated
eagerly where the run stands, so that it reads them when it runs, as the graph did.

Such a fetch builds new ops at every run in graph mode, from the Python values of that
moment; a tf.function would freeze them at its first trace. So:

    for r in range(3):                                      for r in range(3):
        print(sess.run(tf.argmax(labels[r:r+1], 1)))   ->       print(tf.argmax(labels[r:r+1], 1).numpy())

when the fetches read only Python values, constants and variables (no function at all,
like a fetch of variables), and otherwise a plain Python function run eagerly (not a
tf.function), which reads the Python values at each call:

    sess.run(tf.argmax(y + labels[r], 1), {x: d})   ->  compute_value(d).numpy()
    sess.run(tf.argmax(sess.run(y, {x: d}), 1))     ->  tf.argmax(compute_y(d).numpy(), 1).numpy()

    def compute_value(x):
        # Not a tf.function: it reads `labels`, `r` at each call (a tf.function would freeze them).
        x = tf.convert_to_tensor(x, tf.float32)     # what feed_dict did
        y = tf.matmul(x, w)
        return tf.argmax(y + labels[r], 1)

Kept in compat form, with the reason: a fetch that also calls a random op (the graph
built a new op at each run, each starting its stream anew; eager ops share one kernel
per seed) or a function of the file (what it builds is not read), and a Python value
whose name the function's arguments or locals take.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager import names as N
from migrate.eager.model import Kind, RunFunction
from migrate.eager.pattern import Pattern
from migrate.eager import variable_record
from migrate.node_helpers import all_calls

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis
    from migrate.eager.translate import Translator

RULE = "eager-python-values"
# what a fetch evaluated at its site may read besides Python values: values that exist outside any run function
AT_SITE_READS = (Kind.VARIABLE, Kind.CONSTANT)


@dataclass
class PythonReads:
    """The Python values that a run function's inline fetches read at each run."""

    names: list  # in first-use order
    fetches: list  # the code of the inline fetches that read them
    at_site: bool  # evaluated where the run stood (no function), else a plain Python function


# ---------------------------------------------------------------------------- plan
def at_site(t: Translator, fn: RunFunction) -> bool:
    """Do fn's fetches read Python values and need nothing a run function computes?
    Then they are evaluated where each run stands (fn.variables_only: no function)."""
    reads = _reads(t, fn)
    if not reads or any(_refusal(t, e) for e, _ in reads):
        return False
    for e in fn.elements:
        if not (e.kind == Kind.VARIABLE or variable_record.is_element(e) or e.kind == Kind.INLINE
                and all(d.kind in AT_SITE_READS for d in e.deps)):
            return False
    _state(t)[id(fn)] = _record(t, reads, at_site=True)
    _note(t, fn, "evaluated eagerly where Session.run stood")
    return True


def check_bound_fetches(t: Translator, fn: RunFunction) -> None:
    """A fetch of a list bound once in a variable read its Python values where it was built:
    a tf.function reads them at its first call, the same values unless they change before."""
    a = t.a
    aliases = set(a.r.aliases) | {a.r.primary}
    for e in fn.elements:
        if e.kind != Kind.INLINE or _written_in_the_call(a, fn.sites[0].call, e.expr):
            continue
        built = a.item_at_line(a.line(e.expr))
        for name in a.free_names(e.expr, a.env_at[built.idx]) if built is not None else []:
            if name not in aliases and a.assigned_in(name, built.idx, fn.last_call):
                a.problem(e.expr, f"a fetch built before its runs reads the Python value `{name}`, which changes "
                                  "before the graph is run: tf.function would see the new value")
                return


def check_inline_random(t: Translator, fn: RunFunction) -> None:
    """A fetch written inside Session.run that calls a random op, run more than once (two
    sites, or a site in a loop or block): the graph built a new op at each run, each
    drawing its first values again; a function keeps one op whose stream goes on."""
    a = t.a
    again = len(fn.sites) > 1 or not isinstance(fn.sites[0].item.node, cst.SimpleStatementLine)
    for e in fn.elements:
        if again and e.kind == Kind.INLINE and _written_in_the_call(a, fn.sites[0].call, e.expr) \
                and _calls_random_op(a, e.expr):
            a.problem(e.expr, "an inline fetch calls a random op and runs more than once: the graph built a new op "
                              "at each run, each starting a stream of its own; a function keeps one op whose "
                              "stream goes on")
            return


def check_inner_runs(t: Translator, fn: RunFunction) -> None:
    """A Session.run written inside a fetch (`tf.argmax(sess.run(pred, {x: d}), 1)`) is a
    value where the fetch is evaluated at its site; inside a run function it is refused."""
    a = t.a
    sites = {id(s.call) for s in a.sites}
    for e in fn.elements:
        if e.kind == Kind.INLINE and any(id(c) in sites for c in all_calls(e.expr) if c is not e.expr):
            a.problem(e.expr, "a Session.run written inside a fetch that needs a run function of its own")
            return


def plan(t: Translator, fn: RunFunction) -> None:
    """fn's inline fetches read Python values: fn becomes a plain Python function run
    eagerly (reading them at each call), or a problem says why it cannot."""
    check_bound_fetches(t, fn)
    check_inline_random(t, fn)
    check_inner_runs(t, fn)
    reads = _reads(t, fn)
    if not reads:
        return
    a = t.a
    for e, _ in reads:
        reason = _refusal(t, e)
        if reason is not None:
            a.problem(e.expr, reason)
            return
    local = {ph.name for ph in fn.params} | {n for g in fn.body for n in g.targets}
    taken = [n for _, names in reads for n in names if n in local]
    if taken:
        a.problem(reads[0][0].expr, f"an inline fetch reads the Python value `{taken[0]}`, whose name its run "
                                    "function gives to a graph value")
        return
    fn.eager = True
    _state(t)[id(fn)] = _record(t, reads, at_site=False)
    _note(t, fn, "its run function is a plain Python function, run eagerly at each call")


def _reads(t: Translator, fn: RunFunction) -> list:
    """[(inline element, the Python names it reads)] of fn's fetches that read any."""
    a = t.a
    aliases = set(a.r.aliases) | {a.r.primary}
    env = a.env_at[fn.sites[0].item.idx]
    out = []
    for e in fn.elements:
        if e.kind == Kind.INLINE and _written_in_the_call(a, fn.sites[0].call, e.expr):
            names = [n for n in a.free_names(e.expr, env) if n not in aliases]
            if names:
                out.append((e, names))
    return out


def _written_in_the_call(a: Analysis, call, expr) -> bool:
    """Is the fetch written inside the Session.run call (built anew at each run)? Not one of
    a list bound once in a variable (`update = [tf.assign(...), ...]`): that read its
    Python values once, where the graph built it, as a graph statement does."""
    try:
        outer, inner = a.pos[call], a.pos[expr]
    except KeyError:
        return True
    return (outer.start.line, outer.start.column) <= (inner.start.line, inner.start.column) \
        and (inner.end.line, inner.end.column) <= (outer.end.line, outer.end.column)


def _refusal(t: Translator, e) -> str | None:
    """Why the inline fetch `e` cannot be evaluated eagerly, or None."""
    a = t.a
    if _calls_random_op(a, e.expr):
        return "an inline fetch reads Python values and calls a random op: the graph built a new op at each " \
               "run, each drawing from a stream of its own, where eager ops with one seed share one stream"
    defs = a.module_defs()
    called = [n.value for n in a.names_in(e.expr) if n.value in defs]
    if called:
        return f"an inline fetch calls `{called[0]}`, a function of this file, whose graph the translation " \
               "does not read"
    return None


def _calls_random_op(a: Analysis, node) -> bool:
    found = []

    class Calls(cst.CSTVisitor):
        def visit_Call(self, call):
            if a.r.resolve(call.func) in N.SEED_POSITION:
                found.append(call)

    node.visit(Calls())
    return bool(found)


def _record(t: Translator, reads, at_site: bool) -> PythonReads:
    names = []
    for _, found in reads:
        names += [n for n in found if n not in names]
    return PythonReads(names, [t.expr_code(e.expr) for e, _ in reads], at_site)


def _state(t: Translator) -> dict:
    """id(RunFunction) -> its PythonReads."""
    return t.a.state(PATTERN).reads


def _note(t: Translator, fn: RunFunction, what: str) -> None:
    names = ", ".join(f"`{n}`" for n in _state(t)[id(fn)].names)
    for site in fn.sites:
        t.a.notes.append((site.line, RULE, f"a fetch reads the Python value(s) {names}, which a tf.function would "
                                           f"freeze at its first trace: {what}"))


# ---------------------------------------------------------------------------- code
def reason_lines(reads: PythonReads, after_other_reason: bool) -> list[str]:
    """The comment that says why an eager run function is not a tf.function."""
    names = ", ".join(f"`{n}`" for n in reads.names)
    opening = "It" if after_other_reason else "Not a tf.function: it"
    text = f"{opening} reads {names} at each call (a tf.function would freeze them)."
    return ["# " + ln for ln in textwrap.wrap(text, 94, break_on_hyphens=False)]  # 100 in a def


class PythonValueFetches(Pattern):
    name = "python_value_fetches"
    summary = "a fetch reading Python values -> evaluated eagerly where the run stood"

    @dataclass
    class State:
        reads: dict = field(default_factory=dict)  # id(RunFunction) -> its PythonReads

    def evaluated_at_site(self, t: Translator, fn):
        return at_site(t, fn) or None

    def plan_function(self, t: Translator, fn) -> None:
        plan(t, fn)

    def function_head(self, t: Translator, fn):
        reads = _state(t).get(id(fn))
        if reads is None or reads.at_site:
            return None
        sharing = [other for other in t.functions.values() if other.shared_random]
        return reason_lines(reads, after_other_reason=bool(sharing) and sharing[0] is fn)  # after shared_random's reason


PATTERN = PythonValueFetches()
