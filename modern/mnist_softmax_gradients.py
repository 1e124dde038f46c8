"""Softmax regression on MNIST with explicit gradients: the TF 2 eager twin of legacy/mnist_softmax_gradients.

Same model, loss and batches as the seed (003, second program). tf.gradients becomes a
GradientTape, `W.assign(W - learning_rate * grad_W)` stays as it was (now executed in
order inside the step, no Session.run); the epoch loop is modern/mnist_training.py.
"""
import tensorflow as tf

from modern import mnist_training
from twins import cli


def run(seed=0, **overrides):
    p, mnist = mnist_training.prepare("mnist_softmax_gradients", seed, overrides)
    learning_rate = p["learning_rate"]

    W = tf.Variable(tf.zeros([784, 10]))
    b = tf.Variable(tf.zeros([10]))

    def model(x):
        return tf.nn.softmax(tf.matmul(x, W) + b)

    @tf.function(input_signature=mnist_training.batch_signature(p["batch_size"]))
    def train_step(x, y):
        with tf.GradientTape() as tape:
            cost = mnist_training.cross_entropy(y, model(x))
        grad_W, grad_b = tape.gradient(cost, [W, b])
        W.assign(W - learning_rate * grad_W)
        b.assign(b - learning_rate * grad_b)
        return cost

    history = mnist_training.train(p, mnist, train_step)
    return mnist_training.results(p, mnist, model, W, b, *history)


def main(argv=None):
    return cli.main("mnist_softmax_gradients", "modern", run, argv)


if __name__ == "__main__":
    main()
