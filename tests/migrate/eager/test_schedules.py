"""--to eager: decayed learning rates -> Keras schedules called with the step variable
(patterns/schedules.py), and one numeric test per row of migrate/tables/schedules.py."""
import textwrap

import pytest

from migrate.tables.schedules import SCHEDULES
from tests.migrate.eager.helpers import REGRESSION, check, falls_back, translated


def test_exponential_decay_becomes_a_schedule_the_optimizer_calls_with_the_step():
    check(REGRESSION + """
    global_step = tf.Variable(0, trainable=False)
    lr = tf.train.exponential_decay(0.5, global_step, 10, 0.8, staircase=True)
    train = tf.train.GradientDescentOptimizer(lr).minimize(loss, global_step=global_step)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for i in range(30):
        _, l, rate = sess.run([train, loss, lr], feed_dict={x: [[1.0]], y: [[2.0]]})
    """, """
    w = tf.Variable(tf.zeros([1, 1]))
    global_step = tf.Variable(0, trainable=False)
    lr_schedule = tf.keras.optimizers.schedules.ExponentialDecay(
        0.5, decay_steps=10, decay_rate=0.8, staircase=True)
    optimizer = tf.keras.optimizers.SGD(learning_rate=lambda: lr_schedule(global_step))

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 1]), tf.TensorSpec([None, 1])])
    def train_step(x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
        grads = tape.gradient(loss, [w])
        lr = lr_schedule(global_step)
        optimizer.apply_gradients(zip(grads, [w]))
        global_step.assign_add(1)
        return loss, lr

    for i in range(30):
        l, rate = (t.numpy() for t in train_step([[1.0]], [[2.0]]))
    """)


def test_a_rate_only_the_optimizer_reads_is_not_computed_in_the_step_and_momentum_stays_tf1():
    code = translated(REGRESSION + """
    step = tf.Variable(0, trainable=False)
    rate = tf.train.polynomial_decay(0.1, step, 100, end_learning_rate=0.01, power=2.0)
    opt = tf.train.MomentumOptimizer(rate, 0.9)
    train = opt.minimize(loss, global_step=step)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(train, feed_dict={x: [[1.0]], y: [[2.0]]})
    """)
    assert ("rate_schedule = tf.keras.optimizers.schedules.PolynomialDecay(\n"
            "    0.1, decay_steps=100, end_learning_rate=0.01, power=2.0)\n") in code
    # Keras SGD's momentum equals TF1's only under a constant rate (optimizers.py varying_rate)
    assert "opt = tf.compat.v1.train.MomentumOptimizer(learning_rate=lambda: rate_schedule(step), momentum=0.9)" in code
    assert "rate = rate_schedule(step)" not in code


@pytest.mark.parametrize("body, reason", [
    ("lr = tf.train.exponential_decay(0.1, 5, 10, 0.9)\n", "with a step that is not a variable"),
    ("s = tf.Variable(0, trainable=False)\nlr = tf.train.exponential_decay(x[0, 0], s, 10, 0.9)\n",
     "tf.train.exponential_decay(learning_rate=...) is a graph tensor"),
])
def test_schedules_that_cannot_be_computed_the_same_way_fall_back(body, reason):
    falls_back(REGRESSION + textwrap.indent(body, "    ") + """
    train = tf.train.GradientDescentOptimizer(lr).minimize(loss)
    sess = tf.Session()
    sess.run(train, feed_dict={x: [[1.0]], y: [[2.0]]})
    """, reason)


# ---------------------------------------------------------------------------- the table, row by row
ROW_CALLS = {
    "train.exponential_decay": [dict(learning_rate=0.1, decay_steps=7, decay_rate=0.96),
                                dict(learning_rate=0.5, decay_steps=10, decay_rate=0.8, staircase=True)],
    "train.inverse_time_decay": [dict(learning_rate=0.3, decay_steps=9, decay_rate=0.7),
                                 dict(learning_rate=0.1, decay_steps=5, decay_rate=0.5, staircase=True)],
    "train.polynomial_decay": [dict(learning_rate=0.1, decay_steps=1000, end_learning_rate=0.001, power=0.5),
                               dict(learning_rate=0.1, decay_steps=300, power=2.0, cycle=True)],
    "train.piecewise_constant": [dict(boundaries=[100, 500], values=[0.1, 0.05, 0.01])],
    "train.cosine_decay": [dict(learning_rate=0.1, decay_steps=1000, alpha=0.1)],
}


def test_every_row_is_tested():
    assert set(ROW_CALLS) == set(SCHEDULES)


@pytest.mark.parametrize("path", sorted(SCHEDULES))
def test_the_keras_schedule_gives_the_tf1_rate_bit_for_bit_at_every_step(path):
    import numpy as np
    import tensorflow as tf

    row = SCHEDULES[path]
    steps = list(range(0, 2500, 3))
    tf1 = getattr(tf.compat.v1.train, path.split(".")[1])
    keras = getattr(tf.keras.optimizers.schedules, row.keras)
    for kwargs in ROW_CALLS[path]:
        with tf.Graph().as_default():
            step = tf.compat.v1.Variable(0, trainable=False)
            value = tf.compat.v1.placeholder(tf.int32, [])
            assign = step.assign(value)
            rate = tf1(**{row.step: step}, **kwargs)
            with tf.compat.v1.Session() as sess:
                graph = [sess.run(rate) for s in steps if sess.run(assign, {value: s}) is not None]
        schedule = keras(**{row.rename[k]: v for k, v in kwargs.items()})
        variable = tf.Variable(0)

        @tf.function(autograph=False)
        def eager_rate():
            return schedule(variable)

        eager = [eager_rate().numpy() for s in steps if variable.assign(s) is not None]
        np.testing.assert_array_equal(np.array(eager), np.array(graph), err_msg=str(kwargs))
