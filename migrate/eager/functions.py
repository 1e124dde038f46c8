"""The run functions: which graph statements each one computes (plan) and its code.

A RunFunction's body is the closure of the graph statements its fetches depend on, in
source order: the differentiated part inside a GradientTape (patterns/minimize.py,
patterns/gradients.py), then the other tensors, then the updates (apply_gradients,
assigns), then `return` of the fetched values.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from migrate.eager import inline_calls, registry
from migrate.eager.code import INDENT, fresh, returned_directly
from migrate.eager.model import COMPUTED, GStmt, Kind, MODULE_LEVEL, RunFunction, closure
from migrate.eager import structures, variable_record
from migrate.eager.patterns import control, placeholders, shared_forward

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.translate import Translator


# ---------------------------------------------------------------------------- plan
def plan(t: Translator, fn: RunFunction) -> None:
    """Fill fn's params, body, tapes, updates and placement; report what cannot be translated."""
    a = t.a
    first = fn.sites[0]
    if all(e.kind == Kind.VARIABLE or variable_record.is_element(e) for e in fn.elements) \
            or registry.first("evaluated_at_site", t, fn):
        fn.variables_only = True
        for site in fn.sites:
            placeholders.check_feeds(a, site, [])
        return
    starts = []
    for e in fn.elements:
        starts.extend(e.deps if e.kind == Kind.INLINE else [e.gstmt] if e.gstmt is not None else [])
    needed = sorted(closure(starts), key=GStmt.order)
    for g in needed:
        if g.kind in (Kind.INIT, Kind.SESSION):
            a.problem(first.call, f"a fetch depends on a {g.kind}")
            return
    fn.params = placeholders.parameters(needed)
    fn.body = [g for g in needed if g.kind in COMPUTED]
    fn.tapes = [g for g in fn.body if registry.first("is_tape", g)]
    fn.updates = [g for g in fn.body if registry.first("is_update", g)]
    if len(fn.tapes) > 1:
        a.problem(first.call, "more than one gradient computation (minimize/tf.gradients) in one Session.run")
        return
    _check_optimizers(t, fn)
    # placement: before the item of the first call; every statement it needs comes earlier
    fn.insert_before = min(s.item.idx for s in fn.sites)
    fn.last_call = max(s.item.idx for s in fn.sites)
    for g in needed:
        if g.idx >= fn.insert_before:
            a.problem(first.call, f"`{g.name}` is built after (or in the same statement as) its first run")
            return
    for site in fn.sites:
        placeholders.check_feeds(a, site, fn.params)
    if fn.step_param and any(placeholders.has_default(ph) for ph in fn.params):
        a.problem(first.call, "a placeholder with a default in a run that also writes summaries at a step")
    check_python_values(t, fn, needed)
    registry.each("plan_function", t, fn)
    check_races(t, fn)


def _check_optimizers(t: Translator, fn: RunFunction) -> None:
    for g in fn.body:
        if g.kind == Kind.TRAIN and g.info.optimizer is not None:
            opt = g.info.optimizer
            users = [h for h in t.a.gstmts if h.kind == Kind.TRAIN and h.info.optimizer is opt]
            if len(users) > 1:
                t.a.problem(g.node, f"optimizer `{opt.name}` minimizes more than one loss")


def check_python_values(t: Translator, fn: RunFunction, needed) -> None:
    """The Python values the graph statements read must not change before the last call:
    a tf.function freezes them at its first trace."""
    for node, reason in python_value_conflicts(t, needed, fn.last_call):
        t.a.problem(node, reason)


def python_value_conflicts(t: Translator, needed, last_call) -> list:
    """[(node, reason)] for each Python value a statement of `needed` reads that is assigned
    again before `last_call` (the item index of the function's last call)."""
    a = t.a
    aliases = set(a.r.aliases) | {a.r.primary}
    found = []
    for g in needed:
        if g.kind in MODULE_LEVEL:
            continue
        for name in a.free_names(g.value, a.env_at[g.idx]):
            if name not in aliases and a.assigned_in(name, g.idx, last_call):
                found.append((g.node, f"`{g.name}` reads the Python value `{name}`, which changes before the graph "
                                      "is run: tf.function would see the new value"))
    return found


