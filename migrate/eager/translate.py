"""Translate the analysis of a Session script (analysis.py) into eager TF 2.

  * the sites that run the same fetches in one graph segment share one RunFunction;
    functions.py plans its body and writes its code;
  * emit.py writes the block: placeholders, the Session, initializer runs and
    reset_default_graph disappear, variables stay (created eagerly), tf.train
    optimizers become Keras ones, every site becomes a call;
  * Session code in a module-level def or a method is translated in place, each def by a
    Translator of its own (its tf.functions are defined inside it).
"""
from __future__ import annotations

import libcst as cst

from migrate.eager import (checks, deferred_values, dtypes, emit, functions, merged_runs, names as N, options, refused,
                           registry, run_once, signatures)
from migrate.eager.analysis import Analysis
from migrate.eager.code import fresh
from migrate.eager.model import Kind, MODULE_LEVEL, RunFunction, SiteKind
from migrate.eager.patterns import placeholders, session_run, shared_random, variables
from migrate.eager.rewrite import NameRewriter
from migrate.tables import graph_api as G


class Untranslatable(Exception):
    def __init__(self, problems, primary=()):
        if primary:  # a refused construct explains the problems that follow from it
            problems = [p for i, p in enumerate(problems) if i in primary]
        super().__init__("; ".join(p[2] for p in problems))
        self.problems = problems


def session_defs(analysis: Analysis):
    """Module-level `def`s and methods whose bodies hold Session code (`def main(): ... tf.Session()`)."""
    candidates = []
    for stmt in analysis.module.body:
        if isinstance(stmt, cst.FunctionDef):
            candidates.append(stmt)
        elif isinstance(stmt, cst.ClassDef) and isinstance(stmt.body, cst.IndentedBlock):
            candidates += [m for m in stmt.body.body if isinstance(m, cst.FunctionDef)]
    return [fn for fn in candidates
            if _has_session_code(analysis, fn) and fn.body.body and isinstance(fn.body, cst.IndentedBlock)
            and not registry.first("runs_module_graph", analysis, fn)]


def _has_session_code(analysis, fn) -> bool:
    found = []

    class Calls(cst.CSTVisitor):
        def visit_Call(self, call):
            if analysis.call_path(call) in N.SESSION | {G.PLACEHOLDER}:
                found.append(call)

    fn.visit(Calls())
    return bool(found)


