"""``tf.contrib.tpu`` / ``tf.compat.v1.estimator.tpu``: TPUEstimator on the CPU/GPU path
(``use_tpu=False``), as TF 1 ran it there.

- ``TPUEstimator(model_fn, ..., use_tpu=False, train_batch_size=, eval_batch_size=,
  predict_batch_size=)``: an Estimator whose model_fn and input_fn see
  ``params['batch_size']`` = the batch size of the mode (when given) and
  ``params['use_tpu']``; ``use_tpu=True`` is refused (no TPU is driven).
- ``TPUEstimatorSpec(mode, loss, train_op, eval_metrics=(metric_fn, tensors),
  scaffold_fn=, host_call=, predictions=)``: turned into an EstimatorSpec as TF 1's
  ``as_estimator_spec`` did: ``metric_fn(*tensors)`` (or ``**tensors``) gives the
  eval_metric_ops, ``scaffold_fn()`` the Scaffold, ``host_call`` runs with every step.
- ``RunConfig(tpu_config=TPUConfig(...), cluster=None, master=None, **RunConfig's)``,
  ``TPUConfig``, ``InputPipelineConfig``: kept as given, read by nothing on this path.
"""
from __future__ import annotations

import collections

import tensorflow as tf

from tf_revive_runtime.v1_estimator import run_config as _run_config
from tf_revive_runtime.v1_estimator.estimator import Estimator
from tf_revive_runtime.v1_estimator.mode_keys import ModeKeys
from tf_revive_runtime.v1_estimator.not_built import refuse
from tf_revive_runtime.v1_estimator.session_hooks import RunOpsHook
from tf_revive_runtime.v1_estimator.spec import EstimatorSpec

v1 = tf.compat.v1
CrossShardOptimizer = v1.tpu.CrossShardOptimizer


class InputPipelineConfig:
    PER_SHARD_V1 = 1
    PER_HOST_V1 = 2
    PER_HOST_V2 = 3
    BROADCAST = 4
    SLICED = 5


class TPUConfig(collections.namedtuple("TPUConfig", [
        "iterations_per_loop", "num_shards", "num_cores_per_replica", "per_host_input_for_training",
        "tpu_job_name", "initial_infeed_sleep_secs", "input_partition_dims",
        "eval_training_input_configuration", "experimental_host_call_every_n_steps"])):
    def __new__(cls, iterations_per_loop=2, num_shards=None, num_cores_per_replica=None,
                per_host_input_for_training=True, tpu_job_name=None,
                initial_infeed_sleep_secs=None, input_partition_dims=None,
                eval_training_input_configuration=InputPipelineConfig.PER_HOST_V1,
                experimental_host_call_every_n_steps=1):
        return super().__new__(cls, iterations_per_loop, num_shards, num_cores_per_replica,
                               per_host_input_for_training, tpu_job_name,
                               initial_infeed_sleep_secs, input_partition_dims,
                               eval_training_input_configuration,
                               experimental_host_call_every_n_steps)


class RunConfig(_run_config.RunConfig):
    def __init__(self, tpu_config=None, evaluation_master=None, master=None, cluster=None,
                 **kwargs):
        super().__init__(**kwargs)
        self.__dict__["tpu_config"] = tpu_config or TPUConfig()
        self.__dict__["cluster"] = cluster


class TPUEstimatorSpec(collections.namedtuple("TPUEstimatorSpec", [
        "mode", "predictions", "loss", "train_op", "eval_metrics", "export_outputs",
        "scaffold_fn", "host_call", "training_hooks", "evaluation_hooks", "prediction_hooks"])):
    def __new__(cls, mode, predictions=None, loss=None, train_op=None, eval_metrics=None,
                export_outputs=None, scaffold_fn=None, host_call=None, training_hooks=None,
                evaluation_hooks=None, prediction_hooks=None):
        if eval_metrics is not None and not (isinstance(eval_metrics, (tuple, list))
                                             and len(eval_metrics) == 2):
            raise ValueError("eval_metrics should be a tuple/list of (metric_fn, tensors).")
        return super().__new__(cls, mode, predictions, loss, train_op, eval_metrics,
                               export_outputs, scaffold_fn, host_call, training_hooks,
                               evaluation_hooks, prediction_hooks)

    def as_estimator_spec(self):
        eval_metric_ops = _call(*self.eval_metrics) if self.eval_metrics is not None else None
        hooks = list(self.training_hooks or ())
        if self.host_call is not None:
            hooks.append(RunOpsHook(_call(*self.host_call)))
        scaffold = self.scaffold_fn() if self.scaffold_fn else None
        return EstimatorSpec(self.mode, predictions=self.predictions, loss=self.loss,
                             train_op=self.train_op, eval_metric_ops=eval_metric_ops,
                             export_outputs=self.export_outputs, scaffold=scaffold,
                             training_hooks=hooks, evaluation_hooks=self.evaluation_hooks,
                             prediction_hooks=self.prediction_hooks)


def _call(fn, tensors):
    return fn(**tensors) if isinstance(tensors, dict) else fn(*tensors)


class TPUEstimator(Estimator):
    def __init__(self, model_fn=None, model_dir=None, config=None, params=None, use_tpu=True,
                 train_batch_size=None, eval_batch_size=None, predict_batch_size=None,
                 batch_axis=None, eval_on_tpu=True, export_to_tpu=True,
                 export_to_cpu=True, warm_start_from=None, embedding_config_spec=None,
                 export_saved_model_api_version=None):
        if use_tpu:
            refuse("TPUEstimator(use_tpu=True)", "no TPU is driven; pass use_tpu=False to run "
                   "the same model on CPU/GPU")
        if embedding_config_spec is not None:
            refuse("TPUEstimator(embedding_config_spec=...)")
        params = dict(params or {})
        for key in ("batch_size", "context"):
            if key in params:
                raise ValueError(f"{key} is reserved by TPUEstimator, not allowed in params")
        self._batch_sizes = {ModeKeys.TRAIN: train_batch_size, ModeKeys.EVAL: eval_batch_size,
                             ModeKeys.PREDICT: predict_batch_size}
        params["use_tpu"] = False
        super().__init__(model_fn, model_dir=model_dir, config=config, params=params,
                         warm_start_from=warm_start_from)

    def _input_params(self, mode):
        return self._model_params(mode)

    def _model_params(self, mode):
        params = dict(self._params)
        if self._batch_sizes[mode] is not None:
            params["batch_size"] = self._batch_sizes[mode]
        return params

    def _to_estimator_spec(self, spec):
        if isinstance(spec, TPUEstimatorSpec):
            return spec.as_estimator_spec()
        return spec


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    refuse(f"tf.estimator.tpu.{name}")
