"""keras2: ``tf.keras`` in a TF 1.x script -> ``tf_keras`` (hand.KERAS2).

TF 1.x's tf.keras was Keras 2; TF 2.21's is Keras 3, which does not run in graph mode and
rejects ``tf.compat.v1.train`` optimizers in ``compile``.  The ``tf_keras`` package is
Keras 2 for TF 2.21, so a file that is TF 1.x code (graph API, or any TF 1.x rewrite:
hand.TF1_RULES) gets ``tf_keras`` for ``tf.keras.X``, ``from tensorflow.keras... import``,
``from tensorflow import keras`` and ``import tensorflow.keras as K``.  TF 2 files (nothing
else to convert) keep their Keras 3.
"""
from __future__ import annotations

import libcst as cst

from migrate.fixers import module_fixer
from migrate.node_helpers import attr_chain, dotted
from migrate.tables.hand import KERAS2, TF1_RULES


def _keras_target(full: str | None) -> str | None:
    """tensorflow.keras.layers.Dense -> tf_keras.layers.Dense (None: not Keras)."""
    if not full or not full.startswith("tensorflow."):
        return None
    rel = full[len("tensorflow."):]
    for prefix in sorted(KERAS2, key=len, reverse=True):
        if rel == prefix or rel.startswith(prefix + "."):
            return KERAS2[prefix] + rel[len(prefix):]
    return None


def is_tf1_file(ctx) -> bool:
    return bool(ctx.graph_uses) or ctx.disables_eager or any(
        severity == "change" and rule in TF1_RULES for _, rule, _, severity in ctx._findings)


class _ToTfKeras(cst.CSTTransformer):
    def __init__(self, aliases: dict[str, str]):
        self.aliases = aliases  # local name -> "tensorflow" (plain TensorFlow aliases only)
        self.count = 0
        self.chains = 0  # rewritten attribute chains (they need `import tf_keras`)

    def _full(self, node) -> str | None:
        name = dotted(node)
        if name is None:
            return None
        base, _, rest = name.partition(".")
        target = self.aliases.get(base)
        return None if target is None else (target + ("." + rest if rest else ""))

    def leave_Attribute(self, original, updated):
        new = _keras_target(self._full(original))
        if new is None:
            return updated
        if _keras_target(self._full(original.value)) is None:
            self.count += 1  # the innermost Keras chain (tf.keras): one place
            self.chains += 1
        return attr_chain(new).with_changes(lpar=updated.lpar, rpar=updated.rpar)

    def leave_ImportFrom(self, original, updated):
        if original.relative or original.module is None or isinstance(original.names, cst.ImportStar):
            return updated
        module = dotted(original.module)
        new = _keras_target(module)
        if new is not None:
            self.count += 1
            return updated.with_changes(module=attr_chain(new))
        if module == "tensorflow" and len(original.names) == 1 and \
                dotted(original.names[0].name) == "keras":
            self.count += 1
            alias = original.names[0]
            return cst.Import(names=[cst.ImportAlias(
                name=cst.Name("tf_keras"),
                asname=alias.asname or cst.AsName(name=cst.Name("keras")))])
        return updated

    def leave_Import(self, original, updated):
        names = []
        for alias in updated.names:
            new = _keras_target(dotted(alias.name))
            if new is not None and alias.asname is not None:
                self.count += 1
                alias = alias.with_changes(name=attr_chain(new))
            names.append(alias)
        return updated.with_changes(names=names)


@module_fixer(9)
def keras2(module: cst.Module, ctx) -> cst.Module | None:
    if not ctx.keras_uses or not is_tf1_file(ctx):
        return None
    aliases = {local: "tensorflow" for local, target in ctx.info.cheap_map().items()
               if target == "tensorflow" and local not in ctx.rebound}
    transformer = _ToTfKeras(aliases)
    new = module.visit(transformer)
    if not transformer.count:
        return None
    if transformer.chains and "import tf_keras\n" not in ctx.source:
        ctx.expr_for("@tf_keras.layers", None)  # adds `import tf_keras` once
    ctx.change(ctx.keras_uses[0], "keras2",
               f"tf.keras in a TF 1.x script is Keras 2: -> tf_keras ({transformer.count} "
               "place(s)); TF 2.21's tf.keras is Keras 3, which refuses graph mode and TF 1 optimizers")
    ctx.keras_uses.clear()
    return new
