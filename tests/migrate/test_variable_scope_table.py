"""Each row of migrate/tables/variable_scopes.py against the installed TensorFlow."""
import inspect

import numpy as np
import pytest

from migrate.tables import variable_scopes as T

tf = pytest.importorskip("tensorflow")


def _lookup(path):
    value = tf
    for part in path.split("."):
        value = getattr(value, part)
    return value


def test_get_variable_and_variable_scope_parameters_are_tensorflows():
    assert tuple(inspect.signature(tf.compat.v1.get_variable).parameters) == T.GET_VARIABLE_PARAMETERS
    assert tuple(inspect.signature(tf.compat.v1.variable_scope).parameters) == T.VARIABLE_SCOPE_PARAMETERS
    variable = set(inspect.signature(tf.Variable.__init__).parameters)
    assert set(T.GET_VARIABLE_PASSED) <= variable


def test_the_default_initializer_is_glorot_uniform_for_floats_and_zeros_for_the_rest():
    from tensorflow.python.ops import variable_scope as vs

    store = vs._VariableStore()
    for dtype in T.FLOAT_DTYPES:
        init, _ = store._get_default_initializer("v", [2], getattr(tf, dtype))
        assert type(init) is _lookup(T.DEFAULT_FLOAT_INITIALIZER), dtype
    for dtype in T.OTHER_DTYPES:
        init, _ = store._get_default_initializer("v", [2], getattr(tf, dtype))
        assert type(init) is _lookup(T.DEFAULT_OTHER_INITIALIZER)().__class__ or \
            type(init).__name__ == "Zeros", dtype
    assert inspect.signature(tf.compat.v1.get_variable).parameters["dtype"].default is None  # float32 then


@pytest.mark.parametrize("path", sorted(T.INITIALIZER_SEED_POSITION))
def test_seed_positions_and_the_first_eager_draw_equals_the_graphs(path):
    cls = _lookup(path)
    assert list(inspect.signature(cls).parameters).index("seed") == T.INITIALIZER_SEED_POSITION[path]
    shape = [3, 4]
    with tf.Graph().as_default():
        tf.compat.v1.set_random_seed(11)
        variable = tf.compat.v1.get_variable("v", shape, initializer=cls(seed=5))
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            graph_value = sess.run(variable)
    tf.random.set_seed(11)  # resets eager mode's per-seed streams, which the other rows continued
    eager_value = tf.Variable(cls(seed=5)(shape)).numpy()
    np.testing.assert_array_equal(graph_value, eager_value)


@pytest.mark.parametrize("path", sorted(T.CONSTANT_INITIALIZERS))
def test_constant_initializers_take_no_seed(path):
    assert "seed" not in inspect.signature(_lookup(path)).parameters
    assert T.initializer_kind(path) == "constant"


@pytest.mark.parametrize("path", sorted(T.INITIALIZER_AS_TENSOR))
def test_argument_less_constant_initializers_equal_their_tensor_function(path):
    expected = _lookup(T.INITIALIZER_AS_TENSOR[path])([2, 3], dtype=tf.int32).numpy()
    np.testing.assert_array_equal(_lookup(path)()([2, 3], dtype=tf.int32).numpy(), expected)
