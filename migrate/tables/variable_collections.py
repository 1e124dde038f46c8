"""The graph collections of variables a Session script reads, and what each holds: the
facts patterns/variable_collections.py reads. Each row is checked against the installed
TensorFlow by tests/migrate/test_variable_collections_table.py.

In graph mode `tf.trainable_variables(scope)` is `tf.get_collection(TRAINABLE_VARIABLES,
scope)`: the variables created so far with trainable=True, in creation order, kept where
`re.match(scope, variable.name)` (ops.Graph.get_collection); `tf.global_variables(scope)`
likewise holds every variable, trainable or not (a global step, an optimizer's slots).
"""
from __future__ import annotations

TRAINABLE, GLOBAL = "trainable", "global"

# collection functions (paths as names.Resolver gives them) -> the collection they read
FUNCTIONS = {
    "trainable_variables": TRAINABLE,
    "global_variables": GLOBAL,
}

# get_collection's keys (the GraphKeys attribute) -> the collection
KEYS = {
    "GraphKeys.TRAINABLE_VARIABLES": TRAINABLE,
    "GraphKeys.GLOBAL_VARIABLES": GLOBAL,
}

# the parameters, in positional order (tf.compat.v1 signatures of TF 2.21)
FUNCTION_PARAMETERS = ["scope"]
GET_COLLECTION_PARAMETERS = ["key", "scope"]
