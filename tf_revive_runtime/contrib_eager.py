"""``tf.contrib.eager`` (``tfe``, TF 1.5-1.7's early eager API) for TF 2: eager is TF 2 itself.

The names that TF 2 kept under another name (``tfe.Variable`` is ``tf.Variable``,
``tfe.defun`` is ``tf.function``...) are the table ``RENAMED``: migrate's contrib table
reads it to write the converted script's uses as TF 2 names, and this module serves them
where a use was not rewritten (``tfe = tf.contrib.eager; tfe.defun``); any other name it
lacks is looked up in ``tensorflow``.  What has no single TF 2 name is here, built on TF 2's
own parts: the gradient functions on ``tf.GradientTape`` (the tape contrib.eager's were
built on), ``Network`` on Keras 2's ``Model`` (tf_keras, as TF 1.x's tf.keras was), ``Saver``
on ``tf.compat.v1.train.Saver`` (as contrib.eager's own was), ``Iterator`` as iteration.

Why not a public package: most names are TF 2's own (tf.function...), but ``tfe`` is used as
a module (``tfe.Iterator``, ``tfe.enable_eager_execution``) and no public module holds those
names.
"""
from __future__ import annotations

import functools
import importlib

# contrib.eager name -> its TF 2 name (relative to tensorflow; "@" a module outside it).
# The one table of these facts (migrate/tables/hand.py's CONTRIB rows are made from it).
RENAMED = {
    "Variable": "Variable",
    "GradientTape": "GradientTape",
    "defun": "function",
    "Checkpoint": "train.Checkpoint",
    "py_func": "py_function",
    "in_eager_mode": "executing_eagerly",
    "metrics": "@tf_keras.metrics",  # Keras 2, as TF 1.x's tf.keras was
}


def _tf():
    import tensorflow as tf

    return tf


def enable_eager_execution(*args, **kwargs):
    """TF 2 runs eagerly from the start (TF 1.x's call did what TF 2 does by default)."""


def _traced(f, args, kwargs):
    """f(*args, **kwargs) under a tape that watches the trainable variables f reads."""
    tf = _tf()
    with tf.GradientTape() as tape:
        value = f(*args, **kwargs)
    if value is None:
        raise ValueError("Cannot differentiate a function that returns None; did you forget "
                         f"to return a value from {getattr(f, '__name__', f)}?")
    variables = tape.watched_variables()  # in construction order, as contrib.eager's
    if not variables:
        raise ValueError("No trainable variables were accessed while the function was "
                         "being computed.")
    grads = tape.gradient(value, list(variables))
    return value, list(zip(grads, variables))


def implicit_value_and_gradients(f):
    """A function returning (f's value, [(gradient, variable)]) over the trainable variables
    f touched, ready for ``optimizer.apply_gradients``."""

    @functools.wraps(f)
    def value_and_grads(*args, **kwargs):
        return _traced(f, args, kwargs)

    return value_and_grads


def implicit_gradients(f):
    """A function returning [(gradient, variable)] over the trainable variables f touched."""

    @functools.wraps(f)
    def grads(*args, **kwargs):
        return _traced(f, args, kwargs)[1]

    return grads


def _value_and_argument_gradients(f, params, args, kwargs):
    tf = _tf()
    chosen = range(len(args)) if params is None else params
    if params is not None and any(isinstance(p, str) for p in params):
        import inspect

        names = list(inspect.signature(f).parameters)
        chosen = [names.index(p) if isinstance(p, str) else p for p in params]
    args = list(args)
    with tf.GradientTape() as tape:
        for i in chosen:
            args[i] = tf.convert_to_tensor(args[i])
            tape.watch(args[i])
        value = f(*args, **kwargs)
    if value is None:
        raise ValueError("Cannot differentiate a function that returns None; did you forget "
                         f"to return a value from {getattr(f, '__name__', f)}?")
    return value, tape.gradient(value, [args[i] for i in chosen])


def value_and_gradients_function(f, params=None):
    """A function returning (f's value, [gradient of f with respect to each chosen argument])
    (all positional arguments, or those of ``params``: indices or names)."""

    @functools.wraps(f)
    def value_and_grads(*args, **kwargs):
        return _value_and_argument_gradients(f, params, args, kwargs)

    return value_and_grads


def gradients_function(f, params=None):
    """A function returning [gradient of f with respect to each chosen argument]."""

    @functools.wraps(f)
    def grads(*args, **kwargs):
        return _value_and_argument_gradients(f, params, args, kwargs)[1]

    return grads


def Iterator(dataset):  # noqa: N802 - contrib's class name
    """contrib.eager.Iterator(dataset): TF 2 datasets are iterable (``next(it)``,
    ``it.get_next()``)."""
    return iter(dataset)


def num_gpus() -> int:
    """The number of GPUs TensorFlow sees."""
    return len(_tf().config.list_physical_devices("GPU"))


def run_test_in_graph_and_eager_modes(func=None, config=None, use_gpu=True, **kwargs):
    """TensorFlow's own decorator (tf.test's run_in_graph_and_eager_modes, TF 2's name)."""
    from tensorflow.python.framework import test_util

    return test_util.run_in_graph_and_eager_modes(func, config=config, use_gpu=use_gpu, **kwargs)


class Saver:
    """contrib.eager.Saver(var_list): save(file_prefix, global_step), restore(file_prefix),
    with TF 1 checkpoints; contrib.eager's was this same wrapper of the TF 1 Saver."""

    def __init__(self, var_list):
        self._saver = _tf().compat.v1.train.Saver(var_list=var_list)

    def save(self, file_prefix, global_step=None):
        return self._saver.save(None, file_prefix, write_meta_graph=False,
                                global_step=global_step)

    def restore(self, file_prefix):
        self._saver.restore(None, file_prefix)


def _network_base():
    import tf_keras

    class Network(tf_keras.Model):
        """contrib.eager.Network: a Keras 2 Model whose ``track_layer(layer)`` keeps the
        layer (its variables become the network's) and returns it."""

        def track_layer(self, layer):
            tracked = self.__dict__.setdefault("_tfe_tracked", [])
            if not any(layer is t for t in tracked):
                tracked.append(layer)
                setattr(self, f"tfe_layer_{len(tracked)}", layer)
            return layer

    return Network


def _resolve(target: str):
    if target.startswith("@"):
        return importlib.import_module(target[1:])
    value = _tf()
    for part in target.split("."):
        value = getattr(value, part)
    return value


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    if name == "Network":
        network = _network_base()
        globals()["Network"] = network
        return network
    if name in RENAMED:
        return _resolve(RENAMED[name])
    tf = _tf()
    try:
        return getattr(tf, name)
    except AttributeError:
        raise AttributeError(f"tf.contrib.eager.{name} has no TF 2 counterpart") from None
