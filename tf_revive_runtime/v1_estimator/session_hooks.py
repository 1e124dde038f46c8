"""The hooks an Estimator adds itself, as TF 1's estimator did: a dataset's initializer,
the end of an evaluation after N batches, a TPU ``host_call`` run every step."""
from __future__ import annotations

import tensorflow as tf

_Hook = tf.compat.v1.train.SessionRunHook


class DatasetInitializerHook(_Hook):
    """Initializes the iterator an input_fn's Dataset was turned into, once per session."""

    def __init__(self, iterator):
        self._iterator = iterator

    def begin(self):
        self._initializer = self._iterator.initializer

    def after_create_session(self, session, coord):
        session.run(self._initializer)


class StopAfterNEvalsHook(_Hook):
    """Stops evaluation after ``num_evals`` batches (``evaluate(steps=N)``)."""

    def __init__(self, num_evals):
        self._num_evals = num_evals
        self._done = 0

    def after_run(self, run_context, run_values):
        self._done += 1
        if self._done >= self._num_evals:
            run_context.request_stop()


class RunOpsHook(_Hook):
    """Runs ``ops`` with every step (a TPUEstimatorSpec's host_call on the CPU path)."""

    def __init__(self, ops):
        self._ops = ops

    def before_run(self, run_context):
        return tf.compat.v1.train.SessionRunArgs(self._ops)
