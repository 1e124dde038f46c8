"""``python -m tools.adam_rounding``: how far tf.compat.v1.train.AdamOptimizer and the Keras
Adam `migrate --to eager` writes for it (migrate/tables/optimizers.py: the TF 1 values as
the script gives them, renamed) part when they train the same model side by side, eagerly,
from the same start on the same batches: the largest relative gap of the loss in ranges
of steps, and of the final weights. The measurement behind verify's rounding tolerance
(docs/eager.md, "Equal up to rounding"). Needs TensorFlow; about a minute.
"""
from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

RANGES = [(0, 1), (1, 3), (3, 10), (10, 100), (100, 300), (300, 1000), (1000, 2000)]
CONFIGS = [{"learning_rate": 0.05}, {"learning_rate": 0.01, "beta1": 0.8, "beta2": 0.99, "epsilon": 1e-6},
           {"learning_rate": 0.001}]


def _logistic(np, tf):
    X = np.random.randn(100, 3).astype(np.float32)
    Y = ((X @ np.array([1.5, -2.0, 0.5]) + 0.3) > 0).astype(np.float32).reshape(-1, 1)
    w, b = tf.Variable(tf.zeros([3, 1])), tf.Variable(tf.zeros([1]))
    return X, Y, [w, b], lambda x, y: tf.reduce_mean(
        tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=x @ w + b))


def _mlp(np, tf):
    X = np.random.randn(512, 10).astype(np.float32)
    Y = np.sin(X[:, :2].sum(1, keepdims=True)).astype(np.float32)
    w1 = tf.Variable(tf.random.stateless_normal([10, 32], [1, 2]) * 0.3)
    w2 = tf.Variable(tf.random.stateless_normal([32, 1], [3, 4]) * 0.3)
    b1, b2 = tf.Variable(tf.zeros([32])), tf.Variable(tf.zeros([1]))
    return X, Y, [w1, b1, w2, b2], lambda x, y: tf.reduce_mean(tf.square(tf.nn.relu(x @ w1 + b1) @ w2 + b2 - y))


def train(make_optimizer, model, steps, batch):
    import numpy as np
    import tensorflow as tf

    np.random.seed(0)
    X, Y, params, loss_of = model(np, tf)
    optimizer = make_optimizer()

    @tf.function
    def step(x, y):
        with tf.GradientTape() as tape:
            loss = loss_of(x, y)
        optimizer.apply_gradients(zip(tape.gradient(loss, params), params))
        return loss

    rng = np.random.RandomState(1)
    losses = []
    for _ in range(steps):
        idx = rng.randint(0, len(X), batch) if batch else slice(None)
        losses.append(step(X[idx], Y[idx]).numpy())
    return np.array(losses), [p.numpy() for p in params]


def main() -> int:
    import numpy as np
    import tensorflow as tf

    from migrate.tables.optimizers import EQUIVALENCE, keras_arguments

    row = EQUIVALENCE["AdamOptimizer"]
    for name, model, steps, batch in [("logistic, full batch", _logistic, 1000, None),
                                      ("ReLU MLP, minibatches of 32", _mlp, 2000, 32),
                                      ("ReLU MLP, full batch", _mlp, 1000, None)]:
        for tf1_args in CONFIGS:
            keras_args = keras_arguments(row, tf1_args)
            a, wa = train(lambda args=tf1_args: tf.compat.v1.train.AdamOptimizer(**args), model, steps, batch)
            b, wb = train(lambda args=keras_args: tf.keras.optimizers.Adam(**args), model, steps, batch)
            rel = np.abs(a - b) / np.maximum(np.abs(a), 1e-30)
            gaps = " ".join(f"[{lo},{hi}) {rel[lo:hi].max():.1e}" for lo, hi in RANGES if lo < len(rel))
            weights = max(float(np.abs(x - y).max() / np.abs(x).max()) for x, y in zip(wa, wb))
            print(f"{name}, {tf1_args}: loss {gaps}; final weights {weights:.1e}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
