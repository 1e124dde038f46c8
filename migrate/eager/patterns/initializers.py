"""Pattern: initializer runs disappear (a tf.Variable initialises itself when created).

    init = tf.global_variables_initializer()   ->  (removed)
    sess.run(init)                             ->  (removed)
    tf.global_variables_initializer().run()    ->  (removed)
    sess.run([w.initializer, b.initializer])   ->  (removed)
    print(sess.run(w.initializer))             ->  print(None)

A variable's own `initializer` (an Operation: Session.run gave None for it) initialises
that variable; a run of initializers only is removed, and where its value is used it is
the None (or list of Nones) Session.run returned. Running an initializer a second time
for the same variables (also `w.initializer` after the global initializer), inside a
loop, or together with other fetches would re-initialise or order variables: that is
not translated.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager import names as N
from migrate.eager.model import Element, Kind, Site, Structure
from migrate.eager.pattern import Pattern
from migrate.tables.fetch_results import EFFECT_ATTRIBUTES

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis
    from migrate.eager.translate import Translator

ALL = "all"  # what the global initializers (and variables_initializer) initialise


def _may_run_again(a: Analysis, block, call) -> bool:
    """Can the initializer run `call` in the compound statement `block` run more than once (a loop
    around it, a def)? An `if` or `with` runs its body once at most: removing the run is exact."""
    line = a.line(call)
    found = []

    class Loops(cst.CSTVisitor):
        def visit_For(self, node):
            found.append(node)

        def visit_While(self, node):
            found.append(node)

        def visit_FunctionDef(self, node):
            found.append(node)

        def visit_Lambda(self, node):
            found.append(node)

    block.visit(Loops())
    if isinstance(block, cst.FunctionDef) and found[0] is block and _called_once(a, block):
        found = found[1:]  # `def main():` run once: its body runs once
    return any(a.pos[node].start.line <= line <= a.pos[node].end.line for node in found)


def _called_once(a: Analysis, fn: cst.FunctionDef) -> bool:
    """Is the module-level def `fn` called once: one use of its name, a call outside any loop
    (`main()` under the main guard), or `main` run by `tf.app.run()`?"""
    name = fn.name.value
    uses, loops, runs = [], [], []

    class Uses(cst.CSTVisitor):
        def visit_Name(self, node):
            if node.value == name and node is not fn.name:
                uses.append(node)

        def visit_For(self, node):
            loops.append(node)

        def visit_While(self, node):
            loops.append(node)

        def visit_Call(self, call):
            path = a.call_path(call)
            if path is not None and path.endswith("app.run") and not call.args:
                runs.append(call)

    a.module.visit(Uses())
    if not uses:
        return name == "main" and len(runs) == 1
    if len(uses) != 1 or not isinstance(a.scopes.get(uses[0]), type(a.module_scope)):
        return False
    line = a.line(uses[0])
    return not any(a.pos[loop].start.line <= line <= a.pos[loop].end.line for loop in loops)


def variable_initializer(a: Analysis, e, env) -> Element | None:
    """`w.initializer` of a variable `w`: an INIT element of that variable, else None."""
    if not (isinstance(e, cst.Attribute) and e.attr.value == "initializer" and "initializer" in EFFECT_ATTRIBUTES
            and isinstance(e.value, cst.Name) and e.value.value in env):
        return None
    g = env[e.value.value]
    if g.kind != Kind.VARIABLE:
        return None
    a.accounted.add(e.value)
    return Element(Kind.INIT, g, e.value.value)


def is_initializer(path: str | None) -> bool:
    return path in N.INITIALIZERS


def element(path: str | None) -> Element | None:
    """The fetched element for `sess.run(tf.global_variables_initializer())`."""
    return Element(Kind.INIT) if is_initializer(path) else None


def mark_site(a: Analysis, site: Site, statement: bool) -> bool:
    """A run of an initializer is removed; True when `site` is one."""
    if not any(e.kind == Kind.INIT for e in site.elements):
        return False
    if any(e.kind != Kind.INIT for e in site.elements) or (len(site.elements) > 1 and site.structure not in (
            Structure.LIST, Structure.TUPLE)):
        a.problem(site.call, "an initializer fetched together with other things")
        return True
    site.init = True
    if statement:
        a.edits.removed_calls.add(site.call)
    elif site.structure == Structure.SINGLE:
        a.edits.expressions[id(site.call)] = "None"  # what Session.run returned for an Operation
    else:
        nones = ", ".join(["None"] * len(site.elements))
        a.edits.expressions[id(site.call)] = f"[{nones}]" if site.structure == Structure.LIST else f"({nones},)"
    return True


def _initialised(site: Site):
    """The variables a run of initializers initialises: ALL, or their statements."""
    if any(e.gstmt is None for e in site.elements):
        return ALL
    return {id(e.gstmt) for e in site.elements}


def check_runs(t: Translator) -> None:
    """Record the removed runs; refuse re-initialisation."""
    a = t.a
    by_segment: dict = {}
    for site in a.sites:
        if not site.init:
            continue
        if site.item.node is not None and not isinstance(site.item.node, cst.SimpleStatementLine) \
                and _may_run_again(a, site.item.node, site.call):
            a.problem(site.call, "variables initialised inside a block (loop, if, def): re-initialisation is not "
                                 "translated")
        by_segment.setdefault(site.item.segment, []).append(site)
        t.changes.append((site.line, "eager-init", "initializer run removed: tf.Variable initialises itself when "
                                                   "created"))
    for sites in by_segment.values():
        done = set()
        for site in sites:
            these = _initialised(site)
            if done and (these == ALL or ALL in done or these & done):
                a.problem(site.call, "variables initialised a second time: re-initialisation is not translated")
            done |= {ALL} if these == ALL else these


class Initializers(Pattern):
    name = "initializers"
    summary = "initializer runs removed"

    def graph_kind(self, a: Analysis, value, path, subscript, names, env):
        return (Kind.INIT, None) if is_initializer(path) else None

    def fetch_element(self, a: Analysis, expr, env):
        return variable_initializer(a, expr, env) or element(a.call_path(expr))

    def check_runs(self, t: Translator) -> None:
        check_runs(t)

    def removes_site(self, a: Analysis, site, statement):
        return mark_site(a, site, statement) or None


PATTERN = Initializers()
