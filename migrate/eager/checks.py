"""Whole-block checks of the analysis: graph names used where the translation would
not see them, Session code where it is not translated, names imported one by one."""
from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager import names as N
from migrate.eager import registry
from migrate.eager.model import KEPT, Kind
from migrate.tables import graph_api as G

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis


def check_accesses(a: Analysis) -> None:
    """Every read of a graph name must be one the translation rewrites (a fetch, a feed,
    a graph statement); a graph name rebound by Python code in a block is refused.
    Accesses are visited in source order, so the findings' order never depends on the
    hash seed (scopes are a set)."""
    for scope, access in _accesses_in_source_order(a):
        node = access.node
        if not isinstance(node, cst.Name) or node in a.accounted:
            continue
        if any(r.scope is a.global_scope for r in access.referents):
            _check_access(a, scope, node)
    for assignment in a.global_scope.assignments:
        node = getattr(assignment, "node", None)
        if node is None or node in a.accounted:
            continue
        item = a.item_at_line(a.line(node))
        if item is None or isinstance(item.node, cst.SimpleStatementLine):
            continue
        env = a.env_at.get(item.idx, {})
        if assignment.name == "_" and not any(other.references for other in a.global_scope.assignments["_"]):
            continue  # `clipped, _ = tf.clip_by_global_norm(...)`, `_, l = sess.run(...)`: `_` is never read
        if assignment.name in env:
            a.problem(node, f"`{assignment.name}` ({env[assignment.name].kind}) is rebound inside a block")


def _accesses_in_source_order(a: Analysis) -> list:
    """(scope, access) for every name access of every scope, ordered by position."""
    pairs = [(scope, access) for scope in {s for s in a.scopes.values() if s is not None}
             for access in scope.accesses]
    return sorted(pairs, key=lambda pair: (a.line(pair[1].node), a.col(pair[1].node)))


def _check_access(a: Analysis, scope, node: cst.Name) -> None:
    item = a.item_at_line(a.line(node))
    if item is None:
        return
    env = a.env_at.get(item.idx, {})
    name = node.value
    if name not in env:
        if name in a.session_names:  # `with tf.Session() as sess:` binds no graph statement
            a.problem(node, f"the session `{name}` is used for something other than run/close")
        return
    kind = env[name].kind
    if kind == Kind.SESSION and name in a.session_names:
        a.problem(node, f"the session `{name}` is used for something other than run/close")
    elif kind == Kind.OPTIMIZER:
        a.problem(node, f"the optimizer `{name}` is used for something other than minimize()")
    elif kind in KEPT:
        registry.each("read_kept", a, node, item, env)
    elif scope is not a.global_scope and not isinstance(item.node, cst.SimpleStatementLine):
        a.problem(node, f"`{name}` ({kind}) is used inside a function or class body")
    else:
        answer = registry.first("outside_run", a, node, item, env)
        if answer is not True:
            a.problem(node, answer or f"`{name}` ({kind}) is used outside Session.run")


def check_nested_sessions(a: Analysis) -> None:
    """Session code inside a def or class is not analysed: say so rather than pass it by."""
    visitor = _SessionCode(a)
    if a.block is None:
        a.module.visit(visitor)
    else:
        for stmt in a.block.body.body:
            stmt.visit(visitor)


class _SessionCode(cst.CSTVisitor):
    def __init__(self, a: Analysis):
        super().__init__()
        self.a = a
        self.depth = 0

    def visit_FunctionDef(self, node):
        if node in self.a.skip_defs:
            return False
        self.depth += 1
        return True

    def leave_FunctionDef(self, node):
        if node not in self.a.skip_defs:
            self.depth -= 1

    def visit_ClassDef(self, node):
        self.depth += 1

    def leave_ClassDef(self, node):
        self.depth -= 1

    def visit_With(self, node):
        return node not in self.a.edits.unwrapped_withs  # a Session on the module's graph (patterns/run_blocks.py)

    def visit_Call(self, node):
        if self.a.call_path(node) in N.SESSION | {G.PLACEHOLDER}:
            self.a.is_session_script = True
            if self.depth:
                self.a.problem(node, "Session code inside a function or class: only module-level Session scripts "
                                     "are translated")


def from_import_names(a: Analysis) -> set:
    """Name nodes that read a name imported with `from tensorflow... import name`."""
    out = set()
    for scope in set(s for s in a.scopes.values() if s is not None):
        for access in scope.accesses:
            node = access.node
            if not isinstance(node, cst.Name):
                continue
            for ref in access.referents:
                ref_node = getattr(ref, "node", None)
                if isinstance(ref_node, cst.ImportFrom) and ref_node.module is not None and (
                        N.dotted(ref_node.module) or "").startswith("tensorflow") \
                        and a.r.aliases.get(node.value) not in (None, "", "python.framework.ops"):
                    out.add(node)
    return out
