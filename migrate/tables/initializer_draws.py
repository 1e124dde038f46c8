"""What a TF 1 initializer draws when it is called on a shape: the stateful random op it
runs, with the constructor's arguments passed on under the op's parameter names.

``tf.compat.v1.random_normal_initializer(mean, stddev, seed, dtype)(shape)`` runs
``random_ops.random_normal(shape, mean, stddev, dtype, seed=seed)`` (init_ops.RandomNormal
.__call__), which is TF 2's ``tf.random.normal``: the same op with the same op seed, so the
same numbers in eager code. ``--to eager`` writes ``tf.random.normal([2, 8], stddev=0.8,
seed=1)`` for ``tf.compat.v1.random_normal_initializer(stddev=0.8, seed=1)([2, 8])`` where
the initializer has a seed (an unseeded draw is paired between the two translations by
``migrate verify`` through the initializer's name: verification/plan.py).
tests/migrate/eager/test_initializer_draws.py checks each row against the installed TensorFlow.

initializer (relative to tf.compat.v1) -> (TF 2 random op, the constructor's parameters in
positional order, each passed to the op under the same name, the op's parameters after
`shape` in positional order: read from random_generators.METHODS, the one table of them)
"""
from migrate.tables.random_generators import METHODS


def _draw(op: str, constructor_parameters: tuple) -> tuple:
    op_parameters = METHODS[op][0]  # shape, ..., name
    return op, constructor_parameters, op_parameters[1:-1]


INITIALIZER_DRAWS = {
    "random_normal_initializer": _draw("random.normal", ("mean", "stddev", "seed", "dtype")),
    "truncated_normal_initializer": _draw("random.truncated_normal", ("mean", "stddev", "seed", "dtype")),
    "random_uniform_initializer": _draw("random.uniform", ("minval", "maxval", "seed", "dtype")),
}
