"""flags: ``tf.app.flags`` / ``tf.flags`` -> ``tf_revive_runtime.v1_flags`` (hand.SHIMMED_MODULES).

TF 2's flags are absl's, which parse nothing until app.run (a flag read at import time
raises ``UnparsedFlagAccessError``), refuse defaults TF 1 kept, and already define
``log_dir``: the runtime module gives a TF 1.x script TF 1's semantics over absl's flags.
"""
from __future__ import annotations

from migrate.fixers import NameState, display, name_fixer
from migrate.fixers.tf0_names import longest_prefix
from migrate.tables.hand import SHIMMED_MODULES


@name_fixer(35)
def flags(state: NameState, ctx) -> None:
    key, n = longest_prefix(state.segments, SHIMMED_MODULES)
    if key is None:
        return
    target = SHIMMED_MODULES[key]
    state.set_target(target, n, "flags",
                     f"{display(state.space, key)} -> {target[1:]} (a DEFINE_* of a name absl "
                     "already defines, such as log_dir, replaces it instead of failing)")
