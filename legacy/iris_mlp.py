"""Iris with a 4-16-3 ReLU/softmax network, full batch: the Session-based twin of seed 004.

The seed (004) is TF 2 eager code; its original, kept close, is modern/iris_mlp.py. This
is how the same program reads in TF1 style: placeholders X/Y fed with the train or the
test set, the same W1/B1/W2/B2 (W from np.random.randn after np.random.seed(seed); the
seed used 612: `--seed 612`), `tf.gradients` and `assign_sub` for the update, and per
iteration two Session runs: the test metrics, then the train metrics together with the
update (both recorded before the update, for iterations 0..iterations, as the seed did).

The four assign_subs wait (control dependencies) for all gradients and metrics: TF1
variables are reference variables here, read in place, and the backward pass reads W2
(for W1's gradient) with no data dependency on W2's update, which could otherwise run
first. The loss is Keras' categorical cross-entropy formula written out with tf ops,
the same function as in modern/iris_mlp.py (there: why not tf.keras.losses).
"""
import random
import time

import numpy as np
import tensorflow.compat.v1 as tf

from seed_data import iris
from twins import cli
from twins.programs import hyperparameters

tf.disable_v2_behavior()


def categorical_crossentropy(y_true, y_pred, epsilon=1e-7):
    """Keras 3's categorical_crossentropy on probabilities (from_logits=False), as it runs eagerly.

    keras.src.backend.tensorflow.nn.categorical_crossentropy: normalise each row to sum
    to 1, clip to [epsilon, 1 - epsilon] (keras.config.epsilon() is 1e-7), -sum(y log p).
    """
    y_pred = y_pred / tf.reduce_sum(y_pred, axis=-1, keepdims=True)
    y_pred = tf.clip_by_value(y_pred, epsilon, 1.0 - epsilon)
    return -tf.reduce_sum(y_true * tf.math.log(y_pred), axis=-1)


def run(seed=0, **overrides):
    p = hyperparameters("iris_mlp", overrides)
    np.random.seed(seed)
    random.seed(seed)

    # the iris data set (the seed: tf.keras.utils.get_file + pandas.read_csv(header=0))
    data = iris.load(p["data_dir"])
    if p["verbose"]:
        print("iris:", data.source)
    x_train, y_train, x_test, y_test = data.x_train, data.y_train, data.x_test, data.y_test
    # centre (each set on its own mean, as the seed did)
    x_train = x_train - np.mean(x_train, axis=0)
    x_test = x_test - np.mean(x_test, axis=0)
    # one-hot labels, fed to Y
    Y_train = np.eye(3)[y_train.astype(int)]
    Y_test = np.eye(3)[y_test.astype(int)]

    # hyperparameters and display interval
    learn_rate = p["learning_rate"]
    iter = p["iterations"]
    display_step = p["display_step"]

    graph = tf.Graph()
    with graph.as_default():
        tf.set_random_seed(seed)

        X = tf.placeholder(tf.float32, [None, 4])
        Y = tf.placeholder(tf.float32, [None, 3])

        # initial parameters
        W1 = tf.Variable(np.random.randn(4, 16), dtype=tf.float32)
        B1 = tf.Variable(np.zeros([16]), dtype=tf.float32)
        W2 = tf.Variable(np.random.randn(16, 3), dtype=tf.float32)  # hidden layer weights and bias
        B2 = tf.Variable(np.zeros([3]), dtype=tf.float32)

        Hidden = tf.nn.relu(tf.matmul(X, W1) + B1)
        PRED = tf.nn.softmax(tf.matmul(Hidden, W2) + B2)
        Loss = tf.reduce_mean(categorical_crossentropy(y_true=Y, y_pred=PRED))
        Accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(PRED, axis=1), tf.argmax(Y, axis=1)), tf.float32))

        grads = tf.gradients(Loss, [W1, B1, W2, B2])
        with tf.control_dependencies(grads + [Loss, Accuracy]):
            train = tf.group(
                W1.assign_sub(learn_rate * grads[0]),
                B1.assign_sub(learn_rate * grads[1]),
                W2.assign_sub(learn_rate * grads[2]),
                B2.assign_sub(learn_rate * grads[3]),
            )

        with tf.Session(graph=graph) as sess:
            sess.run(tf.global_variables_initializer())

            # train
            acc_train = []  # training accuracy
            acc_test = []
            cce_train = []  # training cross-entropy
            cce_test = []
            start = time.perf_counter()
            for i in range(0, iter + 1):
                Loss_test, Accuracy_test = sess.run([Loss, Accuracy], feed_dict={X: x_test, Y: Y_test})
                Loss_train, Accuracy_train, _ = sess.run([Loss, Accuracy, train], feed_dict={X: x_train, Y: Y_train})
                acc_train.append(Accuracy_train)
                acc_test.append(Accuracy_test)
                cce_train.append(Loss_train)
                cce_test.append(Loss_test)
                if p["verbose"] and i % display_step == 0:
                    print("i:%i, TrainAcc:%f,TrainLoss:%f, TestAcc:%f,TestLoss:%f"
                          % (i, Accuracy_train, Loss_train, Accuracy_test, Loss_test))
            train_seconds = time.perf_counter() - start
            W1_final, W2_final = sess.run([W1, W2])

    return {
        "train_loss": np.array(cce_train),
        "test_loss": np.array(cce_test),
        "train_acc": np.array(acc_train),
        "test_acc": np.array(acc_test),
        "train_loss_final": np.float32(cce_train[-1]),
        "test_loss_final": np.float32(cce_test[-1]),
        "train_acc_final": np.float32(acc_train[-1]),
        "test_acc_final": np.float32(acc_test[-1]),
        "W1_abs_sum": np.abs(W1_final.astype(np.float64)).sum(),
        "W2_abs_sum": np.abs(W2_final.astype(np.float64)).sum(),
        "_train_seconds": train_seconds,
        "_steps": iter + 1,
    }


def main(argv=None):
    return cli.main("iris_mlp", "legacy", run, argv)


if __name__ == "__main__":
    main()
