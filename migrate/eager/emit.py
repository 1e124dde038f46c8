"""Write the translated program block: graph statements and Session plumbing go (their
comments move to the next statement that stays), variables and optimizers stay, each run
function is defined just before the statement of its first call, and every site becomes
a call (patterns/session_run.py)."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager import registry
from migrate.eager.model import SiteKind
from migrate.eager.pattern import NOT_MINE
from migrate.eager.patterns import session_run
from migrate.eager.rewrite import NameRewriter
from migrate.node_helpers import all_calls

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.translate import Translator


class SiteRewriter(NameRewriter):
    """The names rewriter that also replaces the sites and the removed statements."""

    def __init__(self, t: Translator):
        super().__init__(t.a.r, t.is_placeholder, t.from_names, t.a.edits.expressions, t.operands_kind)
        self.t = t
        self.edits = t.a.edits
        self.site_by_call = {id(s.call): s for s in t.a.sites}
        # a nested statement -> the statements of the run written before it (run_once.py, run_rarely.py)
        self.before = {id(o.statement): o.statements for o in t.once_runs.values()
                       if o.statement is not None and o.statements}

    def leave_Name(self, original_node, updated_node):
        if original_node in self.edits.names:  # a feed key, a renamed feed dict, a session written None
            return self.edits.names[original_node]
        return super().leave_Name(original_node, updated_node)

    def leave_ClassDef(self, original_node, updated_node):
        return registry.first("rewrite_class", self.t, original_node, updated_node) or updated_node

    def leave_With(self, original_node, updated_node):
        if original_node in self.edits.unwrapped_withs:
            return cst.FlattenSentinel(updated_node.body.body)
        return updated_node

    def leave_Param(self, original_node, updated_node):
        return cst.RemoveFromParent() if original_node in self.edits.removed_nodes else updated_node

    def leave_Arg(self, original_node, updated_node):
        return cst.RemoveFromParent() if original_node in self.edits.removed_nodes else updated_node

    def leave_FunctionDef(self, original_node, updated_node):
        if original_node in self.t.block_bodies:  # a method translated on its own
            body = original_node.body.with_changes(body=self.t.block_bodies[original_node])
            return original_node.with_changes(body=body)
        return updated_node

    def leave_Call(self, original_node, updated_node):
        site = self.site_by_call.get(id(original_node))
        if site is not None and site.kind != SiteKind.CLOSE and not site.init and site.function is not None:
            return cst.parse_expression(session_run.replacement(self.t, site, updated_node))
        if original_node in self.edits.unwrapped_calls:
            return updated_node.args[0].value
        return super().leave_Call(original_node, updated_node)

    def leave_Subscript(self, original_node, updated_node):
        site = self.site_by_call.get(id(original_node.value))
        if site is not None and site.function is not None and len(original_node.slice) == 1 \
                and isinstance(original_node.slice[0].slice, cst.Index):
            element = session_run.indexed(site, original_node.slice[0].slice.value, updated_node.value)
            if element is not None:
                return element
        return super().leave_Subscript(original_node, updated_node)

    def leave_Assign(self, original_node, updated_node):
        site = self.site_by_call.get(id(original_node.value))
        if site is None or site.function is None or site.function.variables_only:
            return updated_node
        return session_run.unpacked_assignment(self.t, site, original_node, updated_node) or updated_node

    def leave_Expr(self, original_node, updated_node):
        if original_node.value in self.edits.removed_calls and original_node.value not in self.edits.unwrapped_calls:
            return cst.RemoveFromParent()
        return updated_node

    def leave_SimpleStatementLine(self, original_node, updated_node):
        """A statement a pattern replaces (replace_statement), or one a run executed rarely
        writes its statements before (run_once.py, run_rarely.py)."""
        replaced = registry.first("replace_statement", self.t, original_node)
        if replaced is not None:
            return cst.FlattenSentinel(replaced) if replaced else cst.RemoveFromParent()
        codes = self.before.get(id(original_node))
        if not codes:
            return updated_node
        stmts = [cst.parse_statement(code) for code in codes]
        stmts[0] = stmts[0].with_changes(leading_lines=list(updated_node.leading_lines) + list(stmts[0].leading_lines))
        return cst.FlattenSentinel(stmts + [updated_node.with_changes(leading_lines=[])])

    def leave_IndentedBlock(self, original_node, updated_node):
        if not updated_node.body:
            return updated_node.with_changes(body=[cst.SimpleStatementLine([cst.Pass()])])
        return updated_node

    def leave_If(self, original_node, updated_node):
        """`if step % 10 == 0:` around a removed call only (an add_summary) goes with it, when
        its test calls nothing (reading it has no effect)."""
        emptied = all(isinstance(stmt, cst.SimpleStatementLine) and all(isinstance(s, cst.Pass) for s in stmt.body)
                      for stmt in updated_node.body.body)
        had_code = not all(isinstance(stmt, cst.SimpleStatementLine) and all(isinstance(s, cst.Pass) for s in stmt.body)
                           for stmt in original_node.body.body)
        if emptied and had_code and updated_node.orelse is None and not all_calls(original_node.test):
            return cst.RemoveFromParent()
        return updated_node


class BlockWriter:
    """The new statements of the block, with the comments of the removed ones carried over."""

    def __init__(self):
        self.body: list = []
        self.pending_comments: list = []
        self.pending_blank = False
        self.after_function = False

    def drop(self, node, inherited: list | None = None) -> None:
        """Remember the comments (and a blank line) of a statement that disappears."""
        lines = inherited if inherited is not None else node.leading_lines
        self.pending_comments += [ln for ln in lines if ln.comment is not None]
        if any(ln.comment is None for ln in node.leading_lines):
            self.pending_blank = True

    def push(self, stmts, function=False) -> None:
        for i, stmt in enumerate(stmts):
            if i == 0 and not function and (self.pending_comments or self.pending_blank):
                stmt = self._with_pending(stmt)
            if self.after_function and i == 0:
                lead = list(stmt.leading_lines)
                if not lead or lead[0].comment is not None:
                    stmt = stmt.with_changes(leading_lines=[cst.EmptyLine(indent=False)] + lead)
            self.body.append(stmt)
        self.after_function = function

    def _with_pending(self, stmt):
        lead = list(stmt.leading_lines)
        own_blank = bool(lead) and lead[0].comment is None
        while lead and lead[0].comment is None:
            lead.pop(0)
        prefix = [cst.EmptyLine(indent=False)] if (self.pending_blank or own_blank) and self.body else []
        stmt = stmt.with_changes(leading_lines=prefix + list(self.pending_comments) + lead)
        self.pending_comments = []
        self.pending_blank = False
        return stmt


class CommentRewriter(cst.CSTTransformer):
    """Every comment of the written block, as the patterns judge it (author_comment)."""

    def __init__(self, t: Translator):
        super().__init__()
        self.t = t

    def leave_EmptyLine(self, original_node, updated_node):
        new = self._judged(updated_node.comment)
        if new is None:
            return updated_node
        return updated_node.with_changes(comment=cst.Comment(new)) if new else cst.RemoveFromParent()

    def leave_TrailingWhitespace(self, original_node, updated_node):
        new = self._judged(updated_node.comment)
        if new is None:
            return updated_node
        if new:
            return updated_node.with_changes(comment=cst.Comment(new))
        return updated_node.with_changes(comment=None, whitespace=cst.SimpleWhitespace(""))

    def _judged(self, comment):
        return None if comment is None else registry.first("author_comment", self.t, comment.value)


def emit(t: Translator, functions_before: dict):
    """The block's new code (a module's text, or a def's statements)."""
    a = t.a
    out = BlockWriter()
    once_runs = {s.item.idx: t.once_runs[id(s.call)].statements for s in a.sites
                 if id(s.call) in t.once_runs and t.once_runs[id(s.call)].statements
                 and t.once_runs[id(s.call)].statement is None}
    for item in a.items:
        for code in functions_before.get(item.idx, []):
            stmt = cst.parse_statement(code).with_changes(leading_lines=[cst.EmptyLine(indent=False)])
            out.push([stmt], function=True)
        node = item.node
        before = registry.first("statements_before", t, item)
        if before:
            out.push(before)
        if item.leading:
            node = node.with_changes(leading_lines=list(item.leading) + list(node.leading_lines))
        if item.idx in a.edits.replaced_imports:
            stmt = cst.parse_statement(a.edits.replaced_imports[item.idx] + "\n")
            out.push([stmt.with_changes(leading_lines=node.leading_lines)])
        elif item.idx in a.edits.dropped_imports:
            out.drop(node)
        elif item.gstmts:
            kept = [stmt for g in item.gstmts for kept_ in [_kept_statement(t, g, node)] if kept_ is not None
                    for stmt in (kept_ if isinstance(kept_, list) else [kept_])]
            if kept:
                out.push(kept)
            elif _inlined(t, item):  # the comments of a dissolved `with` went with the code (stmt_code)
                out.drop(node, [])
            else:  # its comments move on, judged where they go (CommentRewriter)
                out.drop(node)
        elif item.drop:  # a Session statement: its comments are judged where they go (CommentRewriter)
            out.drop(node)
        elif item.node in t.block_bodies:
            out.push([node.with_changes(body=item.node.body.with_changes(body=t.block_bodies[item.node]))])
        else:
            new = node.visit(SiteRewriter(t))
            if isinstance(new, cst.RemovalSentinel) or new is None or (
                    isinstance(new, cst.SimpleStatementLine) and not new.body):
                out.drop(node)
            elif item.idx in once_runs:  # a run executed once: its statements first (run_once.py)
                stmts = [cst.parse_statement(code) for code in once_runs[item.idx]]
                stmts[0] = stmts[0].with_changes(leading_lines=list(new.leading_lines) + list(stmts[0].leading_lines))
                out.push(stmts + [new.with_changes(leading_lines=[])])
            else:
                out.push([new])
    body = [stmt.visit(CommentRewriter(t)) for stmt in out.body]
    if t.block is not None:
        return body or [cst.SimpleStatementLine([cst.Pass()])]
    return re.sub(r"\n{4,}", "\n\n\n", a.module.with_changes(body=body, header=_header(t, a.module.header)).code)


def _header(t: Translator, header) -> list:
    """The module's opening comments as the patterns write them (opening_comments): a line
    kept is its own node, a line written anew a comment line of its own."""
    texts = [ln.comment.value if ln.comment is not None else None for ln in header]
    written = registry.first("opening_comments", t, texts)
    if written is None:
        return list(header)
    return [header[x] if isinstance(x, int) else cst.EmptyLine(comment=cst.Comment(x)) for x in written]


def _inlined(t: Translator, item) -> bool:
    """Is the item's first graph statement written into a run function?"""
    first = item.gstmts[0]
    return any(first in fn.body for fn in t.functions.values())


def _kept_statement(t: Translator, g, node):
    """What stays of a graph statement (a variable, an optimizer written the Keras way, ...):
    asked of the patterns in registry order; None when nothing stays."""
    for pattern in registry.PATTERNS:
        kept = pattern.kept_statement(t, g, node)
        if kept is not NOT_MINE:
            return kept
    return None
