"""Which attributes of a tensor Python code can read the same way in graph mode (the
compat form: TF 2.21 under `tf.compat.v1.disable_v2_behavior()`) and in eager TF 2.
Checked against the installed TensorFlow by tests/migrate/test_tensor_attributes_table.py
(each attribute read on a graph tensor and on the eager tensor of the same constants).

Static reads: equal in both modes (str, ==, as an index) when the graph knew the whole
shape. One difference remains and is not a number: in the compat form `t.shape[i]` is a
`Dimension` (repr `Dimension(3)`, `.value` 3), eagerly an int (repr `3`, no `.value`).
"""

# t.<attribute> whose value is the same in both modes (a graph shape fully known)
STATIC = frozenset({"shape", "dtype", "ndim"})
# t.<method>() whose value is the same in both modes
STATIC_METHODS = frozenset({"get_shape"})
# what a TensorShape gives the same way in both modes: shape.<attribute>, shape.<method>()
SHAPE_ATTRIBUTES = frozenset({"ndims", "rank"})
SHAPE_METHODS = frozenset({"as_list", "num_elements", "is_fully_defined"})

# t.<attribute> of a graph tensor that an eager tensor does not have (AttributeError)
GRAPH_ONLY = {
    "name": "an eager tensor has no name",
    "op": "an eager tensor has no op",
    "graph": "an eager tensor belongs to no graph",
    "value_index": "an eager tensor has no output index",
}

# ops whose output shape the graph leaves unknown (it depends on the values), while an
# eager tensor has its whole shape: a static-shape read of them differs
DATA_DEPENDENT_SHAPE = frozenset({
    "unique", "unique_with_counts", "boolean_mask", "where", "dynamic_partition", "setdiff1d",
    "py_func", "numpy_function", "py_function", "image.non_max_suppression", "math.bincount", "bincount",
    "strings.split", "string_split", "compat.v1.py_func", "compat.v1.where", "compat.v1.setdiff1d",
    "compat.v1.string_split", "compat.v1.boolean_mask",
})

# print(t) / str(t) of a graph tensor: the graph's repr, e.g.
# Tensor("Const:0", shape=(), dtype=string); an eager tensor prints its value
GRAPH_REPR = 'Tensor("Const:0", shape=(), dtype=string)'
GRAPH_VARIABLE_REPR = "<tf.Variable 'Variable:0' shape=(1,) dtype=float32_ref>"
PRINTING_CALLS = frozenset({"print", "str", "repr", "format"})
