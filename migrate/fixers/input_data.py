"""input-data: the TF 1 MNIST tutorial module -> tf_revive_runtime.input_data.

``from tensorflow.examples.tutorials.mnist import input_data`` ->
``from tf_revive_runtime import input_data``; ``import ....mnist.input_data as X`` ->
``from tf_revive_runtime import input_data as X``.
"""
from __future__ import annotations

import libcst as cst

from migrate.fixers import import_fixer
from migrate.node_helpers import attr_chain, dotted
from migrate.tables.hand import INPUT_DATA_MODULES


def _shim(path: str) -> str | None:
    if not path.startswith("tensorflow."):
        return None
    rel = path[len("tensorflow."):]
    target = INPUT_DATA_MODULES.get(rel)
    return target[1:] if target else None


@import_fixer(10)
def input_data(node, ctx):
    if isinstance(node, cst.ImportFrom):
        if node.relative or node.module is None or isinstance(node.names, cst.ImportStar):
            return None
        module = dotted(node.module)
        shim = _shim(module)
        if shim is not None:  # from tensorflow.examples...mnist.input_data import read_data_sets
            ctx.change(node, "input-data", f"{module} -> {shim}")
            return node.with_changes(module=attr_chain(shim))
        names = [dotted(a.name) for a in node.names]
        shims = [_shim(f"{module}.{n}") for n in names]
        if not any(shims):
            return None
        if not all(shims):
            ctx.warn(node, "input-data", f"import the tutorial module {module} on its own line")
            return None
        parent, _, leaf = shims[0].rpartition(".")
        aliases = []
        for alias, name in zip(node.names, names):
            asname = alias.asname
            if asname is None and name != leaf:
                asname = cst.AsName(name=cst.Name(name))
            aliases.append(alias.with_changes(name=cst.Name(leaf), asname=asname))
        ctx.change(node, "input-data", f"{module}.{names[0]} -> {shims[0]}")
        return node.with_changes(module=attr_chain(parent), names=aliases)
    # import tensorflow.examples.tutorials.mnist.input_data [as X]
    new_statements = []
    kept = []
    for alias in node.names:
        path = dotted(alias.name)
        shim = _shim(path)
        if shim is None:
            kept.append(alias)
            continue
        parent, _, leaf = shim.rpartition(".")
        if alias.asname is None:
            # binds `tensorflow`; keep that binding, the uses are rewritten to the shim
            kept.append(alias.with_changes(name=cst.Name("tensorflow")))
            ctx.change(node, "input-data", f"{path} -> {shim}")
            continue
        asname = alias.asname if alias.asname.name.value != leaf else None
        new_statements.append(cst.ImportFrom(
            module=attr_chain(parent), names=[cst.ImportAlias(name=cst.Name(leaf), asname=asname)]))
        ctx.change(node, "input-data", f"{path} -> {shim}")
    if not new_statements and len(kept) == len(node.names) and all(
            k is a for k, a in zip(kept, node.names)):
        return None
    out = []
    if kept:
        kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        out.append(node.with_changes(names=kept))
    out.extend(new_statements)
    if len(out) == 1:
        return out[0]
    return cst.FlattenSentinel(out)
