"""tf0-name: TF 0.x names (tf.mul, tf.initialize_all_variables, tf.train.SummaryWriter...)."""
from __future__ import annotations

from migrate.fixers import NameState, display, name_fixer
from migrate.tables.hand import TF0_NAMES


def longest_prefix(segments: list[str], table) -> tuple[str, int] | tuple[None, int]:
    for i in range(len(segments), 0, -1):
        key = ".".join(segments[:i])
        if key in table:
            return key, i
    return None, 0


@name_fixer(10)
def tf0_names(state: NameState, ctx) -> None:
    key, n = longest_prefix(state.segments, TF0_NAMES)
    if key is None:
        return
    target = TF0_NAMES[key]
    real = target[len("compat.v1."):] if target.startswith("compat.v1.") else target
    rest = state.segments[n:]
    state.canonical = ".".join([real, *rest])
    if state.space == "v1":
        target = real  # already under tf.compat.v1
    state.set_target(
        target, len(real.split(".")), "tf0-name",
        f"{display(state.space, key)} -> {display(state.space, target)} (TF 0.x name)")
