"""tf_revive_runtime.v1_estimator's canned estimators, TPUEstimator(use_tpu=False),
train_and_evaluate and a classifier with tf.metrics.accuracy, each against its Session
twin (same batches, same initial weights): losses and metrics equal to float32 tolerance."""
import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")
v1 = tf.compat.v1

from tf_revive_runtime import v1_estimator as est  # noqa: E402
from tests.runtime.test_estimator import (  # noqa: E402
    BATCH, RTOL, Y_CLS, Y_REG, X, LossRecorder, batches, dataset_input_fn,
)


def session_loop(build, data, steps, init=None):
    """Train `build(x, y) -> (loss, train_op, fetches)` on `data`'s batches in a Session."""
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [None, data[0].shape[1]])
        y = v1.placeholder(data[1].dtype, [None] + list(data[1].shape[1:]))
        loss, train, evaluate = build(x, y)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            for var in v1.trainable_variables():
                if init is not None:
                    var.load(init[var.op.name], sess)
            losses = [sess.run([train, loss], {x: bx, y: by})[1]
                      for bx, by in batches(*data, steps)]
            return np.array(losses), sess.run(evaluate, {x: data[0], y: data[1]})


# ------------------------------------------------------------------ classifier, tf.metrics.accuracy
def softmax_net(x):
    w = v1.get_variable("w", [3, 3], initializer=v1.truncated_normal_initializer(seed=3))
    return tf.matmul(x, w) + v1.get_variable("b", [3], initializer=v1.zeros_initializer())


def test_classifier_with_tf_metrics_accuracy_equals_its_twin(tmp_path):
    def model_fn(features, labels, mode):
        logits = softmax_net(features)
        loss = v1.losses.sparse_softmax_cross_entropy(labels, logits)
        train_op = v1.train.AdamOptimizer(0.05).minimize(loss, global_step=v1.train.get_global_step())
        accuracy = v1.metrics.accuracy(labels, tf.argmax(logits, 1))
        return est.EstimatorSpec(mode, loss=loss, train_op=train_op,
                                 eval_metric_ops={"accuracy": accuracy})

    def build(x, y):
        logits = softmax_net(x)
        loss = v1.losses.sparse_softmax_cross_entropy(y, logits)
        accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), y), tf.float32))
        return loss, v1.train.AdamOptimizer(0.05).minimize(loss), accuracy

    twin_losses, twin_accuracy = session_loop(build, (X, Y_CLS), 30)
    recorder = LossRecorder()
    classifier = est.Estimator(model_fn, model_dir=str(tmp_path))
    classifier.train(dataset_input_fn(X, Y_CLS), steps=30, hooks=[recorder])
    np.testing.assert_allclose(recorder.values, twin_losses, rtol=RTOL)
    results = classifier.evaluate(dataset_input_fn(X, Y_CLS, epochs=1))
    np.testing.assert_allclose(results["accuracy"], twin_accuracy, rtol=RTOL)
    assert 0.5 < twin_accuracy < 1.0


# ------------------------------------------------------------------ canned DNNClassifier
def dnn_twin_build(init_names):
    def build(x, y):
        net = x
        for i in range(2):
            net = tf.nn.relu(tf.matmul(net, v1.get_variable(f"dnn/hiddenlayer_{i}/kernel", init_names[f"dnn/hiddenlayer_{i}/kernel"].shape))
                             + v1.get_variable(f"dnn/hiddenlayer_{i}/bias", init_names[f"dnn/hiddenlayer_{i}/bias"].shape))
        logits = tf.matmul(net, v1.get_variable("dnn/logits/kernel", init_names["dnn/logits/kernel"].shape)) \
            + v1.get_variable("dnn/logits/bias", [1])
        labels = tf.cast(tf.reshape(y, [-1, 1]), tf.float32)
        per_example = tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits)
        loss = tf.reduce_sum(per_example)  # TF 1's canned heads: SUM over the batch
        train = v1.train.AdagradOptimizer(0.05).minimize(loss)
        accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.cast(logits > 0, tf.float32), labels), tf.float32))
        return loss, train, {"accuracy": accuracy, "average_loss": tf.reduce_mean(per_example)}
    return build


