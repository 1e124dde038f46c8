"""The rewriting engine: TF 0.x/1.x source in, TF 2 source out.

``migrate_source(source)`` is pure.  A file without the substring "tensorflow" is
returned as it is without parsing.  Otherwise it is parsed once with libcst; the import
bindings are collected by a cheap statement-level pass (migrate/imports.py), and one
transformer walks the tree, resolving each Attribute chain / call / import on a
TensorFlow alias and dispatching to the fixers (migrate/fixers/).  Positions for the
findings are computed only when there are findings.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import libcst as cst

from migrate import fixers
from migrate.codegen import module_code
from migrate.findings import CHANGE, WARNING, Finding, locate
from migrate.fixers import CallState, NameState, attr_chain, display
from migrate.fixers.graph_mode import disables_eager, enables_eager, graph_reason
from migrate.tables.hand import PRIVATE_NAMES
from migrate.runtime import RUNTIME_PACKAGE
from migrate.families import rules_off
from migrate.rule_codes import code_of
from migrate.skip_comments import RULE as SKIP_RULE, is_skip_comment, keep_lines, skip_lines, skips_file
from migrate.imports import (
    ImportInfo, Resolver, Scan, ScopeResolver, chain, collect, node_fields, scan,
)


@dataclass
class Outcome:
    code: str  # the new source (== input when nothing changed)
    findings: list[Finding] = field(default_factory=list)
    changed: bool = False
    # the libcst module ``code`` was printed from (None when the code is the input's text):
    # what reads the result (the requirements line) need not parse it again
    tree: cst.Module | None = field(default=None, repr=False, compare=False)


def migrate_source(source: str) -> Outcome:
    """Rewrite one Python source. Pure; raises libcst.ParserSyntaxError on invalid syntax.

    The rule families (migrate/families) other than tf run around the TensorFlow pass:
    py2 before it (a Python 2 file must parse first), scipy, numpy and matplotlib after it.
    """
    if "tensorflow" not in source:
        return Outcome(source, [], False)
    from migrate.families import enabled

    if skips_file(source):
        return Outcome(source, [], False)
    chosen = enabled()
    original = source
    source, module, found = _parse(source, "py2" in chosen)
    skipped = skip_lines(source)
    # scipy, numpy and matplotlib before the TensorFlow pass: their lines are the file's lines
    edited = source
    if "scipy" in chosen:  # before numpy: the NumPy names it writes are then checked too
        from migrate.families import scipy_paths

        edited, found = _line_edits(scipy_paths.modernize, edited, skipped, found)
    if "numpy" in chosen:
        from migrate.families import numpy2

        tree = module if edited == source else None  # read, not parsed again, when it holds
        edited, found = _line_edits(lambda text: numpy2.modernize(text, tree), edited,
                                    skipped, found)
    if "matplotlib" in chosen:
        from migrate.families import matplotlib_values

        edited, found = _line_edits(matplotlib_values.modernize, edited, skipped, found)
    if edited != source:
        source, module = edited, cst.parse_module(edited)
    outcome = _migrate_tf(source, module) if "tf" in chosen else Outcome(source, [], False)
    if not found and original == source:
        return outcome
    findings = sorted(found + outcome.findings, key=lambda f: (f.line or 0, f.column or 0))
    return Outcome(outcome.code, findings, outcome.code != original, outcome.tree)


def _line_edits(modernize, source: str, skipped: set[int], found: list):
    """A rule family's line edits, undone on the lines marked ``# migrate: skip``."""
    new, more = modernize(source)
    kept = keep_lines(source, new, skipped)
    if kept is None:  # the edit moved lines: the marked ones cannot be told apart
        return source, found + [Finding(min(skipped), 0, SKIP_RULE, "a '# migrate: skip' "
                                        "line: this rule family's edits were not made", WARNING)]
    return kept, found + [f for f in more if f.line not in skipped or f.severity != CHANGE]


