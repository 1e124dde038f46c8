"""Softmax regression on MNIST with the seed's gradient formula: the TF 2 eager twin of legacy/mnist_softmax_formula.

The seed's formula (003, third program), kept as it was written, quirks included (see
legacy/mnist_softmax_formula.py): no bias in the model, W's "gradient" is the batch SUM
(100x the mean cost's gradient, hence the 100x effective step and the seed's 0.898),
b's is a mean over the 784 pixel rows and b is updated but never used. No tape is
needed: the step computes the formula and assigns; the epoch loop is
modern/mnist_training.py.
"""
import tensorflow as tf

from modern import mnist_training
from twins import cli


def run(seed=0, **overrides):
    p, mnist = mnist_training.prepare("mnist_softmax_formula", seed, overrides)
    learning_rate = p["learning_rate"]

    W = tf.Variable(tf.zeros([784, 10]))
    b = tf.Variable(tf.zeros([10]))

    def model(x):
        return tf.nn.softmax(tf.matmul(x, W))  # no b, as in the seed

    @tf.function(input_signature=mnist_training.batch_signature(p["batch_size"]))
    def train_step(x, y):
        pred = model(x)
        cost = mnist_training.cross_entropy(y, pred)
        # batch SUM for W (100x the mean cost's gradient); mean over pixel rows for b (unused)
        W_grad = -tf.matmul(tf.transpose(x), y - pred)
        b_grad = -tf.reduce_mean(tf.matmul(tf.transpose(x), y - pred), axis=0)
        W.assign(W - learning_rate * W_grad)
        b.assign(b - learning_rate * b_grad)
        return cost

    history = mnist_training.train(p, mnist, train_step)
    return mnist_training.results(p, mnist, model, W, b, *history)


def main(argv=None):
    return cli.main("mnist_softmax_formula", "modern", run, argv)


if __name__ == "__main__":
    main()