def writes(t: Translator, g: GStmt) -> list[GStmt]:
    """The variable statements `g` updates (asked of the pattern that owns it)."""
    return registry.first("writes", t, g) or []


def check_races(t: Translator, fn: RunFunction) -> None:
    """Graph mode orders reads and writes of a variable only through data dependencies."""
    a = t.a
    written: dict = {}
    for u in fn.updates:
        for v in writes(t, u):
            written.setdefault(id(v), []).append(u)
    if not written:
        return
    ancestors = {id(u): closure([u] + (list(u.deps) if u.kind in (Kind.TRAIN, Kind.GROUP) else []))
                 for u in fn.updates}
    for e in fn.elements:
        if registry.first("read_before_update", t, fn, e):
            continue
        if e.kind == Kind.VARIABLE and id(e.gstmt) in written:
            a.problem(fn.sites[0].call, f"`{e.name}` is fetched in the same run that updates it: graph mode does "
                                        "not order the read and the write")
            return
        if e.kind == Kind.INLINE:
            for v in e.deps:
                if v.kind == Kind.VARIABLE and id(v) in written:
                    a.problem(e.expr, f"an inline fetch reads `{v.name}` in the run that updates it")
                    return
    for g in fn.body:
        for v in g.direct_vars:
            for u in written.get(id(v), []):
                if u is g and g.kind in (Kind.ASSIGN, Kind.TRAIN, Kind.GROUP) or control.ordered_after(a, g, u):
                    continue
                if g not in ancestors[id(u)]:
                    a.problem(g.node, f"`{g.name}` reads `{v.name}`, which `{u.name}` updates in the same run, and "
                                      "the graph does not order the two")
                    return


# ---------------------------------------------------------------------------- code
class FunctionBody:
    """The lines of a run function's body, and the local names it may use."""

    def __init__(self, t: Translator, fn: RunFunction):
        self.t = t
        self.lines: list[str] = []
        self.taken = {n for g in fn.body for n in g.targets} | t.forbidden
        self.tape = fresh("tape", self.taken)
        self.grads = fresh("grads", self.taken)
        self.named_lists: dict = {}  # a variable list's code -> the local the body computed it into

    def fresh(self, base: str) -> str:
        return fresh(base, self.taken)

    def add(self, code: str, depth: int = 1) -> None:
        for ln in code.rstrip("\n").split("\n"):
            self.lines.append(INDENT * depth + ln if ln.strip() else "")

    def comments(self, node) -> None:
        """The comment lines above a graph statement that disappears into the body."""
        for ln in node.leading_lines:
            if ln.comment is not None:
                self.add(ln.comment.value)


def body_lines(t: Translator, fn: RunFunction) -> list[str] | None:
    """The run function's body lines (indented), ending in its `return`; None when a
    problem was found."""
    body = FunctionBody(t, fn)
    done = set()
    registry.each("opening_lines", t, body, fn)
    if fn.tapes and not _tape_code(t, fn, body, fn.tapes[0], done):
        return None
    late = control.after_updates(t, fn)  # tensors that wait for an update
    for g in fn.body:
        if id(g) not in done and g.kind not in (Kind.TRAIN, Kind.ASSIGN, Kind.GROUP) and id(g) not in late \
                and registry.first("in_function_body", t, g, fn) is not False:
            _statement(t, fn, body, g, done, 1)
    registry.each("function_lines", t, body, fn)
    for g in fn.body:
        if id(g) in late and id(g) not in done or g.kind == Kind.ASSIGN:
            body.add(t.stmt_code(g))
        elif g in fn.updates:
            registry.claimed("update_lines", t, body, g)
    returns = _returns(t, fn)
    if fn.keys and returns:
        body.add("return " + structures.returned(fn.keys, fn.returns, returns))
    elif returns:
        body.add("return " + ", ".join(returns))
    elif not body.lines:
        body.add("pass")
    return body.lines


