"""tf.contrib.eager, TF 1.5-1.7's early eager API (issue 19 item 4): its functions in
tf_revive_runtime/contrib_eager.py give the gradients of a hand-written GradientTape, and
TF 1.5-style eager scripts (tests/fixtures/contrib_eager), converted by `migrate run`, print
the losses of the same models written by hand in TF 2."""
import sys
from pathlib import Path

import numpy as np
import pytest
import tensorflow as tf

from migrate.engine import migrate_source
from tests import tf_worker
from tf_revive_runtime import contrib_eager as tfe

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "contrib_eager"


def _loss_and_variables():
    w = tf.Variable([1.5, -0.5])
    b = tf.Variable(0.25)
    frozen = tf.Variable(2.0, trainable=False)
    x = tf.constant([[1.0, 2.0], [3.0, -1.0], [0.5, 0.5]])
    y = tf.constant([1.0, 0.0, 2.0])

    def loss(x, y):
        return tf.reduce_mean(tf.square(tf.linalg.matvec(x, w) * frozen + b - y))

    return loss, (w, b), x, y


def test_implicit_gradients_equal_a_hand_written_tape():
    loss, (w, b), x, y = _loss_and_variables()
    with tf.GradientTape() as tape:
        expected_value = loss(x, y)
    expected = tape.gradient(expected_value, [w, b])
    pairs = tfe.implicit_gradients(loss)(x, y)
    assert [v is var for (_, v), var in zip(pairs, (w, b))] == [True, True]  # trainable only
    for (grad, _), want in zip(pairs, expected):
        np.testing.assert_array_equal(grad.numpy(), want.numpy())
    value, pairs = tfe.implicit_value_and_gradients(loss)(x, y)
    assert float(value) == float(expected_value)
    np.testing.assert_array_equal(pairs[0][0].numpy(), expected[0].numpy())


def test_implicit_gradients_refuse_what_contrib_eager_refused():
    with pytest.raises(ValueError, match="No trainable variables"):
        tfe.implicit_gradients(lambda x: x * 2.0)(tf.constant(1.0))
    with pytest.raises(ValueError, match="returns None"):
        tfe.implicit_gradients(lambda: None)()


def test_gradients_function_differentiates_the_arguments():
    def f(a, k):
        return k * a * a * a

    assert [float(g) for g in tfe.gradients_function(f)(2.0, 3.0)] == [36.0, 8.0]
    assert [float(g) for g in tfe.gradients_function(f, params=["k"])(2.0, 3.0)] == [8.0]
    value, grads = tfe.value_and_gradients_function(f, params=[0])(2.0, 3.0)
    assert float(value) == 24.0 and [float(g) for g in grads] == [36.0]


def test_network_tracks_its_layers_and_saver_round_trips(tmp_path):
    import tf_keras

    class Net(tfe.Network):
        def __init__(self):
            super().__init__()
            self.a = self.track_layer(tf_keras.layers.Dense(2))

        def call(self, x):
            return self.a(x)

    net = Net()
    out = net(tf.ones([1, 3]))
    assert out.shape == (1, 2) and len(net.trainable_variables) == 2
    saver = tfe.Saver(net.variables)
    path = saver.save(str(tmp_path / "ckpt"), global_step=1)
    kept = [v.numpy() for v in net.variables]
    for v in net.variables:
        v.assign(tf.zeros_like(v))
    saver.restore(path)
    for v, k in zip(net.variables, kept):
        np.testing.assert_array_equal(v.numpy(), k)


def test_the_plain_renames_are_written_as_tf2_names_and_no_graph_mode():
    source = (FIXTURES / "network_mlp.py").read_text()
    code = migrate_source(source).code
    assert "disable_v2_behavior" not in code  # written for eager, runs eager
    assert "tf_keras.metrics.Mean()" in code and "tfe.Saver(" in code
    code = migrate_source((FIXTURES / "linear_implicit_gradients.py").read_text()).code
    assert "W = tf.Variable(5.0" in code and "disable_v2_behavior" not in code


