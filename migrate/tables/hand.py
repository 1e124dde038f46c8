"""Facts the installed TensorFlow cannot tell, kept by hand.  One row per fact.

Every name is relative to the ``tensorflow`` package.  A target starting with ``@`` is a
dotted path outside TensorFlow (``@tf_revive_runtime.v1_layers.dense``, ``@tf_keras...``).
tests/migrate/test_tables.py checks that every target exists in the installed TF and
turns every row into a before/after test.
"""

from tf_revive_runtime.contrib_eager import RENAMED as CONTRIB_EAGER_RENAMED

# --------------------------------------------------------------------------- generator
# keyword renames the generator accepts when a v1 signature has OLD, v2 lost it and has NEW
# (on top of what the v1 sources confirm with deprecated_argument_lookup)
KEYWORD_VOCABULARY = (
    ("reduction_indices", "axis"),
    ("keep_dims", "keepdims"),
    ("dim", "axis"),
    ("dimension", "axis"),
    ("squeeze_dims", "axis"),
    ("concat_dim", "axis"),
    ("split_dim", "axis"),
    ("tensor", "input"),  # ones_like, zeros_like: TF 2's *_like_v2(input) calls the same impl, optimize=True
)

# --------------------------------------------------------------------------- tf0-name
# TF 0.x names (gone before TF 1.x ended) -> their TF 2 name
TF0_NAMES = {
    "mul": "multiply",
    "sub": "subtract",
    "neg": "negative",
    "inv": "math.reciprocal",
    "select": "compat.v1.where",  # v1 semantics: a vector condition picks rows
    "pack": "stack",
    "unpack": "unstack",
    "batch_matmul": "matmul",
    "complex_abs": "abs",
    "listdiff": "compat.v1.setdiff1d",
    "initialize_all_variables": "compat.v1.global_variables_initializer",
    "initialize_local_variables": "compat.v1.local_variables_initializer",
    "initialize_variables": "compat.v1.variables_initializer",
    "all_variables": "compat.v1.global_variables",
    "scalar_summary": "compat.v1.summary.scalar",
    "histogram_summary": "compat.v1.summary.histogram",
    "image_summary": "compat.v1.summary.image",
    "audio_summary": "compat.v1.summary.audio",
    "merge_summary": "compat.v1.summary.merge",
    "merge_all_summaries": "compat.v1.summary.merge_all",
    "train.SummaryWriter": "compat.v1.summary.FileWriter",
    # the seeds' typo: no such name ever existed, the intent is unambiguous
    "global_variable_initializer": "compat.v1.global_variables_initializer",
    # TF 1.0 release notes / TF 1.0's tf_upgrade.py symbol_renames
    "list_diff": "compat.v1.setdiff1d",
    "image.per_image_whitening": "image.per_image_standardization",
    "train.SummaryWriterCache": "compat.v1.summary.FileWriterCache",
    "GraphKeys.VARIABLES": "compat.v1.GraphKeys.GLOBAL_VARIABLES",
    "reverse_v2": "reverse",
    # TF 0.12: "Combined batch_* and regular version of linear algebra and FFT ops"
    "batch_matrix_diag": "linalg.diag",
    "batch_matrix_diag_part": "linalg.diag_part",
    "batch_matrix_band_part": "linalg.band_part",
    "batch_band_part": "linalg.band_part",
    "batch_matrix_set_diag": "linalg.set_diag",
    "batch_set_diag": "linalg.set_diag",
    "batch_matrix_transpose": "linalg.matrix_transpose",
    "batch_matrix_determinant": "linalg.det",
    "batch_matrix_inverse": "linalg.inv",
    "batch_cholesky": "linalg.cholesky",
    "batch_cholesky_solve": "linalg.cholesky_solve",
    "batch_matrix_solve": "linalg.solve",
    "batch_matrix_triangular_solve": "linalg.triangular_solve",
    "batch_matrix_solve_ls": "linalg.lstsq",
    "batch_self_adjoint_eigvals": "linalg.eigvalsh",
    "batch_svd": "linalg.svd",
    "batch_fft": "signal.fft",
    "batch_ifft": "signal.ifft",
    "batch_fft2d": "signal.fft2d",
    "batch_ifft2d": "signal.ifft2d",
    "batch_fft3d": "signal.fft3d",
    "batch_ifft3d": "signal.ifft3d",
    # TF 0.x RNN functions (TF 1.0 moved them to contrib.rnn, TF 1.2 back as static_*)
    "nn.rnn": "compat.v1.nn.static_rnn",
    "nn.bidirectional_rnn": "compat.v1.nn.static_bidirectional_rnn",
    "nn.state_saving_rnn": "compat.v1.nn.static_state_saving_rnn",
}

