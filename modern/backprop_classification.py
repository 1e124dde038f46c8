"""Back propagation, binary classification example (seeds 000/001/002), TF 2 eager twin.

x from N(-1, 1) (class 0) and N(3, 1) (class 1), model sigmoid(x + A), sigmoid
cross-entropy, one random sample per step with SGD(0.05): A goes from about 10 to about
-1. Same numbers as legacy/backprop_classification.py.
"""
import random
import time

import numpy as np
import tensorflow as tf

from twins import cli
from twins.programs import hyperparameters

SAMPLE = tf.TensorSpec(shape=[1], dtype=tf.float32)


def run(seed=0, **overrides):
    p = hyperparameters("backprop_classification", overrides)
    np.random.seed(seed)
    random.seed(seed)
    tf.random.set_seed(seed)

    # Create data and the A variable (started far from -1, at about 10)
    x_vals = np.concatenate((np.random.normal(-1, 1, 50), np.random.normal(3, 1, 50)))
    y_vals = np.concatenate((np.repeat(0., 50), np.repeat(1., 50)))
    A = tf.Variable(tf.random.normal(mean=10, shape=[1], seed=1))
    A_init = A.numpy()

    def xentropy(x_data, y_target):
        # The translation sigmoid(x + A); the loss function wants a batch dimension
        my_output_expanded = tf.expand_dims(tf.add(x_data, A), 0)
        y_target_expanded = tf.expand_dims(y_target, 0)
        return tf.nn.sigmoid_cross_entropy_with_logits(logits=my_output_expanded, labels=y_target_expanded)

    # Declare the optimizer
    my_opt = tf.keras.optimizers.SGD(learning_rate=p["learning_rate"])
    my_opt.build([A])

    @tf.function(input_signature=[SAMPLE, SAMPLE])
    def train_step(x_data, y_target):
        with tf.GradientTape() as tape:
            loss = xentropy(x_data, y_target)
        my_opt.apply_gradients(zip(tape.gradient(loss, [A]), [A]))
        # A and the loss after the update, on the same sample
        return A.read_value(), xentropy(x_data, y_target)

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
        indices[i], A_history[i], loss_history[i] = rand_index, A_now[0], loss_now[0, 0]
        if p["verbose"] and (i + 1) % p["print_every"] == 0:
            print('Step #' + str(i + 1) + ' A = ' + str(A_now))
            print('Loss = ' + str(loss_now))
    train_seconds = time.perf_counter() - start

    # Evaluate predictions: round(sigmoid(x + A)) for all 100 points at once (elementwise,
    # so each point gets what the tutorial's one-point-per-run loop got).
    predictions = tf.round(tf.sigmoid(tf.add(x_vals.astype(np.float32), A))).numpy()
    accuracy = sum(x == y for x, y in zip(predictions, y_vals)) / 100.
    if p["verbose"]:
        print('Ending Accuracy = ' + str(np.round(accuracy, 2)))

    return {
        "x_vals": x_vals,
        "y_vals": y_vals,
        "indices": indices,
        "A": A_history,
        "loss": loss_history,
        "predictions": predictions,
        "A_init": A_init[0],
        "A_final": A_history[-1],
        "accuracy": accuracy,
        "_train_seconds": train_seconds,
        "_steps": steps,
    }


def main(argv=None):
    return cli.main("backprop_classification", "modern", run, argv)


if __name__ == "__main__":
    main()
