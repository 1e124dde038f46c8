"""``nce_loss`` / ``sampled_softmax_loss`` called positionally, in TF 0.x or TF 1.x order.

TF 1.0 swapped their 3rd and 4th parameters (``inputs, labels`` -> ``labels, inputs``).
These take either order and decide when the graph is built: labels are integer class ids,
inputs are float embeddings.  When both have the same kind of dtype they compare shapes
(labels are ``[batch, num_true]``); when nothing tells, they raise instead of guessing.

Why not a public package: the argument order is decided per call, at graph-build time;
nothing published does that.
"""
from __future__ import annotations


def _order(a, b, num_true):
    import tensorflow as tf

    a, b = tf.convert_to_tensor(a), tf.convert_to_tensor(b)
    if a.dtype.is_integer != b.dtype.is_integer:
        return (a, b) if a.dtype.is_integer else (b, a)
    a_last, b_last = a.shape[-1:], b.shape[-1:]
    if a.shape.rank == 2 and b.shape.rank == 2 and a_last != b_last:
        if a_last == [num_true]:
            return a, b
        if b_last == [num_true]:
            return b, a
    raise ValueError(
        "nce_loss/sampled_softmax_loss: cannot tell labels from inputs (TF 1.0 swapped "
        "them); pass labels= and inputs= by keyword")


def _call(name, weights, biases, a, b, num_sampled, num_classes, num_true=1, *rest, **kwargs):
    import tensorflow as tf

    labels, inputs = _order(a, b, num_true)
    function = getattr(tf.compat.v1.nn, name)
    return function(weights, biases, labels, inputs, num_sampled, num_classes, num_true,
                    *rest, **kwargs)


def nce_loss(weights, biases, a, b, *args, **kwargs):
    """tf.compat.v1.nn.nce_loss with (inputs, labels) in either order."""
    return _call("nce_loss", weights, biases, a, b, *args, **kwargs)


def sampled_softmax_loss(weights, biases, a, b, *args, **kwargs):
    """tf.compat.v1.nn.sampled_softmax_loss with (inputs, labels) in either order."""
    return _call("sampled_softmax_loss", weights, biases, a, b, *args, **kwargs)