# keyword renames for TF 0.x calls (by the name as written, before renaming)
TF0_KEYWORDS = {
    "batch_matmul": {"x": "a", "y": "b", "adj_x": "adjoint_a", "adj_y": "adjoint_b"},
    "concat": {"concat_dim": "axis"},
    "split": {"split_dim": "axis", "num_split": "num_or_size_splits"},
    "nn.sigmoid_cross_entropy_with_logits": {"targets": "labels"},
    "scalar_summary": {"tags": "name", "values": "tensor"},
    "histogram_summary": {"tag": "name"},
    "image_summary": {"tag": "name", "max_images": "max_outputs"},
    "audio_summary": {"tag": "name"},
    "SparseTensor": {"shape": "dense_shape"},
}

# TF 0.x positional parameters, and how many leading ones keep their place in TF 2's
# function; the others are passed by keyword (then renamed by TF0_KEYWORDS)
TF0_POSITIONAL = {
    "batch_matmul": (("x", "y", "adj_x", "adj_y", "name"), 2),
    "image_summary": (("tag", "tensor", "max_images", "collections", "name"), 2),
}

# --------------------------------------------------------------------------- xent-positional
# TF 0.x cross entropies took (logits, labels) positionally; TF 1.x+ take keywords
# (TF 1.x even rejected positional calls with a _sentinel).  name -> TF 0.x parameters
XENT_POSITIONAL = {
    "nn.sigmoid_cross_entropy_with_logits": ("logits", "targets", "name"),
    "nn.softmax_cross_entropy_with_logits": ("logits", "labels", "dim", "name"),
    "nn.sparse_softmax_cross_entropy_with_logits": ("logits", "labels", "name"),
}
# positional calls whose order changed between TF 0.x and 1.x: cannot tell which one
AMBIGUOUS_POSITIONAL = {
    "nn.weighted_cross_entropy_with_logits":
        "TF 0.x took (logits, targets, pos_weight), TF 1.x (targets, logits, pos_weight); "
        "pass labels=, logits=, pos_weight= by keyword",
}

# --------------------------------------------------------------------------- v1 semantics
# names TF 2 still has, with other semantics than TF 1.x: keep TF 1.x's
SEMANTIC_V1 = {
    "where": "compat.v1.where",  # TF 2 broadcasts; TF 1 picks rows with a vector condition
    "image.resize": "compat.v1.image.resize",  # TF 1 resize_images: no half-pixel centers
    # TF 1 unpacked a branch's singleton list ([x] -> x); TF 2's cond keeps the list
    "cond": "compat.v1.cond",
    # TF 1 returned a singleton loop_vars list's one tensor; TF 2's while_loop the list
    "while_loop": "compat.v1.while_loop",
    # TF 1: N(0, 1) and U[0, 1) by default, drawn from the graph's seeded stream; TF 2's
    # classes default to N(0, 0.05) and U[-0.05, 0.05) and draw statelessly when seeded
    "random_normal_initializer": "compat.v1.random_normal_initializer",
    "random_uniform_initializer": "compat.v1.random_uniform_initializer",
    # TF 1's seed=None takes the op seed from the global seed (repeatable after
    # set_random_seed); TF 2's seed=0 draws from a random seed every run
    "image.sample_distorted_bounding_box": "compat.v1.image.sample_distorted_bounding_box",
    # TF 1: (x, x_shape, y, y_shape) of graph tensors; TF 2: (f, x), another function
    "test.compute_gradient": "compat.v1.test.compute_gradient",
}

# names in v1_names.DEFAULTS_DIFFER (generated: a shared parameter's default differs
# between tf.compat.v1 and tf) whose TF 2 default means the same as TF 1's: name ->
# (parameter, why).  Every DEFAULTS_DIFFER name is in SEMANTIC_V1, here, or in
# DEFAULTS_HANDLED (tests/migrate/test_tables.py).
_KEEPDIMS = ("keepdims", "TF 1's None is read as False (keep_dims's default)")
EQUIVALENT_DEFAULTS = {
    **{f"{space}reduce_{op}": _KEEPDIMS for space in ("", "math.")
       for op in ("all", "any", "logsumexp", "max", "mean", "min", "prod", "sum")},
    "strings.reduce_join": _KEEPDIMS,
    "nn.moments": _KEEPDIMS,
    "nn.sufficient_statistics": _KEEPDIMS,
    "nn.weighted_moments": _KEEPDIMS,
    "image.crop_and_resize": ("extrapolation_value", "0 and 0.0 are the same fill value"),
    "nn.avg_pool": ("data_format", "TF 2's None means channels last: NHWC for TF 1's 4-D input"),
    "nn.max_pool": ("data_format", "TF 2's None means channels last: NHWC for TF 1's 4-D input"),
    "nn.conv1d": ("data_format", "TF 1's None is read as NWC"),
    "nn.conv2d": ("dilations", "TF 2's None is a dilation of 1 in every dimension"),
    "nn.conv3d": ("dilations", "TF 2's None is a dilation of 1 in every dimension"),
    "nn.max_pool_with_argmax": ("output_dtype", "TF 1's None (and Targmax's) is read as int64"),
    "sparse.add": ("threshold", "TF 1's None (and thresh's) is read as 0"),
    "sparse.concat": ("expand_nonconcat_dims", "TF 1's None is read as False"),
}
# DEFAULTS_DIFFER names another rule already keeps as TF 1 computed them: name -> the rule
DEFAULTS_HANDLED = {
    "image.resize": "SEMANTIC_V1 (its method default: TF 1's 0 is BILINEAR, as TF 2's)",
    "nn.softmax_cross_entropy_with_logits":
        "axis: TF 1's None (and dim's) is read as -1; labels' gradient: fixers/xent_label_gradient.py",
}

