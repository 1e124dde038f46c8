"""``tf.estimator`` (and ``tf.compat.v1.estimator``, ``tf.contrib.tpu``'s estimator) for
TF 2.21, which removed it: TF 1's Estimator programs run on ``tf.compat.v1`` graph mode.

estimator  -- Estimator: train / evaluate / predict on MonitoredTrainingSession
spec, mode_keys, run_config -- EstimatorSpec, ModeKeys, RunConfig
training   -- train_and_evaluate, TrainSpec, EvalSpec
canned     -- DNNClassifier, DNNRegressor, LinearClassifier, LinearRegressor (heads.py)
inputs     -- numpy_input_fn, pandas_input_fn
tpu        -- TPUEstimator, TPUEstimatorSpec, RunConfig, TPUConfig, InputPipelineConfig
              on the use_tpu=False path
Why not a public package: TensorFlow removed tf.estimator in 2.16, and the last
tensorflow-estimator (2.15) fails to import on TF 2.21; nothing published replaces it.
The hooks TF 1 re-exported here (``tf.estimator.SessionRunHook``...) are tf.compat.v1.train's.
What is not built (export, serving, distribution, BoostedTrees...) raises one
NotImplementedError naming it.
"""
from __future__ import annotations

import tensorflow as _tf

from tf_revive_runtime.v1_estimator import inputs, tpu
from tf_revive_runtime.v1_estimator.canned import (
    DNNClassifier, DNNRegressor, LinearClassifier, LinearRegressor,
)
from tf_revive_runtime.v1_estimator.estimator import Estimator
from tf_revive_runtime.v1_estimator.mode_keys import ModeKeys
from tf_revive_runtime.v1_estimator.not_built import refuse as _refuse
from tf_revive_runtime.v1_estimator.run_config import RunConfig
from tf_revive_runtime.v1_estimator.spec import EstimatorSpec
from tf_revive_runtime.v1_estimator.training import EvalSpec, TrainSpec, train_and_evaluate

_train = _tf.compat.v1.train
CheckpointSaverHook = _train.CheckpointSaverHook
CheckpointSaverListener = _train.CheckpointSaverListener
FeedFnHook = _train.FeedFnHook
FinalOpsHook = _train.FinalOpsHook
GlobalStepWaiterHook = _train.GlobalStepWaiterHook
LoggingTensorHook = _train.LoggingTensorHook
NanLossDuringTrainingError = _train.NanLossDuringTrainingError
NanTensorHook = _train.NanTensorHook
ProfilerHook = _train.ProfilerHook
SecondOrStepTimer = _train.SecondOrStepTimer
SessionRunArgs = _train.SessionRunArgs
SessionRunContext = _train.SessionRunContext
SessionRunHook = _train.SessionRunHook
SessionRunValues = _train.SessionRunValues
StepCounterHook = _train.StepCounterHook
StopAtStepHook = _train.StopAtStepHook
SummarySaverHook = _train.SummarySaverHook


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    _refuse(f"tf.estimator.{name}")
