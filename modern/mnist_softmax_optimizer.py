"""Softmax regression on MNIST with an optimizer: the TF 2 eager twin of legacy/mnist_softmax_optimizer.

Same model, loss and batches as the seed (003): W and b zeros, pred = softmax(xW + b),
the mean cross-entropy, plain gradient descent at learning_rate. The placeholders and
Session are gone: the variables are tf.Variables, one training step is a tf.function
(GradientTape + tf.keras.optimizers.SGD, which subtracts learning_rate * gradient just
as GradientDescentOptimizer did). The batches come from the same tf_revive_runtime.input_data
next_batch under the same numpy seed as the legacy twin (modern/mnist_training.py).
"""
import tensorflow as tf

from modern import mnist_training
from twins import cli


def run(seed=0, **overrides):
    p, mnist = mnist_training.prepare("mnist_softmax_optimizer", seed, overrides)
    learning_rate = p["learning_rate"]

    W = tf.Variable(tf.zeros([784, 10]))
    b = tf.Variable(tf.zeros([10]))
    optimizer = tf.keras.optimizers.SGD(learning_rate)
    optimizer.build([W, b])  # its state exists before the timed loop, as the legacy graph does

    def model(x):
        return tf.nn.softmax(tf.matmul(x, W) + b)

    @tf.function(input_signature=mnist_training.batch_signature(p["batch_size"]))
    def train_step(x, y):
        with tf.GradientTape() as tape:
            cost = mnist_training.cross_entropy(y, model(x))
        grads = tape.gradient(cost, [W, b])
        optimizer.apply_gradients(zip(grads, [W, b]))
        return cost

    history = mnist_training.train(p, mnist, train_step)
    return mnist_training.results(p, mnist, model, W, b, *history)


def main(argv=None):
    return cli.main("mnist_softmax_optimizer", "modern", run, argv)


if __name__ == "__main__":
    main()
