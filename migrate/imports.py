"""Which names of a file are TensorFlow, and what they stand for.

A cheap statement-level pass collects the import bindings (at any depth: imports inside
functions, ``if``/``try`` blocks count).  ``Resolver`` maps an expression (a ``Name`` or an
``Attribute`` chain on a ``Name``) to a dotted qualified name such as
``tensorflow.train.GradientDescentOptimizer``.

The cheap map is exact unless a TensorFlow alias is also bound some other way (a parameter,
an assignment, a loop target, an import of something else...).  The engine detects such
bindings during its pass (``BINDING_NODES``) and only then asks libcst's ScopeProvider
(``ScopeResolver``), which decides per use.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

import libcst as cst

from migrate.node_helpers import dotted  # noqa: F401 - part of this module's API

TF = "tensorflow"


def chain(node: cst.BaseExpression):
    """(base Name, [attr, ...]) of an Attribute chain on a Name, else (None, None)."""
    attrs = []
    while isinstance(node, cst.Attribute):
        attrs.append(node.attr.value)
        node = node.value
    if not isinstance(node, cst.Name):
        return None, None
    attrs.reverse()
    return node, attrs


def is_tf(path: str) -> bool:
    return path == TF or path.startswith(TF + ".")


@dataclass
class Binding:
    local: str  # the name bound in the file
    target: str  # dotted path it stands for ("tensorflow", "tensorflow.compat.v1", "tensorflow.mul")
    statement: cst.CSTNode  # the Import / ImportFrom
    top_index: int  # index of the enclosing top-level statement in module.body
    top_level: bool  # bound at module level (not inside a def/class)


@dataclass
class ImportInfo:
    bindings: dict[str, list[Binding]] = field(default_factory=dict)  # local -> bindings
    other: set[str] = field(default_factory=set)  # names bound by non-TF imports
    tf_top_indices: list[int] = field(default_factory=list)  # top-level statements importing TF
    star: list[cst.ImportFrom] = field(default_factory=list)  # from tensorflow import *

    def aliases(self) -> set[str]:
        return set(self.bindings)

    def cheap_map(self) -> dict[str, str]:
        """local name -> target, for names with exactly one TF meaning and no other import."""
        out = {}
        for local, bindings in self.bindings.items():
            targets = {b.target for b in bindings}
            if len(targets) == 1 and local not in self.other:
                out[local] = targets.pop()
        return out

    def ambiguous(self) -> set[str]:
        return {
            local for local, bindings in self.bindings.items()
            if len({b.target for b in bindings}) > 1 or local in self.other
        }


def _module_name(node: cst.BaseExpression | None) -> str:
    return dotted(node) if node is not None else ""


def import_bindings(stmt: cst.Import | cst.ImportFrom) -> Iterable[tuple[str, str, bool]]:
    """(local name, dotted target, is_tf) for each alias of an import statement."""
    if isinstance(stmt, cst.Import):
        for alias in stmt.names:
            path = dotted(alias.name)
            if alias.asname is not None:
                yield alias.asname.name.value, path, is_tf(path)
            else:  # import a.b.c binds a
                top = path.split(".")[0]
                yield top, top, is_tf(top)
        return
    if stmt.relative:
        return
    module = _module_name(stmt.module)
    if isinstance(stmt.names, cst.ImportStar):
        return
    for alias in stmt.names:
        name = dotted(alias.name)
        local = alias.asname.name.value if alias.asname is not None else name
        yield local, f"{module}.{name}", is_tf(module)


def _suites(stmt) -> Iterable[cst.BaseSuite]:
    body = getattr(stmt, "body", None)
    if isinstance(body, cst.BaseSuite):
        yield body
    for handler in getattr(stmt, "handlers", ()):
        yield handler.body
    orelse = getattr(stmt, "orelse", None)
    if isinstance(orelse, cst.If):
        yield from _suites(orelse)
    elif orelse is not None:
        yield orelse.body
    final = getattr(stmt, "finalbody", None)
    if final is not None:
        yield final.body
    for case in getattr(stmt, "cases", ()):
        yield case.body


def _statements(body) -> Iterable[cst.CSTNode]:
    """Every statement line below a block, depth first (expressions are not entered)."""
    for stmt in body:
        yield stmt
        if isinstance(stmt, cst.SimpleStatementLine):
            continue
        for suite in _suites(stmt):
            if isinstance(suite, cst.SimpleStatementSuite):
                yield suite
            else:
                yield from _statements(suite.body)


def statement_lines(module: cst.Module) -> Iterable[cst.CSTNode]:
    """Every simple statement line (or suite) of a module, at any depth: where imports are."""
    for stmt in _statements(module.body):
        if isinstance(stmt, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
            yield stmt


def collect(module: cst.Module) -> ImportInfo:
    info = ImportInfo()
    for index, top in enumerate(module.body):
        nested = isinstance(top, (cst.FunctionDef, cst.ClassDef))
        for stmt in _statements([top]):
            if not isinstance(stmt, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
                continue
            for small in stmt.body:
                if isinstance(small, cst.ImportFrom):
                    if isinstance(small.names, cst.ImportStar):
                        if not small.relative and is_tf(_module_name(small.module)):
                            info.star.append(small)
                        continue
                elif not isinstance(small, cst.Import):
                    continue
                for local, target, tf in import_bindings(small):
                    if tf:
                        info.bindings.setdefault(local, []).append(
                            Binding(local, target, small, index, not nested))
                        if not nested:
                            _mark(info, index)
                    else:
                        info.other.add(local)
    return info


def _mark(info: ImportInfo, index: int) -> None:
    if not info.tf_top_indices or info.tf_top_indices[-1] != index:
        info.tf_top_indices.append(index)


# Nodes that bind a name other than by import.  The engine records the names they bind; a
# TF alias among them switches resolution to ScopeResolver.
def bound_names(node: cst.CSTNode) -> Iterable[str]:
    if isinstance(node, (cst.Param,)):
        yield node.name.value
    elif isinstance(node, (cst.FunctionDef, cst.ClassDef)):
        yield node.name.value
    elif isinstance(node, cst.AssignTarget):
        yield from _target_names(node.target)
    elif isinstance(node, (cst.AugAssign, cst.AnnAssign, cst.NamedExpr)):
        yield from _target_names(node.target)
    elif isinstance(node, (cst.For, cst.CompFor)):
        yield from _target_names(node.target)
    elif isinstance(node, (cst.WithItem, cst.ExceptHandler)):
        asname = node.asname if isinstance(node, cst.WithItem) else node.name
        if asname is not None:
            yield from _target_names(asname.name)
    elif isinstance(node, (cst.Global, cst.Nonlocal)):
        for item in node.names:
            yield item.name.value


def _target_names(target) -> Iterable[str]:
    if isinstance(target, cst.Name):
        yield target.value
    elif isinstance(target, (cst.Tuple, cst.List)):
        for element in target.elements:
            yield from _target_names(element.value)
    elif isinstance(target, cst.StarredElement):
        yield from _target_names(target.value)


class Resolver:
    """Cheap resolution: the alias map is exact (no alias is rebound in the file)."""

    def __init__(self, info: ImportInfo):
        self.info = info
        self.map = info.cheap_map()

    def base(self, name: cst.Name) -> str | None:
        return self.map.get(name.value)

    def qualify(self, node: cst.BaseExpression) -> str | None:
        """'tensorflow.x.y' for a TF Name/Attribute chain, else None."""
        if isinstance(node, cst.Name):
            return self.map.get(node.value)
        attrs = []
        while isinstance(node, cst.Attribute):
            attrs.append(node.attr.value)
            node = node.value
        if not isinstance(node, cst.Name):
            return None
        target = self.map.get(node.value)
        if target is None:
            return None
        attrs.append(target)
        return ".".join(reversed(attrs))


class ScopeResolver(Resolver):
    """Resolution through libcst's ScopeProvider, for files that rebind a TF alias."""

    def __init__(self, info: ImportInfo, module: cst.Module):
        super().__init__(info)
        from libcst.metadata import MetadataWrapper, ScopeProvider

        wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
        self.scopes = wrapper.resolve(ScopeProvider)
        self.mixed: set[str] = set()  # names that are TF on some paths only
        self._cache = {}

    def base(self, name: cst.Name) -> str | None:
        key = id(name)
        if key in self._cache:
            return self._cache[key]
        result = self._resolve(name)
        self._cache[key] = result
        return result

    def _resolve(self, name: cst.Name) -> str | None:
        value = name.value
        if value not in self.info.bindings:
            return None
        scope = self.scopes.get(name)
        if scope is None:
            return None
        assignments = scope[value]
        targets, foreign = [], False
        for assignment in assignments:
            node = getattr(assignment, "node", None)
            if isinstance(node, (cst.Import, cst.ImportFrom)):
                found = [t for local, t, tf in import_bindings(node) if local == value and tf]
                if found:
                    targets.extend(found)
                    continue
            foreign = True
        if not targets:
            return None
        if foreign:
            self.mixed.add(value)
            return None
        if "tensorflow.compat.v1" in targets:  # try: import tf.compat.v1 ... except: import tf
            return "tensorflow.compat.v1"
        return targets[-1]

    def module_level(self, local: str) -> str | None:
        """What a name means at module level, when only TF imports bind it there."""
        from libcst.metadata import GlobalScope

        scope = next((s for s in self.scopes.values() if isinstance(s, GlobalScope)), None)
        if scope is None or local not in scope:
            return None
        targets = []
        for assignment in scope[local]:
            node = getattr(assignment, "node", None)
            if not isinstance(node, (cst.Import, cst.ImportFrom)):
                return None
            found = [t for name, t, tf in import_bindings(node) if name == local and tf]
            if not found:
                return None
            targets.extend(found)
        return targets[-1] if len(set(targets)) == 1 else None

    def qualify(self, node: cst.BaseExpression) -> str | None:
        attrs = []
        while isinstance(node, cst.Attribute):
            attrs.append(node.attr.value)
            node = node.value
        if not isinstance(node, cst.Name):
            return None
        target = self.base(node)
        if target is None:
            return None
        attrs.append(target)
        return ".".join(reversed(attrs))


