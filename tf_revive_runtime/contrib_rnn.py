"""``tf.contrib.rnn`` as a module (``from tensorflow.contrib import rnn``) for TF 2.

The cells come from tf_keras (tf_revive_runtime.v1_rnn_cell, as for tf.nn.rnn_cell); the
functions are tf.compat.v1.nn's static_rnn family that TF 1.2 moved back from contrib.

Why not a public package: ``from tensorflow.contrib import rnn`` needs one module with the
cells (tf_keras, under a private path) and the static_rnn functions (tf.compat.v1.nn)
together; calls of ``tf.contrib.rnn.static_rnn`` written out go to tf.compat.v1.nn directly
(migrate/tables/hand.py).
"""
from tf_revive_runtime.v1_rnn_cell import *  # noqa: F401,F403


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    import tensorflow as tf

    if name in ("static_rnn", "static_bidirectional_rnn", "static_state_saving_rnn",
                "bidirectional_dynamic_rnn", "dynamic_rnn"):
        return getattr(tf.compat.v1.nn, name)
    if name == "stack_bidirectional_dynamic_rnn":
        raise AttributeError("tf.contrib.rnn.stack_bidirectional_dynamic_rnn was removed; "
                             "stack tf.compat.v1.nn.bidirectional_dynamic_rnn calls instead")
    raise AttributeError(f"tf.contrib.rnn.{name} has no TF 2 counterpart")
