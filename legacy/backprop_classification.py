"""Back propagation, binary classification example (seeds 000/001/002), as the tutorial wrote it.

x from N(-1, 1) (class 0) and N(3, 1) (class 1), model sigmoid(x + A), sigmoid
cross-entropy, one random sample per step with GradientDescentOptimizer(0.05): A goes
from about 10 to about -1 = -(m1 + m2)/2, and the final accuracy is about 1.0.
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
    p = hyperparameters("backprop_classification", overrides)
    np.random.seed(seed)
    random.seed(seed)

    # The tutorial's ops.reset_default_graph() + tf.Session(): a fresh graph instead.
    graph = tf.Graph()
    with graph.as_default(), tf.Session(graph=graph) as sess:
        tf.set_random_seed(seed)

        # Create data, placeholders and the A variable (started far from -1, at about 10)
        x_vals = np.concatenate((np.random.normal(-1, 1, 50), np.random.normal(3, 1, 50)))
        y_vals = np.concatenate((np.repeat(0., 50), np.repeat(1., 50)))
        x_data = tf.placeholder(shape=[1], dtype=tf.float32)
        y_target = tf.placeholder(shape=[1], dtype=tf.float32)
        A = tf.Variable(tf.random_normal(mean=10, shape=[1], seed=1))

        # The translation sigmoid(x + A); the sigmoid itself is inside the loss
        my_output = tf.add(x_data, A)

        # The loss function wants a batch dimension
        my_output_expanded = tf.expand_dims(my_output, 0)
        y_target_expanded = tf.expand_dims(y_target, 0)

        # Initialize variables
        init = tf.global_variables_initializer()
        sess.run(init)
        A_init = sess.run(A)

        # Cross entropy with unscaled logits
        xentropy = tf.nn.sigmoid_cross_entropy_with_logits(logits=my_output_expanded, labels=y_target_expanded)

        # Declare the optimizer
        my_opt = tf.train.GradientDescentOptimizer(p["learning_rate"])
        train_step = my_opt.minimize(xentropy)

        # Training loop: A and the loss (after the update, on the step's sample) are
        # fetched every step for the trajectories; the tutorial printed them every 200.
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
            A_now, loss_now = sess.run([A, xentropy], feed_dict={x_data: rand_x, y_target: rand_y})
            indices[i], A_history[i], loss_history[i] = rand_index, A_now[0], loss_now[0, 0]
            if p["verbose"] and (i + 1) % p["print_every"] == 0:
                print('Step #' + str(i + 1) + ' A = ' + str(A_now))
                print('Loss = ' + str(loss_now))
        train_seconds = time.perf_counter() - start

        # Evaluate predictions. The tutorial built tf.round(tf.sigmoid(my_output)) anew
        # inside the loop, adding two ops to the graph per point; it is built once here.
        prediction_op = tf.round(tf.sigmoid(my_output))
        predictions = []
        for i in range(len(x_vals)):
            x_val = [x_vals[i]]
            prediction = sess.run(prediction_op, feed_dict={x_data: x_val})
            predictions.append(prediction[0])

    accuracy = sum(x == y for x, y in zip(predictions, y_vals)) / 100.
    if p["verbose"]:
        print('Ending Accuracy = ' + str(np.round(accuracy, 2)))

    return {
        "x_vals": x_vals,
        "y_vals": y_vals,
        "indices": indices,
        "A": A_history,
        "loss": loss_history,
        "predictions": np.array(predictions, dtype=np.float32),
        "A_init": A_init[0],
        "A_final": A_history[-1],
        "accuracy": accuracy,
        "_train_seconds": train_seconds,
        "_steps": steps,
    }


def main(argv=None):
    return cli.main("backprop_classification", "legacy", run, argv)


if __name__ == "__main__":
    main()
