"""How a TensorFlow op's result dtype follows from its arguments: what `--to eager` reads to
know, when the file is translated, whether a tensor is floating or integer
(migrate/eager/dtypes.py; TF 1's `tf.div` floors integers and divides floats: with the
operands' kind known it is written `tf.math.divide` or `tf.math.floordiv`).
tests/migrate/test_dtype_rules_table.py checks every row against the installed TensorFlow.

Paths are canonical (migrate.eager.names.canonical), relative to `tf`.
"""
from __future__ import annotations

# ops whose result has their tensor operands' dtype, all operands of one dtype (TF refuses
# mixed ones): op -> how many leading positional arguments are operands
SAME_DTYPE = {
    "add": 2, "subtract": 2, "multiply": 2, "matmul": 2, "maximum": 2, "minimum": 2,
    "math.add": 2, "math.subtract": 2, "math.multiply": 2, "linalg.matmul": 2,
    "abs": 1, "negative": 1, "square": 1, "math.abs": 1, "math.negative": 1, "math.square": 1,
    "reduce_sum": 1, "reduce_mean": 1, "reduce_max": 1, "reduce_min": 1,
    "math.reduce_sum": 1, "math.reduce_mean": 1, "math.reduce_max": 1, "math.reduce_min": 1,
    "expand_dims": 1, "squeeze": 1, "transpose": 1, "reshape": 1, "tile": 1, "gather": 1, "identity": 1,
}
# ops that make a tensor of a dtype given by a parameter: op -> (its position, its default;
# None: the value's own, as tf.constant infers it from a Python literal)
DTYPE_PARAMETER = {
    "constant": (1, None),
    "ones": (1, "float32"),
    "zeros": (1, "float32"),
    "placeholder": (0, None),  # required
}
FLOAT_DTYPES = frozenset({"float16", "bfloat16", "float32", "float64", "half", "double"})
INTEGER_DTYPES = frozenset({"int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"})