# ---------------------------------------------------------------------------- the scan
# Fields that only hold tokens and whitespace: never a TensorFlow reference.
_TOKEN_FIELDS = frozenset({
    "__slots__", "asynchronous", "colon", "comma", "dot", "equal", "lbrace", "lbracket",
    "rbrace", "rbracket", "lpar", "rpar", "leading_lines", "lines_after_decorators",
    "trailing_whitespace", "header", "footer", "newline", "operator", "semicolon",
    "first_colon", "second_colon", "star", "default_indent", "default_newline", "encoding",
    "has_trailing_newline", "indent", "empty_lines", "first_line", "last_line", "comment",
    "trailing_comma", "leading_whitespace", "posonly_ind", "relative", "conversion",
    "whitespace", "separator",
})
# libcst's field order differs from the source order for these
_SOURCE_ORDER = {
    cst.FunctionDef: ("decorators", "name", "params", "returns", "type_parameters", "body"),
    cst.ClassDef: ("decorators", "name", "type_parameters", "bases", "keywords", "body"),
    cst.IfExp: ("body", "test", "orelse"),
    cst.ExceptHandler: ("type", "name", "body"),
    cst.MatchCase: ("pattern", "guard", "body"),
    cst.Parameters: ("posonly_params", "params", "star_arg", "kwonly_params", "star_kwarg"),
}
_BINDERS = (
    cst.Param, cst.FunctionDef, cst.ClassDef, cst.AssignTarget, cst.AugAssign, cst.AnnAssign,
    cst.NamedExpr, cst.For, cst.CompFor, cst.WithItem, cst.ExceptHandler, cst.Global,
    cst.Nonlocal,
)
# kind of a node class: 0 plain, 1 compound statement, 2 binder, 3 compound and binder
_INFO: dict[type, tuple[tuple[str, ...], int]] = {}


