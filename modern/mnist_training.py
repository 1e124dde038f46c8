"""What the three eager MNIST twins (seed 003) share: seeding and data, the epoch loop with
the tutorial's progress lines, and the evaluation on the first test_size test images.

Each twin keeps only what makes it itself: its model and its training step.
"""
import random
import time

import numpy as np
import tensorflow as tf

from tf_revive_runtime import input_data
from twins.programs import hyperparameters


def prepare(name, seed, overrides):
    """(hyperparameters, data sets): seeds as the legacy twins do, then the same batches source."""
    p = hyperparameters(name, overrides)
    np.random.seed(seed)
    random.seed(seed)
    tf.random.set_seed(seed)
    mnist = input_data.read_data_sets(p["data_dir"], one_hot=True)
    if p["verbose"]:
        print("MNIST:", mnist.source)
    return p, mnist


def cross_entropy(y, pred):
    return tf.reduce_mean(-tf.reduce_sum(y * tf.math.log(pred), axis=1))


def batch_signature(batch_size):
    """A step traces once for the fixed [batch_size, 784] batches (total_batch =
    int(n / batch_size), so a partial batch never occurs)."""
    return [tf.TensorSpec([batch_size, 784], tf.float32), tf.TensorSpec([batch_size, 10], tf.float32)]


def train(p, mnist, train_step):
    """Run the epochs with `train_step(x, y) -> cost`; (batch costs, epoch costs, seconds)."""
    # Calling the traced (concrete) function directly skips tf.function's per-call argument
    # matching, about 0.5 ms of Python per step here, more than the step's own arithmetic.
    # Tracing now, before the clock, matches the legacy twins, which build their graph first.
    step = train_step.get_concrete_function()
    batch_size, display_step = p["batch_size"], 1
    batch_costs, epoch_costs = [], []
    start = time.perf_counter()
    for epoch in range(p["epochs"]):
        avg_cost = 0.
        total_batch = int(mnist.train.num_examples / batch_size)
        for i in range(total_batch):
            batch_xs, batch_ys = mnist.train.next_batch(batch_size)
            # one-hot labels are float64 (as TF1 made them; the legacy placeholder casts them).
            # Tensors, not numpy arrays, go in: a concrete function converts numpy arguments
            # on a slower path (about 0.3 ms more per step than tf.constant here).
            c = step(tf.constant(batch_xs), tf.constant(batch_ys, dtype=tf.float32)).numpy()
            batch_costs.append(c)
            avg_cost += c / total_batch
        epoch_costs.append(avg_cost)
        if p["verbose"] and (epoch + 1) % display_step == 0:
            print("Epoch:", "%04d" % (epoch + 1), "cost=", "{:.9f}".format(avg_cost))
    train_seconds = time.perf_counter() - start
    if p["verbose"]:
        print("Optimization Finished!")
    return batch_costs, epoch_costs, train_seconds


def results(p, mnist, model, W, b, batch_costs, epoch_costs, train_seconds):
    """Accuracy on the first test_size test images, and the results dict of run()."""
    test_size = p["test_size"]
    x_test = tf.constant(mnist.test.images[:test_size], tf.float32)
    y_test = tf.constant(mnist.test.labels[:test_size], tf.float32)
    correct_prediction = tf.equal(tf.argmax(model(x_test), 1), tf.argmax(y_test, 1))
    acc = tf.reduce_mean(tf.cast(correct_prediction, tf.float32)).numpy()
    if p["verbose"]:
        print("Accuracy:", acc)
    return {
        "batch_cost": np.array(batch_costs, dtype=np.float32),
        "cost": np.array(epoch_costs),
        "accuracy": np.float32(acc),
        "cost_final": epoch_costs[-1],
        "W_abs_sum": np.abs(W.numpy().astype(np.float64)).sum(),
        "b": b.numpy(),
        "_train_seconds": train_seconds,
        "_steps": len(batch_costs),
    }
