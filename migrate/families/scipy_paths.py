"""scipy: SciPy's removed import paths and functions in a TF script (tables/scipy_removals.py).

``import scipy.sparse.linalg.eigen.arpack as arpack`` -> ``import scipy.sparse.linalg as
arpack``; ``from scipy.misc import comb`` -> ``from scipy.special import comb``;
``scipy.integrate.simps(y, x, 0.5)`` -> ``scipy.integrate.simpson(y, x, dx=0.5)``;
``sp.exp(x)`` (NumPy re-exported by scipy) -> ``np.exp(x)``. Names are resolved through
the file's imports (``import scipy as sp``, ``from scipy import signal``...); an import
the new name needs (``import numpy``, ``import scipy``) is added after the file's imports.
A row without replacement, or a call passing an argument whose meaning changed, keeps the
old name and the report says why.
"""
from __future__ import annotations

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from migrate.findings import CHANGE, WARNING, Finding
from migrate.node_helpers import attr_chain, dotted
from migrate.tables.scipy_removals import BY_OLD, MODULES, PRIVATE, Row

RULE = "scipy"


def modernize(source: str) -> tuple[str, list[Finding]]:
    if "scipy" not in source:
        return source, []
    module = cst.parse_module(source)
    bindings = _bindings(module)
    if not any(path == "scipy" or path.startswith("scipy.") for path in bindings.values()):
        return source, []
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    calls = _CallCheck(bindings)
    wrapper.visit(calls)
    rewriter = _Rewrite(bindings, calls.refused)
    new = wrapper.visit(rewriter)
    findings = rewriter.findings + calls.findings
    if not rewriter.changed:
        return source, sorted(findings, key=lambda f: (f.line or 0, f.column or 0))
    new = _add_imports(new, rewriter.needs)
    return new.code, sorted(findings, key=lambda f: (f.line or 0, f.column or 0))


def _bindings(module: cst.Module) -> dict[str, str]:
    """Local name -> the dotted module or object path its import binds."""
    found: dict[str, str] = {}

    class Imports(cst.CSTVisitor):
        def visit_Import(self, node):
            for alias in node.names:
                name = dotted(alias.name)
                if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                    found[alias.asname.name.value] = name
                else:
                    root = name.split(".")[0]
                    found.setdefault(root, root)

        def visit_ImportFrom(self, node):
            if node.relative or isinstance(node.names, cst.ImportStar) or node.module is None:
                return
            base = dotted(node.module)
            for alias in node.names:
                local = alias.asname.name.value if alias.asname is not None else alias.name.value
                found[local] = f"{base}.{alias.name.value}"

    module.visit(Imports())
    if not any(path == "scipy" or path.startswith("scipy.") for path in found.values()):
        return {}
    rebound = _rebound(module)
    return {name: path for name, path in found.items() if name not in rebound}


def _rebound(module: cst.Module) -> set:
    """Names the module also binds otherwise than by an import (a parameter, an assignment...):
    their imports are not followed (a conservative reading: ``def f(scipy): scipy.exp``)."""
    from libcst.metadata import ScopeProvider

    scopes = MetadataWrapper(module, unsafe_skip_copy=True).resolve(ScopeProvider).values()
    names = set()
    for scope in {s for s in scopes if s is not None}:
        for assignment in scope.assignments:
            node = getattr(assignment, "node", None)
            if not isinstance(node, (cst.Import, cst.ImportFrom)):
                names.add(assignment.name)
    return names


def module_row(path: str) -> Row | None:
    """The row of ``path``'s longest removed-module prefix."""
    parts = path.split(".")
    for end in range(len(parts), 1, -1):
        prefix = ".".join(parts[:end])
        if prefix in MODULES:
            return BY_OLD[prefix]
    return None


def _renamed_module(path: str) -> str:
    """``path`` with its longest removed-module prefix replaced (itself when none)."""
    row = module_row(path)
    return path if row is None else row.new + path[len(row.old):]


def row_for(path: str) -> Row | None:
    """The row for a full dotted path: its own, its removed module's, or its own after its
    module's renaming (``scipy.ndimage.filters.x``: None, the module row covers it)."""
    if path in BY_OLD:
        return BY_OLD[path]
    renamed = _renamed_module(path)
    if renamed != path and renamed in BY_OLD:
        return BY_OLD[renamed]
    return None


