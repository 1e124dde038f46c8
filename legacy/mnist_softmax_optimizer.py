"""Softmax regression on MNIST with GradientDescentOptimizer: seed 003, first program.

The seed, kept statement for statement: x/y placeholders, W and b zeros,
pred = softmax(xW + b), the mean cross-entropy, GradientDescentOptimizer(lr).minimize(cost),
`sess.run([optimizer, cost], feed_dict=...)` over total_batch = int(n / batch_size)
next_batch steps per epoch, `accuracy.eval(...)` on the first test_size test images.
What changed: `from tensorflow.examples.tutorials.mnist import input_data` (gone from
TF 2) is tf_revive_runtime.input_data, a faithful offline stand-in; the graph is built inside run()
in a fresh tf.Graph, seeded, and the numbers are returned. The seed printed
Accuracy: 0.873333 on the full MNIST.
"""
import random
import time

import numpy as np
import tensorflow.compat.v1 as tf

from tf_revive_runtime import input_data
from twins import cli
from twins.programs import hyperparameters

tf.disable_v2_behavior()


def run(seed=0, **overrides):
    p = hyperparameters("mnist_softmax_optimizer", overrides)
    np.random.seed(seed)
    random.seed(seed)

    # Import MNIST data
    mnist = input_data.read_data_sets(p["data_dir"], one_hot=True)
    if p["verbose"]:
        print("MNIST:", mnist.source)

    # Parameters
    learning_rate = p["learning_rate"]
    training_epochs = p["epochs"]
    batch_size = p["batch_size"]
    display_step = 1

    graph = tf.Graph()
    with graph.as_default():
        tf.set_random_seed(seed)

        # tf Graph Input
        x = tf.placeholder(tf.float32, [None, 784])  # mnist data image of shape 28*28=784
        y = tf.placeholder(tf.float32, [None, 10])  # 0-9 digits recognition => 10 classes

        # Set model weights
        W = tf.Variable(tf.zeros([784, 10]))
        b = tf.Variable(tf.zeros([10]))

        # Construct model
        pred = tf.nn.softmax(tf.matmul(x, W) + b)  # Softmax

        # Minimize error using cross entropy
        cost = tf.reduce_mean(-tf.reduce_sum(y * tf.log(pred), reduction_indices=1))

        optimizer = tf.train.GradientDescentOptimizer(learning_rate).minimize(cost)

        # Start training
        with tf.Session(graph=graph) as sess:
            sess.run(tf.global_variables_initializer())

            batch_costs, epoch_costs = [], []
            start = time.perf_counter()
            # Training cycle
            for epoch in range(training_epochs):
                avg_cost = 0.
                total_batch = int(mnist.train.num_examples / batch_size)
                # Loop over all batches
                for i in range(total_batch):
                    batch_xs, batch_ys = mnist.train.next_batch(batch_size)
                    # Fit training using batch data
                    _, c = sess.run([optimizer, cost], feed_dict={x: batch_xs, y: batch_ys})
                    batch_costs.append(c)
                    # Compute average loss
                    avg_cost += c / total_batch
                epoch_costs.append(avg_cost)
                # Display logs per epoch step
                if p["verbose"] and (epoch + 1) % display_step == 0:
                    print("Epoch:", "%04d" % (epoch + 1), "cost=", "{:.9f}".format(avg_cost))
            train_seconds = time.perf_counter() - start

            if p["verbose"]:
                print("Optimization Finished!")

            # Test model
            correct_prediction = tf.equal(tf.argmax(pred, 1), tf.argmax(y, 1))
            # Calculate accuracy for test_size (the seed: 3000) examples
            accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
            test_size = p["test_size"]
            acc = accuracy.eval({x: mnist.test.images[:test_size], y: mnist.test.labels[:test_size]})
            if p["verbose"]:
                print("Accuracy:", acc)
            W_final, b_final = sess.run([W, b])

    return {
        "batch_cost": np.array(batch_costs, dtype=np.float32),
        "cost": np.array(epoch_costs),
        "accuracy": np.float32(acc),
        "cost_final": epoch_costs[-1],
        "W_abs_sum": np.abs(W_final.astype(np.float64)).sum(),
        "b": b_final,
        "_train_seconds": train_seconds,
        "_steps": len(batch_costs),
    }


def main(argv=None):
    return cli.main("mnist_softmax_optimizer", "legacy", run, argv)


if __name__ == "__main__":
    main()