def _parse(source: str, py2_on: bool):
    """(source, module, findings): Python 2 code is first turned into Python 3 by fissix
    (migrate/families/py2.py) when the py2 family is on; a file that still does not parse
    raises the original error."""
    try:
        module = cst.parse_module(source)
    except cst.ParserSyntaxError:
        if not py2_on:
            raise
        from migrate.families import py2

        new, found = py2.modernize(source, syntax=True)
        if new == source:
            raise
        try:
            return new, cst.parse_module(new), found
        except cst.ParserSyntaxError:
            pass
        raise
    found: list = []
    if py2_on:
        from migrate.families import py2, py2_print

        if py2.has_idioms(source):
            new, found = py2.modernize(source, syntax=False)
            if new != source:
                source, module = new, cst.parse_module(new)
        source, module, more = py2_print.modernize(source, module)
        found = found + more
    return source, module, found


def _split_after_import(body: list, index: int) -> list:
    """``body`` with the line at ``index`` split after its last TensorFlow import, when
    more statements follow it on that line (``import tensorflow as tf; x = tf.ones(2)``):
    what is inserted after the imports must come before ``x = ...``, not after the line."""
    line = body[index] if 0 <= index < len(body) else None
    if not isinstance(line, cst.SimpleStatementLine) or len(line.body) < 2:
        return body
    empty = cst.Module(body=[])
    imports = [number for number, small in enumerate(line.body)
               if isinstance(small, (cst.Import, cst.ImportFrom))
               and "tensorflow" in empty.code_for_node(small)]
    if not imports or imports[-1] == len(line.body) - 1:
        return body
    last = imports[-1]
    head = line.with_changes(
        body=[*line.body[:last], line.body[last].with_changes(semicolon=cst.MaybeSentinel.DEFAULT)],
        trailing_whitespace=cst.TrailingWhitespace())
    tail = cst.SimpleStatementLine(body=line.body[last + 1:],
                                   trailing_whitespace=line.trailing_whitespace)
    return body[:index] + [head, tail] + body[index + 1:]


def _migrate_tf(source: str, module: cst.Module) -> Outcome:
    info = collect(module)
    if not info.bindings and not info.star:
        return Outcome(source, [], False)  # "tensorflow" only in strings or comments
    found = scan(module, info.aliases())
    if info.ambiguous():
        ctx, new = _rewrite(module, source, info, ScopeResolver(info, module), found)
    else:
        ctx, new = _rewrite(module, source, info, Resolver(info), found)
        if found.rebound and ctx.rebound_alias_decided():
            # an alias is rebound somewhere (a parameter, an assignment...) and one of its
            # uses changed something: decide per use, with libcst's scope analysis. Where
            # the rebound alias decided nothing, that analysis (3-5x the cost of parsing)
            # could not change the result, since it only ever treats fewer uses as TF.
            ctx, new = _rewrite(module, source, info, ScopeResolver(info, module), found)
    resolver = ctx.resolver
    for name in sorted(getattr(resolver, "mixed", ())):
        ctx.warn(module, "needs-attention",
                 f"`{name}` is TensorFlow on some paths only (rebound); its uses were left as is")
    return ctx.outcome(new)


def _rewrite(module, source, info, resolver, found):
    ctx = Context(module, source, info, resolver, found)
    return ctx, (Rewriter(ctx).run(module) if found.hot else module)


def _base_name(node) -> str | None:
    if isinstance(node, cst.Call):
        node = node.func
    while isinstance(node, cst.Attribute):
        node = node.value
    return node.value if isinstance(node, cst.Name) else None


