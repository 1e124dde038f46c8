"""Back propagation, regression example (seeds 000/001/002), as the tutorial wrote it.

x ~ N(1, 0.1), target 10, model x*A, L2 loss, one random sample per step with
GradientDescentOptimizer(0.02): A goes from about 0 to about 10.
Session-based: tf.compat.v1 with v2 behaviour disabled, placeholders and feed_dict.
"""
import random
import time

import numpy as np
import tensorflow.compat.v1 as tf

from twins import cli
from twins.programs import hyperparameters

tf.disable_v2_behavior()


def run(seed=0, **overrides):
    p = hyperparameters("backprop_regression", overrides)
    np.random.seed(seed)
    random.seed(seed)

    # The tutorial's ops.reset_default_graph() + tf.Session(): a fresh graph instead.
    graph = tf.Graph()
    with graph.as_default(), tf.Session(graph=graph) as sess:
        tf.set_random_seed(seed)

        # Create data, placeholders and the A variable
        x_vals = np.random.normal(1, 0.1, 100)
        y_vals = np.repeat(10., 100)
        x_data = tf.placeholder(shape=[1], dtype=tf.float32)
        y_target = tf.placeholder(shape=[1], dtype=tf.float32)
        A = tf.Variable(tf.random_normal(shape=[1], seed=1))

        # Add the multiplication operation
        my_output = tf.multiply(x_data, A)

        # L2 loss between the output and the target
        loss = tf.square(my_output - y_target)

        # Declare the optimizer
        my_opt = tf.train.GradientDescentOptimizer(learning_rate=p["learning_rate"])
        train_step = my_opt.minimize(loss)

        # Initialize variables
        init = tf.global_variables_initializer()
        sess.run(init)
        A_init = sess.run(A)

        # Training loop: A and the loss (after the update, on the step's sample) are
        # fetched every step for the trajectories; the tutorial printed them every 25.
        steps = p["steps"]
        indices = np.zeros(steps, dtype=np.int64)
        A_history = np.zeros(steps, dtype=np.float32)
        loss_history = np.zeros(steps, dtype=np.float32)
        start = time.perf_counter()
        for i in range(steps):
            rand_index = np.random.choice(100)
            rand_x = [x_vals[rand_index]]
            rand_y = [y_vals[rand_index]]
            sess.run(train_step, feed_dict={x_data: rand_x, y_target: rand_y})
            A_now, loss_now = sess.run([A, loss], feed_dict={x_data: rand_x, y_target: rand_y})
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
    return cli.main("backprop_regression", "legacy", run, argv)


if __name__ == "__main__":
    main()
