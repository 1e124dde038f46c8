"""tf0-semantics: same name, other numbers since TF 1.0 (``tf.round``: half to even).

Said only in files written for TF 0.x (fixers/tf0_era.py); the call is kept.
"""
from __future__ import annotations

import libcst as cst

from migrate.fixers import CallState, call_fixer, display
from migrate.fixers.tf0_era import written_for_tf0
from migrate.tables.hand import TF0_SEMANTICS


@call_fixer(17)
def tf0_semantics(call: cst.Call, state: CallState, ctx) -> cst.Call | None:
    why = TF0_SEMANTICS.get(state.canonical)
    if why is not None and written_for_tf0(ctx):
        ctx.warn(state.original, "tf0-semantics", f"{display(state.space, state.canonical)} {why}")
    return None
