"""Each row of migrate/tables/rnn_cells.py against the installed TensorFlow, tf_keras and
Keras: the constructor's parameters, the variables a TF 1 cell makes (names, shapes,
initial biases), and equal numbers from the TF 1 cell run by dynamic_rnn in a graph and
from both Keras cells run by their RNN layer, given the graph's weights put in the
table's Keras order (the gate orders and forget_bias are proved by the numbers)."""
import inspect

import numpy as np
import pytest

from migrate.tables.rnn_cells import CELLS, DEFAULT_KERNEL_INITIALIZER, IGNORED, keras_bias, keras_order

tf = pytest.importorskip("tensorflow")
tf_keras = pytest.importorskip("tf_keras")

DEPTH, UNITS, STEPS, BATCH = 3, 4, 5, 2


def _legacy(path):
    from tf_revive_runtime import v1_rnn_cell

    return getattr(v1_rnn_cell, path.rpartition(".")[2])


@pytest.mark.parametrize("path", sorted(CELLS))
def test_parameters_are_the_constructors_and_keras_takes_the_written_ones(path):
    row = CELLS[path]
    parameters = inspect.signature(_legacy(path).__init__).parameters
    assert tuple(p for p in parameters if p not in ("self", "kwargs")) == row.parameters
    assert {k for k, _ in row.translated} <= set(row.parameters) and IGNORED <= set(row.parameters)
    for keras in (tf.keras.layers, tf_keras.layers):
        accepted = set(inspect.signature(getattr(keras, row.keras).__init__).parameters)
        assert {"kernel_initializer", "recurrent_initializer", "bias_initializer", "activation"} | \
            {k for k, _ in row.keras_defaults} <= accepted
        if row.forget_bias:
            assert "unit_forget_bias" in accepted
    assert DEFAULT_KERNEL_INITIALIZER == "compat.v1.glorot_uniform_initializer"
    if "initializer" in parameters or "kernel_initializer" in parameters:
        key = "initializer" if "initializer" in parameters else "kernel_initializer"
        assert parameters[key].default is None  # the variable scope's: get_variable's glorot_uniform


def _graph_run(path, data):
    """The TF 1 cell in a graph: {variable suffix: (shape, initial value)}, the weights after
    random biases are set, dynamic_rnn's outputs and final state."""
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, STEPS, DEPTH])
        with tf.compat.v1.variable_scope("s", initializer=tf.compat.v1.glorot_uniform_initializer(seed=3)):
            outputs, state = tf.compat.v1.nn.dynamic_rnn(_legacy(path)(UNITS), x, dtype=tf.float32)
        variables = tf.compat.v1.trainable_variables()
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            initial = {v.name.split("_cell/")[1][:-2]: (v.shape.as_list(), sess.run(v)) for v in variables}
            rng = np.random.RandomState(5)
            for v in variables:
                if "bias" in v.name:
                    v.load(rng.uniform(-1, 1, v.shape.as_list()).astype(np.float32), sess)
            weights = {v.name.split("_cell/")[1][:-2]: sess.run(v) for v in variables}
            return initial, weights, sess.run([outputs, state], {x: data})


def _keras_weights(row, weights):
    """Keras' kernel, recurrent kernel and bias from TF 1's, by the table's gate order."""
    kernel = np.concatenate([weights[name] for name, _ in row.kernels], axis=1)
    bias = np.concatenate([weights[name] for name, _ in row.bias])
    blocks = np.split(kernel, row.width, axis=1)
    bias_blocks = np.split(bias, row.width)
    kernel = np.concatenate([blocks[i] for i in keras_order(row)], axis=1)
    bias = np.concatenate([bias_blocks[i] for i in keras_order(row)])
    if row.forget_bias:  # TF 1 adds forget_bias=1.0 at every step: once into Keras' bias
        bias = bias + 1.0 * np.repeat(np.array([g == "f" for g in row.keras_gates]), UNITS)
    return kernel[:DEPTH], kernel[DEPTH:], bias


