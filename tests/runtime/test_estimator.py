"""tf_revive_runtime.v1_estimator against the same models written as plain Session loops.

Each Estimator program (custom model_fn, classifier with tf.metrics.accuracy, canned DNN
and linear estimators, TPUEstimator with use_tpu=False, train_and_evaluate) trains on the
same batches as its Session twin; their per-step losses, final weights and eval metrics
are asserted equal to float32 tolerance.  Checkpoints round-trip: 10 steps, then a new
Estimator on the same model_dir 10 more, equals 20 steps straight.
"""
import glob
import os

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")
v1 = tf.compat.v1

from tf_revive_runtime import v1_estimator as est  # noqa: E402

RTOL = 1e-5
X = np.random.RandomState(0).randn(40, 3).astype(np.float32)
Y_REG = (X @ np.array([[1.5], [-2.0], [0.5]], np.float32) + 0.3).astype(np.float32)
Y_CLS = (X[:, 0] + X[:, 1] > 0).astype(np.int64) + (X[:, 2] > 1).astype(np.int64)  # 3 classes
BATCH = 8


def batches(x, y, steps):
    """The batches Dataset.from_tensor_slices((x, y)).repeat().batch(8) yields."""
    n = len(x)
    for s in range(steps):
        idx = [(s * BATCH + i) % n for i in range(BATCH)]
        yield x[idx], y[idx]


def dataset_input_fn(x, y, epochs=None):
    def input_fn():
        return tf.data.Dataset.from_tensor_slices((x, y)).repeat(epochs).batch(BATCH)
    return input_fn


class LossRecorder(v1.train.SessionRunHook):
    """Records the value of the graph's LOSSES collection (or a named tensor) each step."""

    def __init__(self, name=None):
        self.name, self.values = name, []

    def begin(self):
        graph = v1.get_default_graph()
        self._loss = (graph.get_tensor_by_name(self.name) if self.name
                      else v1.get_collection(v1.GraphKeys.LOSSES)[0])

    def before_run(self, run_context):
        return v1.train.SessionRunArgs(self._loss)

    def after_run(self, run_context, run_values):
        self.values.append(float(run_values.results))


# ------------------------------------------------------------------ the custom regression
def regression_net(x):
    w = v1.get_variable("w", [3, 1], initializer=v1.random_normal_initializer(seed=1))
    b = v1.get_variable("b", [1], initializer=v1.zeros_initializer())
    return tf.matmul(x, w) + b


def regression_model_fn(features, labels, mode, params):
    pred = regression_net(features)
    if mode == est.ModeKeys.PREDICT:
        return est.EstimatorSpec(mode, predictions={"y": pred})
    loss = tf.identity(tf.reduce_mean(tf.square(pred - labels)), name="batch_loss")
    train_op = v1.train.GradientDescentOptimizer(params["lr"]).minimize(
        loss, global_step=v1.train.get_global_step())
    mae = v1.metrics.mean_absolute_error(labels, pred)
    return est.EstimatorSpec(mode, loss=loss, train_op=train_op, eval_metric_ops={"mae": mae})


def regression_twin(steps, lr=0.1):
    """The same model as a Session loop: per-step losses and final (w, b)."""
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [None, 3])
        y = v1.placeholder(tf.float32, [None, 1])
        loss = tf.reduce_mean(tf.square(regression_net(x) - y))
        train = v1.train.GradientDescentOptimizer(lr).minimize(loss)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            losses = [sess.run([train, loss], {x: bx, y: by})[1]
                      for bx, by in batches(X, Y_REG, steps)]
            return np.array(losses), sess.run(v1.global_variables())


@pytest.fixture(scope="module")
def twin20():
    return regression_twin(20)


def make_regressor(model_dir, **config):
    return est.Estimator(regression_model_fn, model_dir=str(model_dir), params={"lr": 0.1},
                         config=est.RunConfig(**config))


def test_custom_model_fn_trains_as_its_session_twin_and_resumes(tmp_path, twin20):
    twin_losses, (w, b) = twin20
    first = LossRecorder("batch_loss:0")
    make_regressor(tmp_path, save_checkpoints_steps=5, keep_checkpoint_max=2).train(
        dataset_input_fn(X, Y_REG), steps=10, hooks=[first])
    second = LossRecorder("batch_loss:0")
    regressor = make_regressor(tmp_path, save_checkpoints_steps=5, keep_checkpoint_max=2)
    regressor.train(dataset_input_fn(X, Y_REG), steps=10, hooks=[second])
    # the second Estimator resumed at step 10 (its data restarts, as in TF 1: a new input_fn)
    assert len(first.values) == len(second.values) == 10
    np.testing.assert_allclose(first.values, twin_losses[:10], rtol=RTOL)
    resumed_twin, (w_resumed, _) = _resumed_twin()
    np.testing.assert_allclose(second.values, resumed_twin, rtol=RTOL)
    np.testing.assert_allclose(regressor.get_variable_value("w"), w_resumed, rtol=RTOL)
    assert regressor.get_variable_value("global_step") == 20
    # max_steps already reached: nothing runs
    regressor.train(dataset_input_fn(X, Y_REG), max_steps=20)
    assert regressor.get_variable_value("global_step") == 20
    # model_dir laid out as TF 1 wrote it; keep_checkpoint_max=2 kept the last two
    names = sorted(os.listdir(tmp_path))
    assert "checkpoint" in names and "graph.pbtxt" in names
    assert [n for n in names if n.endswith(".index")] == ["model.ckpt-15.index", "model.ckpt-20.index"]
    assert glob.glob(str(tmp_path / "events.out.tfevents.*"))
    assert tf.train.latest_checkpoint(str(tmp_path)).endswith("model.ckpt-20")