class Context:
    """What the fixers see: the resolver, the findings, imports and statements to add."""

    def __init__(self, module: cst.Module, source: str, info: ImportInfo, resolver: Resolver,
                 found: Scan):
        self.module = module
        self.scan = found
        self.source = source
        self.info = info
        self.resolver = resolver
        self._findings: list[tuple[cst.CSTNode, str, str, str]] = []
        self._seen: set[tuple[int, str, str]] = set()
        self.graph_uses: list[cst.CSTNode] = []  # what needs TF 1 graph mode, in order found
        self.graph_why: dict[int, str] = {}  # id(node) -> "tf.gradients() refuses eager execution"
        self._about: dict[tuple, cst.CSTNode] = {}  # finding -> node whose line its message names
        self.keras_uses: list[cst.CSTNode] = []
        self.disables_eager = False
        self.enables_eager = False  # the file calls enable_eager_execution (TF 1.5-1.7)
        self.rebound: set[str] = found.rebound
        self.scope_would_decide = False  # set where a cheap resolution touched a rebound alias
        self._new_imports: dict[str, cst.SimpleStatementLine] = {}
        self._new_statements: list[cst.SimpleStatementLine] = []
        self._tf_local: str | None = None
        self.replaced: dict[int, object] = {}
        self._anchor: int | None = None
        self.skipped: dict[int, str] = {}  # id of a statement left as written -> why
        self.rules_off = rules_off()  # rules left out by --select/--ignore
        self._off_in: dict[int, set[str]] = {}  # id of a simple statement -> its rules left out

    # ------------------------------------------------------------------ findings
    def _add(self, node, rule, message, severity):
        key = (id(node), rule, message)
        if key in self._seen:
            return
        self._seen.add(key)
        if rule in self.rules_off:
            if severity == WARNING:
                return  # a warning of a rule left out is not shown
            statement = self.scan.statement.get(id(node))
            if statement is not None:
                self._off_in.setdefault(id(statement[0]), set()).add(rule)
        self._findings.append((node, rule, message, severity))

    def change(self, node: cst.CSTNode, rule: str, message: str, about: cst.CSTNode | None = None) -> None:
        """Record a change; with ``about``, "{line}" in the message becomes that node's line."""
        self._add(node, rule, message, CHANGE)
        if about is not None:
            self._about[(id(node), rule, message)] = about

    def needs_graph(self, node: cst.CSTNode, why: str) -> None:
        """A use that needs TF 1 graph mode, and why (named in the graph-mode change)."""
        self.graph_uses.append(node)
        self.graph_why.setdefault(id(node), why)

    def leave_as_written(self, statement: cst.SimpleStatementLine) -> str | None:
        """Why ``statement`` (changed by the fixers) must stay as written, or None: a
        ``# migrate: skip`` comment, or a change of a rule left out by --select/--ignore."""
        comment = statement.trailing_whitespace.comment
        if comment is not None and is_skip_comment(comment.value):
            return "left as written (# migrate: skip)"
        off = self._off_in.get(id(statement))
        if off:
            named = ", ".join(f"{code_of(rule)} {rule}" for rule in sorted(off))
            return f"left as written: {named} left out (--select/--ignore)"
        return None

    def _skipped_reason(self, node) -> str | None:
        if not self.skipped:
            return None
        statement = self.scan.statement.get(id(node))
        return None if statement is None else self.skipped.get(id(statement[0]))

    def warn(self, node: cst.CSTNode, rule: str, message: str) -> None:
        self._add(node, rule, message, WARNING)

    def rebound_alias_decided(self) -> bool:
        """Did a use of a rebound alias produce a finding, a graph/Keras use, or a choice?"""
        if self.scope_would_decide or (self.disables_eager and self.rebound):
            return True
        nodes = [node for node, _, _, _ in self._findings] + self.graph_uses + self.keras_uses
        return any(_base_name(node) in self.rebound for node in nodes)

    # ------------------------------------------------------------------ names
    def fix_name(self, node: cst.CSTNode, full: str, called: bool, record: bool = True) -> NameState | None:
        """Run the name fixers on a full dotted TF name; records findings and graph uses."""
        if not full.startswith("tensorflow."):
            return None
        rel = full[len("tensorflow."):]
        if rel.startswith("compat."):
            if not rel.startswith("compat.v1.") or rel == "compat.v1":
                return None
            space, rel = "v1", rel[len("compat.v1."):]
        elif rel.startswith("python."):
            why = graph_reason("private", rel)
            if why is not None:
                self.needs_graph(node, f"tensorflow.{rel}{'()' if called else ''} {why}")
            if not any(rel == p or rel.startswith(p + ".") for p in PRIVATE_NAMES):
                return None
            space = "private"  # only fixers/private_names.py acts on these
        else:
            space = "v2"
        if any(part.startswith("_") for part in rel.split(".")):
            return None
        state = NameState(node=node, space=space, written=rel, canonical=rel, called=called)
        for _, fixer in fixers.NAME_FIXERS:
            if state.done:
                break
            fixer(state, self)
        canonical = state.canonical
        why = graph_reason(space, canonical) if space != "private" else None
        target = state.new_full() or ""
        if why is None and target.startswith("tensorflow."):
            # decided by where the name goes, as a second run of migrate will see it
            rel_target = target[len("tensorflow."):]
            v1 = rel_target.startswith("compat.v1.")
            why = graph_reason("v1" if v1 else "v2", rel_target[len("compat.v1."):] if v1 else rel_target)
        if why is not None:
            self.needs_graph(node, f"{display(space, state.written)}{'()' if called else ''} {why}")
        if called and disables_eager(space, canonical):
            self.disables_eager = True
        if called and enables_eager(space, state.written):
            self.enables_eager = True
        if space == "v2" and (canonical == "keras" or canonical.startswith("keras.")):
            self.keras_uses.append(node)
        if record:
            self.report(state)
        return state

    def report(self, state: NameState, changes: bool = True) -> None:
        if changes and not state.defer and not state.keep:
            for rule, message in state.notes:
                self.change(state.node, rule, message)
        for rule, message in state.warnings:
            self.warn(state.node, rule, message)

    # ------------------------------------------------------------------ building code
    def expr_for(self, full: str, state: NameState | None, top_level: bool = False) -> cst.BaseExpression:
        """An expression for a full dotted target, using the file's own aliases."""
        if full.startswith("@"):
            return self._outside(full[1:])
        prefer = None
        if state is not None and isinstance(state.node, (cst.Attribute, cst.Name)):
            base, _ = chain(state.node)
            if base is not None:
                target = self.resolver.base(base)
                if target is not None:
                    prefer = (base.value, target)
        if prefer is not None and (full == prefer[1] or full.startswith(prefer[1] + ".")):
            return attr_chain(prefer[0] + full[len(prefer[1]):])
        best = None
        for local, bindings in self.info.bindings.items():
            if local in self.rebound or local not in self.resolver.map:
                # rebound in a function (a parameter `tf`): still fine at module level
                if top_level and local in self.rebound and not isinstance(self.resolver, ScopeResolver):
                    self.scope_would_decide = True
                usable = top_level and isinstance(self.resolver, ScopeResolver) and \
                    self.resolver.module_level(local) is not None
                if not usable:
                    continue
            for binding in bindings:
                if top_level and (not binding.top_level or binding.top_index > self.anchor_index()):
                    continue
                target = binding.target
                if full == target or full.startswith(target + "."):
                    # prefer the plain `tensorflow` alias (T.compat.v1.X), then the longest
                    rank = (target == "tensorflow", len(target))
                    if best is None or rank > best[0]:
                        best = (rank, local, target)
        if best is not None:
            _, local, target = best
            return attr_chain(local + full[len(target):])
        local = self._import_tensorflow()
        return attr_chain(local + full[len("tensorflow"):])

    def _import_tensorflow(self) -> str:
        if self._tf_local is None:
            for candidate in ("tf", "tf2", "_tf"):
                if not re.search(r"\b%s\b" % candidate, self.source):
                    break
            self._tf_local = candidate
            stmt = cst.Import(names=[cst.ImportAlias(
                name=cst.Name("tensorflow"), asname=cst.AsName(name=cst.Name(candidate)))])
            self._new_imports["tensorflow"] = cst.SimpleStatementLine(body=[stmt])
        return self._tf_local

    def _outside(self, path: str) -> cst.BaseExpression:
        """tf_revive_runtime.v1_layers.dense -> `v1_layers.dense` + from tf_revive_runtime import v1_layers."""
        parts = path.split(".")
        if parts[0] == RUNTIME_PACKAGE:
            module, rest = parts[:2], parts[2:]
            stmt = cst.ImportFrom(module=cst.Name(RUNTIME_PACKAGE),
                                  names=[cst.ImportAlias(name=cst.Name(module[1]))])
        else:
            module, rest = parts[:1], parts[1:]
            stmt = cst.Import(names=[cst.ImportAlias(name=cst.Name(module[0]))])
        key = ".".join(module)
        if key not in self._new_imports:
            self._new_imports[key] = cst.SimpleStatementLine(body=[stmt])
        return attr_chain(".".join([module[-1], *rest]))

    def insert_after_imports(self, statement: cst.SimpleStatementLine) -> None:
        self._new_statements.append(statement)

    def anchor_index(self) -> int:
        """Index of the top-level statement after which new statements go (-1: none).

        The last top-level TensorFlow import before the first top-level statement that
        uses TensorFlow: a script may import more of TensorFlow further down (after its
        first part ran), and graph mode must be on before that first part.
        """
        if self._anchor is None:
            imports = self.info.tf_top_indices
            hot = self.scan.hot
            first_use = next((i for i, stmt in enumerate(self.module.body)
                              if id(stmt) in hot and i not in imports), len(self.module.body))
            before = [i for i in imports if i < first_use]
            self._anchor = before[-1] if before else (imports[0] if imports else -1)
        return self._anchor

    def insert_anchor(self) -> cst.CSTNode | None:
        index = self.anchor_index()
        return self.module.body[index] if index >= 0 else None

    # ------------------------------------------------------------------ the end
    def finish(self, module: cst.Module) -> cst.Module:
        for _, fixer in fixers.MODULE_FIXERS:
            module = fixer(module, self) or module
        additions = list(self._new_imports.values()) + self._new_statements
        if not additions:
            return module
        body = list(module.body)
        anchor = self.anchor_index()
        if anchor >= 0:
            # after the anchor import; statements before it may have been split
            at = 0
            for stmt in self.module.body[: anchor + 1]:
                new = self.replaced.get(id(stmt), stmt)
                at += len(new.nodes) if isinstance(new, cst.FlattenSentinel) else 1
            body = _split_after_import(body, at - 1)
        else:
            at = _after_header(body)
        return module.with_changes(body=body[:at] + additions + body[at:])

    def outcome(self, new_module: cst.Module) -> Outcome:
        new_module = self.finish(new_module)
        code = module_code(new_module) if new_module is not self.module else self.source
        if code is not self.source and self.source.endswith("\r"):
            # libcst drops a final lone CR (old Mac line endings), also after blank lines
            lost = (len(self.source) - len(self.source.rstrip("\r"))) - (len(code) - len(code.rstrip("\r")))
            code += "\r" * max(0, lost)
        findings = []
        if self._findings:
            requests = []
            statements = self.scan.statement
            top = {id(stmt): stmt for stmt in self.module.body}
            about = list(self._about.values())
            for node in [node for node, _, _, _ in self._findings] + about:
                if node is self.module:
                    requests.append((node, None, ""))
                elif id(node) in statements:
                    stmt, indent = statements[id(node)]
                    requests.append((node, stmt, indent))
                elif id(node) in top:
                    requests.append((node, node, ""))
                else:  # not expected: let the slow path find it
                    requests.append((node, self.module, ""))
            positions = locate(self.module, self.source, requests, self.scan.by_statement,
                               self.info.aliases())
            skipped_at: dict[int, str] = {}
            blocked = []
            for node, rule, message, severity in self._findings:
                reason = self._skipped_reason(node) if severity == CHANGE else None
                if reason:
                    skipped_at[positions.get(id(node), (1, 0))[0]] = reason
                    continue
                if severity == CHANGE and rule in self.rules_off:
                    blocked.append((*positions.get(id(node), (1, 0)), rule))
                    continue
                line, column = positions.get(id(node), (1, 0))
                named = self._about.get((id(node), rule, message))
                if named is not None:
                    message = message.replace("{line}", str(positions.get(id(named), (1, 0))[0]))
                findings.append(Finding(line, column, rule, message, severity))
            for line, reason in sorted(skipped_at.items()):
                findings.append(Finding(line, 0, SKIP_RULE, reason, WARNING))
            findings.sort(key=lambda f: (f.line, f.column))
            if blocked:  # a change left out that no statement holds alone: keep the file
                line, column, rule = blocked[0]
                kept = [f for f in findings if f.severity == WARNING]
                return Outcome(self.source, kept + [Finding(
                    line, column, SKIP_RULE, f"file left as written: {code_of(rule)} {rule} is "
                    "left out (--select/--ignore) and its change here is not one statement's",
                    WARNING)], False)
        return Outcome(code, findings, code != self.source,
                       new_module if code is not self.source else None)


