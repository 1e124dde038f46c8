"""Emit idiomatic TF 2 from the analysis of a Session script (see analysis.py).

What the output looks like:
  * placeholders, the Session, initializer runs and reset_default_graph disappear;
  * variables stay where they were created, now created and initialised eagerly;
  * a tf.train optimizer becomes the Keras optimizer with the same arithmetic
    (migrate/tables/optimizers.py), every argument explicit, with a comment on why;
  * every distinct Session.run (fetches, feeds) becomes a @tf.function whose arguments
    are the placeholders it needs (input_signature = the placeholders' dtype and shape,
    so fed lists and float64 arrays are converted as feed_dict converted them), whose
    body is the graph statements the fetches depend on, in source order; a train op
    becomes GradientTape + apply_gradients, tf.gradients a tape.gradient, assign ops
    stay assign calls after everything the run computes first;
  * each sess.run / .eval() / .run() becomes a call of that function, `.numpy()`ed so
    that it returns what Session.run returned (numpy values, None for train ops, lists
    for lists).
"""
from __future__ import annotations

import re

import libcst as cst

from migrate.eager import names as N
from migrate.eager.analysis import Analysis, Element, GStmt, Site
from migrate.eager.rewrite import NameRewriter
from migrate.tables.optimizers import EQUIVALENCE, REQUIRED
from migrate.tables.signatures import KERAS_OPTIMIZER_DEFAULTS


INDENT = "    "


class Untranslatable(Exception):
    def __init__(self, problems, primary=()):
        if primary:  # a refused construct explains the problems that follow from it
            problems = [p for i, p in enumerate(problems) if i in primary]
        super().__init__("; ".join(p[2] for p in problems))
        self.problems = problems


class Pattern:
    def __init__(self, key, segment):
        self.key = key
        self.segment = segment
        self.sites: list[Site] = []
        self.elements: list[Element] = []
        self.name = None
        self.params: list[GStmt] = []
        self.code = None
        self.variables_only = False
        self.returns: list[int] = []  # element positions the function returns (others are None)


def session_defs(analysis: Analysis):
    """Module-level `def`s whose bodies hold Session code (`def main(): ... tf.Session()`)."""
    out = []
    candidates = []
    for stmt in analysis.module.body:
        if isinstance(stmt, cst.FunctionDef):
            candidates.append(stmt)
        elif isinstance(stmt, cst.ClassDef) and isinstance(stmt.body, cst.IndentedBlock):
            candidates += [m for m in stmt.body.body if isinstance(m, cst.FunctionDef)]  # methods
    for stmt in candidates:
        found = []

        class V(cst.CSTVisitor):
            def visit_Call(self, c):
                if analysis.call_path(c) in N.SESSION | {"placeholder"}:
                    found.append(c)

        stmt.visit(V())
        if found and stmt.body.body and isinstance(stmt.body, cst.IndentedBlock):
            out.append(stmt)
    return out