def _run(script: str, *args: str) -> str:
    result = tf_worker.run([sys.executable, "-m", "migrate", "run", str(FIXTURES / script), *args],
                           capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def _losses(stdout: str) -> list[float]:
    return [float(line.split()[2]) for line in stdout.splitlines() if line.startswith("loss ")]


def _line(stdout: str, head: str) -> list[float]:
    line = next(line for line in stdout.splitlines() if line.startswith(head + " "))
    return [float(word) for word in line.split()[1:] if word not in ("b", "c")]


def test_linear_regression_with_implicit_gradients_equals_its_tf2_twin():
    out = _run("linear_implicit_gradients.py")
    xs = np.linspace(-1.0, 1.0, 50).astype(np.float32)
    ys = (3.0 * xs + 2.0 + 0.1 * np.sin(7.0 * xs)).astype(np.float32)
    w, b = tf.Variable(5.0), tf.Variable(0.0)
    losses = []
    for _ in range(40):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(w * xs + b - ys))
        gw, gb = tape.gradient(loss, [w, b])
        w.assign_sub(0.1 * gw)
        b.assign_sub(0.1 * gb)
        losses.append(float(loss))
    assert len(_losses(out)) == 40
    np.testing.assert_allclose(_losses(out), losses, rtol=1e-6)
    np.testing.assert_allclose(_line(out, "W"), [float(w), float(b)], rtol=1e-6)


def test_network_mlp_equals_its_tf2_twin(tmp_path):
    out = _run("network_mlp.py", str(tmp_path))
    rng = np.random.RandomState(0)
    x = rng.randn(64, 3).astype(np.float32)
    y = (np.sin(x[:, :1]) + 0.5 * x[:, 1:2] * x[:, 2:3]).astype(np.float32)
    w1 = tf.Variable((0.5 * rng.randn(3, 8)).astype(np.float32))
    w2 = tf.Variable((0.5 * rng.randn(8, 1)).astype(np.float32))
    b1, b2 = tf.Variable(tf.zeros([8])), tf.Variable(tf.zeros([1]))
    losses = []
    for _ in range(30):
        with tf.GradientTape() as tape:
            hidden = tf.tanh(tf.nn.bias_add(tf.matmul(x, w1), b1))
            loss = tf.reduce_mean(tf.square(tf.nn.bias_add(tf.matmul(hidden, w2), b2) - y))
        for var, grad in zip((w1, b1, w2, b2), tape.gradient(loss, [w1, b1, w2, b2])):
            var.assign_sub(0.2 * grad)
        losses.append(float(loss))
    assert len(_losses(out)) == 30
    np.testing.assert_allclose(_losses(out), losses, rtol=1e-5)
    np.testing.assert_allclose(_line(out, "mean"), [np.mean(losses)], rtol=1e-5)
    assert _line(out, "variables") == [4.0]
    before, after = _line(out, "restored")
    assert before == after and (tmp_path / "ckpt-30.index").exists()


def test_iterator_loop_and_gradients_function_equal_their_tf2_twin():
    out = _run("iterator_loop.py")
    assert _line(out, "dcube") == [36.0] and _line(out, "cube") == [24.0, 36.0, 8.0]
    xs = np.linspace(0.0, 2.0, 40).astype(np.float32)
    ys = (0.5 * xs - 1.0).astype(np.float32)
    w, c = tf.Variable(0.0), tf.Variable(0.0)
    losses = []
    for _ in range(3):
        for start in range(0, 40, 8):
            x, y = xs[start:start + 8], ys[start:start + 8]
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean(tf.square(w * x + c - y))
            gw, gc = tape.gradient(loss, [w, c])
            w.assign_sub(0.3 * gw)
            c.assign_sub(0.3 * gc)
            losses.append(float(tf.reduce_mean(tf.square(w * x + c - y))))
    assert len(_losses(out)) == 15
    np.testing.assert_allclose(_losses(out), losses, rtol=1e-6)
    np.testing.assert_allclose(_line(out, "w"), [float(w), float(c)], rtol=1e-6)
