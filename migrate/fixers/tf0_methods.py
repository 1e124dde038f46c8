"""tf0-method: methods TF 1.0 renamed on objects TensorFlow makes (hand.TF0_METHODS).

``ta.pack()`` -> ``ta.stack()`` and ``ta.unpack(x)`` -> ``ta.unstack(x)`` on a TensorArray.
The receiver is any expression (a TensorArray travels through ``tf.while_loop`` bodies as a
parameter), so a call is rewritten when the file calls the maker (``tf.TensorArray``), the
receiver is neither TensorFlow nor an imported module (``struct.pack``), and the call has
the method's shape (``pack()``: no positional argument; ``unpack(x)``: one; only ``name=``
besides).
"""
from __future__ import annotations

import re

import libcst as cst

from migrate.fixers import module_fixer
from migrate.tables.hand import TF0_METHODS

_MENTION = re.compile(r"\.\s*(%s)\s*\(" % "|".join(sorted(TF0_METHODS)))


def _base(node) -> str | None:
    """The name a Name/Attribute chain starts from (``struct`` of ``struct.pack``); None for
    a computed receiver (``tf.TensorArray(...).unpack``, ``arrays[0].pack``)."""
    while isinstance(node, cst.Attribute):
        node = node.value
    return node.value if isinstance(node, cst.Name) else None


class _Sites(cst.CSTVisitor):
    """The calls to rewrite, in the order a transformer leaves them (post-order)."""

    def __init__(self, makers: set[str], foreign: set[str]):
        self.makers, self.foreign = makers, foreign
        self.found: list[cst.Call] = []

    def site(self, call: cst.Call) -> str | None:
        """The old method name when call is a use to rewrite."""
        attr = call.func
        if not isinstance(attr, cst.Attribute):
            return None
        row = TF0_METHODS.get(attr.attr.value)
        if row is None or row[1] not in self.makers or _base(attr.value) in self.foreign:
            return None
        if any(a.star for a in call.args):
            return None
        positional = [a for a in call.args if a.keyword is None]
        if len(positional) != row[2] or any(a.keyword.value != "name" for a in call.args if a.keyword):
            return None
        return attr.attr.value

    def leave_Call(self, node):
        if self.site(node):
            self.found.append(node)


class _Rename(cst.CSTTransformer):
    def __init__(self, ctx, sites: _Sites):
        self.ctx, self.sites, self.seen = ctx, sites, 0

    def leave_Call(self, original, updated):
        old = self.sites.site(original)
        if old is None:
            return updated
        site = self.sites.found[self.seen]
        self.seen += 1
        new, maker, _ = TF0_METHODS[old]
        self.ctx.change(site, "tf0-method", f".{old}() -> .{new}() (TF 0.x name of a "
                        f"tf.{maker} method; TF 1.0 renamed it)")
        return updated.with_changes(func=updated.func.with_changes(attr=cst.Name(new)))


@module_fixer(7)
def tf0_methods(module: cst.Module, ctx) -> cst.Module | None:
    if not _MENTION.search(ctx.source):
        return None
    makers = {row[1] for row in TF0_METHODS.values()
              if re.search(r"\b%s\s*\(" % row[1], ctx.source)}
    if not makers:
        return None
    sites = _Sites(makers, ctx.info.aliases() | ctx.info.other)
    ctx.module.visit(sites)
    if not sites.found:
        return None
    return module.visit(_Rename(ctx, sites))
