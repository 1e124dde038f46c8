"""removed: names TF 2.21 removed with nothing that runs in their place (hand.REMOVED).

The name is kept and the report says, in one line with its line number, why the script
cannot run as it is and what to use instead (``tf.nn.seq2seq``...).
"""
from __future__ import annotations

from migrate.fixers import NameState, display, name_fixer
from migrate.fixers.tf0_names import longest_prefix
from migrate.tables.hand import REMOVED


@name_fixer(15)
def removed(state: NameState, ctx) -> None:
    key, _ = longest_prefix(state.segments, REMOVED)
    if key is None:
        return
    state.warnings.append(("removed", f"{display(state.space, state.written)}: {REMOVED[key]}"))
    state.keep = state.done = True
