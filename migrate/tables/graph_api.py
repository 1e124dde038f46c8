"""The TF 1 graph API that `migrate --to eager` turns into eager code: the Session
machinery it removes, the calls that create graph state, and the parameters its
patterns read by position.

Names are paths relative to tf.compat.v1 (or TF 2's tf, for `random.set_seed`), as
eager/names.py's `Resolver.resolve` gives them. Each row is checked against the
installed TensorFlow by tests/migrate/test_graph_api_table.py. Parameters of functions
whose TF 1 and TF 2 signatures differ (tf.gradients, tf.nn.dropout) are not kept here:
the generated v1_names.SIGNATURES has them.
"""
from __future__ import annotations

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
PLACEHOLDER = "placeholder"
PLACEHOLDER_WITH_DEFAULT = "placeholder_with_default"
CREATES_STATE = (VARIABLE, GET_VARIABLE, PLACEHOLDER)
# symbolic gradients of the graph (a tape in eager code)
GRADIENTS = "gradients"

# --------------------------------------------------------------------------- parameters
# each in positional order, `self` left out
SESSION_RUN_PARAMETERS = ("fetches", "feed_dict", "options", "run_metadata")  # tf.compat.v1.Session.run
EVAL_PARAMETERS = ("feed_dict", "session")  # Tensor.eval and Operation.run
PLACEHOLDER_PARAMETERS = ("dtype", "shape", "name")  # tf.compat.v1.placeholder
VARIABLE_PARAMETERS = ("initial_value", "trainable", "collections", "validate_shape", "caching_device", "name",
                       "variable_def", "dtype", "expected_shape", "import_scope", "constraint", "use_resource",
                       "synchronization", "aggregation", "shape")  # tf.compat.v1.Variable
# tf.compat.v1.train.Optimizer's methods
MINIMIZE_PARAMETERS = ("loss", "global_step", "var_list", "gate_gradients", "aggregation_method",
                       "colocate_gradients_with_ops", "name", "grad_loss")
COMPUTE_GRADIENTS_PARAMETERS = ("loss", "var_list", "gate_gradients", "aggregation_method",
                                "colocate_gradients_with_ops", "grad_loss")
APPLY_GRADIENTS_PARAMETERS = ("grads_and_vars", "global_step", "name", "skip_gradients_aggregation")