@pytest.mark.parametrize("path", sorted(CELLS))
def test_the_variables_and_the_numbers_are_the_tables(path):
    row = CELLS[path]
    data = np.random.RandomState(1).randn(BATCH, STEPS, DEPTH).astype(np.float32)
    initial, weights, (outputs, state) = _graph_run(path, data)
    assert {name: shape for name, (shape, _) in initial.items()} == {
        **{name: [DEPTH + UNITS, gates * UNITS] for name, gates in row.kernels},
        **{name: [gates * UNITS] for (name, _), (_, gates) in zip(row.bias, row.kernels)}}
    for name, value in row.bias:
        assert np.all(initial[name][1] == value)
    assert keras_bias(row) == tuple(np.concatenate([initial[n][1] for n, _ in row.bias])[
        [i * UNITS for i in keras_order(row)]].tolist())
    expected_state = state.h if row.state_is_tuple else state
    for keras in (tf.keras, tf_keras):
        extra = dict(row.keras_defaults)
        cell = getattr(keras.layers, row.keras)(UNITS, **{k: eval(v) for k, v in extra.items()})
        layer = keras.layers.RNN(cell, return_sequences=True, return_state=True)
        layer(tf.constant(data))
        layer.set_weights(list(_keras_weights(row, weights)))
        out, *states = layer(tf.constant(data))
        np.testing.assert_allclose(out.numpy(), outputs, rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(states[0].numpy(), expected_state, rtol=1e-5, atol=1e-6)
        if row.state_is_tuple:  # Keras' RNN returns h, c; TF 1's state is (c, h)
            np.testing.assert_allclose(states[1].numpy(), state.c, rtol=1e-5, atol=1e-6)


def test_the_graph_draws_each_kernel_with_the_scopes_initializer():
    """The kernels are glorot_uniform over [depth + units, gates * units], drawn in the
    table's order: equal to drawing them eagerly with the same op seeds (verify's plan)."""
    row = CELLS["nn.rnn_cell.GRUCell"]
    seeds = iter([11, 12])

    def seeded(shape, dtype=None, partition_info=None):
        return tf.compat.v1.glorot_uniform_initializer(seed=next(seeds))(shape, dtype)

    data = np.zeros((1, STEPS, DEPTH), np.float32)
    with tf.Graph().as_default():
        tf.compat.v1.set_random_seed(1)
        x = tf.compat.v1.placeholder(tf.float32, [None, STEPS, DEPTH])
        with tf.compat.v1.variable_scope("s", initializer=seeded):
            tf.compat.v1.nn.dynamic_rnn(_legacy("nn.rnn_cell.GRUCell")(UNITS), x, dtype=tf.float32)
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer(), {x: data})
            graph = {v.name.split("_cell/")[1][:-2]: sess.run(v) for v in tf.compat.v1.trainable_variables()}
    tf.random.set_seed(1)
    for (name, gates), seed in zip(row.kernels, [11, 12]):
        drawn = tf.compat.v1.glorot_uniform_initializer(seed=seed)([DEPTH + UNITS, gates * UNITS])
        np.testing.assert_array_equal(drawn.numpy(), graph[name])


@pytest.mark.parametrize("path", sorted(p for p in CELLS if CELLS[p].initializer))
def test_the_initializer_parameter_draws_the_kernel_as_one_call_of_it(path):
    """The row's `initializer`: the graph's kernel is that initializer called once with the
    kernel's shape (what the translation writes in place of glorot_uniform)."""
    row = CELLS[path]
    gates = sum(n for _name, n in row.kernels)

    def made():
        return tf.compat.v1.random_uniform_initializer(-0.1, 0.1, seed=5)

    with tf.Graph().as_default():
        tf.compat.v1.set_random_seed(1)
        x = tf.compat.v1.placeholder(tf.float32, [BATCH, STEPS, DEPTH])
        cell = _legacy(path)(UNITS, **{row.initializer: made()})
        tf.compat.v1.nn.dynamic_rnn(cell, x, dtype=tf.float32)
        kernel = [v for v in tf.compat.v1.global_variables() if v.op.name.endswith("kernel")]
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            graph_kernel = sess.run(kernel[0])
    with tf.Graph().as_default():
        tf.compat.v1.set_random_seed(1)
        with tf.compat.v1.Session() as sess:
            drawn = sess.run(made()([DEPTH + UNITS, gates * UNITS]))
    assert len(kernel) == 1
    np.testing.assert_array_equal(graph_kernel, drawn)
