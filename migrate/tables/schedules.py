"""TF 1 learning-rate decay functions and the Keras schedules that compute the same rates.

`tf.compat.v1.train.exponential_decay(lr, global_step, ...)` builds a tensor of the rate
at the step the variable holds; the Keras schedule, called with that variable inside a
tf.function, gives the same float32 value at every step (bit for bit: the same ops in the
same order, measured over steps 0..2500 by tests/migrate/eager/test_schedules.py, one
test per row). `migrate --to eager` writes the schedule once at module level and calls it
with the script's step variable where the rate is used.

Each row: TF 1 path -> (Keras class under tf.keras.optimizers.schedules, TF 1
parameters in order, the TF 1 parameter holding the step, TF 1 -> Keras parameter names).
TF 1's `name` has no arithmetic effect and is dropped.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Schedule:
    keras: str
    tf1_parameters: tuple
    step: str
    rename: dict  # TF 1 parameter -> Keras keyword (the first is passed positionally)


SCHEDULES = {
    "train.exponential_decay": Schedule(
        "ExponentialDecay", ("learning_rate", "global_step", "decay_steps", "decay_rate", "staircase", "name"),
        "global_step", {"learning_rate": "initial_learning_rate", "decay_steps": "decay_steps",
                        "decay_rate": "decay_rate", "staircase": "staircase"}),
    "train.inverse_time_decay": Schedule(
        "InverseTimeDecay", ("learning_rate", "global_step", "decay_steps", "decay_rate", "staircase", "name"),
        "global_step", {"learning_rate": "initial_learning_rate", "decay_steps": "decay_steps",
                        "decay_rate": "decay_rate", "staircase": "staircase"}),
    "train.polynomial_decay": Schedule(
        "PolynomialDecay", ("learning_rate", "global_step", "decay_steps", "end_learning_rate", "power", "cycle",
                            "name"),
        "global_step", {"learning_rate": "initial_learning_rate", "decay_steps": "decay_steps",
                        "end_learning_rate": "end_learning_rate", "power": "power", "cycle": "cycle"}),
    "train.piecewise_constant": Schedule(
        "PiecewiseConstantDecay", ("x", "boundaries", "values", "name"),
        "x", {"boundaries": "boundaries", "values": "values"}),
    "train.cosine_decay": Schedule(
        "CosineDecay", ("learning_rate", "global_step", "decay_steps", "alpha", "name"),
        "global_step", {"learning_rate": "initial_learning_rate", "decay_steps": "decay_steps", "alpha": "alpha"}),
}
DROPPED = ("name",)