class Translator:
    def __init__(self, source: str, parent: "Translator | None" = None, block: cst.FunctionDef | None = None,
                 class_program: bool = False):
        self.source = source
        self.block = block
        # the source is a graph class read as a module-level program (patterns/graph_classes.py):
        # its runs fold back into the class as methods, so every run stays a function
        self.class_program = class_program if parent is None else parent.class_program
        if parent is None:
            self.module = cst.parse_module(source)
            self.a = Analysis(self.module)
            self.defs = session_defs(self.a)
            self.a.skip_defs = set(self.defs)
        else:
            self.module = parent.module
            self.a = Analysis(self.module, parent=parent.a, block=block)
            self.defs = []
        self.changes: list[tuple[int, str, str]] = []
        self.warnings: list[tuple[int, int, str, str]] = []
        self.call_texts: dict = {}  # id(site call) -> `name(args)`
        self.block_bodies: dict = {}  # def -> its translated statements
        self.functions: dict = {}  # key -> RunFunction
        self.once_runs: dict = {}  # id(site call) -> run_once.OnceRun: a run written at its place
        self.tf_functions: set = set()  # the names of the tf.functions written (deferred_values.py)
        self.placeholder_names: set = set()
        self.from_names: set = set()
        self.forbidden: set = set()  # names a new function or optimizer must not take
        self.reserved_names: dict = {}  # id(GStmt) -> the name a pattern gave what it writes for it
        # --exact-optimizers (options.py): tf.compat.v1.train classes where Keras rounds differently
        self.exact_optimizers = options.exact_optimizers() if parent is None else parent.exact_optimizers

    def is_placeholder(self, name: str) -> bool:
        return name in self.placeholder_names

    def ask(self, hook: str, *args):
        """A question to the patterns (a hook of pattern.py), answered by the first that
        knows: how a pattern asks about another's work without importing it."""
        return registry.first(hook, *args)

    def ask_all(self, hook: str, *args) -> list:
        """Every pattern's answer to a question (a hook of pattern.py), in registry order."""
        return registry.gathered(hook, *args)

    def keras_module(self) -> str:
        """`tf.keras` (Keras 3), or `tf_keras` where a tf.compat.v1.train optimizer stays
        (its minimize updates tf.Variables only): where layers and RNN cells come from."""
        return "tf_keras" if self.ask("keeps_tf1_optimizer", self) else f"{self.a.r.primary}.keras"

    def writes(self, g) -> list:
        """The variable statements `g` updates when it runs (functions.writes)."""
        return functions.writes(self, g)

    # ------------------------------------------------------------------ entry
    def translate(self):
        """The translated code (None when there is no Session code); raises Untranslatable."""
        a = self.a.run()
        if not a.is_session_script and not a.sites and not self.defs:
            return None
        self.placeholder_names = {g.name for g in a.gstmts if g.kind == Kind.PLACEHOLDER}
        self.from_names = checks.from_import_names(a)
        self.build_functions()
        self.raise_problems()
        self.check_unwritable_names()
        self.raise_problems()
        self.translate_defs()
        registry.each("translate_blocks", self)
        self.raise_problems()
        code = self.emit()
        self.raise_problems()
        if self.block is None:
            code = deferred_values.deferred(code, self.tf_functions)
        self.warnings += variables.seed_warnings(a)
        if a.global_seed:
            for call in a.unseeded:
                self.warnings.append((a.line(call), a.col(call), "eager-seed",
                                      "random op without an op seed under a global seed: graph mode derives the op "
                                      "seed from the number of ops built before it, eager mode from a counter, so "
                                      f"the draws differ; add {shared_random.seed_advice(a, call)} to reproduce the "
                                      "graph's numbers"))
        return code

    def raise_problems(self):
        if self.a.problems:
            raise Untranslatable(self.a.problems, self.a.primary)

    def translate_defs(self):
        for fn in self.defs:
            if self.translate_block(fn) is not None:
                self.a.notes.append((self.a.line(fn), "eager-function", f"Session code in `def {fn.name.value}()` "
                                                                        "translated in place: its tf.functions are "
                                                                        "defined inside it"))

    def translate_block(self, node) -> "Translator | None":
        """Translate a def's or a compound statement's body on its own (its findings join
        this block's); the sub-translator, or None when the body holds no Session code."""
        sub = Translator(self.source, parent=self, block=node)
        body = sub.translate()
        if body is None:
            return None
        self.block_bodies[node] = body
        self.tf_functions |= sub.tf_functions
        self.changes += sub.changes
        self.warnings += sub.warnings
        self.a.notes += sub.a.notes
        return sub

    def rewriter(self):
        return NameRewriter(self.a.r, self.is_placeholder, self.from_names, self.a.edits.expressions,
                            self.operands_kind)

    def operands_kind(self, operands) -> str | None:
        """"float" / "integer" for the operands of a call (`tf.div(x, y)`), else None (eager/dtypes.py)."""
        return dtypes.operands_kind(self.a, operands)

    def check_unwritable_names(self):
        """Names eager code cannot write (unknown to TensorFlow, internals, served by a shim) are problems."""
        rw = self.rewriter()
        for stmt in [self.a.module] if self.block is None else self.block.body.body:
            stmt.visit(rw)
        for written, node in rw.unwritable.items():
            if not registry.first("translates_name", N.canonical(written)):
                self.a.problem(node, refused.name_problem(written))

    # ------------------------------------------------------------------ run functions
    def build_functions(self):
        """Group the sites into RunFunctions and plan each."""
        a = self.a
        for site in a.sites:
            if site.kind == SiteKind.CLOSE or site.init or not site.elements:
                continue
            key = (site.item.segment, site.keys, tuple(e.key() for e in site.elements))
            fn = self.functions.get(key)
            if fn is None:
                fn = self.functions[key] = RunFunction(key, site.item.segment, site.elements, site.keys)
            fn.sites.append(site)
            site.function = fn
        registry.each("check_runs", self)
        for site in a.sites:
            if site.kind == SiteKind.CLOSE:
                self.changes.append((site.line, "eager-session", "session.close() removed"))
        for fn in self.functions.values():
            functions.plan(self, fn)
        if not self.a.problems:
            merged_runs.merge(self)
        self.name_functions()
        registry.each("plan", self)

    # ------------------------------------------------------------------ names
    def name_functions(self):
        a = self.a
        python_bound = {asg.name for asg in a.global_scope.assignments
                        if getattr(asg, "node", None) is not None and asg.node not in a.accounted}
        self.forbidden = python_bound | {n for g in a.gstmts if g.kind in MODULE_LEVEL for n in g.targets}
        if self.block is not None:  # a def's tf.functions must not shadow the module names it uses
            self.forbidden |= {asg.name for asg in a.module_scope.assignments}
        registry.each("reserve_names", self)
        used_by_segment: dict = {}
        for fn in self.functions.values():
            if fn.variables_only:
                continue
            used = used_by_segment.setdefault(fn.segment, set())
            fn.name = fresh(self.base_name(fn), self.forbidden | used)
            used.add(fn.name)

    def base_name(self, fn: RunFunction) -> str:
        """train_step (or the train op's own name when it says step), else compute_<fetched names>."""
        if fn.updates or any(e.kind in (Kind.TRAIN, Kind.ASSIGN, Kind.GROUP) for e in fn.elements):
            trains = [e for e in fn.elements if e.effect_only]
            if len(trains) == 1 and trains[0].name and trains[0].name not in self.forbidden \
                    and self.reserved_names.get(id(trains[0].gstmt)) != trains[0].name \
                    and "step" in trains[0].name:
                return trains[0].name
            return "train_step"
        named = registry.first("function_name", self, fn)
        if named:
            return named
        names = [e.name or _site_target_name(fn.sites[0]) or "value" for e in fn.elements]
        if len(names) > 3:
            return "compute_fetches"
        return "compute_" + "_and_".join(names)

    # ------------------------------------------------------------------ code
    def stmt_code(self, g) -> str:
        """A graph statement (with its comments) in TF 2 spelling."""
        written = registry.first("statement_code", self, g)
        if written is not None:
            return written
        inherited = list(g.item.leading) if g.item.gstmts and g is g.item.gstmts[0] else []  # a dissolved `with`'s
        node = g.node.with_changes(leading_lines=[ln for ln in inherited + list(g.node.leading_lines)
                                                  if ln.comment is not None])
        return cst.Module(body=[node.visit(self.rewriter())]).code

    def expr_code(self, expr) -> str:
        wrapped = cst.Module(body=[cst.SimpleStatementLine([cst.Expr(expr)])])
        return wrapped.visit(self.rewriter()).code.strip()

    def emit(self):
        functions_before: dict = {}
        for fn in self.functions.values():
            if fn.variables_only:
                continue
            lines = functions.body_lines(self, fn)
            if self.a.problems:
                return ""
            once = run_once.plan(self, fn, lines)
            if once is not None:
                self.once_runs.update(once)
                how = "once" if len(fn.sites) == 1 and once[id(fn.sites[0].call)].statement is None \
                    else "only under an `if` in a loop"
                for site in fn.sites:
                    self.changes.append((site.line, "eager-run", f"{session_run.describe(self, site)} runs {how}: plain "
                                                                 "eager code at its place"))
                continue
            code = functions.function_code(self, fn, lines)
            if self.a.problems:
                return ""
            if not registry.first("absorbs_function", self, fn, code):
                functions_before.setdefault(fn.insert_before, []).append(code)
            self.record_function(fn)
            if not fn.eager:
                self.tf_functions.add(fn.name)
        for insert_before, code in registry.first("module_functions", self) or []:
            functions_before.setdefault(insert_before, []).insert(0, code)
        signatures.share(self, functions_before)
        registry.each("functions_placed", self, functions_before)
        for fn in self.functions.values():
            if fn.variables_only:
                for site in fn.sites:
                    self.changes.append((site.line, "eager-run", f"{session_run.describe(self, site)} became .numpy()"))
        registry.each("finish", self)
        return emit.emit(self, functions_before)

    def record_function(self, fn: RunFunction):
        for site in fn.sites:
            self.changes.append((site.line, "eager-run", f"{session_run.describe(self, site)} became a call of {fn.name}(...)"))
        note = placeholders.change_note(fn)
        if note is not None:
            self.changes.append(note)
        if fn.tapes:
            tape = fn.tapes[0]
            what = "minimize()" if tape.kind == Kind.TRAIN else "tf.gradients"
            self.changes.append((tape.line, "eager-tape", f"{what} became tf.GradientTape in {fn.name}"))


def _site_target_name(site) -> str | None:
    """`prediction` for `prediction = sess.run(...)` (or `sess.run(...)[0]`)."""
    found = []

    class Assigns(cst.CSTVisitor):
        def visit_Assign(self, asg):
            if len(asg.targets) == 1 and isinstance(asg.targets[0].target, cst.Name):
                inner = asg.value
                if inner is site.call or (isinstance(inner, cst.Subscript) and inner.value is site.call):
                    found.append(asg.targets[0].target.value)
            return True

    site.item.node.visit(Assigns())
    return found[-1] if found else None
