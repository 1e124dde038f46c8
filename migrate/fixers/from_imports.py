"""Imports of TensorFlow names: ``from tensorflow import placeholder`` and friends.

Each imported name goes through the name fixers; a name that moves is imported from its
new home under the same local name (``from tensorflow import mul`` ->
``from tensorflow import multiply as mul``), so its uses need no change.
"""
from __future__ import annotations

import libcst as cst

from migrate.fixers import import_fixer
from migrate.imports import is_tf
from migrate.node_helpers import attr_chain, dotted


def _split(full: str) -> tuple[str, str]:
    path = full[1:] if full.startswith("@") else full
    parent, _, leaf = path.rpartition(".")
    return parent, leaf


@import_fixer(20)
def from_imports(node, ctx):
    if isinstance(node, cst.ImportFrom):
        if node.relative or node.module is None:
            return None
        module = dotted(node.module)
        if not is_tf(module):
            return None
        if isinstance(node.names, cst.ImportStar):
            ctx.warn(node, "needs-attention", f"from {module} import *: the names it brings "
                                              "cannot be checked; import them by name")
            return None
        kept, moved = [], {}
        for alias in node.names:
            name = dotted(alias.name)
            state = ctx.fix_name(node, f"{module}.{name}", called=False)
            new = state.new_full() if state is not None and not state.keep and not state.defer else None
            if new is None:
                kept.append(alias)
                continue
            parent, leaf = _split(new)
            local = alias.asname.name.value if alias.asname is not None else name
            asname = None if local == leaf else cst.AsName(name=cst.Name(local))
            moved.setdefault(parent, []).append(cst.ImportAlias(name=cst.Name(leaf), asname=asname))
        if not moved:
            return None
        out = []
        if kept:
            kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            out.append(node.with_changes(names=kept))
        for parent, aliases in moved.items():
            if not kept and not out:
                out.append(node.with_changes(module=attr_chain(parent), names=aliases))
            else:
                out.append(cst.ImportFrom(module=attr_chain(parent), names=aliases))
        return out[0] if len(out) == 1 else cst.FlattenSentinel(out)
    # import tensorflow.x.y as z
    changed = False
    kept, extra = [], []
    for alias in node.names:
        path = dotted(alias.name)
        if not is_tf(path) or path == "tensorflow":
            kept.append(alias)
            continue
        state = ctx.fix_name(node, path, called=False)
        new = state.new_full() if state is not None and not state.keep and not state.defer else None
        if new is None or alias.asname is None:
            kept.append(alias)  # `import tensorflow.x` binds `tensorflow`: uses are fixed instead
            continue
        changed = True
        local = alias.asname.name.value
        if new.startswith("@"):
            parent, leaf = _split(new)
            extra.append(cst.ImportFrom(
                module=attr_chain(parent),
                names=[cst.ImportAlias(name=cst.Name(leaf),
                                       asname=None if local == leaf else alias.asname)]))
        else:
            kept.append(alias.with_changes(name=attr_chain(new)))
    if not changed:
        return None
    out = []
    if kept:
        kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        out.append(node.with_changes(names=kept))
    out.extend(extra)
    return out[0] if len(out) == 1 else cst.FlattenSentinel(out)
