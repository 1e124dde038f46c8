"""TF 1's `tf.losses` functions that, called with two arguments and their defaults
(weights=1.0, reduction SUM_BY_NONZERO_WEIGHTS, no scope, no label smoothing), give the
mean of one TF 2 op's per-example losses, in the same numbers:

    tf.compat.v1.losses.sparse_softmax_cross_entropy(labels=y, logits=z)
    -> tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=z))

TF 1 sums `losses * 1.0` and divides by the count of nonzero weights, which is the mean;
tests/migrate/test_mean_losses_table.py runs both forms of each row, values and gradients.
Row: the tf.compat.v1 name -> (its two parameters in order, the TF 2 op, the op's keywords
for those two). migrate/eager/rewrite.py writes a row's call only where its arguments are
the two parameters and nothing else; `softmax_cross_entropy` only where its labels are a
placeholder (TF 1 stops their gradient; a function argument has none).
"""

MEAN_LOSSES = {
    "losses.sparse_softmax_cross_entropy": (
        ("labels", "logits"), "nn.sparse_softmax_cross_entropy_with_logits", ("labels", "logits")),
    "losses.softmax_cross_entropy": (
        ("onehot_labels", "logits"), "nn.softmax_cross_entropy_with_logits", ("labels", "logits")),
}

# the rows whose labels TF 1 wraps in stop_gradient: written only for placeholder labels
LABELS_GRADIENT_STOPPED = frozenset({"losses.softmax_cross_entropy"})
