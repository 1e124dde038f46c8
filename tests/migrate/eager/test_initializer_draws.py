"""migrate/tables/initializer_draws.py: a seeded TF 1 initializer called on a shape is its
TF 2 random op. Each row against the installed TensorFlow, and the rewrite."""
import inspect

import numpy as np
import pytest

from migrate.tables.initializer_draws import INITIALIZER_DRAWS
from tests.migrate.eager.helpers import translated

tf = pytest.importorskip("tensorflow")

# arguments for each row's constructor (besides seed), by keyword
ARGUMENTS = {"random_normal_initializer": {"mean": 0.5, "stddev": 2.0},
             "truncated_normal_initializer": {"mean": -1.0, "stddev": 0.3},
             "random_uniform_initializer": {"minval": -0.2, "maxval": 0.7}}


def _lookup(root, path):
    for part in path.split("."):
        root = getattr(root, part)
    return root


@pytest.mark.parametrize("name", sorted(INITIALIZER_DRAWS))
def test_each_row_names_the_parameters_in_the_installed_order(name):
    op, parameters, op_parameters = INITIALIZER_DRAWS[name]
    assert tuple(inspect.signature(_lookup(tf.compat.v1, name)).parameters) == parameters
    assert tuple(inspect.signature(_lookup(tf, op)).parameters)[1:len(op_parameters) + 1] == op_parameters
    assert set(parameters) <= set(op_parameters)


@pytest.mark.parametrize("name", sorted(INITIALIZER_DRAWS))
@pytest.mark.parametrize("dtype", [tf.float32, tf.float64])
def test_each_row_draws_the_same_numbers_as_its_op(name, dtype):
    op = _lookup(tf, INITIALIZER_DRAWS[name][0])
    given = dict(ARGUMENTS[name], seed=5, dtype=dtype)
    tf.random.set_seed(3)
    old = _lookup(tf.compat.v1, name)(**given)([40, 3]).numpy()
    tf.random.set_seed(3)
    new = op([40, 3], **given).numpy()
    assert old.dtype == new.dtype and np.array_equal(old, new)


SCRIPT = """
with tf.variable_scope("project"):
    w = tf.get_variable("w", [6, 3], {dtype}initializer=tf.{initializer})
y = tf.reduce_sum(w)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
print(sess.run(y))
"""


@pytest.mark.parametrize("initializer, dtype, drawn", [
    ("truncated_normal_initializer(stddev=0.3, seed=7)", "", "tf.random.truncated_normal([6, 3], stddev=0.3, seed=7)"),
    ("random_uniform_initializer(-0.1, 0.1, seed=3)", "", "tf.random.uniform([6, 3], -0.1, 0.1, seed=3)"),
    ("random_normal_initializer(0.5, 2.0, 4)", "", "tf.random.normal([6, 3], 0.5, 2.0, seed=4)"),
    ("random_normal_initializer(seed=4)", "dtype=tf.float64, ",
     "tf.random.normal([6, 3], seed=4, dtype=tf.float64)"),
])
def test_a_seeded_initializer_draw_is_written_as_its_op(initializer, dtype, drawn):
    code = translated(SCRIPT.format(initializer=initializer, dtype=dtype))
    assert f"w = tf.Variable({drawn}, " in code and "compat.v1" not in code


def test_an_unseeded_initializer_keeps_its_name_for_verify_s_seed_plan():
    code = translated(SCRIPT.format(initializer="random_normal_initializer(0.5, 2.0)", dtype=""))
    assert "tf.compat.v1.random_normal_initializer(0.5, 2.0)([6, 3])" in code
