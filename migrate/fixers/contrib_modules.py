"""contrib-module: a tf.contrib module named as a whole -> its shim (hand.CONTRIB_MODULES).

``from tensorflow.contrib import rnn`` -> ``from tf_revive_runtime import contrib_rnn as rnn``,
``layers = tf.contrib.layers`` -> ``layers = slim``.  Only the module itself: its members
(``tf.contrib.rnn.LayerNormBasicLSTMCell``) are still decided one by one by the contrib
fixer, which says what to use where nothing runs.  A contrib name whose calls get their
arguments mapped (``xavier_initializer``) but that is imported by name takes tf_slim's copy
of contrib's code instead (hand.CONTRIB_IMPORTED); so does such a name used uncalled
(``initializer=tf.contrib.layers.xavier_initializer``).
"""
from __future__ import annotations

import libcst as cst

from migrate.fixers import NameState, display, name_fixer
from migrate.tables.hand import CONTRIB_IMPORTED, CONTRIB_MODULES


@name_fixer(29)
def contrib_modules(state: NameState, ctx) -> None:
    if state.space != "v2":
        return
    target = CONTRIB_MODULES.get(state.canonical)
    if target is None and (not state.called or isinstance(state.node, (cst.Import, cst.ImportFrom))):
        target = CONTRIB_IMPORTED.get(state.canonical)
    if target is None:
        return
    state.set_target(target, len(state.segments), "contrib",
                     f"{display('v2', state.canonical)} -> {target[1:]}")