# --------------------------------------------------------------------------- ref-variable
# TF 2's tf.Variable makes resource variables and takes **kwargs: TF 1.x's collections=,
# expected_shape=, use_resource= are silently dropped there (a collections=[LOCAL_VARIABLES]
# variable becomes global).  TF 1.x's tf.Variable (ref variables; the same class as
# tf.compat.v1.Variable once disable_v2_behavior ran):
VARIABLE_V1 = "compat.v1.Variable"
# TF 1.x Variable parameters TF 2's lacks (tests/migrate/test_tables.py checks them against
# both signatures), and how many leading positional parameters the two share
VARIABLE_V1_ONLY = ("collections", "expected_shape", "use_resource")
VARIABLE_SHARED_POSITIONAL = 2  # initial_value, trainable; TF 1.x's third was collections
# ...and the methods whose result differs: a ref variable's assign returns the variable's
# own buffer (a read of the variable in the same Session.run sees the new value), a
# resource variable's assign its own read, which may run before or after other reads.  A file that computes with that
# return value keeps TF 1.x's ref variables.
ASSIGN_METHODS = frozenset({"assign", "assign_add", "assign_sub"})
# more that only ref variables do (each a loud failure on TF 2's resource variables): method
# -> what TF 2.21 does.  A file using one keeps TF 1.x's ref variables too.
REF_ONLY_USES = {
    # TF 1.x docs, "Initializing from another variable": w2 = tf.Variable(w.initialized_value() * 2)
    "initialized_value": "raises NotImplementedError",
    # assign(..., validate_shape=False) giving the variable a new shape
    "validate_shape=False": "raises ValueError (shape mismatch) in an assign",
}

# --------------------------------------------------------------------------- eager
# tf.compat.v1 names that `--to eager` writes as their TF 2 counterpart: in eager code the
# two do the same (compat output, which runs in graph mode, keeps tf.compat.v1)
EAGER_V2_NAMES = {
    "set_random_seed": "random.set_seed",
    "random.set_random_seed": "random.set_seed",
}
# calls that configure the TensorFlow runtime (devices, placement, threads, XLA, numerics
# checks) rather than build the graph: the same in eager TF 2 as in graph mode, so `--to
# eager` keeps them as they are.  Stage 1 writes one of them itself:
# tf.config.set_soft_device_placement(True) for tf.device pins (fixers/device_pins.py).
# A key also covers the names below it ("config" covers config.threading.*).
RUNTIME_CONFIGURATION = frozenset({
    "config",
    "debugging.set_log_device_placement",
    "debugging.enable_check_numerics",
    "debugging.disable_check_numerics",
})
# runtime settings a call sets to what eager TF 2 has by default: `--to eager` drops the call
# (stage 1 writes tf.config.set_soft_device_placement(True) for a tf.device pin, whose block
# the eager stage dissolves; eager TF 2 places ops softly already).  path -> the argument's
# code; tests/migrate/test_tables.py checks each default against the installed TensorFlow
RUNTIME_DEFAULTS = {
    "config.set_soft_device_placement": "True",
}
# tf.compat.v1.to_TYPE(x) is tf.cast(x, tf.TYPE)
# TF 1's `div` (compat.v1.div, also `divide`'s Python 2 semantics) floors integer operands and
# divides floats; TF 2 has one function for each: where the operands' kind is known when the
# file is translated (eager/dtypes.py), the eager code writes it (v1 name -> kind -> TF 2 name)
DIVISIONS = {
    "div": {"float": "math.divide", "integer": "math.floordiv"},
}
V1_CASTS = {
    "to_float": "float32",
    "to_double": "float64",
    "to_int32": "int32",
    "to_int64": "int64",
    "to_bfloat16": "bfloat16",
}

# --------------------------------------------------------------------------- graph-mode
# which names need graph mode is generated: migrate/tables/graph_names.py
# calls that mean the file already chose graph semantics
DISABLES_EAGER = frozenset({"disable_v2_behavior", "disable_eager_execution"})
# calls that mean the file is written for eager execution (TF 1.5-1.7's early eager API):
# never given graph mode
ENABLES_EAGER = frozenset({"enable_eager_execution", "contrib.eager.enable_eager_execution",
                           "enable_v2_behavior"})

