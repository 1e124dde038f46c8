"""The regression problem under several optimizers and learning rates (seed 002), Session-based.

The regression example of seeds 000/001/002 (x ~ N(1, 0.1), target 10, model x*A, L2
loss, one random sample per step), once per entry of CONFIGS, each in a fresh graph
with the tf.compat.v1.train optimizer of the entry: GradientDescentOptimizer at three
rates (seed 002's small vs large learning rate table), MomentumOptimizer,
AdagradOptimizer and AdadeltaOptimizer (the three seed 002 names).
tf.compat.v1 with v2 behaviour disabled, placeholders and feed_dict.
"""
import random
import time

import numpy as np
import tensorflow.compat.v1 as tf

from twins import cli
from twins.optimizer_configs import CONFIGS
from twins.programs import hyperparameters

tf.disable_v2_behavior()


def train(optimizer, kwargs, seed, x_vals, y_vals, steps, print_every, verbose):
    """One config in a fresh graph: the same initial A for every config, then `steps` steps."""
    graph = tf.Graph()
    with graph.as_default(), tf.Session(graph=graph) as sess:
        tf.set_random_seed(seed)

        x_data = tf.placeholder(shape=[1], dtype=tf.float32)
        y_target = tf.placeholder(shape=[1], dtype=tf.float32)
        A = tf.Variable(tf.random_normal(shape=[1], seed=1))
        my_output = tf.multiply(x_data, A)
        loss = tf.square(my_output - y_target)

        # Declare the optimizer: the TF1 class named in CONFIGS, with its arguments
        my_opt = getattr(tf.train, optimizer)(**kwargs)
        train_step = my_opt.minimize(loss)

        # Initialize variables (after minimize(): the optimizers' slots are variables too)
        init = tf.global_variables_initializer()
        sess.run(init)
        A_init = sess.run(A)

        A_history = np.zeros(steps, dtype=np.float32)
        loss_history = np.zeros(steps, dtype=np.float32)
        start = time.perf_counter()
        for i in range(steps):
            rand_index = np.random.choice(100)
            rand_x = [x_vals[rand_index]]
            rand_y = [y_vals[rand_index]]
            sess.run(train_step, feed_dict={x_data: rand_x, y_target: rand_y})
            A_now, loss_now = sess.run([A, loss], feed_dict={x_data: rand_x, y_target: rand_y})
            A_history[i], loss_history[i] = A_now[0], loss_now[0]
            if verbose and (i + 1) % print_every == 0:
                print('Step #' + str(i + 1) + ' A = ' + str(A_now))
                print('Loss = ' + str(loss_now))
        seconds = time.perf_counter() - start
    return A_init[0], A_history, loss_history, seconds


def run(seed=0, **overrides):
    p = hyperparameters("optimizers", overrides)
    np.random.seed(seed)
    random.seed(seed)

    x_vals = np.random.normal(1, 0.1, 100)
    y_vals = np.repeat(10., 100)
    sampling = np.random.get_state()

    results = {"x_vals": x_vals}
    train_seconds = 0.0
    for name, (optimizer, kwargs) in CONFIGS.items():
        if p["verbose"]:
            print(f"{name}: {optimizer}({', '.join(f'{k}={v}' for k, v in kwargs.items())})")
        np.random.set_state(sampling)  # every config sees the same samples in the same order
        A_init, A_history, loss_history, seconds = train(
            optimizer, kwargs, seed, x_vals, y_vals, p["steps"], p["print_every"], p["verbose"]
        )
        train_seconds += seconds
        results["A_init"] = A_init  # the same for every config: same global and op seed
        results[f"{name}_A"] = A_history
        results[f"{name}_loss"] = loss_history
        results[f"{name}_A_final"] = A_history[-1]
        # Mean squared error over all 100 points at the final A (float64, numpy): the
        # accuracy of the fit, free of the last sample's luck.
        results[f"{name}_loss_final"] = np.mean((x_vals * np.float64(A_history[-1]) - y_vals) ** 2)

    results["_train_seconds"] = train_seconds
    results["_steps"] = p["steps"] * len(CONFIGS)
    return results


def main(argv=None):
    return cli.main("optimizers", "legacy", run, argv)


if __name__ == "__main__":
    main()
