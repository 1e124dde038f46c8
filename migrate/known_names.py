"""Which dotted paths are TensorFlow names, by one rule that stage 1 (fixers/name_case.py
warns about the rest) and stage 2 (eager/names.py) share. Paths are relative to
`tensorflow` or to `tensorflow.compat.v1` alike ("placeholder", "train.AdamOptimizer").

A path is known when each of its prefixes is a name of tf.compat.v1 or TF 2's tf
(tables/v1_names.py KNOWN), up to the first prefix that is no module or whose members
are not listed (OPAQUE: tf.nn.rnn_cell.BasicLSTMCell, tf.keras..., and members of
objects such as tf.float32.as_numpy_dtype are not checked). tf.contrib, tf.examples and
tf.estimator are their own fixers' (tables/hand.py CONTRIB, INPUT_DATA_MODULES,
ESTIMATOR_MODULES), and the names TF 2.21 removed are known as removed (hand.REMOVED).
"""
from __future__ import annotations

from migrate.tables.hand import REMOVED
from migrate.tables.v1_names import KNOWN, MODULES, OPAQUE

# roots whose names the name check leaves to their own fixers
UNCHECKED_ROOTS = ("contrib", "examples", "estimator")


def members_unchecked(prefix: str) -> bool:
    """True when the members of the known name `prefix` are not listed (no module, or opaque)."""
    return prefix not in MODULES or prefix in OPAQUE


def is_removed(path: str) -> bool:
    return any(path == key or path.startswith(key + ".") for key in REMOVED)


def is_known(path: str) -> bool:
    """True for a path migrate knows as TensorFlow's (see the module docstring)."""
    segments = path.split(".")
    if segments[0] in UNCHECKED_ROOTS or is_removed(path):
        return True
    for i in range(len(segments)):
        prefix = ".".join(segments[: i + 1])
        if prefix not in KNOWN:
            return False
        if members_unchecked(prefix):
            return True
    return True
