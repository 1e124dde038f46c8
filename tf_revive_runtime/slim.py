"""``tf.contrib.slim`` / ``tf.contrib.layers`` / ``tf.contrib.framework.arg_scope`` for TF 2:
the ``tf_slim`` package, which carries contrib's layers on.

tf_slim 1.1 (its last release) still refers to ``tensorflow.python.framework.ops.Tensor``,
which TF 2.14 moved to ``tensorflow.python.framework.tensor.Tensor`` (the same class);
the alias is put back before tf_slim is imported, and nothing else is changed.

Why not the tf_slim package directly: its last release needs the alias put back first
(without it tf_slim's conv2d, batch_norm... raise AttributeError on TF 2.21).
"""
from tensorflow.python.framework import ops as _ops

if not hasattr(_ops, "Tensor"):
    from tensorflow.python.framework.tensor import Tensor as _Tensor

    _ops.Tensor = _Tensor

from tf_slim import *  # noqa: E402,F401,F403
from tf_slim import arg_scope, layers, losses, metrics  # noqa: E402,F401
from tf_slim.layers import *  # noqa: E402,F401,F403  (contrib.layers.fully_connected...)
from tf_slim.ops.arg_scope import add_arg_scope  # noqa: E402,F401
from tf_slim.ops.variables import *  # noqa: E402,F401,F403  (contrib.framework.*)
