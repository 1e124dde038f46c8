"""``tf.contrib.seq2seq.sequence_loss`` for TF 2 (the rest of contrib.seq2seq went to
TensorFlow Addons).

Same arguments and arithmetic as TF 1.x's: the weighted sparse softmax cross-entropy of
``logits [batch, time, classes]`` against ``targets [batch, time]``, summed and divided
by the sum of ``weights`` over the averaged dimensions (with 1e-12 added to that sum).

Why not a public package: TensorFlow Addons, where contrib.seq2seq went, is end-of-life and
does not install with TF 2.21.
"""
from __future__ import annotations


def sequence_loss(logits, targets, weights, average_across_timesteps=True,
                  average_across_batch=True, softmax_loss_function=None, name=None):
    import tensorflow as tf

    with tf.compat.v1.name_scope(name, "sequence_loss", [logits, targets, weights]):
        classes = tf.shape(logits)[2]
        flat_logits = tf.reshape(logits, [-1, classes])
        flat_targets = tf.reshape(targets, [-1])
        if softmax_loss_function is None:
            crossent = tf.nn.sparse_softmax_cross_entropy_with_logits(
                labels=flat_targets, logits=flat_logits)
        else:
            crossent = softmax_loss_function(labels=flat_targets, logits=flat_logits)
        crossent = crossent * tf.reshape(weights, [-1])
        if average_across_timesteps and average_across_batch:
            return tf.reduce_sum(crossent) / (tf.reduce_sum(weights) + 1e-12)
        crossent = tf.reshape(crossent, tf.shape(logits)[0:2])
        if average_across_timesteps:
            return tf.reduce_sum(crossent, axis=1) / (tf.reduce_sum(weights, axis=1) + 1e-12)
        if average_across_batch:
            return tf.reduce_sum(crossent, axis=0) / (tf.reduce_sum(weights, axis=0) + 1e-12)
        return crossent