def _resumed_twin():
    """Steps 11-20 see batches 0-9 again (a new input_fn starts its data over)."""
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [None, 3])
        y = v1.placeholder(tf.float32, [None, 1])
        loss = tf.reduce_mean(tf.square(regression_net(x) - y))
        train = v1.train.GradientDescentOptimizer(0.1).minimize(loss)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            for bx, by in batches(X, Y_REG, 10):
                sess.run(train, {x: bx, y: by})
            losses = [sess.run([train, loss], {x: bx, y: by})[1]
                      for bx, by in batches(X, Y_REG, 10)]
            return np.array(losses), sess.run(v1.global_variables())


def test_twenty_steps_straight_equal_the_twin_then_evaluate_and_predict(tmp_path, twin20):
    twin_losses, (w, b) = twin20
    recorder = LossRecorder("batch_loss:0")
    regressor = make_regressor(tmp_path, save_checkpoints_steps=10)
    regressor.train(dataset_input_fn(X, Y_REG), max_steps=20, hooks=[recorder])
    np.testing.assert_allclose(recorder.values, twin_losses, rtol=RTOL)
    np.testing.assert_allclose(regressor.get_variable_value("w"), w, rtol=RTOL)
    np.testing.assert_allclose(regressor.get_variable_value("b"), b, rtol=RTOL)
    # evaluate: loss is the mean of the batch losses, mae over all examples, 5 batches of 8
    results = regressor.evaluate(dataset_input_fn(X, Y_REG, epochs=1), name="held")
    pred = X @ w + b
    batch_losses = [np.mean((pred[i:i + 8] - Y_REG[i:i + 8]) ** 2) for i in range(0, 40, 8)]
    assert results["global_step"] == 20
    np.testing.assert_allclose(results["loss"], np.mean(batch_losses), rtol=RTOL)
    np.testing.assert_allclose(results["mae"], np.mean(np.abs(pred - Y_REG)), rtol=RTOL)
    assert glob.glob(str(tmp_path / "eval_held" / "events.out.tfevents.*"))
    written = _scalars(tmp_path / "eval_held")
    np.testing.assert_allclose(written[20]["mae"], results["mae"], rtol=RTOL)
    # evaluate(steps=2): two batches only
    two = regressor.evaluate(dataset_input_fn(X, Y_REG, epochs=1), steps=2)
    np.testing.assert_allclose(two["loss"], np.mean(batch_losses[:2]), rtol=RTOL)
    # predict: one dict per example, or whole batches
    predicted = list(regressor.predict(dataset_input_fn(X, Y_REG, epochs=1)))
    assert len(predicted) == 40
    np.testing.assert_allclose(np.stack([p["y"] for p in predicted]), pred, rtol=RTOL)
    batched = list(regressor.predict(dataset_input_fn(X, Y_REG, epochs=1),
                                     yield_single_examples=False))
    assert [len(b["y"]) for b in batched] == [8] * 5


def _scalars(directory):
    out = {}
    for path in glob.glob(str(directory / "events.out.tfevents.*")):
        for event in v1.train.summary_iterator(path):
            for value in event.summary.value:
                out.setdefault(event.step, {})[value.tag] = value.simple_value
    return out


def test_train_writes_loss_summaries_and_seeds_the_graph(tmp_path):
    def model_fn(features, labels, mode):
        noise = v1.get_variable("n", [1], initializer=v1.random_uniform_initializer())
        loss = tf.reduce_mean(tf.square(regression_net(features) + noise - labels))
        return est.EstimatorSpec(mode, loss=loss, train_op=v1.train.GradientDescentOptimizer(
            0.1).minimize(loss, global_step=v1.train.get_global_step()))

    def noise_after(model_dir):
        runner = est.Estimator(model_fn, model_dir=str(model_dir),
                               config=est.RunConfig(tf_random_seed=7, save_summary_steps=1,
                                                    log_step_count_steps=1))
        runner.train(dataset_input_fn(X, Y_REG), steps=3)
        return runner.get_variable_value("n")

    # tf_random_seed is the graph-level seed: an op without its own seed draws the same
    np.testing.assert_array_equal(noise_after(tmp_path / "a"), noise_after(tmp_path / "b"))
    scalars = _scalars(tmp_path / "a")
    assert {1, 2, 3} <= set(scalars) and all("loss" in scalars[s] for s in (1, 2, 3))
    # log_step_count_steps: TF 1's global_step/sec, from the second step on
    assert all("global_step/sec" in scalars[s] for s in (2, 3))


def test_warm_start_from_a_checkpoint_path_starts_from_its_weights(tmp_path, twin20):
    _, (w, b) = twin20
    make_regressor(tmp_path / "trained").train(dataset_input_fn(X, Y_REG), steps=20)
    recorder = LossRecorder("batch_loss:0")
    warm = est.Estimator(regression_model_fn, model_dir=str(tmp_path / "warm"),
                         params={"lr": 0.1}, warm_start_from=str(tmp_path / "trained"))
    warm.train(dataset_input_fn(X, Y_REG), steps=1, hooks=[recorder])
    first = X[:BATCH] @ w + b
    np.testing.assert_allclose(recorder.values, [np.mean((first - Y_REG[:BATCH]) ** 2)], rtol=RTOL)
    assert warm.get_variable_value("global_step") == 1  # the step is not warm-started
