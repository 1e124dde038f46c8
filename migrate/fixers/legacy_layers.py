"""keras-legacy: tf.layers.* and tf.nn.rnn_cell.* -> tf_revive_runtime (tf_keras's TF 1 layers).

TF 2.16+ with Keras 3 raises on tf.compat.v1.layers.dense ("not available with Keras 3");
the tf_keras package still has the TF 1 layers and cells, working in graph mode.
"""
from __future__ import annotations

from migrate.fixers import NameState, display, name_fixer
from migrate.fixers.tf0_names import longest_prefix
from migrate.tables.hand import LEGACY_MODULES


@name_fixer(40)
def legacy_layers(state: NameState, ctx) -> None:
    key, n = longest_prefix(state.segments, LEGACY_MODULES)
    if key is None:
        return
    target = LEGACY_MODULES[key]
    state.set_target(target, n, "keras-legacy",
                     f"{display(state.space, key)} -> {target[1:]} (Keras 3 refuses "
                     f"tf.compat.v1.{key}; tf_keras serves it)")
