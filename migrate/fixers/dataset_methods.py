"""dataset-methods: ``ds.make_one_shot_iterator()`` -> ``tf.compat.v1.data.make_one_shot_iterator(ds)``.

TF 2's ``tf.data.Dataset`` lost the TF 1.x iterator methods and ``output_types`` /
``output_shapes`` / ``output_classes`` (hand.DATASET_METHODS / DATASET_PROPERTIES); the
``tf.compat.v1.data`` functions take the dataset and do what the methods did.  The
receiver can be any expression (a TF file's dataset is rarely a TF name), so this runs over
the whole module, only when the source mentions one of these names.
"""
from __future__ import annotations

import re

import libcst as cst

from migrate.fixers import module_fixer
from migrate.fixers.graph_mode import graph_reason
from migrate.tables.hand import DATASET_METHODS, DATASET_PROPERTIES

_MENTION = re.compile(r"\.\s*(%s)\b" % "|".join(sorted({*DATASET_METHODS, *DATASET_PROPERTIES})))


def _is_tf_chain(node, aliases) -> bool:
    while isinstance(node, cst.Attribute):
        node = node.value
    return isinstance(node, cst.Name) and node.value in aliases


def _method(node, aliases) -> str | None:
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and \
            node.func.attr.value in DATASET_METHODS and not _is_tf_chain(node.func.value, aliases) \
            and not any(a.star for a in node.args) and \
            all(a.keyword is not None and a.keyword.value == "shared_name" or a.keyword is None
                for a in node.args) and len(node.args) <= 1:
        return node.func.attr.value
    return None


class _Sites(cst.CSTVisitor):
    """The original nodes, in the order the transformer meets them (post-order)."""

    def __init__(self, aliases):
        self.aliases, self.calls, self.props, self.funcs = aliases, [], [], set()

    def visit_Call(self, node):
        if _method(node, self.aliases):
            self.funcs.add(id(node.func))

    def leave_Call(self, node):
        if _method(node, self.aliases):
            self.calls.append(node)

    def leave_Attribute(self, node):
        if node.attr.value in DATASET_PROPERTIES and id(node) not in self.funcs and \
                not _is_tf_chain(node.value, self.aliases):
            self.props.append(node)


class _Rewrite(cst.CSTTransformer):
    def __init__(self, ctx, sites: _Sites):
        self.ctx, self.sites, self.aliases = ctx, sites, sites.aliases
        self.n_calls = self.n_props = 0
        self.skip: set[int] = set()
        self.used = []

    def visit_Call(self, node):
        if _method(node, self.aliases):
            self.skip.add(id(node.func))

    def leave_Attribute(self, original, updated):
        if original.attr.value not in DATASET_PROPERTIES or id(original) in self.skip or \
                _is_tf_chain(original.value, self.aliases):
            return updated
        site = self.sites.props[self.n_props]
        self.n_props += 1
        name = original.attr.value
        target = "tensorflow." + DATASET_PROPERTIES[name]
        self.ctx.change(site, "dataset-methods",
                        f"Dataset.{name} -> tf.{DATASET_PROPERTIES[name]}(...) (TF 2's Dataset lacks it)")
        return cst.Call(func=self.ctx.expr_for(target, None), args=[cst.Arg(updated.value)])

    def leave_Call(self, original, updated):
        name = _method(original, self.aliases)
        if name is None:
            return updated
        site = self.sites.calls[self.n_calls]
        self.n_calls += 1
        self.used.append(site)
        target = "tensorflow." + DATASET_METHODS[name]
        self.ctx.change(site, "dataset-methods",
                        f"Dataset.{name}() -> tf.{DATASET_METHODS[name]}(dataset) "
                        "(TF 2's Dataset lacks the method)")
        receiver = updated.func.value
        args = [cst.Arg(receiver)] + [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in updated.args]
        if len(args) > 1:
            args[0] = args[0].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
        return updated.with_changes(func=self.ctx.expr_for(target, None), args=args)


@module_fixer(5)
def dataset_methods(module: cst.Module, ctx) -> cst.Module | None:
    if not _MENTION.search(ctx.source):
        return None
    aliases = ctx.info.aliases()
    sites = _Sites(aliases)
    ctx.module.visit(sites)
    if not sites.calls and not sites.props:
        return None
    rewrite = _Rewrite(ctx, sites)
    new = module.visit(rewrite)
    for call in rewrite.used:
        why = graph_reason("v1", DATASET_METHODS[call.func.attr.value].removeprefix("compat.v1."))
        if why is not None:
            ctx.needs_graph(call, f"Dataset.{call.func.attr.value}() {why}")
    return new