# --------------------------------------------------------------------------- layers
# tf.layers / tf.nn.rnn_cell: Keras 3 raises on tf.compat.v1.layers.*; tf_keras serves
# them.  prefix -> shim module (tf_revive_runtime re-exports tf_keras's legacy modules)
LEGACY_MODULES = {
    "layers": "@tf_revive_runtime.v1_layers",
    "nn.rnn_cell": "@tf_revive_runtime.v1_rnn_cell",
}

# --------------------------------------------------------------------------- contrib
# tf.contrib.* rows with a maintained replacement.  kind:
#   "rename": same call, other name;  "xavier", "l2", "l1": argument mapping (fixers/contrib.py)
CONTRIB = {
    "contrib.layers.xavier_initializer": ("compat.v1.glorot_uniform_initializer", "xavier"),
    "contrib.layers.xavier_initializer_conv2d": ("compat.v1.glorot_uniform_initializer", "xavier"),
    "contrib.layers.l2_regularizer": ("@tf_keras.regularizers.l2", "l2"),
    "contrib.layers.l1_regularizer": ("@tf_keras.regularizers.l1", "l1"),
    "contrib.layers.flatten": ("@tf_revive_runtime.v1_layers.flatten", "one-arg"),
    "contrib.framework.get_or_create_global_step": ("compat.v1.train.get_or_create_global_step", "rename"),
    "contrib.framework.get_global_step": ("compat.v1.train.get_global_step", "rename"),
    "contrib.rnn.static_rnn": ("compat.v1.nn.static_rnn", "rename"),
    "contrib.rnn.static_bidirectional_rnn": ("compat.v1.nn.static_bidirectional_rnn", "rename"),
    "contrib.rnn.BasicLSTMCell": ("@tf_revive_runtime.v1_rnn_cell.BasicLSTMCell", "rename"),
    "contrib.rnn.BasicRNNCell": ("@tf_revive_runtime.v1_rnn_cell.BasicRNNCell", "rename"),
    "contrib.rnn.LSTMCell": ("@tf_revive_runtime.v1_rnn_cell.LSTMCell", "rename"),
    "contrib.rnn.GRUCell": ("@tf_revive_runtime.v1_rnn_cell.GRUCell", "rename"),
    "contrib.rnn.MultiRNNCell": ("@tf_revive_runtime.v1_rnn_cell.MultiRNNCell", "rename"),
    "contrib.rnn.DropoutWrapper": ("@tf_revive_runtime.v1_rnn_cell.DropoutWrapper", "rename"),
    "contrib.rnn.LSTMStateTuple": ("@tf_revive_runtime.v1_rnn_cell.LSTMStateTuple", "rename"),
    "contrib.rnn.RNNCell": ("@tf_revive_runtime.v1_rnn_cell.RNNCell", "rename"),
    "contrib.distributions.Normal": ("compat.v1.distributions.Normal", "rename"),
    "contrib.distributions.Bernoulli": ("compat.v1.distributions.Bernoulli", "rename"),
    "contrib.distributions.Categorical": ("compat.v1.distributions.Categorical", "rename"),
    "contrib.distributions.Uniform": ("compat.v1.distributions.Uniform", "rename"),
    # tf_slim carries contrib.slim, contrib.layers and contrib.framework's variables and
    # arg_scope on (tf_revive_runtime/slim.py)
    "contrib.slim": ("@tf_revive_runtime.slim", "rename"),
    "contrib.layers.avg_pool2d": ("@tf_revive_runtime.slim.avg_pool2d", "rename"),
    "contrib.layers.avg_pool3d": ("@tf_revive_runtime.slim.avg_pool3d", "rename"),
    "contrib.layers.batch_norm": ("@tf_revive_runtime.slim.batch_norm", "rename"),
    "contrib.layers.bias_add": ("@tf_revive_runtime.slim.bias_add", "rename"),
    "contrib.layers.conv1d": ("@tf_revive_runtime.slim.conv1d", "rename"),
    "contrib.layers.conv2d": ("@tf_revive_runtime.slim.conv2d", "rename"),
    "contrib.layers.conv2d_in_plane": ("@tf_revive_runtime.slim.conv2d_in_plane", "rename"),
    "contrib.layers.conv2d_transpose": ("@tf_revive_runtime.slim.conv2d_transpose", "rename"),
    "contrib.layers.conv3d": ("@tf_revive_runtime.slim.conv3d", "rename"),
    "contrib.layers.conv3d_transpose": ("@tf_revive_runtime.slim.conv3d_transpose", "rename"),
    "contrib.layers.convolution": ("@tf_revive_runtime.slim.convolution", "rename"),
    "contrib.layers.convolution1d": ("@tf_revive_runtime.slim.convolution1d", "rename"),
    "contrib.layers.convolution2d": ("@tf_revive_runtime.slim.convolution2d", "rename"),
    "contrib.layers.convolution2d_in_plane": ("@tf_revive_runtime.slim.convolution2d_in_plane", "rename"),
    "contrib.layers.convolution2d_transpose": ("@tf_revive_runtime.slim.convolution2d_transpose", "rename"),
    "contrib.layers.convolution3d": ("@tf_revive_runtime.slim.convolution3d", "rename"),
    "contrib.layers.convolution3d_transpose": ("@tf_revive_runtime.slim.convolution3d_transpose", "rename"),
    "contrib.layers.dense_to_sparse": ("@tf_revive_runtime.slim.dense_to_sparse", "rename"),
    "contrib.layers.dropout": ("@tf_revive_runtime.slim.dropout", "rename"),
    "contrib.layers.fully_connected": ("@tf_revive_runtime.slim.fully_connected", "rename"),
    "contrib.layers.layer_norm": ("@tf_revive_runtime.slim.layer_norm", "rename"),
    "contrib.layers.linear": ("@tf_revive_runtime.slim.linear", "rename"),
    "contrib.layers.max_pool2d": ("@tf_revive_runtime.slim.max_pool2d", "rename"),
    "contrib.layers.max_pool3d": ("@tf_revive_runtime.slim.max_pool3d", "rename"),
    "contrib.layers.maxout": ("@tf_revive_runtime.slim.maxout", "rename"),
    "contrib.layers.one_hot_encoding": ("@tf_revive_runtime.slim.one_hot_encoding", "rename"),
    "contrib.layers.repeat": ("@tf_revive_runtime.slim.repeat", "rename"),
    "contrib.layers.separable_conv2d": ("@tf_revive_runtime.slim.separable_conv2d", "rename"),
    "contrib.layers.separable_convolution2d": ("@tf_revive_runtime.slim.separable_convolution2d", "rename"),
    "contrib.layers.softmax": ("@tf_revive_runtime.slim.softmax", "rename"),
    "contrib.layers.stack": ("@tf_revive_runtime.slim.stack", "rename"),
    "contrib.layers.unit_norm": ("@tf_revive_runtime.slim.unit_norm", "rename"),
    "contrib.layers.variance_scaling_initializer": ("@tf_revive_runtime.slim.variance_scaling_initializer", "rename"),
    "contrib.layers.l1_l2_regularizer": ("@tf_revive_runtime.slim.l1_l2_regularizer", "rename"),
    "contrib.layers.sum_regularizer": ("@tf_revive_runtime.slim.sum_regularizer", "rename"),
    "contrib.layers.apply_regularization": ("@tf_revive_runtime.slim.apply_regularization", "rename"),
    "contrib.layers.summarize_activations": ("@tf_revive_runtime.slim.summarize_activations", "rename"),
    "contrib.layers.summarize_tensors": ("@tf_revive_runtime.slim.summarize_tensors", "rename"),
    "contrib.framework.arg_scope": ("@tf_revive_runtime.slim.arg_scope", "rename"),
    "contrib.framework.add_arg_scope": ("@tf_revive_runtime.slim.add_arg_scope", "rename"),
    "contrib.framework.get_variables": ("@tf_revive_runtime.slim.get_variables", "rename"),
    "contrib.framework.get_model_variables": ("@tf_revive_runtime.slim.get_model_variables", "rename"),
    "contrib.framework.model_variable": ("@tf_revive_runtime.slim.model_variable", "rename"),
    "contrib.framework.variable": ("@tf_revive_runtime.slim.variable", "rename"),
    "contrib.framework.local_variable": ("@tf_revive_runtime.slim.local_variable", "rename"),
    "contrib.framework.get_variables_to_restore": ("@tf_revive_runtime.slim.get_variables_to_restore", "rename"),
    "contrib.framework.get_variables_by_name": ("@tf_revive_runtime.slim.get_variables_by_name", "rename"),
    "contrib.framework.get_trainable_variables": ("@tf_revive_runtime.slim.get_trainable_variables", "rename"),
    "contrib.framework.assign_from_checkpoint_fn": ("@tf_revive_runtime.slim.assign_from_checkpoint_fn", "rename"),
    "contrib.eager": ("@tf_revive_runtime.contrib_eager", "rename"),  # TF 2 itself
    # TF 1.5-1.7's early eager API: the names TF 2 kept under another name, from the
    # runtime's own table (the rest, implicit_gradients, Network, Saver, Iterator..., are
    # functions of the runtime module)
    **{f"contrib.eager.{name}": (target, "rename") for name, target in CONTRIB_EAGER_RENAMED.items()},
    "contrib.keras": ("@tf_keras", "rename"),  # Keras 2, as TF 1.x's was
    "contrib.seq2seq.sequence_loss": ("@tf_revive_runtime.contrib_seq2seq.sequence_loss", "rename"),
    "contrib.learn.preprocessing.VocabularyProcessor": (
        "@tf_revive_runtime.vocabulary.VocabularyProcessor", "rename"),
    # tf.contrib.data's functions moved unchanged to tf.data.experimental (TF 1.13's
    # deprecation notices: "Use tf.data.experimental.X"), where TF 2.21 still has them;
    # the input_fns of TF 1 Estimator programs use them (map_and_batch, parallel_interleave)
    **{f"contrib.data.{name}": (f"data.experimental.{name}", "rename") for name in (
        "map_and_batch", "parallel_interleave", "shuffle_and_repeat", "ignore_errors",
        "unbatch", "sample_from_datasets", "choose_from_datasets", "group_by_window",
        "bucket_by_sequence_length", "scan", "enumerate_dataset", "rejection_resample",
        "get_single_element", "prefetch_to_device", "dense_to_sparse_batch", "unique",
        "AUTOTUNE", "CsvDataset", "make_csv_dataset", "make_batched_features_dataset",
        "Counter", "TFRecordWriter")},
    "contrib.deprecated.scalar_summary": ("compat.v1.summary.scalar", "rename"),
    "contrib.deprecated.histogram_summary": ("compat.v1.summary.histogram", "rename"),
}
# what to tell a person about the rest of tf.contrib (longest prefix wins)
CONTRIB_ADVICE = {
    "contrib": "tf.contrib was removed in TF 2; find a replacement (TensorFlow Addons, "
               "tf_keras, TensorFlow Probability) by hand",
    "contrib.layers": "this tf.contrib.layers function is not in tf_slim and has no exact TF 2 "
                      "counterpart; rewrite it with tf.compat.v1 ops or tf_revive_runtime.v1_layers",
    "contrib.learn": "tf.contrib.learn was removed with its estimators: write the model as a "
                     "tf.estimator model_fn (tf_revive_runtime.v1_estimator) or with tf_keras; only "
                     "learn.preprocessing and learn.datasets.mnist are served "
                     "(tf_revive_runtime.contrib_learn)",
    "contrib.rnn": "this tf.contrib.rnn name has no TF 2 counterpart (TensorFlow Addons may have it)",
    "contrib.seq2seq": "tf.contrib.seq2seq moved to TensorFlow Addons (tfa.seq2seq); "
                       "only sequence_loss is served (tf_revive_runtime.contrib_seq2seq)",
    "contrib.legacy_seq2seq": "tf.contrib.legacy_seq2seq was removed without replacement",
    "contrib.distributions": "use TensorFlow Probability (tfp.distributions)",
    "contrib.data": "this tf.contrib.data name has no tf.data.experimental counterpart in TF 2.21; "
                    "rewrite it with tf.data.Dataset methods",
}

