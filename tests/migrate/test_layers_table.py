"""Each row of migrate/tables/layers.py against the installed TensorFlow, tf_keras and Keras:
the parameters, and equal numbers from the tf.layers function in a graph and from both
Keras layer classes eagerly, given the same compat.v1 initializer and op seed."""
import inspect

import numpy as np
import pytest

from migrate.tables.layers import (DEFAULT_KERNEL_INITIALIZER, IGNORED, KERAS_DEFAULT_GLOROT_LAYERS, KERAS_GLOROT_UNIFORM,
                                    LAYERS, LayerRow, shim_function)

tf = pytest.importorskip("tensorflow")
tf_keras = pytest.importorskip("tf_keras")

EXAMPLES = {  # path -> (input shape, arguments after inputs)
    "layers.dense": ((4, 5), {"units": 3, "activation": tf.nn.relu}),
    "layers.conv2d": ((2, 6, 6, 2), {"filters": 3, "kernel_size": 3, "padding": "same", "strides": (1, 1)}),
    "layers.max_pooling2d": ((2, 6, 6, 2), {"pool_size": 2, "strides": 2}),
    "layers.flatten": ((2, 3, 3, 2), {}),
    "contrib.layers.fully_connected": ((4, 5), {"num_outputs": 3}),
}


def _legacy(path):
    return shim_function(LAYERS[path], path)


def test_every_row_has_an_example():
    assert set(EXAMPLES) == set(LAYERS)


@pytest.mark.parametrize("path", sorted(LAYERS))
def test_parameters_are_the_functions_and_the_keras_classes_take_the_passed_ones(path):
    row = LAYERS[path]
    assert tuple(inspect.signature(_legacy(path)).parameters) == row.parameters
    assert set(row.required) <= set(row.passed) and not set(row.passed) & IGNORED
    for keras in (tf.keras.layers, tf_keras.layers):
        cls = getattr(keras, row.keras)
        accepted = set(inspect.signature(cls.__init__).parameters)
        assert {row.keras_name(k) for k in row.passed} | {k for k, _ in row.written_defaults} <= \
            accepted | {"trainable"}, (keras, accepted)
    legacy_defaults = {k: p.default for k, p in inspect.signature(_legacy(path)).parameters.items()}
    if row.kernel and row.kernel_parameter == "kernel_initializer":
        assert legacy_defaults["kernel_initializer"] is None  # get_variable's default: glorot_uniform
        assert DEFAULT_KERNEL_INITIALIZER == "compat.v1.glorot_uniform_initializer"
    for required in row.required:
        assert legacy_defaults[required] is inspect.Parameter.empty


@pytest.mark.parametrize("path", sorted(LAYERS))
def test_the_graph_layer_and_both_keras_layers_give_equal_numbers(path):
    row = LAYERS[path]
    shape, kwargs = EXAMPLES[path]
    data = np.random.RandomState(1).rand(*shape).astype(np.float32)
    initializer = {row.kernel_parameter: tf.compat.v1.glorot_uniform_initializer} if row.kernel else {}
    with tf.Graph().as_default():
        tf.compat.v1.set_random_seed(7)
        x = tf.compat.v1.placeholder(tf.float32, [None] + list(shape[1:]))
        out = _legacy(path)(x, **kwargs, **{k: v(seed=3) for k, v in initializer.items()})
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            expected = sess.run(out, {x: data})
    for keras in (tf.keras.layers, tf_keras.layers):
        tf.random.set_seed(7)
        required = [kwargs[k] for k in row.required]
        rest = {row.keras_name(k): v for k, v in kwargs.items() if k not in row.required}
        rest.update({k: eval(code.format(tf="tf")) for k, code in row.written_defaults if k not in rest})
        layer = getattr(keras, row.keras)(*required, **rest,
                                          **{row.keras_name(k): v(seed=3) for k, v in initializer.items()})
        got = tf.function(layer)(tf.constant(data)).numpy()
        np.testing.assert_array_equal(got, expected, err_msg=f"{keras.__name__}.{row.keras}")


@pytest.mark.parametrize("keras", ["tf.keras", "tf_keras"])
def test_keras_default_kernel_is_tf1s_glorot_uniform_distribution(keras):
    """The rows' Keras classes default their kernel to glorot_uniform, KERAS_GLOROT_UNIFORM, with
    TF 1's scale, mode and distribution: the translation may leave the kernel to Keras, and
    verify may give that draw the compat side's numbers (verification/hooks.py)."""
    module = tf.keras if keras == "tf.keras" else tf_keras
    glorot = module
    for part in KERAS_GLOROT_UNIFORM.split("."):
        glorot = getattr(glorot, part)
    for name in KERAS_DEFAULT_GLOROT_LAYERS:
        default = inspect.signature(getattr(module.layers, name).__init__).parameters["kernel_initializer"].default
        assert isinstance(module.initializers.get(default), glorot), (keras, name, default)
    tf1 = tf.compat.v1.glorot_uniform_initializer()
    keras_glorot = glorot()
    assert (keras_glorot.scale, keras_glorot.mode, keras_glorot.distribution) == (tf1.scale, tf1.mode, tf1.distribution)


def test_dropout_in_training_is_tf_nn_dropout_and_otherwise_its_inputs():
    from migrate.tables.layers import DROPOUT, DROPOUT_DEFAULT_RATE, DROPOUT_PARAMETERS, DROPOUT_PASSED

    legacy = shim_function(LayerRow("Dropout", (), ()), DROPOUT)  # where stage 1's compat output finds it
    parameters = inspect.signature(legacy).parameters
    assert tuple(parameters) == DROPOUT_PARAMETERS
    assert repr(parameters["rate"].default) == DROPOUT_DEFAULT_RATE and parameters["training"].default is False
    assert set(DROPOUT_PASSED) <= set(inspect.signature(tf.nn.dropout).parameters)
    data = np.random.RandomState(2).rand(6, 5).astype(np.float32)
    with tf.Graph().as_default():
        tf.compat.v1.set_random_seed(7)
        x = tf.compat.v1.placeholder(tf.float32, [None, 5])
        on, off = legacy(x, rate=0.4, seed=3, training=True), legacy(x, rate=0.4, seed=3)
        with tf.compat.v1.Session() as sess:
            expected = [sess.run(on, {x: data}) for _ in range(3)]
            np.testing.assert_array_equal(sess.run(off, {x: data}), data)
    tf.random.set_seed(7)
    step = tf.function(lambda v: tf.nn.dropout(v, rate=0.4, seed=3))
    for want in expected:
        np.testing.assert_array_equal(step(tf.constant(data)).numpy(), want)

