"""initializer-call: ``initializer=tf.zeros_initializer`` -> ``tf.zeros_initializer()``.

TF 0.x's zeros_initializer / ones_initializer were initializer functions; since TF 1.0 they
are classes that must be called first (TF 1.0 release notes; tf_upgrade.py's
change_to_function, hand.CALL_FIRST).  An uncalled one passed as ``initializer=`` (or any
``*_initializer=`` keyword) is called; other uses (``isinstance``) are left alone.
"""
from __future__ import annotations

import libcst as cst

from migrate.fixers import module_fixer
from migrate.node_helpers import dotted
from migrate.tables.hand import CALL_FIRST


def _is_target(node, aliases) -> str | None:
    name = dotted(node) if isinstance(node, (cst.Attribute, cst.Name)) else None
    if name is None or "." not in name:
        return None
    base, _, rel = name.partition(".")
    if base not in aliases:
        return None
    for prefix in ("", "compat.v1."):
        if rel.startswith(prefix) and rel[len(prefix):] in CALL_FIRST:
            return rel
    return None


def _initializer_keyword(arg: cst.Arg) -> bool:
    """initializer=, kernel_initializer=, weights_initializer=...: where an initializer goes."""
    return arg.keyword is not None and arg.keyword.value.endswith("initializer")


class _Sites(cst.CSTVisitor):
    def __init__(self, aliases):
        self.aliases, self.found = aliases, []

    def visit_Arg(self, node):
        if _initializer_keyword(node) and _is_target(node.value, self.aliases):
            self.found.append(node.value)


class _Call(cst.CSTTransformer):
    def __init__(self, aliases):
        self.aliases, self.count = aliases, 0

    def leave_Arg(self, original, updated):
        if not _initializer_keyword(original) or _is_target(original.value, self.aliases) is None:
            return updated
        self.count += 1
        return updated.with_changes(value=cst.Call(func=updated.value))


@module_fixer(6)
def initializer_call(module: cst.Module, ctx) -> cst.Module | None:
    if not any(name in ctx.source for name in CALL_FIRST):
        return None
    aliases = {local for local, target in ctx.info.cheap_map().items()
               if target == "tensorflow" and local not in ctx.rebound}
    sites = _Sites(aliases)
    ctx.module.visit(sites)
    if not sites.found:
        return None
    for node in sites.found:
        ctx.change(node, "initializer-call", f"tf.{dotted(node).partition('.')[2]} is a class "
                   "since TF 1.0: called to make the initializer")
    return module.visit(_Call(aliases))