# --------------------------------------------------------------------------- estimator
# tf.estimator (removed in TF 2.16), tf.compat.v1.estimator and TPUEstimator's tf.contrib.tpu
# names -> tf_revive_runtime.v1_estimator (TF 1's Estimator on compat.v1 graph mode).
# module prefix -> (runtime module, the names it builds).  Any other name under a prefix
# is warned about, with its line (ESTIMATOR_NOT_BUILT), and refused by the runtime when
# run; under contrib.tpu the rest is contrib's (CONTRIB_ADVICE).  tests/migrate/fixers/test_estimator.py checks every name
# against the runtime.
_ESTIMATOR_TPU = ("TPUEstimator", "TPUEstimatorSpec", "RunConfig", "TPUConfig",
                  "InputPipelineConfig", "CrossShardOptimizer")
ESTIMATOR_MODULES = {
    "estimator": ("@tf_revive_runtime.v1_estimator", (
        "Estimator", "EstimatorSpec", "ModeKeys", "RunConfig", "TrainSpec", "EvalSpec",
        "train_and_evaluate", "DNNClassifier", "DNNRegressor", "LinearClassifier",
        "LinearRegressor", "inputs", "tpu",
        "CheckpointSaverHook", "CheckpointSaverListener", "FeedFnHook", "FinalOpsHook",
        "GlobalStepWaiterHook", "LoggingTensorHook", "NanLossDuringTrainingError",
        "NanTensorHook", "ProfilerHook", "SecondOrStepTimer", "SessionRunArgs",
        "SessionRunContext", "SessionRunHook", "SessionRunValues", "StepCounterHook",
        "StopAtStepHook", "SummarySaverHook")),
    "estimator.inputs": ("@tf_revive_runtime.v1_estimator.inputs",
                         ("numpy_input_fn", "pandas_input_fn")),
    "estimator.tpu": ("@tf_revive_runtime.v1_estimator.tpu", _ESTIMATOR_TPU),
    "contrib.tpu": ("@tf_revive_runtime.v1_estimator.tpu", _ESTIMATOR_TPU),
}
ESTIMATOR_NOT_BUILT = (
    "is not built in tf_revive_runtime.v1_estimator (TF 1's Estimator, its canned DNN/Linear "
    "estimators and TPUEstimator with use_tpu=False run; SavedModel export, distribution, "
    "BoostedTrees and the other canned estimators do not): this line raises "
    "NotImplementedError at run time")
