"""``tf.contrib.eager`` (``tfe``) for TF 2: eager execution is TF 2 itself.

Each contrib.eager name maps to its TF 2 counterpart; any other name is looked up in
``tensorflow`` (``tfe.Variable``, ``tfe.GradientTape``...).  ``enable_eager_execution``
does nothing: TF 2 is eager already.

Why not a public package: most names are TF 2's own (tf.function...), but ``tfe`` is used as
a module (``tfe.Iterator``, ``tfe.enable_eager_execution``) and no public module holds those
names.
"""
from __future__ import annotations


def enable_eager_execution(*args, **kwargs):
    """TF 2 runs eagerly from the start (TF 1.x's call did what TF 2 does by default)."""


def _tf():
    import tensorflow as tf

    return tf


def Iterator(dataset):  # noqa: N802 - contrib's class name
    """contrib.eager.Iterator(dataset): TF 2 datasets are iterable."""
    return iter(dataset)


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    tf = _tf()
    moved = {
        "defun": tf.function,
        "Checkpoint": tf.train.Checkpoint,
        "in_eager_mode": tf.executing_eagerly,
        "py_func": tf.py_function,
        "restore_variables_on_create": None,
        "Saver": tf.compat.v1.train.Saver,
        "metrics": tf.keras.metrics,
    }
    if name in moved and moved[name] is not None:
        return moved[name]
    try:
        return getattr(tf, name)
    except AttributeError:
        raise AttributeError(f"tf.contrib.eager.{name} has no TF 2 counterpart") from None
