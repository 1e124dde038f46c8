"""``tf.app.flags`` / ``tf.flags`` for TF 2: absl's flags, where a script may define a name
absl already defines.

TF 1.x's flags module was its own; TF 2's is absl's, whose logging already defines
``log_dir`` (and ``logtostderr``, ``v``...), so ``DEFINE_string('log_dir', ...)`` raises
``DuplicateFlagError``.  Here a DEFINE_* of a name that is already defined replaces that
definition, as a TF 1.x script expects; everything else is tf.compat.v1.flags itself.

Why not absl.flags directly: absl already defines ``log_dir``, ``v``... that TF 1.x scripts
define again (DuplicateFlagError), and TF 1.x flag semantics differ from absl's.
"""
from __future__ import annotations

import functools

from absl import flags as _absl_flags

FLAGS = _absl_flags.FLAGS

_DEFINES = ("DEFINE_string", "DEFINE_integer", "DEFINE_float", "DEFINE_boolean", "DEFINE_bool",
            "DEFINE_enum", "DEFINE_list", "DEFINE_multi_string", "DEFINE_multi_integer",
            "DEFINE_multi_float", "DEFINE_spaceseplist")


def _replacing(define):
    @functools.wraps(define)
    def wrapper(name, *args, **kwargs):
        flag_values = kwargs.get("flag_values", FLAGS)
        if name in flag_values:
            delattr(flag_values, name)
        return define(name, *args, **kwargs)

    return wrapper


for _name in _DEFINES:
    globals()[_name] = _replacing(getattr(_absl_flags, _name))


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    import tensorflow as tf

    return getattr(tf.compat.v1.flags, name)