def test_canned_dnn_classifier_equals_its_twin_from_the_same_initial_weights(tmp_path):
    y = (Y_CLS > 0).astype(np.int64)
    columns = [v1.feature_column.numeric_column("x", shape=[3])]
    classifier = est.DNNClassifier(hidden_units=[5, 4], feature_columns=columns,
                                   model_dir=str(tmp_path), config=est.RunConfig(tf_random_seed=1))
    recorder = LossRecorder()
    classifier.train(lambda: tf.data.Dataset.from_tensor_slices(({"x": X}, y)).repeat().batch(BATCH),
                     steps=25, hooks=[recorder])
    # the initial weights: the checkpoint TF 1's CheckpointSaverHook writes at step 0
    initial = {name: tf.train.load_variable(str(tmp_path / "model.ckpt-0"), name)
               for name, _ in tf.train.list_variables(str(tmp_path / "model.ckpt-0"))
               if name.startswith("dnn/") and "Adagrad" not in name}
    assert sorted(initial) == ["dnn/hiddenlayer_0/bias", "dnn/hiddenlayer_0/kernel",
                               "dnn/hiddenlayer_1/bias", "dnn/hiddenlayer_1/kernel",
                               "dnn/logits/bias", "dnn/logits/kernel"]
    twin_losses, twin_metrics = session_loop(dnn_twin_build(initial), (X, y), 25, init=initial)
    np.testing.assert_allclose(recorder.values, twin_losses, rtol=RTOL)
    results = classifier.evaluate(
        lambda: tf.data.Dataset.from_tensor_slices(({"x": X}, y)).batch(40))
    np.testing.assert_allclose(results["accuracy"], twin_metrics["accuracy"], rtol=RTOL)
    np.testing.assert_allclose(results["average_loss"], twin_metrics["average_loss"], rtol=RTOL)
    np.testing.assert_allclose(results["loss"], twin_metrics["average_loss"] * 40, rtol=RTOL)
    predicted = list(classifier.predict(
        lambda: tf.data.Dataset.from_tensor_slices({"x": X}).batch(40)))
    assert predicted[0].keys() >= {"logits", "probabilities", "class_ids", "classes"}
    np.testing.assert_allclose(np.mean([p["class_ids"][0] == t for p, t in zip(predicted, y)]),
                               twin_metrics["accuracy"], rtol=RTOL)


# ------------------------------------------------------------------ canned LinearRegressor
def test_canned_linear_regressor_with_numpy_input_fn_equals_its_twin(tmp_path):
    columns = [v1.feature_column.numeric_column("a"), v1.feature_column.numeric_column("b"),
               v1.feature_column.numeric_column("c")]
    features = {"a": X[:, 0], "b": X[:, 1], "c": X[:, 2]}
    regressor = est.LinearRegressor(feature_columns=columns, model_dir=str(tmp_path))
    recorder = LossRecorder()
    regressor.train(est.inputs.numpy_input_fn(features, Y_REG, batch_size=BATCH, num_epochs=None,
                                              shuffle=False), steps=20, hooks=[recorder])

    def build(x, y):  # zeros, Ftrl at min(0.2, 1/sqrt(3 columns)), summed squared error
        w = v1.get_variable("w", [3, 1], initializer=v1.zeros_initializer())
        b = v1.get_variable("b", [1], initializer=v1.zeros_initializer())
        pred = tf.matmul(x, w) + b
        loss = tf.reduce_sum(tf.square(pred - y))
        return loss, v1.train.FtrlOptimizer(min(0.2, 1 / np.sqrt(3))).minimize(loss), (w, b)

    twin_losses, (w, b) = session_loop(build, (X, Y_REG), 20)
    np.testing.assert_allclose(recorder.values, twin_losses, rtol=RTOL)
    for i, name in enumerate("abc"):
        np.testing.assert_allclose(
            regressor.get_variable_value(f"linear/linear_model/{name}/weights"), w[i:i + 1], rtol=RTOL)
    np.testing.assert_allclose(regressor.get_variable_value("linear/linear_model/bias_weights"),
                               b, rtol=RTOL)
    results = regressor.evaluate(est.inputs.numpy_input_fn(features, Y_REG, batch_size=40,
                                                           shuffle=False))
    np.testing.assert_allclose(results["average_loss"],
                               np.mean((X @ w + b - Y_REG) ** 2), rtol=RTOL)


# ------------------------------------------------------------------ TPUEstimator, use_tpu=False
def test_tpu_estimator_on_cpu_sets_batch_size_and_converts_its_spec(tmp_path):
    seen = {}
    warm = tmp_path / "warm"
    est.Estimator(_tpu_model_fn(seen, scaffold_from=None), model_dir=str(warm),
                  params={"use_tpu": False, "batch_size": BATCH}).train(
        _tpu_input_fn, steps=5)
    config = est.tpu.RunConfig(
        model_dir=str(tmp_path / "tpu"), save_checkpoints_steps=10,
        tpu_config=est.tpu.TPUConfig(iterations_per_loop=10, num_shards=8,
                                     per_host_input_for_training=est.tpu.InputPipelineConfig.PER_HOST_V2))
    tpu = est.tpu.TPUEstimator(_tpu_model_fn(seen, scaffold_from=str(warm)), config=config,
                               use_tpu=False, train_batch_size=BATCH, eval_batch_size=40,
                               predict_batch_size=4)
    recorder = LossRecorder("batch_loss:0")
    tpu.train(_tpu_input_fn, max_steps=10, hooks=[recorder])
    assert seen[est.ModeKeys.TRAIN] == BATCH and seen[est.ModeKeys.EVAL] is None
    results = tpu.evaluate(_tpu_input_fn, steps=1)
    assert seen[est.ModeKeys.EVAL] == 40
    # the twin: starts from the warm checkpoint's weights (init_from_checkpoint in scaffold_fn)
    init = {"w": tf.train.load_variable(str(warm), "w"), "b": tf.train.load_variable(str(warm), "b")}

    def build(x, y):
        from tests.runtime.test_estimator import regression_net
        pred = regression_net(x)
        loss = tf.reduce_mean(tf.square(pred - y))
        return loss, v1.train.GradientDescentOptimizer(0.1).minimize(loss), \
            tf.reduce_mean(tf.abs(pred - y))

    twin_losses, twin_mae = session_loop(build, (X, Y_REG), 10, init=init)
    np.testing.assert_allclose(recorder.values, twin_losses, rtol=RTOL)
    np.testing.assert_allclose(results["mae"], twin_mae, rtol=RTOL)
    predicted = list(tpu.predict(_tpu_input_fn))
    assert seen[est.ModeKeys.PREDICT] == 4 and len(predicted) == 4  # one batch of predict_batch_size


