"""Each row of migrate/tables/graph_api.py against the installed TensorFlow."""
import inspect

import pytest

from migrate.tables import graph_api as T
from migrate.tables.v1_names import KNOWN

tf = pytest.importorskip("tensorflow")


def _lookup(path):
    """The object a path names in tf.compat.v1, else in TF 2's tf."""
    for root in (tf.compat.v1, tf):
        value = root
        try:
            for part in path.split("."):
                value = getattr(value, part)
        except AttributeError:
            continue
        return value
    raise AttributeError(path)


def _parameters(function):
    return tuple(p for p in inspect.signature(function).parameters if p != "self")


NAMES = sorted(T.SESSION | T.INITIALIZERS | T.RESET | T.NOISE | T.SEED
               | {*T.CREATES_STATE, T.PLACEHOLDER_WITH_DEFAULT, T.GRADIENTS})


@pytest.mark.parametrize("path", NAMES)
def test_every_name_is_tensorflows_and_in_the_generated_table(path):
    assert callable(_lookup(path))
    assert path in KNOWN


def test_the_state_creators_are_tf1s_variable_get_variable_and_placeholder():
    v1 = tf.compat.v1
    assert [_lookup(p) for p in T.CREATES_STATE] == [v1.Variable, v1.get_variable, v1.placeholder]


def test_the_session_machinery():
    assert {_lookup(p) for p in T.SESSION} == {tf.compat.v1.Session, tf.compat.v1.InteractiveSession}
    assert _lookup("random.set_seed") is tf.random.set_seed


def test_parameters_are_tensorflows():
    from tensorflow.python.framework import ops, tensor

    v1 = tf.compat.v1
    assert _parameters(v1.Session.run) == T.SESSION_RUN_PARAMETERS
    assert _parameters(tensor.Tensor.eval) == _parameters(ops.Operation.run) == T.EVAL_PARAMETERS
    assert _parameters(v1.placeholder) == T.PLACEHOLDER_PARAMETERS
    assert _parameters(v1.Variable.__init__) == T.VARIABLE_PARAMETERS
    assert _parameters(v1.train.Optimizer.minimize) == T.MINIMIZE_PARAMETERS
    assert _parameters(v1.train.Optimizer.compute_gradients) == T.COMPUTE_GRADIENTS_PARAMETERS
    assert _parameters(v1.train.Optimizer.apply_gradients) == T.APPLY_GRADIENTS_PARAMETERS


@pytest.mark.parametrize("path", sorted(T.PYTHON_SIDE))
def test_every_python_side_name_is_tensorflows(path):
    assert _lookup(path) is not None


@pytest.mark.parametrize("prefix", T.PYTHON_SIDE_PREFIXES)
def test_every_python_side_prefix_starts_tensorflow_names(prefix):
    module, _, start = prefix.rpartition(".")
    members = dir(_lookup(module) if module else tf.compat.v1)
    assert any(name.startswith(start) for name in members)


def test_the_public_names_tutorials_reach_through_ops():
    import importlib

    assert T.PRIVATE_PUBLIC[T.OPS] == T.OPS_PUBLIC
    for module, members in T.PRIVATE_PUBLIC.items():
        private = importlib.import_module("tensorflow." + module.rstrip("."))
        for name in members:
            assert getattr(private, name) is _lookup(name), (module, name)
