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
not translated, except a second run of the global initializer as a statement of its own
(a second Session on the same graph), where every variable made before it is a
tf.Variable whose initial value is the same numbers again and no optimizer keeps slots:
it assigns them those values again (`w.assign(0.5)`; tables/reinitialisation.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager import names as N
from migrate.eager.model import Element, Kind, Site, SiteKind, Structure
from migrate.eager.pattern import Pattern
from migrate.tables import reinitialisation as R
from migrate.tables.checkpoints import SLOT_FREE_OPTIMIZERS
from migrate.tables.fetch_results import EFFECT_ATTRIBUTES
from migrate.tables.graph_api import VARIABLE_PARAMETERS

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis
    from migrate.eager.translate import Translator

ALL = "all"  # what the global initializers (and variables_initializer) initialise
# calls that make variables no VARIABLE statement lists, which the initializer also resets
_VARIABLE_MAKERS = ("layers", "contrib", "nn.rnn_cell", "nn.dynamic_rnn", "nn.static_rnn", "keras", "get_variable")


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
                _reinitialise(t, site)
            done |= {ALL} if these == ALL else these


def _reinitialise(t: Translator, site: Site) -> None:
    """A second run of the global initializer, a statement of its own: each variable made
    before it is assigned its initial value again, where that value is the same numbers
    again and nothing else the initializer resets (an optimizer's slots, a layer's kernel)
    stays behind."""
    a = t.a
    stmt = site.item.node
    if not _global_initializer(a, site) or not (isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1
                            and isinstance(stmt.body[0], cst.Expr) and stmt.body[0].value is site.call):
        a.problem(site.call, "variables initialised a second time: re-initialisation is not translated")
        return
    before = [g for g in a.gstmts if g.item.segment == site.item.segment and g.idx < site.item.idx]
    maker = next((fn.name.value for fn in a.module_defs().values() if _makes_variables(a, fn)), None)
    if maker is not None:
        a.problem(site.call, f"variables initialised a second time, and the def `{maker}` makes variables: "
                             "re-initialisation is not translated")
        return
    assigns = []
    for g in before:
        why = _not_again(a, g)
        if why is not None:
            a.problem(site.call, f"variables initialised a second time, and {why}: re-initialisation is not "
                                 "translated")
            return
        if g.kind == Kind.VARIABLE:
            initial = a.args_by_name(g.value, list(VARIABLE_PARAMETERS)).get("initial_value")
            assigns.append(f"{g.name}.{R.ASSIGN}({t.expr_code(initial)})")
    a.state(PATTERN).again[id(stmt)] = assigns
    t.changes.append((site.line, "eager-init", "the second initializer run assigns the variables their initial "
                                               "values again"))


def _makes_variables(a: Analysis, fn) -> bool:
    found = []

    class Calls(cst.CSTVisitor):
        def visit_Call(self, call):
            if a.call_path(call) in ("Variable", "get_variable"):
                found.append(call)

    fn.visit(Calls())
    return bool(found)


def _global_initializer(a: Analysis, site: Site) -> bool:
    """Does `site` run tf.global_variables_initializer() (written in the run or bound to a name)?"""
    if len(site.elements) != 1 or site.kind != SiteKind.RUN:
        return False
    g = site.elements[0].gstmt
    node = g.value if g is not None else site.call.args[0].value if site.call.args else None
    return isinstance(node, cst.Call) and a.call_path(node) == R.GLOBAL_INITIALIZER


def _not_again(a: Analysis, g) -> str | None:
    """Why running the initializer again is not assigning `g` its initial value, or None."""
    cls = a.ask("optimizer_class", g)
    if cls is not None and cls not in SLOT_FREE_OPTIMIZERS:
        return f"{cls}'s slot variables are reset by TF 1, kept by the Keras optimizer"
    if g.kind != Kind.VARIABLE:
        path = a.call_path(g.value) if isinstance(g.value, cst.Call) else None
        return None if path is None or not path.startswith(_VARIABLE_MAKERS) else f"tf.{path} made variables"
    if not (isinstance(g.value, cst.Call) and a.call_path(g.value) == "Variable" and len(g.targets) == 1):
        return f"`{g.name}` is not a tf.Variable(initial value) of its own"
    initial = a.args_by_name(g.value, list(VARIABLE_PARAMETERS)).get("initial_value")
    if initial is None or not _same_value_again(a, initial):
        return f"the initial value of `{g.name}` is not the same numbers again (a random op, a NumPy value)"
    return None


def _same_value_again(a: Analysis, node) -> bool:
    """An expression of literals, names bound once to Python values, TF names and calls of
    R.SAME_VALUE_CONSTRUCTORS: the same value each time it runs."""
    bad = []
    graph_names = {name for g in a.gstmts for name in g.targets}

    class Values(cst.CSTVisitor):
        def visit_Call(self, call):
            if a.call_path(call) not in R.SAME_VALUE_CONSTRUCTORS:
                bad.append(call)
            for arg in call.args:
                arg.value.visit(self)
            return False

        def visit_Attribute(self, node):
            if a.r.resolve(node) is None:
                bad.append(node)
            return False

        def visit_Name(self, node):
            if node.value in graph_names or len(a.global_scope.assignments[node.value]) != 1:
                bad.append(node)

    node.visit(Values())
    return not bad


class Initializers(Pattern):
    name = "initializers"
    summary = "initializer runs removed"

    def graph_kind(self, a: Analysis, value, path, subscript, names, env):
        return (Kind.INIT, None) if is_initializer(path) else None

    def fetch_element(self, a: Analysis, expr, env):
        return variable_initializer(a, expr, env) or element(a.call_path(expr))

    @dataclass
    class State:
        again: dict = field(default_factory=dict)  # id(statement) -> the assigns written for it

    def check_runs(self, t: Translator) -> None:
        check_runs(t)

    def removes_site(self, a: Analysis, site, statement):
        return mark_site(a, site, statement) or None

    def statements_before(self, t: Translator, item):
        assigns = t.a.state(self).again.get(id(item.node))
        return None if assigns is None else [cst.parse_statement(code + "\n") for code in assigns] or None


PATTERN = Initializers()