def _tpu_input_fn(params):
    data = tf.data.Dataset.from_tensor_slices((X, Y_REG))
    if params.get("batch_size") == 4:
        return data.take(4).batch(4)
    return data.repeat().batch(params["batch_size"])


def _tpu_model_fn(seen, scaffold_from):
    from tests.runtime.test_estimator import regression_net

    def model_fn(features, labels, mode, params):
        seen[mode] = params.get("batch_size")
        seen.setdefault(est.ModeKeys.EVAL, None)
        pred = regression_net(features)
        scaffold_fn = None
        if scaffold_from is not None:
            def scaffold_fn():
                v1.train.init_from_checkpoint(scaffold_from, {"w": "w", "b": "b"})
                return v1.train.Scaffold()
        if mode == est.ModeKeys.PREDICT:
            return est.tpu.TPUEstimatorSpec(mode, predictions={"y": pred}, scaffold_fn=scaffold_fn)
        loss = tf.identity(tf.reduce_mean(tf.square(pred - labels)), name="batch_loss")
        optimizer = v1.train.GradientDescentOptimizer(0.1)
        if params["use_tpu"]:
            optimizer = est.tpu.CrossShardOptimizer(optimizer)
        train_op = optimizer.minimize(loss, global_step=v1.train.get_global_step())

        def metric_fn(labels, pred):
            return {"mae": v1.metrics.mean_absolute_error(labels, pred)}

        spec = est.tpu.TPUEstimatorSpec(mode, loss=loss, train_op=train_op,
                                        eval_metrics=(metric_fn, [labels, pred]),
                                        scaffold_fn=scaffold_fn)
        # the plain Estimator run that writes the warm checkpoint converts the spec itself
        return spec if scaffold_from is not None else spec.as_estimator_spec()
    return model_fn


# ------------------------------------------------------------------ train_and_evaluate
def test_train_and_evaluate_returns_the_final_evaluation(tmp_path):
    from tests.runtime.test_estimator import make_regressor, regression_twin

    regressor = make_regressor(tmp_path, save_checkpoints_steps=10)
    metrics, exports = est.train_and_evaluate(
        regressor, est.TrainSpec(dataset_input_fn(X, Y_REG), max_steps=20),
        est.EvalSpec(dataset_input_fn(X, Y_REG, epochs=1), steps=None, throttle_secs=0))
    _, (w, b) = regression_twin(20)
    assert exports == [] and metrics["global_step"] == 20
    np.testing.assert_allclose(metrics["mae"], np.mean(np.abs(X @ w + b - Y_REG)), rtol=RTOL)
    assert len(list((tmp_path / "eval").glob("events.out.tfevents.*"))) == 1
    # a checkpoint at 10 was evaluated too (throttle_secs=0), then the final one
    from tests.runtime.test_estimator import _scalars
    assert sorted(_scalars(tmp_path / "eval")) == [10, 20]


# ------------------------------------------------------------------ what is not built
def test_what_is_not_built_is_refused_naming_the_call(tmp_path):
    from tests.runtime.test_estimator import make_regressor

    with pytest.raises(NotImplementedError, match="Estimator.export_saved_model"):
        make_regressor(tmp_path).export_saved_model(str(tmp_path), lambda: None)
    with pytest.raises(NotImplementedError, match=r"TPUEstimator\(use_tpu=True\)"):
        est.tpu.TPUEstimator(lambda features: None, use_tpu=True)
    with pytest.raises(NotImplementedError, match="tf.estimator.BoostedTreesClassifier"):
        est.BoostedTreesClassifier  # noqa: B018
    with pytest.raises(NotImplementedError, match="train_distribute"):
        est.RunConfig(train_distribute=object())
    with pytest.raises(NotImplementedError, match="exporters"):
        est.EvalSpec(lambda: None, exporters=[object()])
    with pytest.raises(NotImplementedError, match=r"tf.estimator.export is not built"):
        est.export.ServingInputReceiver  # noqa: B018
    with pytest.raises(NotImplementedError, match=r"tf.estimator.tpu.experimental"):
        est.tpu.experimental  # noqa: B018
    assert not hasattr(est, "BoostedTreesRegressor")  # hasattr asks, as of any module