def _info(cls) -> tuple[tuple[str, ...], int]:
    info = _INFO.get(cls)
    if info is None:
        fields = _SOURCE_ORDER.get(cls) or tuple(
            name for name in cls.__dataclass_fields__
            if name not in _TOKEN_FIELDS and not name.startswith("whitespace")
        )
        kind = (1 if issubclass(cls, cst.BaseCompoundStatement) else 0) | (
            2 if issubclass(cls, _BINDERS) else 0)
        info = _INFO[cls] = (fields, kind)
    return info


def node_fields(cls) -> tuple[str, ...]:
    """The fields of a node class that may hold expressions or statements."""
    return (_INFO.get(cls) or _info(cls))[0]


@dataclass
class Scan:
    """Where the TensorFlow references of a module are, found without rebuilding it."""

    interesting: dict[int, str] = field(default_factory=dict)  # id -> "attr" | "call" | "import"
    hot: set[int] = field(default_factory=set)  # ids of interesting nodes and their ancestors
    called: set[int] = field(default_factory=set)  # ids of Call.func nodes
    rebound: set[str] = field(default_factory=set)  # aliases bound by something else
    statement: dict[int, tuple] = field(default_factory=dict)  # id -> (stmt node, indent)
    by_statement: dict[int, list] = field(default_factory=dict)  # id(stmt) -> nodes, source order
    post_order: list = field(default_factory=list)  # hot nodes, children before parents
    # Every call, binary operation and assignment of the module, in the order a libcst
    # visitor meets them (parents first): what module fixers read instead of walking the
    # whole tree once more (fixers/graph_methods.py, fixers/ref_variables.py).
    calls: list = field(default_factory=list)
    operations: list = field(default_factory=list)  # cst.BinaryOperation
    assigns: list = field(default_factory=list)  # cst.Assign