# Estimator methods not built: said with the line wherever the file calls them
ESTIMATOR_METHODS_NOT_BUILT = {
    "export_saved_model": "serving signatures are not built; the checkpoints in model_dir "
                          "hold the weights",
    "export_savedmodel": "serving signatures are not built; the checkpoints in model_dir "
                         "hold the weights",
    "experimental_export_all_saved_models": "serving signatures are not built",
}

# --------------------------------------------------------------------------- input-data
# removed tutorial modules -> shims
INPUT_DATA_MODULES = {
    "examples.tutorials.mnist.input_data": "@tf_revive_runtime.input_data",
    "contrib.learn.python.learn.datasets.mnist": "@tf_revive_runtime.input_data",
    "contrib.learn.datasets.mnist": "@tf_revive_runtime.input_data",
}

# --------------------------------------------------------------------------- tf0-order
# positional orders TF 1.0 changed (release notes, tf_upgrade.py function_reorders):
# name -> (TF 0.x parameters, TF 1.x/2 parameters).  A positional call is rewritten to
# keywords in the order its file is written for (see TF0_MARKERS), else warned about.
TF0_REORDERED = {
    "svd": (("tensor", "compute_uv", "full_matrices", "name"),
            ("tensor", "full_matrices", "compute_uv", "name")),
    "batch_svd": (("tensor", "compute_uv", "full_matrices", "name"),
                  ("tensor", "full_matrices", "compute_uv", "name")),
}
# "tf.nn.sampled_softmax_loss and tf.nn.nce_loss ... switch the inputs, labels to labels,
# inputs".  Positional calls are decided by the argument names (train_labels...), else by
# dtype at run time (tf_revive_runtime/tf0_nn.py: labels are integers, inputs floats).
SAMPLED_LOSSES = {
    "nn.nce_loss": ("weights", "biases", "labels", "inputs", "num_sampled", "num_classes",
                    "num_true", "sampled_values", "remove_accidental_hits",
                    "partition_strategy", "name"),
    "nn.sampled_softmax_loss": ("weights", "biases", "labels", "inputs", "num_sampled",
                                "num_classes", "num_true", "sampled_values",
                                "remove_accidental_hits", "partition_strategy", "name"),
}
# names that only TF 0.x code uses: a file calling one of them is written for TF 0.x, so
# its ambiguous positional calls (svd, concat...) follow TF 0.x's order
TF0_MARKERS = (
    "initialize_all_variables", "initialize_local_variables", "all_variables",
    "scalar_summary", "histogram_summary", "image_summary", "audio_summary",
    "merge_summary", "merge_all_summaries", "train.SummaryWriter", "listdiff", "list_diff",
    "batch_matmul", "per_image_whitening", "complex_abs", "nn.rnn", "nn.bidirectional_rnn",
    "nn.seq2seq", "mul", "sub", "neg", "pack", "unpack", "select",
)

