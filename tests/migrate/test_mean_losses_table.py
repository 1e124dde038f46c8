"""migrate/tables/mean_losses.py against the installed TensorFlow: each TF 1 loss, called
with its two arguments, equals the mean of its TF 2 op, in values and in the gradient with
respect to the logits, bit for bit, in eager code and in a graph."""
import numpy as np
import pytest

from migrate.tables.mean_losses import MEAN_LOSSES

tf = pytest.importorskip("tensorflow")


def _path(path):
    value = tf
    for part in path.split("."):
        value = getattr(value, part)
    return value


def _inputs(v1, rng, n):
    logits = rng.randn(n, 7).astype(np.float32)
    classes = rng.randint(0, 7, n)
    labels = classes if "sparse" in v1 else np.eye(7, dtype=np.float32)[classes]
    return tf.constant(labels), tf.Variable(logits)


def _both(v1, labels, logits):
    parameters, op, keywords = MEAN_LOSSES[v1]
    with tf.GradientTape(persistent=True) as tape:
        old = _path("compat.v1." + v1)(**{parameters[0]: labels, parameters[1]: logits})
        new = tf.reduce_mean(_path(op)(**{keywords[0]: labels, keywords[1]: logits}))
    return old, new, tape.gradient(old, logits), tape.gradient(new, logits)


@pytest.mark.parametrize("v1", sorted(MEAN_LOSSES))
@pytest.mark.parametrize("n", [1, 5, 128, 1000])
def test_the_loss_is_the_mean_of_its_tf2_op_values_and_gradients(v1, n):
    labels, logits = _inputs(v1, np.random.RandomState(n), n)
    old, new, old_grad, new_grad = _both(v1, labels, logits)
    assert old.numpy() == new.numpy()
    np.testing.assert_array_equal(old_grad.numpy(), new_grad.numpy())


@pytest.mark.parametrize("v1", sorted(MEAN_LOSSES))
def test_the_loss_is_the_mean_of_its_tf2_op_in_a_graph(v1):
    labels, logits = _inputs(v1, np.random.RandomState(3), 64)
    traced = tf.function(lambda: _both(v1, labels, logits), autograph=False)
    old, new, old_grad, new_grad = traced()
    assert old.numpy() == new.numpy()
    np.testing.assert_array_equal(old_grad.numpy(), new_grad.numpy())
