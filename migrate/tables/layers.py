"""tf.layers functions (TF 1.x, served to graph mode by stage 1 from tf_keras) and the
Keras layer classes that compute the same thing: which arguments map to which, and
what must be passed explicitly because the Keras default differs. Read by
`migrate --to eager` (patterns/layers.py) and `migrate verify` (which layers draw an
implicit initializer). Each row is checked against the installed TensorFlow and
tf_keras, numbers included, by tests/migrate/test_layers_table.py.

Facts, from tf_keras/src/legacy_tf_layers/{core,convolutional,pooling}.py and
keras/src/layers/{core/dense,convolutional/conv2d,pooling/max_pooling2d,reshaping/flatten}.py:
- a tf.layers kernel_initializer of None means tf.compat.v1.get_variable's default,
  glorot_uniform drawn by the stateful compat.v1 initializer; Keras' own default is
  "glorot_uniform" too, the same distribution (uniform in +-sqrt(6 / (fan_in + fan_out)))
  drawn from another generator: Keras 3 seeds it from Python's `random`, not from
  tf.random.set_seed, so the translation leaves it to Keras where no global seed is set (an
  unseeded TF 1 draw differs on every run anyway; `migrate verify` gives both sides the same
  seeded numbers: verification/plan.py) and passes
  `kernel_initializer=tf.compat.v1.glorot_uniform_initializer()` under a global seed;
- bias_initializer defaults to zeros on both sides;
- tf.layers.max_pooling2d requires strides; Keras would default them to pool_size, so
  they are always passed;
- the arithmetic is the same ops (matmul/convolution, bias add, activation).
"""
from __future__ import annotations

from dataclasses import dataclass

from migrate.tables.variable_scopes import DEFAULT_FLOAT_INITIALIZER


@dataclass(frozen=True)
class LayerRow:
    keras: str  # the Keras class (tf.keras.layers.<keras> / tf_keras.layers.<keras>)
    parameters: tuple  # the tf.layers function's parameters, in positional order ("inputs" first)
    passed: tuple  # parameters passed on to the Keras constructor under the same name
    required: tuple = ()  # parameters the tf.layers function requires
    kernel: bool = False  # has a kernel drawn by kernel_initializer (None: DEFAULT_KERNEL_INITIALIZER)
    renames: tuple = ()  # (parameter, Keras parameter) where the names differ
    written_defaults: tuple = ()  # (Keras parameter, code with {tf}) written when the parameter is not given
    kernel_parameter: str = "kernel_initializer"
    shim: str = "tf_revive_runtime.v1_layers"  # where stage 1's compat output finds the function

    def keras_name(self, parameter: str) -> str:
        return dict(self.renames).get(parameter, parameter)


DEFAULT_KERNEL_INITIALIZER = DEFAULT_FLOAT_INITIALIZER

LAYERS = {
    "layers.dense": LayerRow(
        "Dense",
        ("inputs", "units", "activation", "use_bias", "kernel_initializer", "bias_initializer", "kernel_regularizer",
         "bias_regularizer", "activity_regularizer", "kernel_constraint", "bias_constraint", "trainable", "name",
         "reuse"),
        ("units", "activation", "use_bias", "kernel_initializer", "bias_initializer", "kernel_constraint",
         "bias_constraint", "trainable"),
        required=("units",), kernel=True),
    "layers.conv2d": LayerRow(
        "Conv2D",
        ("inputs", "filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "activation",
         "use_bias", "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer",
         "activity_regularizer", "kernel_constraint", "bias_constraint", "trainable", "name", "reuse"),
        ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "activation", "use_bias",
         "kernel_initializer", "bias_initializer", "kernel_constraint", "bias_constraint", "trainable"),
        required=("filters", "kernel_size"), kernel=True),
    "layers.max_pooling2d": LayerRow(
        "MaxPooling2D",
        ("inputs", "pool_size", "strides", "padding", "data_format", "name"),
        ("pool_size", "strides", "padding", "data_format"),
        required=("pool_size", "strides")),
    "layers.flatten": LayerRow(
        "Flatten",
        ("inputs", "name", "data_format"),
        ("data_format",)),
    # tf_slim's fully_connected (stage 1 serves tf.contrib.layers from tf_revive_runtime.slim):
    # relu by default (Keras: none), weights xavier_initializer() = glorot_uniform, biases zeros
    "contrib.layers.fully_connected": LayerRow(
        "Dense",
        ("inputs", "num_outputs", "activation_fn", "normalizer_fn", "normalizer_params", "weights_initializer",
         "weights_regularizer", "biases_initializer", "biases_regularizer", "reuse", "variables_collections",
         "outputs_collections", "trainable", "scope"),
        ("num_outputs", "activation_fn", "weights_initializer", "biases_initializer", "trainable"),
        required=("num_outputs",), kernel=True,
        renames=(("num_outputs", "units"), ("activation_fn", "activation"),
                 ("weights_initializer", "kernel_initializer"), ("biases_initializer", "bias_initializer")),
        written_defaults=(("activation", "{tf}.nn.relu"),),
        kernel_parameter="weights_initializer", shim="tf_revive_runtime.slim"),
}
# the Keras classes of the rows whose kernel Keras draws with its default, glorot_uniform,
# when not given a kernel_initializer; and Keras' class for it (relative to tf.keras / tf_keras)
KERAS_DEFAULT_GLOROT_LAYERS = frozenset(row.keras for row in LAYERS.values() if row.kernel)
KERAS_GLOROT_UNIFORM = "initializers.GlorotUniform"
# tf.layers arguments with no effect on the numbers of a layer used once (its graph name)
IGNORED = frozenset({"name", "scope"})

# tf.layers.dropout(inputs, rate=0.5, noise_shape=None, seed=None, training=False, name=None):
# with training=True, tf_keras' legacy Dropout draws in a graph exactly as
# tf.nn.dropout(inputs, rate=rate, noise_shape=noise_shape, seed=seed) (its random generator
# gives the layer's seed to tf.nn.dropout); with training=False, its default, it returns the
# inputs (tests/migrate/test_layers_table.py checks both, numbers included)
DROPOUT = "layers.dropout"
DROPOUT_PARAMETERS = ("inputs", "rate", "noise_shape", "seed", "training", "name")
DROPOUT_DEFAULT_RATE = "0.5"
DROPOUT_PASSED = ("rate", "noise_shape", "seed")  # given on to tf.nn.dropout under the same name


def shim_function(row: LayerRow, path: str):
    """The function stage 1's compat output calls for `path` (imports tf_keras / tf_slim)."""
    import importlib

    return getattr(importlib.import_module(row.shim), path.rpartition(".")[2])


def shim_paths() -> dict:
    """{(shim module, attribute): path} of the rows, for reading compat output."""
    return {(row.shim, path.rpartition(".")[2]): path for path, row in LAYERS.items()}
