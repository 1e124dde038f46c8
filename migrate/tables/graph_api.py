"""The TF 1 graph API that `migrate --to eager` turns into eager code: the Session
machinery it removes, the calls that create graph state, the names that stay plain
Python, and the parameters its patterns read by position (generated:
signatures.POSITIONAL_PARAMETERS).

Names are paths relative to tf.compat.v1 (or TF 2's tf, for `random.set_seed`), as
eager/names.py's `Resolver.resolve` gives them. Each row is checked against the
installed TensorFlow by tests/migrate/test_graph_api_table.py. Parameters of functions
whose TF 1 and TF 2 signatures differ (tf.gradients, tf.nn.dropout) are not kept here:
the generated v1_names.SIGNATURES has them.
"""
from __future__ import annotations

from migrate.tables.checkpoints import FILE_FUNCTIONS, GLOBAL_STEP_READ
from migrate.tables.signatures import POSITIONAL_PARAMETERS

# --------------------------------------------------------------------------- names
# Session machinery, removed or rewritten by the translator (never renamed blindly)
SESSION = frozenset({"Session", "InteractiveSession"})
INITIALIZERS = frozenset({"global_variables_initializer", "local_variables_initializer", "variables_initializer",
                          "tables_initializer"})
RESET = frozenset({"reset_default_graph"})
# switches between graph and eager behaviour: nothing to do in eager code
NOISE = frozenset({"disable_v2_behavior", "disable_eager_execution", "disable_resource_variables",
                   "enable_resource_variables", "disable_v2_tensorshape", "disable_control_flow_v2"})
# the graph-level random seed
SEED = frozenset({"set_random_seed", "random.set_random_seed", "random.set_seed"})

# calls that create the state a run reads: variables and placeholders
VARIABLE = "Variable"
GET_VARIABLE = "get_variable"
VARIABLE_SCOPE = "variable_scope"
PLACEHOLDER = "placeholder"
PLACEHOLDER_WITH_DEFAULT = "placeholder_with_default"
CREATES_STATE = (VARIABLE, GET_VARIABLE, PLACEHOLDER)
# the dtype TensorFlow gives a Python literal it converts (placeholder_with_default(1.0, []) is
# float32); tests/migrate/test_tables.py checks each against tf.convert_to_tensor
LITERAL_DTYPES = {"float": "float32", "int": "int32", "bool": "bool"}
# symbolic gradients of the graph (a tape in eager code)
GRADIENTS = "gradients"

# things that are ordinary Python values even in a Session script
PYTHON_SIDE_PREFIXES = ("logging.", "app.", "flags.", "gfile.", "io.gfile.", "compat.as_", "test.", "version",
                        "sysconfig.")
PYTHON_SIDE = frozenset({"ConfigProto", "GPUOptions", "RunOptions", "RunMetadata", "OptimizerOptions",
                         "GraphOptions", "TensorShape", "Dimension", "as_dtype", "DType", "__version__", "VERSION",
                         "executing_eagerly", "TensorSpec"}) | FILE_FUNCTIONS | {GLOBAL_STEP_READ}
# tutorials reach these through tensorflow.python.framework.ops (OPS, relative to tensorflow)
OPS = "python.framework.ops."
OPS_PUBLIC = frozenset({"reset_default_graph", "Graph", "get_default_graph"})
# and the dtypes through tensorflow.python.framework.dtypes (`dtypes.float32` is tf.float32)
DTYPES = "python.framework.dtypes."
DTYPES_PUBLIC = frozenset({"float16", "float32", "float64", "bfloat16", "int8", "int16", "int32", "int64", "uint8",
                           "uint16", "bool", "string", "complex64", "complex128"})
# private module -> the members that are the same objects as tf.<member> (tests/migrate/test_graph_api_table.py)
PRIVATE_PUBLIC = {OPS: OPS_PUBLIC, DTYPES: DTYPES_PUBLIC}

# --------------------------------------------------------------------------- parameters
# each in positional order, `self` left out: generated (migrate/tables/signatures.py)
SESSION_RUN_PARAMETERS = POSITIONAL_PARAMETERS["compat.v1.Session.run"]
EVAL_PARAMETERS = POSITIONAL_PARAMETERS["Tensor.eval"]  # Operation.run's are the same
PLACEHOLDER_PARAMETERS = POSITIONAL_PARAMETERS["compat.v1.placeholder"]
PLACEHOLDER_WITH_DEFAULT_PARAMETERS = POSITIONAL_PARAMETERS["compat.v1.placeholder_with_default"]
VARIABLE_PARAMETERS = POSITIONAL_PARAMETERS["compat.v1.Variable"]
MINIMIZE_PARAMETERS = POSITIONAL_PARAMETERS["compat.v1.train.Optimizer.minimize"]
COMPUTE_GRADIENTS_PARAMETERS = POSITIONAL_PARAMETERS["compat.v1.train.Optimizer.compute_gradients"]
APPLY_GRADIENTS_PARAMETERS = POSITIONAL_PARAMETERS["compat.v1.train.Optimizer.apply_gradients"]
