"""Back propagation, regression example (seeds 000/001/002), TF 2 eager twin.

x ~ N(1, 0.1), target 10, model x*A, L2 loss, one random sample per step with SGD(0.02):
A goes from about 0 to about 10. Same numbers as legacy/backprop_regression.py.
"""
import random
import time

import numpy as np
import tensorflow as tf

from twins import cli
from twins.programs import hyperparameters

SAMPLE = tf.TensorSpec(shape=[1], dtype=tf.float32)


def run(seed=0, **overrides):
    p = hyperparameters("backprop_regression", overrides)
    np.random.seed(seed)
    random.seed(seed)
    tf.random.set_seed(seed)

    # Create data and the A variable
    x_vals = np.random.normal(1, 0.1, 100)
    y_vals = np.repeat(10., 100)
    A = tf.Variable(tf.random.normal(shape=[1], seed=1))
    A_init = A.numpy()

    # Declare the optimizer
    my_opt = tf.keras.optimizers.SGD(learning_rate=p["learning_rate"])
    my_opt.build([A])

    @tf.function(input_signature=[SAMPLE, SAMPLE])
    def train_step(x_data, y_target):
        with tf.GradientTape() as tape:
            my_output = tf.multiply(x_data, A)
            loss = tf.square(my_output - y_target)
        my_opt.apply_gradients(zip(tape.gradient(loss, [A]), [A]))
        # A and the loss after the update, on the same sample
        return A.read_value(), tf.square(tf.multiply(x_data, A) - y_target)

    # Trace once before the clock starts (legacy builds its graph first too). Calling the
    # traced graph directly skips tf.function's per-call signature matching, which costs
    # more than the step itself for a one-number model.
    train_step = train_step.get_concrete_function()

    steps = p["steps"]
    indices = np.zeros(steps, dtype=np.int64)
    A_history = np.zeros(steps, dtype=np.float32)
    loss_history = np.zeros(steps, dtype=np.float32)
    start = time.perf_counter()
    for i in range(steps):
        rand_index = np.random.choice(100)
        rand_x = np.array([x_vals[rand_index]], dtype=np.float32)
        rand_y = np.array([y_vals[rand_index]], dtype=np.float32)
        A_now, loss_now = (t.numpy() for t in train_step(rand_x, rand_y))
        indices[i], A_history[i], loss_history[i] = rand_index, A_now[0], loss_now[0]
        if p["verbose"] and (i + 1) % p["print_every"] == 0:
            print('Step #' + str(i + 1) + ' A = ' + str(A_now))
            print('Loss = ' + str(loss_now))
    train_seconds = time.perf_counter() - start

    return {
        "x_vals": x_vals,
        "indices": indices,
        "A": A_history,
        "loss": loss_history,
        "A_init": A_init[0],
        "A_final": A_history[-1],
        "_train_seconds": train_seconds,
        "_steps": steps,
    }


def main(argv=None):
    return cli.main("backprop_regression", "modern", run, argv)


if __name__ == "__main__":
    main()