def _after_header(body) -> int:
    """Index after the module docstring and __future__ imports."""
    at = 0
    for i, stmt in enumerate(body):
        if not isinstance(stmt, cst.SimpleStatementLine):
            break
        small = stmt.body[0]
        if i == 0 and isinstance(small, cst.Expr) and isinstance(small.value, (cst.SimpleString, cst.ConcatenatedString)):
            at = 1
            continue
        if isinstance(small, cst.ImportFrom) and small.module is not None and \
                isinstance(small.module, cst.Name) and small.module.value == "__future__":
            at = i + 1
            continue
        break
    return at


class Rewriter:
    """Rebuilds only the hot paths of the scan, children first; calls the fixers on the
    interesting nodes with (original, updated) like a libcst transformer would."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.resolver = ctx.resolver
        self.hot = ctx.scan.hot
        self.interesting = ctx.scan.interesting
        self.called = ctx.scan.called
        self.aliases = ctx.info.aliases()
        self.states: dict[int, NameState] = {}

    def run(self, module: cst.Module) -> cst.Module:
        replaced: dict[int, object] = {}
        interesting = self.interesting
        for node in self.ctx.scan.post_order:
            updated = node
            if replaced:
                changes = {}
                for name in node_fields(type(node)):
                    value = getattr(node, name)
                    vtype = type(value)
                    if vtype is tuple or vtype is list:
                        if any(id(item) in replaced for item in value):
                            items = []
                            for item in value:
                                new = replaced.get(id(item), item)
                                if isinstance(new, cst.FlattenSentinel):
                                    items.extend(new.nodes)
                                elif not isinstance(new, cst.RemovalSentinel):
                                    items.append(new)
                            changes[name] = vtype(items)
                    elif id(value) in replaced:
                        changes[name] = replaced[id(value)]
                if changes:
                    updated = node.with_changes(**changes)
                    if type(node) is cst.SimpleStatementLine and len(updated.body) > len(node.body) == 1:
                        # one import became several: one line each
                        first, *rest = updated.body
                        updated = cst.FlattenSentinel(
                            [updated.with_changes(body=[first])]
                            + [cst.SimpleStatementLine(body=[small]) for small in rest])
            if id(node) in interesting:
                updated = _LEAVE[type(node)](self, node, updated)
            if updated is not node and type(node) is cst.SimpleStatementLine:
                reason = self.ctx.leave_as_written(node)
                if reason:
                    self.ctx.skipped[id(node)] = reason
                    updated = node
            if updated is not node:
                replaced[id(node)] = updated
        self.ctx.replaced = replaced
        return replaced.get(id(module), module)

    # ---------------------------------------------------------------- imports
    def _fix_import(self, original, updated):
        for _, fixer in fixers.IMPORT_FIXERS:
            result = fixer(original, self.ctx)
            if result is not None:
                return result
        return updated

    def leave_Import(self, original, updated):
        return self._fix_import(original, updated)

    def leave_ImportFrom(self, original, updated):
        return self._fix_import(original, updated)

    # ---------------------------------------------------------------- names
    def leave_Attribute(self, original, updated):
        full = self.resolver.qualify(original)
        if full is None:
            return updated
        state = self.ctx.fix_name(original, full, called=id(original) in self.called, record=False)
        if state is None:
            return updated
        self.states[id(original)] = state
        if state.keep or state.defer:
            self.ctx.report(state)
            return updated
        new_full = state.new_full()
        if new_full is None or self._import_covers(original, state):
            self.ctx.report(state, changes=False)
            return updated
        self.ctx.report(state)
        return self._rebuild(original, updated, full, new_full, state)

    def _import_covers(self, original, state) -> bool:
        """True when the change lies within what the chain's base alias stands for
        (``input_data.read_data_sets`` after ``from tensorflow.examples... import
        input_data``): the import is rewritten, the chain stays as it is."""
        base, _ = chain(original)
        alias = self.resolver.base(base)
        covered = len(alias.split(".")) - (3 if state.space == "v1" else 1)
        if covered <= 0:
            return False
        if state.target is not None:
            return state.consumed <= covered
        written, canonical = state.written.split("."), state.canonical.split(".")
        first = next((i for i, (a, b) in enumerate(zip(written, canonical)) if a != b), 0)
        return first < covered

    def _rebuild(self, original, updated, full, new_full, state):
        """Replace the part of the chain that changed, keeping the trailing attributes."""
        base, attrs = chain(original)
        old = full.split(".")
        new = new_full.lstrip("@").split(".")
        keep = 0
        # a shim's path keeps at least tf_revive_runtime.MODULE (tf.contrib.slim -> slim)
        floor = 2 if new_full.startswith(f"@{RUNTIME_PACKAGE}.") else 1
        while (keep < len(attrs) and keep < len(new) - floor and keep < len(old) - 1
               and old[-1 - keep] == new[-1 - keep]):
            keep += 1
        prefix = new_full[: len(new_full) - sum(len(p) + 1 for p in new[len(new) - keep:])] \
            if keep else new_full
        replacement = self.ctx.expr_for(prefix, state)
        return _replace_at_depth(updated, keep, replacement)

    # ---------------------------------------------------------------- calls
    def leave_Call(self, original, updated):
        func = original.func
        if isinstance(func, cst.Attribute):
            state = self.states.get(id(func))
        elif isinstance(func, cst.Name):
            full = self.resolver.qualify(func)
            # from-imported names: the import was fixed (and reported); arguments matter here
            state = self.ctx.fix_name(func, full, called=True, record=False) if full else None
            if state is not None and state.defer:
                state.notes = []
            elif state is not None:
                state.target = None
        else:
            return updated
        if state is None or state.keep:
            return updated
        call_state = CallState(
            name=state, space=state.space, written=state.written, canonical=state.canonical,
            target=state.new_full() if not state.defer else state.target, original=original)
        call = updated
        for _, fixer in fixers.CALL_FIXERS:
            result = fixer(call, call_state, self.ctx)
            if result is not None:
                call = result
        return call


# the Rewriter's hook per kind of interesting node (functions, not bound methods: a
# Rewriter holding its own bound methods would be a cycle, its tree freed only by the
# garbage collector)
_LEAVE = {
    cst.Attribute: Rewriter.leave_Attribute, cst.Call: Rewriter.leave_Call,
    cst.Import: Rewriter.leave_Import, cst.ImportFrom: Rewriter.leave_ImportFrom,
}


def _replace_at_depth(node, depth, replacement):
    if depth == 0:
        if isinstance(node, (cst.Attribute, cst.Name)) and (node.lpar or node.rpar):
            replacement = replacement.with_changes(lpar=node.lpar, rpar=node.rpar)
        return replacement
    return node.with_changes(value=_replace_at_depth(node.value, depth - 1, replacement))