# --------------------------------------------------------------------------- tf0-semantics
# same name, other result since TF 1.0: said where a TF 0.x file (TF0_MARKERS) calls it
TF0_SEMANTICS = {
    "round": "rounds half to even since TF 1.0 (TF 0.x rounded half away from zero)",
    "image.decode_jpeg": "uses the faster DCT since TF 1.0; pass dct_method='INTEGER_ACCURATE' "
                         "for TF 0.x's pixels",
}

# --------------------------------------------------------------------------- removed
# names removed with no replacement that runs: why, and what to use instead
REMOVED = {
    "nn.seq2seq": "tf.nn.seq2seq (later tf.contrib.legacy_seq2seq) was removed in TF 2; "
                  "no replacement runs this code (rewrite with tf_keras layers)",
    "batch_self_adjoint_eig": "TF 0.x packed eigenvalues and vectors in one tensor; use "
                              "tf.linalg.eigh (returns e, v) and adapt the unpacking",
    "contrib.learn.Estimator": "tf.contrib.learn estimators were removed; this script cannot "
                               "run on TF 2.21",
}

# --------------------------------------------------------------------------- dataset-methods
# TF 1.x Dataset methods TF 2's Dataset lacks (any receiver: the names are TF's own).
# method -> function taking the dataset first
DATASET_METHODS = {
    "make_one_shot_iterator": "compat.v1.data.make_one_shot_iterator",
    "make_initializable_iterator": "compat.v1.data.make_initializable_iterator",
}
# properties -> function of the dataset (or iterator)
DATASET_PROPERTIES = {
    "output_types": "compat.v1.data.get_output_types",
    "output_shapes": "compat.v1.data.get_output_shapes",
    "output_classes": "compat.v1.data.get_output_classes",
}

# --------------------------------------------------------------------------- tf0-method
# methods TF 1.0 renamed on objects TensorFlow makes (TF 1.0 release notes: TensorArray's
# pack/unpack -> stack/unstack; TF 2.21 has only the new names).  old -> (new, the TF class
# that has it, positional arguments it takes besides name=).  Rewritten in a file that
# makes such an object.  (Template.var_scope, also renamed by TF 1.0, still works in TF 2.21
# as a deprecated alias of variable_scope: not a row.)
TF0_METHODS = {
    "pack": ("stack", "TensorArray", 0),
    "unpack": ("unstack", "TensorArray", 1),
}

