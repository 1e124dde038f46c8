"""v1-name: names TF 2's tf lacks -> their TF 2 home (same object) or tf.compat.v1.

The table is generated from the installed TF (migrate/tables/v1_names.py); SEMANTIC_V1
adds names TF 2 kept with other semantics (tf.where).
"""
from __future__ import annotations

from migrate.fixers import NameState, display, name_fixer
from migrate.fixers.tf0_names import longest_prefix
from migrate.tables.hand import SEMANTIC_V1
from migrate.tables.v1_names import V1_ONLY


@name_fixer(50)
def semantic_v1(state: NameState, ctx) -> None:
    if state.space != "v2":
        return
    key, n = longest_prefix(state.segments, SEMANTIC_V1)
    if key is None:
        return
    target = SEMANTIC_V1[key]
    state.set_target(target, n, "v1-name",
                     f"{display('v2', key)} -> {display('v2', target)} (TF 2 changed its semantics)")


@name_fixer(60)
def v1_names(state: NameState, ctx) -> None:
    if state.space != "v2":
        return
    key, n = longest_prefix(state.segments, V1_ONLY)
    if key is None:
        return
    target = V1_ONLY[key]
    why = "not in TF 2's tf" if target.startswith("compat.v1.") else "moved in TF 2"
    state.set_target(target, n, "v1-name", f"{display('v2', key)} -> {display('v2', target)} ({why})")