class Translator:
    def __init__(self, source: str, parent: "Translator | None" = None, block: cst.FunctionDef | None = None):
        self.source = source
        self.block = block
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
        self.call_texts: dict = {}
        self.block_bodies: dict = {}

    # ------------------------------------------------------------------ entry
    def translate(self):
        a = self.a.run()
        if not a.is_session_script and not a.sites and not self.defs:
            return None
        self.rw_placeholder_names = {g.name for g in a.gstmts if g.kind == "placeholder"}
        self.from_names = a.from_import_names()
        self.build_patterns()
        if a.problems:
            raise Untranslatable(a.problems, a.primary)
        self.check_unknown_names()
        if a.problems:
            raise Untranslatable(a.problems, a.primary)
        for fn in self.defs:
            sub = Translator(self.source, parent=self, block=fn)
            body = sub.translate()
            if body is None:
                continue
            self.block_bodies[fn] = body
            self.changes += sub.changes
            self.warnings += sub.warnings
            a.notes += sub.a.notes
            a.notes.append((a.line(fn), "eager-function", f"Session code in `def {fn.name.value}()` translated "
                                                           "in place: its tf.functions are defined inside it"))
        code = self.emit()
        if a.problems:
            raise Untranslatable(a.problems, a.primary)
        for name, line in sorted(a.helper_random.items()):
            self.warnings.append((line, 0, "eager-seed",
                                  f"`{name}()` creates variables from a random op: graph mode gives every call a "
                                  "fresh op (the same op seed gives the same values each call), eager mode "
                                  "continues one random stream per seed, so seeded initial values differ"))
        if a.global_seed:
            for call in a.unseeded:
                self.warnings.append((a.line(call), a.col(call), "eager-seed",
                                      "random op without an op seed under a global seed: graph mode derives the op "
                                      "seed from the number of ops built before it, eager mode from a counter, so "
                                      "the draws differ; add seed=N to reproduce the graph's numbers"))
        return code

    def rewriter(self):
        return NameRewriter(self.a.r, lambda name: name in self.rw_placeholder_names, self.from_names)

    def check_unknown_names(self):
        rw = self.rewriter()
        if self.block is None:
            self.a.module.visit(rw)
        else:
            for stmt in self.block.body.body:
                stmt.visit(rw)
        for path in sorted(set(rw.unknown)):
            if path.startswith("python.framework.ops"):
                self.a.problems.append((0, 0, f"tf internals ({path}) are not translated"))
            else:
                self.a.problems.append((0, 0, f"unknown TensorFlow name tf.{path}"))

    # ------------------------------------------------------------------ patterns
    def build_patterns(self):
        a = self.a
        self.patterns: dict = {}
        for site in a.sites:
            if site.kind == "close" or site.init or not site.elements:
                continue
            key = (site.item.segment, tuple(e.key() for e in site.elements))
            pattern = self.patterns.get(key)
            if pattern is None:
                pattern = self.patterns[key] = Pattern(key, site.item.segment)
                pattern.elements = site.elements
            pattern.sites.append(site)
            site.pattern = pattern
        init_sites = {}
        for site in a.sites:
            if site.init:
                if site.item.node is not None and not isinstance(site.item.node, cst.SimpleStatementLine):
                    a.problem(site.call, "variables initialised inside a block (loop, if, def): re-initialisation "
                                         "is not translated")
                init_sites.setdefault(site.item.segment, []).append(site)
                self.changes.append((site.line, "eager-init", "initializer run removed: tf.Variable initialises "
                                                              "itself when created"))
        for segment, sites in init_sites.items():
            if len(sites) > 1:
                a.problem(sites[1].call, "variables initialised a second time: re-initialisation is not translated")
        for site in a.sites:
            if site.kind == "close":
                self.changes.append((site.line, "eager-session", "session.close() removed"))
        random_use: dict = {}
        for pattern in self.patterns.values():
            self.plan(pattern)
            for g in pattern.body if hasattr(pattern, "body") else []:
                if g.random:
                    random_use.setdefault(id(g), (g, set()))[1].add(id(pattern))
        for g, users in random_use.values():
            if len(users) > 1:
                a.problem(g.node, f"random op `{g.name}` is used by {len(users)} different Session.run patterns: "
                                  "graph mode draws from one kernel for all of them, separate tf.functions would not")
        self.name_patterns()

    @staticmethod
    def closure(starts):
        seen, stack = [], list(starts)
        while stack:
            g = stack.pop()
            if g in seen:
                continue
            seen.append(g)
            stack.extend(g.deps)
        return seen

    def plan(self, p: Pattern):
        a = self.a
        first = p.sites[0]
        if all(e.kind == "variable" for e in p.elements):
            p.variables_only = True
            for site in p.sites:
                self.check_feeds(site, [])
            return
        starts = []
        for e in p.elements:
            if e.kind == "inline":
                starts.extend(e.deps)
            elif e.gstmt is not None:
                starts.append(e.gstmt)
        closure = self.closure(starts)
        order = {id(g): (g.idx, g.item.gstmts.index(g)) for g in closure}
        closure.sort(key=lambda g: order[id(g)])
        for g in closure:
            if g.kind in ("init", "session"):
                a.problem(first.call, f"a fetch depends on a {g.kind}")
                return
        p.params = [g for g in closure if g.kind == "placeholder"]
        p.body = [g for g in closure if g.kind in ("tensor", "assign", "gradients", "train", "group")]
        p.tapes = [g for g in p.body if g.kind in ("train", "gradients")]
        p.updates = [g for g in p.body if g.kind in ("train", "assign")]
        if len(p.tapes) > 1:
            a.problem(first.call, "more than one gradient computation (minimize/tf.gradients) in one Session.run")
            return
        for g in p.body:
            if g.kind == "train":
                opt = g.info.get("optimizer")
                if opt is not None:
                    users = [h for h in a.gstmts if h.kind == "train" and h.info.get("optimizer") is opt]
                    if len(users) > 1:
                        a.problem(g.node, f"optimizer `{opt.name}` minimizes more than one loss")
        # placement: before the item of the first call; every statement it needs comes earlier
        p.insert_before = min(s.item.idx for s in p.sites)
        p.last_call = max(s.item.idx for s in p.sites)
        for g in closure:
            if g.idx >= p.insert_before:
                a.problem(first.call, f"`{g.name}` is built after (or in the same statement as) its first run")
                return
        for site in p.sites:
            self.check_feeds(site, p.params)
        # the Python values the graph statements read must not change before the last call
        for g in closure:
            if g.kind in ("variable", "optimizer"):
                continue
            env = a.env_at[g.idx]
            src = g.value if g.kind != "placeholder" else g.value
            for name in a.free_names(src, env):
                if name == a.r.primary or name in a.r.aliases:
                    continue
                if a.assigned_in(name, g.idx, p.last_call):
                    a.problem(g.node, f"`{g.name}` reads the Python value `{name}`, which changes before the "
                                      "graph is run: tf.function would see the new value")
        for e in p.elements:
            if e.kind == "inline":
                env = a.env_at[first.item.idx]
                free = [n for n in a.free_names(e.expr, env) if n != a.r.primary and n not in a.r.aliases]
                if free:
                    a.problem(e.expr, f"an inline fetch reads Python value(s) {free}: tf.function would freeze them")
        self.check_races(p)

    def check_feeds(self, site: Site, params):
        a = self.a
        fed = [ph for ph, _ in site.feeds]
        for ph in params:
            if ph not in fed:
                a.problem(site.call, f"placeholder `{ph.name}` is needed but not fed")
        for ph, value in site.feeds:
            if ph not in params and not self.pure(value):
                a.problem(value, f"a fed value for `{ph.name}`, which this run does not use, has side effects")

    def pure(self, node) -> bool:
        found = []

        class V(cst.CSTVisitor):
            def visit_Call(self, c):
                found.append(c)

        node.visit(V())
        return not found

    def writes(self, g: GStmt):
        if g.kind == "assign":
            return [g.info["var"]] if "var" in g.info else []
        if g.kind == "train":
            return self.train_vars(g) + ([g.info["global_step"]] if "global_step" in g.info else [])
        return []

    def check_races(self, p: Pattern):
        """Graph mode orders reads and writes of a variable only through data dependencies."""
        a = self.a
        written = {}
        for u in p.updates:
            for v in self.writes(u):
                written.setdefault(id(v), []).append(u)
        if not written:
            return
        ancestors = {id(u): self.closure(self.update_inputs(u)) for u in p.updates}
        for e in p.elements:
            if e.kind == "variable" and id(e.gstmt) in written:
                a.problem(p.sites[0].call, f"`{e.name}` is fetched in the same run that updates it: graph mode "
                                           "does not order the read and the write")
                return
            if e.kind == "inline":
                for v in e.deps:
                    if v.kind == "variable" and id(v) in written:
                        a.problem(e.expr, f"an inline fetch reads `{v.name}` in the run that updates it")
                        return
        for g in p.body:
            for v in g.direct_vars:
                for u in written.get(id(v), []):
                    if u is g and g.kind == "assign":
                        continue
                    if g.kind == "train" and u is g:
                        continue
                    if g not in ancestors[id(u)]:
                        a.problem(g.node, f"`{g.name}` reads `{v.name}`, which `{u.name}` updates in the same run, "
                                          "and the graph does not order the two")
                        return

    def update_inputs(self, u: GStmt):
        if u.kind == "train":
            return [u] + [d for d in u.deps]
        return [u]

    def loss_deps(self, g: GStmt):
        env = self.a.env_at[g.idx]
        return [env[n.value] for n in self.a.names_in(g.info["loss"]) if n.value in env]

    def train_vars(self, g: GStmt):
        if "var_list" in g.info:
            return list(g.info["var_list"])
        vars_ = [d for d in self.closure(self.loss_deps(g)) if d.kind == "variable" and d.info.get("trainable", True)]
        return sorted(vars_, key=lambda v: v.idx)

    # ------------------------------------------------------------------ names
    def name_patterns(self):
        a = self.a
        taken = set()
        for assignment in a.global_scope.assignments:
            taken.add(assignment.name)
        graph_only = {n for g in a.gstmts if g.kind not in ("variable", "optimizer") for n in g.targets}
        python_bound = set()
        for assignment in a.global_scope.assignments:
            node = getattr(assignment, "node", None)
            if node is not None and node not in a.accounted:
                python_bound.add(assignment.name)
        self.forbidden = python_bound | {n for g in a.gstmts if g.kind in ("variable", "optimizer")
                                         for n in g.targets}
        if self.block is not None:  # a def's tf.functions must not shadow the module names it uses
            self.forbidden |= {assignment.name for assignment in a.module_scope.assignments}
        self.inline_optimizer_names = {}
        for g in a.gstmts:
            if g.kind == "train" and "inline_optimizer" in g.info:
                name = self.fresh("optimizer", self.forbidden)
                self.forbidden.add(name)
                self.inline_optimizer_names[id(g)] = name
        used_by_segment: dict = {}
        for p in self.patterns.values():
            if p.variables_only:
                continue
            used = used_by_segment.setdefault(p.segment, set())
            base = self.base_name(p)
            p.name = self.fresh(base, self.forbidden | used)
            used.add(p.name)

    @staticmethod
    def fresh(base, taken):
        if base not in taken:
            return base
        i = 2
        while f"{base}_{i}" in taken:
            i += 1
        return f"{base}_{i}"

    def base_name(self, p: Pattern):
        kinds = [e.kind for e in p.elements]
        if any(k in ("train", "assign", "group") for k in kinds) or getattr(p, "updates", None):
            trains = [e for e in p.elements if e.kind in ("train", "group")]
            if len(trains) == 1 and trains[0].name and trains[0].name not in self.forbidden \
                    and not any(self.inline_optimizer_names.get(id(trains[0].gstmt)) == trains[0].name for _ in [0]) \
                    and "step" in trains[0].name:
                return trains[0].name
            return "train_step"
        names = []
        for e in p.elements:
            if e.name:
                names.append(e.name)
            else:
                target = self.site_target_name(p.sites[0])
                names.append(target or "value")
        if len(names) > 3:
            return "compute_fetches"
        return "compute_" + "_and_".join(names)

    def site_target_name(self, site: Site):
        node = site.item.node

        class V(cst.CSTVisitor):
            found = None

            def visit_Assign(self, asg):
                if len(asg.targets) == 1 and isinstance(asg.targets[0].target, cst.Name):
                    inner = asg.value
                    if inner is site.call or (isinstance(inner, cst.Subscript) and inner.value is site.call):
                        V.found = asg.targets[0].target.value
                return True

        node.visit(V())
        return V.found

    # ------------------------------------------------------------------ code
    def stmt_code(self, g: GStmt, keep_comments=True) -> str:
        node = g.node
        lines = [ln for ln in node.leading_lines if ln.comment is not None] if keep_comments else []
        node = node.with_changes(leading_lines=lines)
        node = node.visit(self.rewriter())
        return cst.Module(body=[node]).code

    def expr_code(self, expr) -> str:
        wrapped = cst.Module(body=[cst.SimpleStatementLine([cst.Expr(expr)])])
        return wrapped.visit(self.rewriter()).code.strip()

    def spec_code(self, ph: GStmt) -> str:
        tf = self.a.r.primary
        dtype = self.expr_code(ph.info["dtype"]) if ph.info.get("dtype") is not None else f"{tf}.float32"
        shape = self.expr_code(ph.info["shape"]) if ph.info.get("shape") is not None else "None"
        return f"{tf}.TensorSpec({shape}, {dtype})"

    def function_code(self, p: Pattern) -> str:
        a = self.a
        tf = a.r.primary
        body_lines: list[str] = []
        local_names = {n for g in p.body for n in g.targets}
        tape_name = self.fresh("tape", local_names | self.forbidden)
        grads_name = self.fresh("grads", local_names | self.forbidden)

        def add(code, depth=1):
            for ln in code.rstrip("\n").split("\n"):
                body_lines.append(INDENT * depth + ln if ln.strip() else "")

        done = set()
        tape = p.tapes[0] if p.tapes else None
        if tape is not None:
            if tape.kind == "train":
                target_deps = self.loss_deps(tape)
            else:
                env = a.env_at[tape.idx]
                target_deps = [env[n.value] for n in a.names_in(tape.info["ys"]) if n.value in env]
            tape_set = [g for g in p.body if g in self.closure(target_deps) and g.kind == "tensor"]
            for g in self.closure(target_deps):
                if g.kind in ("assign", "train", "gradients", "group"):
                    a.problem(tape.node, f"the differentiated loss depends on `{g.name}` ({g.kind})")
                    return ""
            add(f"with {tf}.GradientTape() as {tape_name}:")
            watched = []
            if tape.kind == "gradients":
                watched = [x for x in tape.info["xs_g"] if x.kind in ("placeholder", "tensor")]
                for x in watched:
                    if x.kind == "placeholder":
                        add(f"{tape_name}.watch({x.name})", 2)
            if not tape_set and not watched:
                add("pass", 2)
            for g in tape_set:
                add(self.stmt_code(g), 2)
                done.add(id(g))
                for x in watched:
                    if x is g:
                        add(f"{tape_name}.watch({x.name})", 2)
            if tape.kind == "train":
                loss = tape.info["loss"]
                loss_code = self.expr_code(loss)
                if not isinstance(loss, cst.Name):
                    loss_name = self.fresh("loss", local_names | self.forbidden)
                    add(f"{loss_name} = {loss_code}", 2)
                    loss_code = loss_name
                variables = self.train_vars(tape)
                if not variables:
                    a.problem(tape.node, "minimize() of a loss that depends on no trainable variable the "
                                         "translation can see (variables must be created at module level, "
                                         "directly or by a def that returns one tf.Variable)")
                    return ""
                var_list = "[" + ", ".join(v.name for v in variables) + "]"
                comments = [ln.comment.value for ln in tape.node.leading_lines if ln.comment is not None]
                for c in comments:
                    add(c)
                add(f"{grads_name} = {tape_name}.gradient({loss_code}, {var_list})")
                tape.info["_apply"] = (self.optimizer_name(tape), grads_name, var_list)
            else:
                comments = [ln.comment.value for ln in tape.node.leading_lines if ln.comment is not None]
                for c in comments:
                    add(c)
                xs = tape.info["xs"]
                xs_code = "[" + ", ".join(self.expr_code(x) for x in xs) + "]"
                ys_code = self.expr_code(tape.info["ys"])
                extra = ""
                if tape.info.get("grad_ys") is not None:
                    extra = ", output_gradients=" + self.expr_code(tape.info["grad_ys"])
                targets = ", ".join(tape.targets)
                sub = tape.info.get("subscript")
                sub_code = "[" + ", ".join(cst.Module([]).code_for_node(e) for e in sub) + "]" if sub else ""
                add(f"{targets} = {tape_name}.gradient({ys_code}, {xs_code}{extra}){sub_code}")
            done.add(id(tape))
        for g in p.body:
            if id(g) in done or g.kind in ("train", "assign", "group"):
                continue
            add(self.stmt_code(g))
            done.add(id(g))
        for g in p.body:
            if g.kind == "train":
                opt, grads, var_list = g.info["_apply"]
                add(f"{opt}.apply_gradients(zip({grads}, {var_list}))")
                if "global_step" in g.info:
                    add(f"{g.info['global_step'].name}.assign_add(1)")
            elif g.kind == "assign":
                add(self.stmt_code(g))
        returns = []
        p.returns = []
        for i, e in enumerate(p.elements):
            if e.kind in ("train", "group"):
                continue
            p.returns.append(i)
            if e.kind == "inline":
                returns.append(self.expr_code(e.expr))
            else:
                returns.append(e.name)
        # a returned name must still hold the fetched binding at the end of the body
        for e in p.elements:
            if e.kind in ("tensor", "assign") and e.name:
                later = [g for g in p.body if e.name in g.targets and g is not e.gstmt
                         and (g.idx, g.item.gstmts.index(g)) > (e.gstmt.idx, e.gstmt.item.gstmts.index(e.gstmt))]
                if later:
                    a.problem(p.sites[0].call, f"`{e.name}` is fetched but rebound by a later graph statement")
        if returns:
            add("return " + ", ".join(returns))
        elif not body_lines:
            add("pass")
        params = ", ".join(ph.name for ph in p.params)
        if p.params:
            specs = [self.spec_code(ph) for ph in p.params]
            one_line = f"@{tf}.function(input_signature=[{', '.join(specs)}])"
            if len(one_line) <= 100:
                deco = one_line
            else:
                deco = f"@{tf}.function(input_signature=[\n" + "".join(f"{INDENT}{s},\n" for s in specs) + "])"
        else:
            deco = f"@{tf}.function"
        return f"{deco}\ndef {p.name}({params}):\n" + "\n".join(body_lines) + "\n"

    def optimizer_name(self, train: GStmt) -> str:
        if "optimizer" in train.info:
            return train.info["optimizer"].name
        return self.inline_optimizer_names[id(train)]

    def optimizer_code(self, name: str, info: dict, node) -> str:
        a = self.a
        tf = a.r.primary
        cls = info.get("class")
        row = EQUIVALENCE.get(cls)
        if row is None:
            a.problem(node, f"tf.train.{cls} has no Keras optimizer known to do the same arithmetic")
            return ""
        if not row.equivalent:
            why = " ".join(f"[{k}] {v}" for k, v in row.why.items())
            a.problem(node, f"tf.compat.v1.train.{cls} has no Keras optimizer with the same arithmetic: {why}")
            return ""
        args = info["args"]
        unknown = set(args) - set(row.tf1_defaults) - set(row.ignored)
        if unknown:
            a.problem(node, f"{cls}: argument(s) {sorted(unknown)} are not translated")
            return ""
        kwargs = {}
        for p, default in row.tf1_defaults.items():
            if p in args:
                code = self.expr_code(args[p])
                if row.rename[p] == "momentum":
                    if isinstance(args[p], cst.Integer):
                        code = f"{code}.0"
                    elif not isinstance(args[p], cst.Float):
                        code = f"float({code})"
            elif default is REQUIRED:
                a.problem(node, f"{cls}: missing required argument {p}")
                return ""
            else:
                code = repr(float(default) if isinstance(default, float) else default)
            kwargs[row.rename[p]] = code
        for k, v in row.fixed.items():
            kwargs[k] = repr(v)
        defaults = KERAS_OPTIMIZER_DEFAULTS.get(row.keras, {})
        notes = []
        for k, code in kwargs.items():
            if k in defaults and self.literal(code) == defaults[k]:
                continue
            why = row.why.get(k)
            if why is None:
                why = next((text for key, text in row.why.items() if k in key.replace("beta", "beta_").split("/")),
                           None)
            text = (why or f"TF1's value; Keras would default to {defaults.get(k)!r}").split(". ")[0].rstrip(".")
            notes.append(f"# {k}: {text}.")
        comment = [f"# Keras {row.keras} does the arithmetic of tf.compat.v1.train.{cls};",
                   "#   every argument is explicit."] + notes
        call = f"{name} = {tf}.keras.optimizers.{row.keras}(" + ", ".join(f"{k}={v}" for k, v in kwargs.items()) + ")"
        self.changes.append((a.line(node), "eager-optimizer",
                             f"tf.train.{cls} became {tf}.keras.optimizers.{row.keras} with the same arithmetic"))
        return "\n".join(self.wrap_comment(c) for c in comment) + "\n" + call + "\n"

    @staticmethod
    def wrap_comment(line, width=100):
        if len(line) <= width:
            return line
        out, current = [], ""
        for word in line.split(" "):
            if current and len(current) + 1 + len(word) > width:
                out.append(current)
                current = "#   " + word
            else:
                current = f"{current} {word}" if current else word
        out.append(current)
        return "\n".join(out)

    @staticmethod
    def literal(code):
        try:
            import ast

            return ast.literal_eval(code)
        except Exception:
            return object()

    # ------------------------------------------------------------------ call sites
    def call_replacement(self, site: Site, updated: cst.Call) -> str:
        p = site.pattern
        a = self.a
        if p.variables_only:
            parts = [f"{e.name}.numpy()" for e in p.elements]
            return self.structure(site, parts, None)
        call = self.call_text(site, updated)
        n_ret = len(p.returns)
        if site.structure == "single":
            e = p.elements[0]
            return call if e.kind in ("train", "group") else f"{call}.numpy()"
        # list / tuple
        if n_ret == 0:
            parts = None
        elif n_ret == len(p.elements):
            comp = f"t.numpy() for t in {call}" if n_ret > 1 else None
            if comp:
                unpack = self.unpack_targets(site)
                if unpack is not None:
                    return f"({comp})"
                return f"[{comp}]" if site.structure == "list" else f"tuple({comp})"
            return self.structure(site, [f"{call}.numpy()"], None)
        elif n_ret == 1:
            parts = ["None"] * len(p.elements)
            parts[p.returns[0]] = f"{call}.numpy()"
            unpack = self.unpack_targets(site)
            if unpack is not None:
                return self.structure(site, parts, unpack)
            return self.structure(site, parts, None)
        else:
            a.problem(site.call, "a list fetch mixing train ops and several tensors used as a value")
            return call
        if parts is None:
            # only train ops: run the step, give back the list of Nones Session.run returned
            if site.statement:
                return call
            inner = ", ".join(["None"] * len(p.elements))
            return f"[{call}, {inner}][1:]" if site.structure == "list" else f"({call}, {inner})[1:]"
        return self.structure(site, parts, None)

    def call_text(self, site: Site, updated: cst.Call) -> str:
        """`name(args)` for a site; remembered for leave_Assign's unpacking form."""
        p = site.pattern
        params = [ph.name for ph in p.params]
        fed = {}
        order = []
        feed_dict = self.updated_feed(site, updated)
        if feed_dict is not None:
            for (ph, _), el in zip(site.feeds, feed_dict.elements):
                fed[ph.name] = cst.Module([]).code_for_node(el.value)
                order.append(ph.name)
        used_order = [n for n in order if n in params]
        if used_order == params:
            args = ", ".join(fed[n] for n in params)
        else:
            args = ", ".join(f"{n}={fed[n]}" for n in used_order)
        text = f"{p.name}({args})"
        self.call_texts[id(site.call)] = text
        return text

    def structure(self, site, parts, unpack):
        if site.structure == "single":
            return parts[0]
        if site.structure == "list":
            return "[" + ", ".join(parts) + "]"
        return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"

    def unpack_targets(self, site: Site):
        """The tuple target of `a, b = sess.run([x, y])` (None when the result is used otherwise)."""
        node = site.item.node
        found = []

        class V(cst.CSTVisitor):
            def visit_Assign(self, asg):
                if asg.value is site.call and len(asg.targets) == 1 and isinstance(
                        asg.targets[0].target, (cst.Tuple, cst.List)):
                    found.append(asg)
                return True

        node.visit(V())
        return found[0] if found else None

    def updated_feed(self, site: Site, updated: cst.Call):
        if not site.feeds:
            return None
        if site.kind == "run":
            names = ["fetches", "feed_dict"]
        else:
            names = ["feed_dict"]
        i = 0
        for arg in updated.args:
            if arg.keyword is None:
                if i < len(names) and names[i] == "feed_dict":
                    return arg.value
                i += 1
            elif arg.keyword.value == "feed_dict":
                return arg.value
        return None

    # ------------------------------------------------------------------ module
    def emit(self) -> str:
        a = self.a
        tf = a.r.primary
        site_by_call = {id(s.call): s for s in a.sites}
        translator = self

        class SiteRewriter(NameRewriter):
            def leave_FunctionDef(self, original_node, updated_node):
                if original_node in translator.block_bodies:  # a method translated on its own
                    body = original_node.body.with_changes(body=translator.block_bodies[original_node])
                    return original_node.with_changes(body=body)
                return updated_node

            def leave_Call(self, original_node, updated_node):
                site = site_by_call.get(id(original_node))
                if site is not None and site.kind != "close" and not site.init and site.pattern is not None:
                    text = translator.call_replacement(site, updated_node)
                    return cst.parse_expression(text)
                return super().leave_Call(original_node, updated_node)

            def leave_Assign(self, original_node, updated_node):
                # `_, c = sess.run([train, cost])` -> `c = train_step(...).numpy()`
                site = site_by_call.get(id(original_node.value))
                if site is None or site.pattern is None or site.pattern.variables_only:
                    return updated_node
                target = original_node.targets[0].target if len(original_node.targets) == 1 else None
                if not isinstance(target, (cst.Tuple, cst.List)) or len(target.elements) != len(site.elements):
                    return updated_node
                p = site.pattern
                keep = []
                for i, el in enumerate(target.elements):
                    if i in p.returns:
                        keep.append(el.value)
                    elif not (isinstance(el.value, cst.Name) and el.value.value == "_"):
                        return updated_node
                if not keep:
                    return cst.Expr(updated_node.value) if False else updated_node
                call_text = translator.call_texts.get(id(site.call))
                if call_text is None:
                    return updated_node
                if len(keep) == 1:
                    new_target = keep[0]
                    text = f"{call_text}.numpy()"
                else:
                    new_target = cst.Tuple([cst.Element(k) for k in keep], lpar=[], rpar=[])
                    text = f"(t.numpy() for t in {call_text})"
                return updated_node.with_changes(targets=[cst.AssignTarget(new_target)],
                                                 value=cst.parse_expression(text))

            def leave_Expr(self, original_node, updated_node):
                if original_node.value in a.removed_calls:
                    return cst.RemoveFromParent()
                return updated_node

            def leave_IndentedBlock(self, original_node, updated_node):
                if not updated_node.body:
                    return updated_node.with_changes(body=[cst.SimpleStatementLine([cst.Pass()])])
                return updated_node

        functions_before: dict = {}
        for p in self.patterns.values():
            if p.variables_only:
                continue
            code = self.function_code(p)
            if a.problems:
                return ""
            functions_before.setdefault(p.insert_before, []).append((p, code))
            for site in p.sites:
                self.changes.append((site.line, "eager-run",
                                     f"{self.describe(site)} became a call of {p.name}(...)"))
            if p.params:
                self.changes.append((p.params[0].line, "eager-placeholder",
                                     "placeholder(s) " + ", ".join(f"`{g.name}`" for g in p.params) +
                                     f" became argument(s) of {p.name} (input_signature = their dtype and shape)"))
            if p.tapes:
                t = p.tapes[0]
                what = "minimize()" if t.kind == "train" else "tf.gradients"
                self.changes.append((t.line, "eager-tape", f"{what} became tf.GradientTape in {p.name}"))
        for p in self.patterns.values():
            if p.variables_only:
                for site in p.sites:
                    self.changes.append((site.line, "eager-run", f"{self.describe(site)} became .numpy()"))
        new_body: list = []
        pending_comments: list = []

        after_function = False
        pending_blank = False

        def drop(node, inherited_only=False):
            """Remember the comments (and a blank line) of a statement that disappears."""
            nonlocal pending_comments, pending_blank
            lines = item.leading if inherited_only else node.leading_lines
            pending_comments += [ln for ln in lines if ln.comment is not None]
            if any(ln.comment is None for ln in node.leading_lines):
                pending_blank = True

        def push(stmts, function=False):
            nonlocal pending_comments, after_function, pending_blank
            for i, stmt in enumerate(stmts):
                if i == 0 and not function and (pending_comments or pending_blank):
                    lead = list(stmt.leading_lines)
                    own_blank = bool(lead) and lead[0].comment is None
                    while lead and lead[0].comment is None:
                        lead.pop(0)
                    prefix = [cst.EmptyLine(indent=False)] if (pending_blank or own_blank) and new_body else []
                    stmt = stmt.with_changes(leading_lines=prefix + list(pending_comments) + lead)
                    pending_comments = []
                    pending_blank = False
                if after_function and i == 0:
                    lead = list(stmt.leading_lines)
                    if not lead or lead[0].comment is not None:
                        stmt = stmt.with_changes(leading_lines=[cst.EmptyLine(indent=False)] + lead)
                new_body.append(stmt)
            after_function = function

        for item in a.items:
            for p, code in functions_before.get(item.idx, []):
                stmt = cst.parse_statement(code)
                stmt = stmt.with_changes(leading_lines=[cst.EmptyLine(indent=False)])
                push([stmt], function=True)
            node = item.node
            if item.leading:
                node = node.with_changes(leading_lines=list(item.leading) + list(node.leading_lines))
            if item.idx in a.imports_to_replace:
                stmt = cst.parse_statement(a.imports_to_replace[item.idx] + "\n")
                push([stmt.with_changes(leading_lines=node.leading_lines)])
                continue
            if item.idx in a.imports_to_drop:
                drop(node)
                continue
            if item.gstmts:
                out = []
                for g in item.gstmts:
                    if g.kind == "variable":
                        out.append(node.visit(self.rewriter()))
                        self.changes.append((g.line, "eager-variable", f"variable `{g.name}` created and initialised "
                                                                       "eagerly"))
                    elif g.kind == "optimizer":
                        text = self.optimizer_code(g.name, g.info, g.value)
                        if text:
                            out.append(self.statement_with_comments(text, node.leading_lines))
                    elif g.kind == "train" and "inline_optimizer" in g.info:
                        text = self.optimizer_code(self.inline_optimizer_names[id(g)], g.info["inline_optimizer"],
                                                   g.info["inline_optimizer_node"])
                        if text:
                            out.append(self.statement_with_comments(text, node.leading_lines))
                    elif g.kind in ("placeholder", "session", "init"):
                        pass
                if out:
                    push(out)
                else:
                    drop(node, inherited_only=True)
                continue
            if item.drop:
                drop(node, inherited_only=True)
                continue
            if item.node in self.block_bodies:
                body = item.node.body.with_changes(body=self.block_bodies[item.node])
                push([node.with_changes(body=body)])
                continue
            rewriter = SiteRewriter(a.r, lambda name: name in self.rw_placeholder_names, self.from_names)
            new = node.visit(rewriter)
            if isinstance(new, cst.RemovalSentinel) or new is None or (
                    isinstance(new, cst.SimpleStatementLine) and not new.body):
                drop(node)
                continue
            push([new])
        if self.block is not None:
            return new_body or [cst.SimpleStatementLine([cst.Pass()])]
        module = a.module.with_changes(body=new_body)
        code = module.code
        code = re.sub(r"\n{4,}", "\n\n\n", code)
        return code

    @staticmethod
    def statement_with_comments(text, leading):
        """One statement from `text` whose leading '# ...' lines become its leading_lines."""
        lines = text.rstrip("\n").split("\n")
        comments = [ln for ln in lines if ln.startswith("#")]
        code = "\n".join(ln for ln in lines if not ln.startswith("#")) + "\n"
        stmt = cst.parse_statement(code)
        extra = [cst.EmptyLine(comment=cst.Comment(c)) for c in comments]
        return stmt.with_changes(leading_lines=list(leading) + extra)

    def describe(self, site: Site) -> str:
        return {"run": "Session.run", "eval": ".eval()", "oprun": ".run()"}.get(site.kind, site.kind)