# --------------------------------------------------------------------------- numpy-nep50
# TF parameters that take a count or a shape (an integer, or a list of them): a NumPy 2
# scalar there (``np.max(labels) + 1``) is made a Python int by the numpy family
# (migrate/families/nep50.py).  name -> (position, parameter); tests/migrate/test_tables.py
# checks each against the installed TensorFlow.
INTEGER_ARGUMENTS = {
    "one_hot": (1, "depth"),
    "zeros": (0, "shape"),
    "ones": (0, "shape"),
    "fill": (0, "dims"),
    "reshape": (1, "shape"),
    "placeholder": (1, "shape"),
    "get_variable": (1, "shape"),
    "random_normal": (0, "shape"),
    "random_uniform": (0, "shape"),
    "truncated_normal": (0, "shape"),
    "random.normal": (0, "shape"),
    "random.uniform": (0, "shape"),
    "random.truncated_normal": (0, "shape"),
    "layers.dense": (1, "units"),
    "keras.layers.Dense": (0, "units"),
    "keras.utils.to_categorical": (1, "num_classes"),
}
# keywords that take a count or a shape in any call (TF's, Keras's, the script's own)
INTEGER_KEYWORDS = frozenset({"depth", "num_classes", "shape", "units", "num_units",
                              "num_outputs", "n_classes"})

# --------------------------------------------------------------------------- shimmed modules
# TF 1.x modules whose TF 2 counterpart behaves differently: prefix -> shim
SHIMMED_MODULES = {
    "app.flags": "@tf_revive_runtime.v1_flags",  # DEFINE_* of absl's own names (log_dir)
    "flags": "@tf_revive_runtime.v1_flags",
}

# --------------------------------------------------------------------------- contrib-module
# a contrib module imported or named as a whole (``from tensorflow.contrib import rnn``)
# -> a shim module with its members that have a TF 2 counterpart; members are still
# decided one by one (CONTRIB rows, else CONTRIB_ADVICE)
CONTRIB_MODULES = {
    "contrib.rnn": "@tf_revive_runtime.contrib_rnn",
    "contrib.layers": "@tf_revive_runtime.slim",
    "contrib.framework": "@tf_revive_runtime.slim",
    "contrib.seq2seq": "@tf_revive_runtime.contrib_seq2seq",
    "contrib.learn": "@tf_revive_runtime.contrib_learn",  # preprocessing, datasets.mnist
    "contrib.learn.preprocessing": "@tf_revive_runtime.vocabulary",
}
# contrib names with an argument mapping (CONTRIB kinds other than "rename") imported by
# name or used uncalled: no call to map there, so they take tf_slim's copy of contrib's
# code; so does a call the mapping cannot express (xavier_initializer(uniform=False))
CONTRIB_IMPORTED = {
    "contrib.layers.xavier_initializer": "@tf_revive_runtime.slim.xavier_initializer",
    "contrib.layers.xavier_initializer_conv2d": "@tf_revive_runtime.slim.xavier_initializer_conv2d",
    "contrib.layers.l2_regularizer": "@tf_revive_runtime.slim.l2_regularizer",
    "contrib.layers.l1_regularizer": "@tf_revive_runtime.slim.l1_regularizer",
    "contrib.layers.flatten": "@tf_revive_runtime.slim.flatten",
}

# --------------------------------------------------------------------------- keras2
# tf.keras in a TF 1.x script is Keras 2 (TF 2.21's is Keras 3, which refuses graph mode and
# tf.compat.v1.train optimizers): TensorFlow module -> the package that still is Keras 2
KERAS2 = {
    "keras": "tf_keras",
}
# rules whose change marks a file as TF 1.x code (then its tf.keras is Keras 2)
TF1_RULES = frozenset({"tf0-name", "v1-name", "graph-mode", "keras-legacy", "contrib",
                       "xent-positional", "keyword-rename", "signature", "input-data",
                       "concat-order", "split-order", "tf0-order", "dataset-methods", "flags",
                       "estimator"})

# --------------------------------------------------------------------------- private-name
# TF 0.x functions called through private modules (``from tensorflow.python.ops import
# rnn``; ``rnn.rnn(cell, inputs)``): the module is still in TF 2.21, the function is not
PRIVATE_NAMES = {
    "python.ops.rnn.rnn": "compat.v1.nn.static_rnn",
    "python.ops.rnn.bidirectional_rnn": "compat.v1.nn.static_bidirectional_rnn",
    "python.ops.rnn.state_saving_rnn": "compat.v1.nn.static_state_saving_rnn",
}

# --------------------------------------------------------------------------- initializer-call
# TF 0.x initializer functions that TF 1.0 made classes (tf_upgrade.py change_to_function):
# passed uncalled as an argument, they are called first
CALL_FIRST = frozenset({"zeros_initializer", "ones_initializer"})
