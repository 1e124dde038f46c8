"""The regression problem under several optimizers and learning rates (seed 002), TF 2 eager twin.

Same problem as modern/backprop_regression.py (x ~ N(1, 0.1), target 10, model x*A,
L2 loss, one random sample per step). Every Keras optimizer is built by
migrate.tables.optimizers.keras_optimizer from the TF1 optimizer name and arguments
in CONFIGS, so matching legacy/optimizers.py (which builds the TF1 classes from the same
table) proves each equivalence row used here. Same numbers as legacy/optimizers.py.
"""
import random
import time

import numpy as np
import tensorflow as tf

from twins import cli
from migrate.tables.optimizers import keras_optimizer
from twins.optimizer_configs import CONFIGS
from twins.programs import hyperparameters


SAMPLE = tf.TensorSpec(shape=[1], dtype=tf.float32)


def train(optimizer, kwargs, seed, x_vals, y_vals, steps, print_every, verbose):
    """One config: a fresh A (same initial value for every config), then `steps` steps."""
    tf.random.set_seed(seed)
    A = tf.Variable(tf.random.normal(shape=[1], seed=1))
    A_init = A.numpy()

    my_opt = keras_optimizer(optimizer, **kwargs)
    my_opt.build([A])

    @tf.function(input_signature=[SAMPLE, SAMPLE])
    def train_step(x_data, y_target):
        with tf.GradientTape() as tape:
            loss = tf.square(tf.multiply(x_data, A) - y_target)
        my_opt.apply_gradients(zip(tape.gradient(loss, [A]), [A]))
        # A and the loss after the update, on the same sample
        return A.read_value(), tf.square(tf.multiply(x_data, A) - y_target)

    # Trace before the clock starts; call the traced graph directly (no per-call dispatch).
    train_step = train_step.get_concrete_function()

    A_history = np.zeros(steps, dtype=np.float32)
    loss_history = np.zeros(steps, dtype=np.float32)
    start = time.perf_counter()
    for i in range(steps):
        rand_index = np.random.choice(100)
        rand_x = np.array([x_vals[rand_index]], dtype=np.float32)
        rand_y = np.array([y_vals[rand_index]], dtype=np.float32)
        A_now, loss_now = (t.numpy() for t in train_step(rand_x, rand_y))
        A_history[i], loss_history[i] = A_now[0], loss_now[0]
        if verbose and (i + 1) % print_every == 0:
            print('Step #' + str(i + 1) + ' A = ' + str(A_now))
            print('Loss = ' + str(loss_now))
    return A_init[0], A_history, loss_history, time.perf_counter() - start


def run(seed=0, **overrides):
    p = hyperparameters("optimizers", overrides)
    np.random.seed(seed)
    random.seed(seed)
    tf.random.set_seed(seed)

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
    return cli.main("optimizers", "modern", run, argv)


if __name__ == "__main__":
    main()
