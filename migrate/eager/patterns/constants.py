"""Pattern: tensors of constants are computed once, where the graph built them.

    scale = tf.constant(0.5)                    ->  scale = tf.constant(0.5)        (kept at module level)
    M = tf.constant(rng.rand(3, 3))             ->  M = tf.constant(rng.rand(3, 3)) (rng drawn once, as in TF1)
    center = tf.Variable(start * scale)         ->  center = tf.Variable(start * scale)
    step = center.assign(center + scale * d)    ->  (in the run function, reading the module's `scale`)
    print(sess.run(scale))                      ->  print(scale.numpy())            (no function to run)
    print(sess.run(scale * 2))                  ->  print((scale * 2).numpy())

A graph statement's Python parts run once, when the graph is built; moved into a
tf.function they would run at each trace, once per function (a numpy draw twice, a
name the module-level Variables need missing). A tensor is a constant here when it reads
no placeholder, variable or other non-constant tensor, calls no random op (unless only
Variables use it: an initializer draws once), is the only graph value of its statement
and is never rebound. Variables whose initial value reads anything else are refused.
"""
from __future__ import annotations

import collections
from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager import names as N
from migrate.eager.code import statement_with_comments
from migrate.eager.model import Kind, closure
from migrate.eager.pattern import NOT_MINE, Pattern

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis
    from migrate.eager.translate import Translator

__all__ = ["PATTERN", "classify"]


def classify(a: Analysis) -> None:
    """Turn the constant TENSOR statements of the analysis `a` into Kind.CONSTANT."""
    names = collections.Counter(n for g in a.gstmts for n in g.targets)
    users = collections.defaultdict(list)
    for g in a.gstmts:
        for d in g.deps:
            users[id(d)].append(g)
    fetched = {id(e.gstmt) for s in a.sites for e in s.elements if e.gstmt is not None}
    fetched |= {id(d) for s in a.sites for e in s.elements for d in e.deps}
    for g in a.gstmts:
        if g.kind != Kind.TENSOR or len(g.item.gstmts) != 1 or not isinstance(g.item.node, cst.SimpleStatementLine):
            continue
        if any(names[n] > 1 for n in g.targets) or any(d.kind != Kind.CONSTANT for d in g.deps):
            continue
        if g.random and (id(g) in fetched or not all(u.kind == Kind.VARIABLE for u in users[id(g)])):
            continue  # drawn anew on every run in graph mode
        g.kind = Kind.CONSTANT
        g.item.drop = False
    for g in a.gstmts:
        if g.kind != Kind.VARIABLE:
            continue
        for d in closure(g.deps):
            if d is not g and d.kind not in (Kind.VARIABLE, Kind.CONSTANT):
                a.problem(g.node, f"the initial value of `{g.name}` reads `{d.name}` ({d.kind}), which only exists "
                                  "inside the run functions of the translation")
                break


_VALUES = (Kind.CONSTANT, Kind.VARIABLE)


def fetches_values(a: Analysis, fn) -> bool:
    """Does the run fetch tensors of constants and variables, or an expression written in the
    call that reads only those (`sess.run(a * b)`, no random op, no assign)? Their values
    exist where the run stands: `hello.numpy()`, `(a * b).numpy()`, no function."""
    constant = False
    for e in fn.elements:
        if e.gstmt is not None:
            if e.gstmt.kind not in _VALUES:
                return False
            constant |= e.gstmt.kind == Kind.CONSTANT
        elif e.kind == Kind.INLINE and not e.effect and all(d.kind in _VALUES for d in e.deps) \
                and not _reads_python(a, fn, e.expr) and not _changes_state(a, e.expr):
            constant = True
        else:
            return False
    return constant


def _reads_python(a: Analysis, fn, expr) -> bool:
    """Does the fetch read Python values (patterns/python_value_fetches.py's fetches)?"""
    aliases = set(a.r.aliases) | {a.r.primary}
    return any(n not in aliases for n in a.free_names(expr, a.env_at[fn.sites[0].item.idx]))


def _changes_state(a: Analysis, expr) -> bool:
    """Does `expr` call a random op or an assign (each run of the graph built a new one), or
    something that is not TensorFlow's (a function of the file)?"""
    found = []

    class Calls(cst.CSTVisitor):
        def visit_Call(self, call):
            path = a.r.resolve(call.func)
            method = call.func.attr.value if isinstance(call.func, cst.Attribute) else ""
            if path is None and not method or path is not None and (
                    path in N.SEED_POSITION or "assign" in path.rsplit(".", 1)[-1] or path.startswith("random")) \
                    or method.startswith("assign") or "random" in method:
                found.append(call)

    expr.visit(Calls())
    return bool(found)


class Constants(Pattern):
    name = "constants"
    summary = "a tensor of constants only, computed once where it was built; its fetch its value"

    def link(self, a: Analysis) -> None:
        classify(a)

    def evaluated_at_site(self, t: Translator, fn):
        return fetches_values(t.a, fn) or None

    def kept_statement(self, t: Translator, g, node):
        if g.kind != Kind.CONSTANT:
            return NOT_MINE
        return statement_with_comments(t.stmt_code(g), [ln for ln in node.leading_lines if ln.comment is None])


PATTERN = Constants()