def function_code(t: Translator, fn: RunFunction, lines: list[str] | None) -> str:
    """The @tf.function's source around its body lines (body_lines), or "" when a problem was found."""
    if lines is None:
        return ""
    params = ", ".join([placeholders.parameter_code(ph) for ph in fn.params] + ([fn.step_param] if fn.step_param
                                                                               else []))
    callees = shared_forward.callees(t, fn)  # its temporaries read once are inlined (inline_calls.py)
    if fn.eager:
        head = [INDENT + ln for ln in _eager_head(t, fn)]
        code = f"def {fn.name}({params}):\n" + "\n".join(head + lines) + "\n"
        return returned_directly(inline_calls.inlined_function(code, callees))
    decorator = placeholders.decorator(t, fn.params, registry.first("input_specs", t, fn) or [])
    code = f"{decorator}\ndef {fn.name}({params}):\n" + "\n".join(lines) + "\n"
    return returned_directly(inline_calls.inlined_function(code, callees))


def _eager_head(t: Translator, fn: RunFunction) -> list[str]:
    """The first lines of a run function written as plain Python: each pattern's reason
    why it is not a tf.function, then the conversion of its arguments that feed_dict did."""
    lines = [ln for pattern in registry.PATTERNS for ln in pattern.function_head(t, fn) or []]
    tf = t.a.r.primary
    for ph in fn.params:
        dtype = t.expr_code(ph.info.dtype) if ph.info.dtype is not None else f"{tf}.float32"
        lines.append(f"{ph.name} = {tf}.convert_to_tensor({ph.name}, {dtype})")
    return lines


def _tape_code(t: Translator, fn: RunFunction, body: FunctionBody, tape: GStmt, done: set) -> bool:
    """`with tf.GradientTape() as tape:` around what the differentiated value needs, then
    the gradient line of the pattern (minimize or tf.gradients)."""
    a = t.a
    targets = closure(registry.first("tape_targets", t, tape))
    for g in targets:
        if g.kind in (Kind.ASSIGN, Kind.TRAIN, Kind.GRADIENTS, Kind.GROUP):
            a.problem(tape.node, f"the differentiated loss depends on `{g.name}` ({g.kind})")
            return False
    inside = [g for g in fn.body if g in targets and g.kind == Kind.TENSOR]
    watched = registry.first("watched", tape) or []
    body.add(f"with {a.r.primary}.GradientTape() as {body.tape}:")
    for x in watched:
        if x.kind == Kind.PLACEHOLDER:
            body.add(f"{body.tape}.watch({x.name})", 2)
    empty = len(body.lines) if not inside and not watched else None
    if empty is not None:
        body.add("pass", 2)
    for g in inside:
        _statement(t, fn, body, g, done, 2)
        if any(x is g for x in watched):
            body.add(f"{body.tape}.watch({g.name})", 2)
    done.add(id(tape))
    written = registry.first("gradient_lines", t, body, tape)
    if empty is not None and body.lines[empty + 1:empty + 2] and body.lines[empty + 1].startswith(INDENT * 2):
        del body.lines[empty]  # the gradient lines wrote the tape's body (a loss written in the minimize call)
    return written


def _statement(t: Translator, fn: RunFunction, body: FunctionBody, g: GStmt, done: set, depth: int) -> None:
    """A graph statement of the body, or the call of the shared forward part it belongs to."""
    instead = registry.first("body_statement", t, fn, g)
    if instead is not None:
        key, line = instead
        if key not in done:
            body.add(line, depth)
            done.add(key)
    else:
        body.add(t.stmt_code(g), depth)
    done.add(id(g))


def _returns(t: Translator, fn: RunFunction) -> list[str]:
    """The returned expressions; fn.returns = their element positions."""
    fn.returns = []
    returns = []
    for i, e in enumerate(fn.elements):
        if e.effect_only:
            continue
        fn.returns.append(i)
        instead = registry.first("returned_value", t, fn, e)
        returns.append(instead or (t.expr_code(e.expr) if e.kind == Kind.INLINE else e.name))
    # a returned name must still hold the fetched binding at the end of the body
    for e in fn.elements:
        if e.kind in (Kind.TENSOR, Kind.ASSIGN) and e.name:
            later = [g for g in fn.body if e.name in g.targets and g is not e.gstmt and g.order() > e.gstmt.order()]
            if later:
                t.a.problem(fn.sites[0].call, f"`{e.name}` is fetched but rebound by a later graph statement")
    return returns
