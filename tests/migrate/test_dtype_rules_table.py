"""migrate/tables/dtype_rules.py and hand.DIVISIONS against the installed TensorFlow: each
same-dtype op gives its operands' dtype (float32 and int32 in, the same out), each dtype
parameter sits where the table says with the table's default, and TF 1's div equals the TF 2
division DIVISIONS writes for each kind, value and dtype."""
import inspect

import numpy as np
import pytest

from migrate.tables.dtype_rules import DTYPE_PARAMETER, FLOAT_DTYPES, INTEGER_DTYPES, SAME_DTYPE
from migrate.tables.hand import DIVISIONS

tf = pytest.importorskip("tensorflow")


def _function(path):
    value = tf
    for part in path.split("."):
        value = getattr(value, part)
    return value


def _operands(dtype, count):
    first = tf.constant([[1, 2], [3, 4]], dtype)
    return [first, tf.constant([[0, 1], [1, 1]], dtype)][:count]


@pytest.mark.parametrize("path", sorted(SAME_DTYPE))
@pytest.mark.parametrize("dtype", [tf.float32, tf.int32])
def test_a_same_dtype_op_gives_its_operands_dtype(path, dtype):
    extra = {"expand_dims": [0], "reshape": [[4]], "tile": [[1, 2]], "gather": [[1, 0]]}
    name = path.rpartition(".")[2]
    out = _function(path)(*_operands(dtype, SAME_DTYPE[path]), *extra.get(name, []))
    assert out.dtype == dtype


@pytest.mark.parametrize("path", sorted(DTYPE_PARAMETER))
def test_the_dtype_parameter_sits_where_the_table_says_with_its_default(path):
    position, default = DTYPE_PARAMETER[path]
    function = tf.compat.v1.placeholder if path == "placeholder" else _function(path)
    parameters = inspect.signature(function).parameters
    assert list(parameters)[position] == "dtype"
    written = parameters["dtype"].default
    if default is None:
        assert written in (None, inspect.Parameter.empty)
    else:
        assert tf.as_dtype(written).name == default


def test_the_kinds_name_every_dtype_once():
    assert not FLOAT_DTYPES & INTEGER_DTYPES
    assert all(tf.as_dtype(name).is_floating for name in FLOAT_DTYPES)
    assert all(tf.as_dtype(name).is_integer for name in INTEGER_DTYPES)


@pytest.mark.parametrize("v1", sorted(DIVISIONS))
def test_tf1_div_is_the_tf2_division_of_its_operands_kind(v1):
    cases = {"float": (tf.constant([7.0, -7.0, 1.0]), tf.constant([2.0, 2.0, 3.0])),
             "integer": (tf.constant([7, -7, 1]), tf.constant([2, 2, 3]))}
    assert set(DIVISIONS[v1]) == set(cases)
    for kind, (x, y) in cases.items():
        expected = _function("compat.v1." + v1)(x, y)
        got = _function(DIVISIONS[v1][kind])(x, y)
        assert got.dtype == expected.dtype
        np.testing.assert_array_equal(got.numpy(), expected.numpy())
