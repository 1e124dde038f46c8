"""What TensorFlow does with `tf.variable_scope` / `tf.get_variable`, and with initializer
objects: the facts `migrate --to eager` (patterns/scopes.py) and `migrate verify` (its
random-seed hooks) read. Each row is checked against the installed TensorFlow by
tests/migrate/test_variable_scope_table.py.

Read from tensorflow/python/ops/variable_scope.py (get_variable, _get_default_initializer,
VariableScope) and init_ops.py / init_ops_v2.py of TensorFlow 2.21.
"""
from __future__ import annotations

from migrate.tables.signatures import INITIALIZER_SEED_POSITION, POSITIONAL_PARAMETERS  # noqa: F401 (VS.INITIALIZER_SEED_POSITION)

# tf.compat.v1.get_variable's parameters, in positional order (generated)
GET_VARIABLE_PARAMETERS = POSITIONAL_PARAMETERS["compat.v1.get_variable"]
# get_variable arguments with no tf.Variable counterpart that changes nothing of the numbers
# when given their only eager meaning (resource variables are the only kind in TF 2)
GET_VARIABLE_IGNORED = frozenset({"use_resource"})
# get_variable arguments tf.Variable takes under the same name and meaning
GET_VARIABLE_PASSED = ("trainable", "constraint")

# tf.compat.v1.variable_scope's parameters, in positional order (generated)
VARIABLE_SCOPE_PARAMETERS = POSITIONAL_PARAMETERS["compat.v1.variable_scope"]
# variable_scope arguments that change nothing of the variables (values: graph check only)
VARIABLE_SCOPE_IGNORED = frozenset({"values", "use_resource", "auxiliary_name_scope"})

# get_variable(initializer=None): variable_scope._get_default_initializer gives
# glorot_uniform_initializer() (unseeded) to floating dtypes, zeros_initializer() to
# integers and booleans; the default dtype is float32.
DEFAULT_DTYPE = "float32"
DEFAULT_FLOAT_INITIALIZER = "compat.v1.glorot_uniform_initializer"
DEFAULT_OTHER_INITIALIZER = "zeros_initializer"
FLOAT_DTYPES = frozenset({"float16", "bfloat16", "float32", "float64", "half", "double"})
OTHER_DTYPES = frozenset({"int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "bool"})

# initializer classes (path relative to tensorflow) -> 0-based position of `seed` in their
# constructor: generated (migrate/tables/signatures.py). compat.v1 ones draw with the
# stateful random ops graph mode uses (an op seed gives equal first draws in graph and
# eager mode); the TF 2 ones draw statelessly when seeded, in both modes alike.
# initializer classes that draw nothing
CONSTANT_INITIALIZERS = frozenset({
    "compat.v1.constant_initializer", "compat.v1.ones_initializer", "compat.v1.zeros_initializer",
    "compat.v1.initializers.constant", "compat.v1.initializers.ones", "compat.v1.initializers.zeros",
    "compat.v1.initializers.identity", "constant_initializer", "ones_initializer", "zeros_initializer",
})
# constant initializers built without arguments, written as the tensor function they equal
# (`tf.zeros_initializer()(shape)` is `tf.zeros(shape)`)
INITIALIZER_AS_TENSOR = {
    "zeros_initializer": "zeros", "compat.v1.zeros_initializer": "zeros", "compat.v1.initializers.zeros": "zeros",
    "ones_initializer": "ones", "compat.v1.ones_initializer": "ones", "compat.v1.initializers.ones": "ones",
}


def initializer_kind(path: str | None) -> str | None:
    """'random' or 'constant' for an initializer class's path (compat.v1. prefix kept), else None."""
    if path is None:
        return None
    if path in INITIALIZER_SEED_POSITION:
        return "random"
    if path in CONSTANT_INITIALIZERS:
        return "constant"
    return None
