"""The other canned estimators and input functions: DNNRegressor and a 3-class
LinearClassifier against their Session twins; a categorical column's predictions against
the checkpoint's weights; pandas_input_fn's batches."""
import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")
v1 = tf.compat.v1

from tf_revive_runtime import v1_estimator as est  # noqa: E402
from tests.runtime.test_estimator import BATCH, RTOL, Y_CLS, Y_REG, X, LossRecorder  # noqa: E402
from tests.runtime.test_estimator_programs import session_loop  # noqa: E402


def test_dnn_regressor_equals_its_twin_from_the_same_initial_weights(tmp_path):
    columns = [v1.feature_column.numeric_column("x", shape=[3])]
    regressor = est.DNNRegressor(hidden_units=[4], feature_columns=columns, model_dir=str(tmp_path),
                                 optimizer=lambda: v1.train.GradientDescentOptimizer(0.01),
                                 config=est.RunConfig(tf_random_seed=5))
    recorder = LossRecorder()
    # an optimizer given as a function, called in the model's graph
    regressor.train(est.inputs.numpy_input_fn({"x": X}, Y_REG, batch_size=BATCH, num_epochs=None,
                                              shuffle=False), steps=15, hooks=[recorder])
    start = str(tmp_path / "model.ckpt-0")
    init = {n: tf.train.load_variable(start, n) for n in
            ("dnn/hiddenlayer_0/kernel", "dnn/hiddenlayer_0/bias", "dnn/logits/kernel", "dnn/logits/bias")}

    def build(x, y):
        h = tf.nn.relu(tf.matmul(x, v1.get_variable("dnn/hiddenlayer_0/kernel", [3, 4]))
                       + v1.get_variable("dnn/hiddenlayer_0/bias", [4]))
        pred = tf.matmul(h, v1.get_variable("dnn/logits/kernel", [4, 1])) + v1.get_variable("dnn/logits/bias", [1])
        loss = tf.reduce_sum(tf.square(pred - y))
        return loss, v1.train.GradientDescentOptimizer(0.01).minimize(loss), tf.reduce_mean(tf.square(pred - y))

    twin_losses, twin_mse = session_loop(build, (X, Y_REG), 15, init=init)
    np.testing.assert_allclose(recorder.values, twin_losses, rtol=RTOL)
    results = regressor.evaluate(est.inputs.numpy_input_fn({"x": X}, Y_REG, batch_size=40, shuffle=False))
    np.testing.assert_allclose(results["average_loss"], twin_mse, rtol=RTOL)


def test_three_class_linear_classifier_equals_its_twin(tmp_path):
    columns = [v1.feature_column.numeric_column("x", shape=[3])]
    classifier = est.LinearClassifier(feature_columns=columns, n_classes=3, model_dir=str(tmp_path))
    recorder = LossRecorder()
    classifier.train(est.inputs.numpy_input_fn({"x": X}, Y_CLS, batch_size=BATCH, num_epochs=None,
                                               shuffle=False), steps=15, hooks=[recorder])

    def build(x, y):  # zeros; Ftrl at min(0.2, 1/sqrt(1 column)); summed softmax cross-entropy
        w = v1.get_variable("w", [3, 3], initializer=v1.zeros_initializer())
        b = v1.get_variable("b", [3], initializer=v1.zeros_initializer())
        logits = tf.matmul(x, w) + b
        per_example = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)
        loss = tf.reduce_sum(per_example)
        accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), y), tf.float32))
        return loss, v1.train.FtrlOptimizer(0.2).minimize(loss), accuracy

    twin_losses, twin_accuracy = session_loop(build, (X, Y_CLS), 15)
    np.testing.assert_allclose(recorder.values, twin_losses, rtol=RTOL)
    results = classifier.evaluate(est.inputs.numpy_input_fn({"x": X}, Y_CLS, batch_size=40, shuffle=False))
    np.testing.assert_allclose(results["accuracy"], twin_accuracy, rtol=RTOL)


def test_categorical_column_predictions_are_the_checkpoint_s_weights(tmp_path):
    pd = pytest.importorskip("pandas")
    colors = np.array(["red", "green", "blue", "green"] * 10)
    frame = pd.DataFrame({"size": X[:, 0], "color": colors})
    target = pd.Series(Y_REG[:, 0])
    columns = [v1.feature_column.numeric_column("size"),
               v1.feature_column.categorical_column_with_vocabulary_list("color", ["red", "green", "blue"])]
    regressor = est.LinearRegressor(feature_columns=columns, model_dir=str(tmp_path))
    regressor.train(est.inputs.pandas_input_fn(frame, target, batch_size=BATCH, num_epochs=None,
                                               shuffle=True), steps=10)
    weights = {n: regressor.get_variable_value(f"linear/linear_model/{n}/weights") for n in ("size", "color")}
    bias = regressor.get_variable_value("linear/linear_model/bias_weights")
    assert weights["color"].shape == (3, 1) and np.any(weights["color"] != 0)
    predicted = np.array([p["predictions"][0] for p in regressor.predict(
        est.inputs.pandas_input_fn(frame, batch_size=16, shuffle=False))])
    color_ids = np.array([["red", "green", "blue"].index(c) for c in colors])
    expected = X[:, 0] * weights["size"][0, 0] + weights["color"][color_ids, 0] + bias[0]
    np.testing.assert_allclose(predicted, expected, rtol=RTOL, atol=1e-6)


def test_numpy_input_fn_batches_as_tf_1_fed_them():
    with tf.Graph().as_default():
        features, labels = est.inputs.numpy_input_fn(X[:10], Y_REG[:10], batch_size=4,
                                                     shuffle=False)()
        with v1.Session() as sess:
            sizes = []
            while True:
                try:
                    sizes.append(len(sess.run(features)))
                except tf.errors.OutOfRangeError:
                    break
    assert sizes == [4, 4, 2]  # one epoch; the last batch smaller, as dequeue_up_to gave it
    with pytest.raises(ValueError, match="shuffle must be provided"):
        est.inputs.numpy_input_fn(X, Y_REG)
