"""``tf.estimator.train_and_evaluate`` with ``TrainSpec`` / ``EvalSpec``, on one machine.

As TF 1's local run: train up to ``TrainSpec.max_steps``; after each checkpoint save
(the first one, of the untrained model, excepted) evaluate on ``EvalSpec`` if
``throttle_secs`` have passed since the last evaluation, and evaluate the final
checkpoint if it was not.  Returns ``(metrics of the last evaluation, [])``.  Exporters
are refused (nothing exports a SavedModel).
"""
from __future__ import annotations

import collections

import tensorflow as tf

from tf_revive_runtime.v1_estimator.not_built import refuse

v1 = tf.compat.v1


class TrainSpec(collections.namedtuple("TrainSpec", ["input_fn", "max_steps", "hooks",
                                                     "saving_listeners"])):
    def __new__(cls, input_fn, max_steps=None, hooks=None, saving_listeners=None):
        if not callable(input_fn):
            raise TypeError(f"`input_fn` must be callable, given: {input_fn}")
        if max_steps is not None and max_steps <= 0:
            raise ValueError(f"Must specify max_steps > 0, given: {max_steps}")
        return super().__new__(cls, input_fn, max_steps, tuple(hooks or ()),
                               tuple(saving_listeners or ()))


class EvalSpec(collections.namedtuple("EvalSpec", ["input_fn", "steps", "name", "hooks",
                                                   "exporters", "start_delay_secs",
                                                   "throttle_secs"])):
    def __new__(cls, input_fn, steps=100, name=None, hooks=None, exporters=None,
                start_delay_secs=120, throttle_secs=600):
        if not callable(input_fn):
            raise TypeError(f"`input_fn` must be callable, given: {input_fn}")
        if steps is not None and steps <= 0:
            raise ValueError(f"Must specify steps > 0, given: {steps}")
        if exporters:
            refuse("EvalSpec(exporters=...)", "SavedModel export is not built")
        return super().__new__(cls, input_fn, steps, name, tuple(hooks or ()), (),
                               start_delay_secs, throttle_secs)


class _EvaluateOnSave(v1.train.CheckpointSaverListener):
    """TF 1's _NewCheckpointListenerForEvaluate."""

    def __init__(self, estimator, eval_spec):
        self._estimator = estimator
        self._eval_spec = eval_spec
        self.eval_result = None

    def begin(self):
        self._timer = v1.train.SecondOrStepTimer(every_secs=self._eval_spec.throttle_secs)
        self._is_first_run = True

    def after_save(self, session, global_step_value):
        if self._is_first_run:  # the untrained model
            self._is_first_run = False
            return
        if self._timer.should_trigger_for_step(global_step_value):
            self._evaluate(global_step_value)
        else:
            v1.logging.info("Skip the current checkpoint eval due to throttle secs (%s secs).",
                            self._eval_spec.throttle_secs)

    def end(self, session, global_step_value):
        if global_step_value != self._timer.last_triggered_step():
            self._evaluate(global_step_value)

    def _evaluate(self, global_step_value):
        self._timer.update_last_triggered_step(global_step_value)
        spec = self._eval_spec
        self.eval_result = self._estimator.evaluate(
            spec.input_fn, steps=spec.steps, hooks=spec.hooks, name=spec.name,
            checkpoint_path=self._estimator.latest_checkpoint())


def train_and_evaluate(estimator, train_spec, eval_spec):
    if not isinstance(train_spec, TrainSpec):
        raise TypeError(f"`train_spec` must have type `tf.estimator.TrainSpec`. Got: {type(train_spec)}")
    if not isinstance(eval_spec, EvalSpec):
        raise TypeError(f"`eval_spec` must have type `tf.estimator.EvalSpec`. Got: {type(eval_spec)}")
    listener = _EvaluateOnSave(estimator, eval_spec)
    estimator.train(train_spec.input_fn, hooks=train_spec.hooks, max_steps=train_spec.max_steps,
                    saving_listeners=[*train_spec.saving_listeners, listener])
    if listener.eval_result is None:  # max_steps already reached: TF 1 evaluated nothing
        v1.logging.info("Skipping evaluation: no new checkpoint (max_steps already reached).")
    return listener.eval_result, []
