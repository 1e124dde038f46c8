"""TF 1 RNN cells (tf.nn.rnn_cell, served to graph mode by stage 1 from tf_keras' legacy
cells) and the Keras cells that compute the same thing. Read by `migrate --to eager`
(patterns/rnn_cells.py) and `migrate verify` (which cells draw implicit kernels). Each row
is checked against the installed TensorFlow, numbers included, by
tests/migrate/test_rnn_cells_table.py.

Facts, from tf_keras/src/layers/rnn/legacy_cells.py and keras/src/layers/rnn/*.py:
- a TF 1 cell draws each kernel over [input depth + units, gates * units] (the inputs'
  rows first, then the state's) with the variable scope's initializer, None meaning
  get_variable's default, glorot_uniform; Keras keeps the same numbers as `kernel` (the
  inputs' rows) and `recurrent_kernel` (the state's);
- the gates are the kernel's column blocks, in an order of each side's own; Keras' cell
  computes the same gates from the same columns once they are put in its order;
- BasicLSTMCell/LSTMCell add forget_bias (a Python float) to the forget gate at every
  step; Keras' LSTMCell with unit_forget_bias=True starts its forget bias at 1.0, the
  same sum (rounded once at the start, not at every step: verify shows the difference is
  rounding);
- GRUCell applies the reset gate to the state before the candidate's matmul: Keras'
  GRUCell(reset_after=False); its gates' bias starts at 1.0, the candidate's at 0.0.
"""
from __future__ import annotations

from dataclasses import dataclass

from migrate.tables.variable_scopes import DEFAULT_FLOAT_INITIALIZER


@dataclass(frozen=True)
class CellRow:
    keras: str  # the Keras cell class (tf.keras.layers.<keras>)
    parameters: tuple  # the TF 1 constructor's parameters, in positional order
    kernels: tuple  # (variable name, gates) of each kernel TF 1 draws, in the order it draws them
    gates: tuple  # TF 1's column blocks, in TF 1's order, over all kernels in order
    keras_gates: tuple  # the same blocks in the order of Keras' kernel
    bias: tuple = ()  # (variable name, initial value) of TF 1's biases, in gate order
    keras_defaults: tuple = ()  # (Keras argument, code) written always (Keras' default differs)
    state_is_tuple: bool = False  # the state is (c, h): Keras' RNN returns h, c
    # parameters translated, and the values of each that are translated (None: any value)
    translated: tuple = (("num_units", None), ("activation", None))
    forget_bias: bool = False  # has forget_bias (Keras: unit_forget_bias)
    # the parameter giving the initializer that draws the (one) kernel instead of the default
    initializer: str = ""

    @property
    def kernel_count(self) -> int:
        return len(self.kernels)

    @property
    def width(self) -> int:
        """The number of gate blocks (columns of units) over all kernels."""
        return len(self.gates)


_BASIC = ("num_units", "activation", "reuse", "name", "dtype")

CELLS = {
    "nn.rnn_cell.BasicRNNCell": CellRow(
        "SimpleRNNCell", _BASIC,
        kernels=(("kernel", 1),), gates=("h",), keras_gates=("h",), bias=(("bias", 0.0),)),
    "nn.rnn_cell.BasicLSTMCell": CellRow(
        "LSTMCell", ("num_units", "forget_bias", "state_is_tuple", "activation", "reuse", "name", "dtype"),
        kernels=(("kernel", 4),), gates=("i", "j", "f", "o"), keras_gates=("i", "f", "j", "o"),
        bias=(("bias", 0.0),), state_is_tuple=True,
        translated=(("num_units", None), ("forget_bias", ("1.0", "1", "0.0", "0")), ("state_is_tuple", ("True",)),
                    ("activation", None)),
        forget_bias=True),
    "nn.rnn_cell.LSTMCell": CellRow(
        "LSTMCell", ("num_units", "use_peepholes", "cell_clip", "initializer", "num_proj", "proj_clip",
                     "num_unit_shards", "num_proj_shards", "forget_bias", "state_is_tuple", "activation", "reuse",
                     "name", "dtype"),
        kernels=(("kernel", 4),), gates=("i", "j", "f", "o"), keras_gates=("i", "f", "j", "o"),
        bias=(("bias", 0.0),), state_is_tuple=True,
        translated=(("num_units", None), ("use_peepholes", ("False",)), ("forget_bias", ("1.0", "1", "0.0", "0")),
                    ("state_is_tuple", ("True",)), ("activation", None), ("initializer", None)),
        forget_bias=True, initializer="initializer"),
    # r and u from gates/kernel, the candidate c from candidate/kernel; Keras: z (= u), r, h (= c)
    "nn.rnn_cell.GRUCell": CellRow(
        "GRUCell", ("num_units", "activation", "reuse", "kernel_initializer", "bias_initializer", "name", "dtype"),
        kernels=(("gates/kernel", 2), ("candidate/kernel", 1)), gates=("r", "u", "c"), keras_gates=("u", "r", "c"),
        bias=(("gates/bias", 1.0), ("candidate/bias", 0.0)), keras_defaults=(("reset_after", "False"),)),
}

# arguments with no effect on the numbers of a cell used once (its graph name)
IGNORED = frozenset({"name"})

# the kernels' initializer when the cell is given none (get_variable's default)
DEFAULT_KERNEL_INITIALIZER = DEFAULT_FLOAT_INITIALIZER

# tf.nn.dynamic_rnn(cell, inputs, sequence_length=None, initial_state=None, dtype=None,
#                   parallel_iterations=None, swap_memory=False, time_major=False, scope=None)
DYNAMIC_RNN_PARAMETERS = ("cell", "inputs", "sequence_length", "initial_state", "dtype", "parallel_iterations",
                          "swap_memory", "time_major", "scope")
# tf.nn.static_rnn(cell, inputs, initial_state=None, dtype=None, sequence_length=None, scope=None)
STATIC_RNN_PARAMETERS = ("cell", "inputs", "initial_state", "dtype", "sequence_length", "scope")
# driver arguments that change nothing of the numbers (graph names, memory, loop parallelism)
DRIVER_IGNORED = frozenset({"dtype", "parallel_iterations", "swap_memory", "scope"})
DRIVERS = {"nn.dynamic_rnn": DYNAMIC_RNN_PARAMETERS, "nn.static_rnn": STATIC_RNN_PARAMETERS}

MULTI_CELL = "nn.rnn_cell.MultiRNNCell"


def keras_order(row: CellRow) -> tuple:
    """The positions of TF 1's gate blocks in Keras' kernel order."""
    return tuple(row.gates.index(g) for g in row.keras_gates)


def keras_bias(row: CellRow) -> tuple:
    """The initial value of each of Keras' bias blocks (TF 1's bias in Keras' order), before forget_bias."""
    values = []
    for (_name, value), (_kernel, gates) in zip(row.bias, row.kernels):
        values += [value] * gates
    return tuple(values[i] for i in keras_order(row))
