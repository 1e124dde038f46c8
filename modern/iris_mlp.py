"""Iris with a 4-16-3 ReLU/softmax network, full batch: seed 004, whose original is eager.

This is the seed, kept close: the same data preparation (features centred on each set's
own mean, one-hot labels), W1/W2 from np.random.randn after np.random.seed(seed) (the
seed used 612: `--seed 612`), B1/B2 zeros, train and test loss and accuracy recorded for
iterations 0..iterations before each update, the update W -= learning_rate * gradient.
What changed:
  - the data come from seed_data.iris (the seed's pandas code path; see there for the
    seed's bug of saving the test file under the training file's name);
  - one iteration is a tf.function (traced once) instead of eager code;
  - the loss is Keras' categorical cross-entropy formula written out with tf ops (the
    same function is in legacy/iris_mlp.py). tf.keras.losses.categorical_crossentropy
    is NOT used because Keras 3 computes a different thing depending on the mode: on
    eager tensors (the seed) it normalises, clips to [1e-7, 1 - 1e-7] and takes
    -sum(y * log(p)); on graph tensors (a tf.function, or a tf.compat.v1 graph, where it
    does run) it sees that its input came from a Softmax op and switches to
    softmax_cross_entropy_with_logits on the softmax's input, without the clipping.
    Written out, it is the seed's eager formula on both sides;
  - accuracy compares argmax with the integer labels (the seed went through .numpy()).
"""
import random
import time

import numpy as np
import tensorflow as tf

from seed_data import iris
from twins import cli
from twins.programs import hyperparameters


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
    tf.random.set_seed(seed)

    # the iris data set (the seed: tf.keras.utils.get_file + pandas.read_csv(header=0))
    data = iris.load(p["data_dir"])
    if p["verbose"]:
        print("iris:", data.source)
    x_train, y_train, x_test, y_test = data.x_train, data.y_train, data.x_test, data.y_test
    # centre (each set on its own mean, as the seed did)
    x_train = x_train - np.mean(x_train, axis=0)
    x_test = x_test - np.mean(x_test, axis=0)
    # float32 features, one-hot labels
    X_train = tf.cast(x_train, tf.float32)
    Y_train = tf.one_hot(tf.constant(y_train, dtype=tf.int32), 3)
    X_test = tf.cast(x_test, tf.float32)
    Y_test = tf.one_hot(tf.constant(y_test, dtype=tf.int32), 3)
    labels_train = tf.constant(y_train, dtype=tf.int64)
    labels_test = tf.constant(y_test, dtype=tf.int64)

    # hyperparameters and display interval
    learn_rate = p["learning_rate"]
    iter = p["iterations"]
    display_step = p["display_step"]

    # initial parameters (the seed: np.random.seed(612) just before these lines)
    W1 = tf.Variable(np.random.randn(4, 16), dtype=tf.float32)
    B1 = tf.Variable(np.zeros([16]), dtype=tf.float32)
    W2 = tf.Variable(np.random.randn(16, 3), dtype=tf.float32)  # hidden layer weights and bias
    B2 = tf.Variable(np.zeros([3]), dtype=tf.float32)

    @tf.function
    def iteration():
        """The seed's loop body: metrics of the current parameters, then one update."""
        with tf.GradientTape() as tape:
            Hidden_train = tf.nn.relu(tf.matmul(X_train, W1) + B1)
            PRED_train = tf.nn.softmax(tf.matmul(Hidden_train, W2) + B2)
            Loss_train = tf.reduce_mean(categorical_crossentropy(y_true=Y_train, y_pred=PRED_train))
        Hidden_test = tf.nn.relu(tf.matmul(X_test, W1) + B1)
        PRED_test = tf.nn.softmax(tf.matmul(Hidden_test, W2) + B2)
        Loss_test = tf.reduce_mean(categorical_crossentropy(y_true=Y_test, y_pred=PRED_test))
        Accuracy_train = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(PRED_train, axis=1), labels_train), tf.float32))
        Accuracy_test = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(PRED_test, axis=1), labels_test), tf.float32))
        grads = tape.gradient(Loss_train, [W1, B1, W2, B2])
        W1.assign_sub(learn_rate * grads[0])
        B1.assign_sub(learn_rate * grads[1])
        W2.assign_sub(learn_rate * grads[2])
        B2.assign_sub(learn_rate * grads[3])
        return Accuracy_train, Loss_train, Accuracy_test, Loss_test

    # trace once, now, as the legacy twin builds its graph before its loop; calling the concrete
    # function skips tf.function's per-call argument matching (Python overhead)
    iteration = iteration.get_concrete_function()

    # train
    acc_train = []  # training accuracy
    acc_test = []
    cce_train = []  # training cross-entropy
    cce_test = []
    start = time.perf_counter()
    for i in range(0, iter + 1):
        Accuracy_train, Loss_train, Accuracy_test, Loss_test = (t.numpy() for t in iteration())
        acc_train.append(Accuracy_train)
        acc_test.append(Accuracy_test)
        cce_train.append(Loss_train)
        cce_test.append(Loss_test)
        if p["verbose"] and i % display_step == 0:
            print("i:%i, TrainAcc:%f,TrainLoss:%f, TestAcc:%f,TestLoss:%f"
                  % (i, Accuracy_train, Loss_train, Accuracy_test, Loss_test))
    train_seconds = time.perf_counter() - start

    return {
        "train_loss": np.array(cce_train),
        "test_loss": np.array(cce_test),
        "train_acc": np.array(acc_train),
        "test_acc": np.array(acc_test),
        "train_loss_final": np.float32(cce_train[-1]),
        "test_loss_final": np.float32(cce_test[-1]),
        "train_acc_final": np.float32(acc_train[-1]),
        "test_acc_final": np.float32(acc_test[-1]),
        "W1_abs_sum": np.abs(W1.numpy().astype(np.float64)).sum(),
        "W2_abs_sum": np.abs(W2.numpy().astype(np.float64)).sum(),
        "_train_seconds": train_seconds,
        "_steps": iter + 1,
    }


def main(argv=None):
    return cli.main("iris_mlp", "modern", run, argv)


if __name__ == "__main__":
    main()
