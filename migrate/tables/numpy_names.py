"""NumPy names that every NumPy has and that ruff's NPY001/NPY201 never flag.

The numpy family (migrate/families/numpy2.py) starts ruff only for a file that names a
NumPy attribute the installed NumPy lacks; to know that, it imports NumPy (about 0.2 s of
CPU, in every worker process).  A file that names only the attributes below needs neither:
each is a core part of NumPy (in 1.x and 2.x alike) that ruff's rules leave alone, so the
import would find it and ruff would find nothing.  tests/migrate/families/test_numpy2.py
checks every row against the installed NumPy and ruff.
"""

CORE_NAMES = frozenset({
    # modules
    "random", "linalg", "fft", "testing",
    # dtypes
    "float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "uint16",
    "uint32", "uint64", "bool_", "complex64", "complex128", "dtype", "ndarray",
    # making arrays
    "array", "asarray", "zeros", "ones", "empty", "full", "zeros_like", "ones_like",
    "empty_like", "full_like", "arange", "linspace", "eye", "identity", "copy",
    # shaping and joining
    "reshape", "concatenate", "stack", "vstack", "hstack", "split", "repeat", "tile",
    "transpose", "squeeze", "expand_dims", "ravel", "where",
    # arithmetic and reductions
    "sum", "mean", "std", "var", "max", "min", "argmax", "argmin", "prod", "cumsum", "abs",
    "sqrt", "exp", "log", "square", "round", "clip", "dot", "matmul", "maximum", "minimum",
    "allclose", "isclose", "equal", "all", "any", "sort", "argsort", "unique", "pi", "inf",
    "nan", "isnan", "floor", "ceil", "sin", "cos", "tanh",
})
