"""``tf.estimator.EstimatorSpec``: what a model_fn returns, checked as TF 1 checked it."""
from __future__ import annotations

import collections

import tensorflow as tf

from tf_revive_runtime.v1_estimator.mode_keys import ModeKeys

_FIELDS = ("mode", "predictions", "loss", "train_op", "eval_metric_ops", "export_outputs",
           "training_chief_hooks", "training_hooks", "scaffold", "evaluation_hooks",
           "prediction_hooks")


class EstimatorSpec(collections.namedtuple("EstimatorSpec", _FIELDS)):
    """TF 1's EstimatorSpec: train needs loss and train_op, eval needs loss, predict needs
    predictions.  ``export_outputs`` is accepted and kept (TF 1 model_fns build it for every
    mode) but nothing exports it: ``export_saved_model`` is refused."""

    def __new__(cls, mode, predictions=None, loss=None, train_op=None, eval_metric_ops=None,
                export_outputs=None, training_chief_hooks=None, training_hooks=None,
                scaffold=None, evaluation_hooks=None, prediction_hooks=None):
        if mode not in (ModeKeys.TRAIN, ModeKeys.EVAL, ModeKeys.PREDICT):
            raise ValueError(f"mode={mode!r} is not one of ModeKeys' TRAIN, EVAL, PREDICT")
        if mode == ModeKeys.TRAIN and train_op is None:
            raise ValueError("Missing train_op.")
        if mode in (ModeKeys.TRAIN, ModeKeys.EVAL) and loss is None:
            raise ValueError("Missing loss.")
        if mode == ModeKeys.PREDICT and predictions is None:
            raise ValueError("Missing predictions.")
        if loss is not None:
            loss = tf.convert_to_tensor(loss)
            if loss.shape.rank not in (None, 0) and loss.shape.num_elements() != 1:
                raise ValueError(f"Loss must be scalar, given: {loss}")
            loss = tf.reshape(loss, [])
        if scaffold is not None and not isinstance(scaffold, tf.compat.v1.train.Scaffold):
            raise TypeError(f"scaffold must be tf.train.Scaffold. Given: {scaffold}")
        eval_metric_ops = dict(eval_metric_ops or {})
        for key, metric in eval_metric_ops.items():
            if not (isinstance(metric, tuple) and len(metric) == 2):
                raise TypeError(f"eval_metric_ops[{key!r}] must be a (value_op, update_op) "
                                f"tuple as tf.metrics returns; given {metric!r}")
        return super().__new__(
            cls, mode, predictions, loss, train_op, eval_metric_ops, export_outputs,
            tuple(training_chief_hooks or ()), tuple(training_hooks or ()), scaffold,
            tuple(evaluation_hooks or ()), tuple(prediction_hooks or ()))

    def _replace(self, **kwargs):
        fields = self._asdict()
        fields.update(kwargs)
        return EstimatorSpec(**fields)