_ATTR, _CALL, _NAME = cst.Attribute, cst.Call, cst.Name
_IMPORT, _IMPORT_FROM = cst.Import, cst.ImportFrom
_LINE, _SUITE, _BLOCK = cst.SimpleStatementLine, cst.SimpleStatementSuite, cst.IndentedBlock
_OPERATION, _ASSIGN = cst.BinaryOperation, cst.Assign


def scan(module: cst.Module, aliases: set[str]) -> Scan:
    """One read-only walk: interesting nodes, the paths to them, rebound aliases.

    A node is interesting when it may need a fixer: an Attribute chain on an alias, a call
    of one (or of a from-imported name), an import mentioning tensorflow.  libcst's own
    traversal rebuilds every node; this walk does not, and the transformer then only
    enters the hot paths.  Children are visited in source order.
    """
    result = Scan()
    hot = result.hot
    called = result.called
    rebound = result.rebound
    post_order = result.post_order
    calls, operations, assigns = result.calls, result.operations, result.assigns
    default_indent = module.default_indent
    stack: list[cst.CSTNode] = []
    mark = _marker(result, stack)

    def walk(node, stmt):
        cls = type(node)
        if cls is _ATTR:
            base = _chain_base(node.value)
            if type(base) is _NAME:
                if base.value in aliases:
                    mark(node, "attr", stmt)
                return
        elif cls is _CALL:
            calls.append(node)
            func = node.func
            called.add(id(func))
            base = _chain_base(func)
            if type(base) is _NAME and base.value in aliases:
                mark(node, "call", stmt)
        elif cls is _NAME:
            return
        elif cls is _OPERATION:
            operations.append(node)
        elif cls is _ASSIGN:
            assigns.append(node)
        elif cls is _IMPORT or cls is _IMPORT_FROM:
            if _import_mentions_tf(node):
                mark(node, "import", stmt)
            else:
                rebound.update(local for local, _, _ in import_bindings(node) if local in aliases)
            return
        elif cls is _LINE or cls is _SUITE:
            stmt = (node, stmt[1])
        elif cls is _BLOCK:
            indent = node.indent if node.indent is not None else default_indent
            stmt = (None, stmt[1] + indent)
        fields, kind = _INFO.get(cls) or _info(cls)
        if kind:
            if kind & 1:
                stmt = (node, stmt[1])
            if kind & 2:
                rebound.update(name for name in bound_names(node) if name in aliases)
        stack.append(node)
        for name in fields:
            value = getattr(node, name)
            vtype = type(value)
            if vtype is tuple or vtype is list:
                for item in value:
                    if type(item) is not str:
                        walk(item, stmt)
            elif value is not None and vtype is not str and vtype is not bool and hasattr(value, "_codegen"):
                walk(value, stmt)
        stack.pop()
        if id(node) in hot:
            post_order.append(node)

    walk(module, (None, ""))
    del walk  # it calls itself through its closure: a cycle that would keep the tree alive
    return result


def _marker(result: Scan, stack: list):
    """``mark(node, kind, stmt)``: record an interesting node of ``scan``'s walk in
    ``result`` and make it and its ancestors (``stack``) hot."""
    hot = result.hot
    interesting = result.interesting
    statement_of = result.statement
    by_statement = result.by_statement
    post_order = result.post_order

    def mark(node, kind, stmt):
        interesting[id(node)] = kind
        statement_of[id(node)] = stmt
        by_statement.setdefault(id(stmt[0]), []).append(node)
        if id(node) not in hot:
            hot.add(id(node))
            if kind != "call":  # a call is added when its walk ends (after its children)
                post_order.append(node)
        for ancestor in reversed(stack):
            key = id(ancestor)
            if key in hot:
                break
            hot.add(key)

    return mark


def _chain_base(node):
    """The innermost value of an Attribute chain (``a`` of ``a.b.c``); other nodes as they are."""
    while type(node) is _ATTR:
        node = node.value
    return node


def _import_mentions_tf(node) -> bool:
    """Whether an Import or ImportFrom names a tensorflow module."""
    if type(node) is _IMPORT:
        return any(is_tf(dotted(a.name) or "") for a in node.names)
    return not node.relative and node.module is not None and is_tf(dotted(node.module) or "")
