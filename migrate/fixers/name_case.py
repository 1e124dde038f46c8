"""name-case: a name in the wrong case (tf.session, tf.train.gradientdescentoptimizer).

Corrected when exactly one real TF name matches case-insensitively; otherwise, like any
name that is not in TF 1.x or TF 2, it is left as written with a warning.
"""
from __future__ import annotations

from migrate.fixers import NameState, display, name_fixer
from migrate.known_names import UNCHECKED_ROOTS, members_unchecked
from migrate.tables.v1_names import KNOWN

_LOWER: dict[str, list[str]] | None = None


def _lower_index() -> dict[str, list[str]]:
    global _LOWER
    if _LOWER is None:
        index: dict[str, list[str]] = {}
        for name in KNOWN:
            index.setdefault(name.lower(), []).append(name)
        _LOWER = index
    return _LOWER


@name_fixer(20)
def name_case(state: NameState, ctx) -> None:
    segments = state.segments
    if not segments or segments[0] in UNCHECKED_ROOTS:
        return
    fixed = list(segments)
    changed = False
    for i in range(len(segments)):
        name = ".".join(fixed[: i + 1])
        known = name in KNOWN
        if not known:
            candidates = _lower_index().get(name.lower(), [])
            if len(candidates) == 1 and len(candidates[0].split(".")) == i + 1:
                fixed[: i + 1] = candidates[0].split(".")
                name = candidates[0]
                changed = True
            else:
                what = display(state.space, ".".join(segments[: i + 1]))
                if candidates:
                    choices = ", ".join(display(state.space, c) for c in sorted(candidates))
                    message = f"{what} is not a TensorFlow name; did you mean one of {choices}?"
                else:
                    message = f"{what} is not a TensorFlow 1.x or 2.x name; left as is"
                state.warnings.append(("needs-attention", message))
                state.keep = True
                state.done = True
                return
        if members_unchecked(name):
            break  # members of objects (tf.float32.as_numpy_dtype) are not checked
    if changed:
        new = ".".join(fixed)
        state.notes.append(("name-case", f"{display(state.space, state.canonical)} -> "
                                         f"{display(state.space, new)} (wrong case)"))
        state.canonical = new
