"""private-name: TF 0.x functions reached through TensorFlow's private modules.

Tutorials called ``rnn.rnn(cell, inputs)`` after ``from tensorflow.python.ops import rnn``;
TF 2.21's module still exists but has only the ``static_*`` names (hand.PRIVATE_NAMES).
Other private names are left to the engine (they are not rewritten).
"""
from __future__ import annotations

from migrate.fixers import NameState, display_full, name_fixer
from migrate.fixers.tf0_names import longest_prefix
from migrate.fixers.graph_mode import graph_reason
from migrate.tables.hand import PRIVATE_NAMES


@name_fixer(5)
def private_names(state: NameState, ctx) -> None:
    if state.space != "private":
        return
    key, n = longest_prefix(state.segments, PRIVATE_NAMES)
    if key is None:
        return
    target = PRIVATE_NAMES[key]
    state.set_target(target, n, "tf0-name",
                     f"tensorflow.{key} -> {display_full('tensorflow.' + target)} (TF 0.x name)")
    real = target[len("compat.v1."):] if target.startswith("compat.v1.") else target
    why = graph_reason("v1", real)
    if why is not None:
        ctx.needs_graph(state.node, f"tensorflow.{key} {why}")