def _full(node, bindings) -> str | None:
    name = dotted(node)
    if name is None:
        return None
    root, _, rest = name.partition(".")
    if root not in bindings:
        return None
    return f"{bindings[root]}.{rest}" if rest else bindings[root]


class _CallCheck(cst.CSTVisitor):
    """Calls of rows whose arguments matter: refused rows (old path set) and the warnings."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, bindings):
        self.bindings = bindings
        self.refused: set[str] = set()
        self.refusals: list[Finding] = []
        self.warnings: list[tuple[str, Finding]] = []

    @property
    def findings(self) -> list[Finding]:
        """The refusals, and the warnings of the rows rewritten (not refused elsewhere in the file)."""
        return self.refusals + [f for old, f in self.warnings if old not in self.refused]

    def visit_Call(self, node):
        path = _full(node.func, self.bindings)
        row = row_for(path) if path else None
        if row is None or not row.new or not (row.keywords or row.refused_keywords or row.warning):
            return
        where = self.get_metadata(PositionProvider, node).start
        positional = [a for a in node.args if a.keyword is None and not a.star]
        keywords = {a.keyword.value for a in node.args if a.keyword is not None}
        bad = sorted(keywords & set(row.refused_keywords))
        if (row.keywords or row.refused_keywords) and len(positional) > 1 + len(row.keywords):
            bad.append(f"positional argument {len(positional)}")
        if bad:
            self.refused.add(row.old)
            self.refusals.append(Finding(where.line, where.column, RULE,
                                         f"{row.old} is gone ({_when(row)}), left as is: the call "
                                         f"passes {', '.join(bad)}; {row.reason}", WARNING))
        elif row.warning:
            self.warnings.append((row.old, Finding(where.line, where.column, RULE,
                                                   f"{row.old} -> {row.new}: {row.warning}", WARNING)))


class _Rewrite(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, bindings, refused):
        self.bindings = bindings
        self.refused = refused
        self.findings: list[Finding] = []
        self.needs: set[str] = set()  # imports to add ("numpy", "scipy")
        self.changed = False
        self.warned: set = set()

    # helpers
    def _note(self, node, row: Row, new: str | None = None):
        where = self.get_metadata(PositionProvider, node).start
        if row.new and row.old not in self.refused:
            self.findings.append(Finding(where.line, where.column, RULE,
                                         f"{row.old} -> {new or row.new} ({_when(row)})", CHANGE))
        elif (row.old, where.line) not in self.warned and not row.new:
            self.warned.add((row.old, where.line))
            self.findings.append(Finding(where.line, where.column, RULE,
                                         f"{row.old} is gone ({_when(row)}), left as is: {row.reason}",
                                         WARNING))

    def _usable(self, row: Row | None) -> bool:
        return row is not None and bool(row.new) and row.old not in self.refused

    def _expression(self, path: str, root_local: str) -> cst.BaseExpression:
        """An expression for ``path`` from the file's names (an import is added if none fits):
        the chain's own root when it reaches it, else the local bound to its longest prefix."""
        own = self.bindings.get(root_local)
        if own is not None and (path == own or path.startswith(own + ".")):
            return attr_chain(root_local + path[len(own):])
        best = None
        for local, bound in self.bindings.items():
            if path != bound and not path.startswith(bound + "."):
                continue
            if best is None or len(bound) > len(self.bindings[best]):
                best = local
        if best is None:
            self.needs.add(path.split(".")[0])
            return attr_chain(path)
        return attr_chain(best + path[len(self.bindings[best]):])

    # names and attribute chains
    def leave_Attribute(self, original, updated):
        path = _full(original, self.bindings)
        if path is None or (path not in BY_OLD):
            return updated
        row = BY_OLD[path]
        self._note(original, row)
        if not self._usable(row):
            return updated
        self.changed = True
        return self._expression(row.new, dotted(original).split(".")[0])

    def leave_Call(self, original, updated):
        path = _full(original.func, self.bindings)
        row = row_for(path) if path else None
        if not self._usable(row) or not any(row.keywords):
            return updated
        args, index = [], 0
        for arg in updated.args:
            if arg.keyword is None and not arg.star:
                if index >= 1 and row.keywords[index - 1]:
                    arg = arg.with_changes(keyword=cst.Name(row.keywords[index - 1]),
                                           equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace("")))
                    self.changed = True
                index += 1
            args.append(arg)
        return updated.with_changes(args=args)

    # imports (their dotted names are not attribute chains to resolve)
    def visit_Import(self, node):
        return False

    def visit_ImportFrom(self, node):
        return False

    def leave_Import(self, original, updated):
        names = []
        for alias in updated.names:
            name = dotted(alias.name)
            renamed = _renamed_module(name)
            if renamed != name:
                self._note(original, module_row(name), renamed)
                alias = alias.with_changes(name=attr_chain(renamed))
                self.changed = True
            names.append(alias)
        return updated.with_changes(names=names)

    def leave_SimpleStatementLine(self, original, updated):
        if len(updated.body) != 1 or not isinstance(updated.body[0], cst.ImportFrom):
            return updated
        node = updated.body[0]
        if node.relative or isinstance(node.names, cst.ImportStar) or node.module is None:
            return updated
        base = dotted(node.module)
        if not (base == "scipy" or base.startswith("scipy.")):
            return updated
        renamed_base = _renamed_module(base)
        kept, moved, in_place = [], {}, []
        for alias in node.names:
            name = alias.name.value
            local = alias.asname.name.value if alias.asname is not None else name
            full = f"{renamed_base}.{name}"
            row = BY_OLD.get(full) or BY_OLD.get(f"{base}.{name}")
            target = None
            if full in MODULES:
                target = BY_OLD[full].new
            elif row is not None:
                self._note(original, row)
                if self._usable(row):
                    target = row.new
            if target is None:
                kept.append(alias.with_changes(comma=cst.MaybeSentinel.DEFAULT))
                in_place.append(alias)
                continue
            if full in MODULES:
                self._note(original, BY_OLD[full])
            parent, _, last = target.rpartition(".")
            moved.setdefault(parent, []).append(
                cst.ImportAlias(cst.Name(last), asname=None if last == local else cst.AsName(cst.Name(local))))
            in_place.append(alias.with_changes(name=cst.Name(last), asname=None if last == local else (
                alias.asname or cst.AsName(cst.Name(local)))))
        if renamed_base != base:
            self._note(original, module_row(base), renamed_base)
        if not moved and renamed_base == base:
            return updated
        self.changed = True
        targets = set(moved) | ({renamed_base} if kept else set())
        if len(targets) == 1:  # one statement still: edited in place (parentheses, comments stay)
            return updated.with_changes(body=[node.with_changes(module=attr_chain(targets.pop()), names=in_place)])
        lines = []
        if kept:
            lines.append(updated.with_changes(body=[node.with_changes(
                module=attr_chain(renamed_base), names=_commas(kept), lpar=None,
                rpar=None)]))
        for parent, aliases in moved.items():
            statement = cst.ImportFrom(module=attr_chain(parent), names=_commas(aliases))
            lines.append(updated.with_changes(body=[statement], leading_lines=[] if lines else updated.leading_lines))
        return cst.FlattenSentinel(lines)


def _when(row: Row) -> str:
    if row.removed == PRIVATE:
        return "a private path, deprecated in SciPy 1.8 and removed in 2.0"
    return f"removed in SciPy {row.removed}"


def _commas(aliases):
    return [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in aliases]


def _add_imports(module: cst.Module, needs: set) -> cst.Module:
    if not needs:
        return module
    body = list(module.body)
    at = 0  # after the file's leading imports (its docstring first), before any other code
    for index, statement in enumerate(body):
        small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and statement.body else None
        if isinstance(small, (cst.Import, cst.ImportFrom)):
            at = index + 1
        elif not (index == 0 and isinstance(small, cst.Expr) and isinstance(small.value, cst.SimpleString)):
            break
    added = [cst.parse_statement(f"import {name}\n") for name in sorted(needs)]
    return module.with_changes(body=body[:at] + added + body[at:])
