"""How the table generators read the installed TensorFlow's API: a function's parameters,
the keyword renames its source declares, whether an object is a module, whether TF 2's
`tf` has a name as TensorFlow's own. Shared by generate.py and generate_delegates.py
(neither imports the other's helpers)."""
from __future__ import annotations

import inspect
import re
import types

# TF 2 names served by Keras: in TF 1 code they meant TensorFlow's own module
KERAS_IN_V2 = {"losses", "metrics", "initializers", "optimizers", "keras"}

_LOOKUP = re.compile(
    r"deprecated_argument_lookup\(\s*[\"'](\w+)[\"']\s*,\s*\1\s*,\s*[\"'](\w+)[\"']\s*,\s*\2\s*\)")


def is_module(obj):
    from tensorflow.python.util import lazy_loader

    return isinstance(obj, (types.ModuleType, lazy_loader.LazyLoader))


def parameters(obj):
    """(positional names, all names, has_var_positional, has_var_keyword) or None."""
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return None
    positional, names = [], []
    var_pos = var_kw = False
    for p in sig.parameters.values():
        if p.kind is p.VAR_POSITIONAL:
            var_pos = True
        elif p.kind is p.VAR_KEYWORD:
            var_kw = True
        else:
            names.append(p.name)
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
                positional.append(p.name)
    if positional and positional[0] in ("self", "cls"):
        positional, names = positional[1:], names[1:]
    return tuple(positional), tuple(names), var_pos, var_kw


def source_renames(obj):
    try:
        src = inspect.getsource(inspect.unwrap(obj))
    except (TypeError, OSError):
        return set()
    return {(old, new) for new, old in _LOOKUP.findall(src)}


def v2_has(v2, name) -> bool:
    """True when TF 2's tf has `name` as TensorFlow's own (not a Keras-served module)."""
    if name not in v2:
        return False
    top = name.split(".")[0]
    return top not in KERAS_IN_V2 or top == "keras"
