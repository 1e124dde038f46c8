"""The input depth of an RNN driver's inputs (their last dimension: a placeholder's declared
one, through `tf.unstack(x, n, 1)` for static_rnn), read by patterns/rnn_cells.py and
patterns/rnn_model_defs.py.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager.model import Kind

if TYPE_CHECKING:  # annotations only
    from migrate.eager.analysis import Analysis


def _code(node) -> str:
    return cst.Module([]).code_for_node(node)


def input_depth(a: Analysis, inputs, env, static: bool) -> str | None:
    """The code of the inputs' last dimension: a placeholder's declared one (static_rnn: the
    placeholder a `tf.unstack(x, ..., 1)` splits into steps)."""
    g = env.get(inputs.value) if isinstance(inputs, cst.Name) else None
    if static:
        call = g.value if g is not None and g.kind == Kind.TENSOR else None
        if a.call_path(call) != "unstack":
            return None
        args = a.args_by_name(call, ["value", "num", "axis", "name"])
        if "axis" not in args or _code(args["axis"]) != "1":
            return None
        g = env.get(args["value"].value) if isinstance(args.get("value"), cst.Name) else None
    if g is None or g.kind != Kind.PLACEHOLDER or g.info is None or g.info.shape is None:
        return None
    shape = g.info.shape
    if not isinstance(shape, (cst.List, cst.Tuple)) or len(shape.elements) != 3:
        return None
    last = shape.elements[-1].value
    if isinstance(last, cst.Name) and last.value == "None":
        return None
    return _code(last)
