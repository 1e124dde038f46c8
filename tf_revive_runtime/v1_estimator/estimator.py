"""``tf.estimator.Estimator`` on TF 2.21: TF 1's train / evaluate / predict loops, built on
``tf.compat.v1`` graph mode and ``MonitoredTrainingSession``.

Each call builds a fresh graph (the RunConfig's ``tf_random_seed`` is its graph-level seed,
so a run is reproducible as in TF 1), calls the input_fn and the model_fn, and runs:

- ``train``: resumes from the latest checkpoint in ``model_dir``; saves ``model.ckpt-N``
  (and ``checkpoint``, ``graph.pbtxt``) per ``save_checkpoints_steps``/``_secs``, keeping
  ``keep_checkpoint_max``; writes summaries (``loss``, ``global_step/sec``) every
  ``save_summary_steps``; logs ``loss = ..., step = ...`` every ``log_step_count_steps``.
- ``evaluate``: restores the latest checkpoint, runs the metrics' update ops until the
  input ends (or ``steps`` batches), returns their values plus ``loss`` (the mean of the
  batches' losses) and ``global_step``, and writes them as summaries to
  ``model_dir/eval`` (``eval_<name>``).
- ``predict``: yields the predictions, one example at a time or one batch at a time.

Not built (one NotImplementedError naming the call): ``export_saved_model`` /
``export_savedmodel`` / ``experimental_export_all_saved_models``, distribution
strategies, ``warm_start_from`` other than a checkpoint path.
"""
from __future__ import annotations

import copy
import inspect
import os
import tempfile

import numpy as np
import tensorflow as tf

from tf_revive_runtime.v1_estimator import session_hooks
from tf_revive_runtime.v1_estimator.mode_keys import ModeKeys
from tf_revive_runtime.v1_estimator.not_built import refuse
from tf_revive_runtime.v1_estimator.run_config import RunConfig
from tf_revive_runtime.v1_estimator.spec import EstimatorSpec

v1 = tf.compat.v1


def fn_args(fn) -> tuple[str, ...]:
    """The parameter names a function (or functools.partial, or callable) takes by name."""
    try:
        parameters = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return ()
    return tuple(p.name for p in parameters
                 if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY))


def parse_input_fn_result(result):
    """(features, labels, hooks) of what an input_fn returned, as TF 1's estimator read it."""
    hooks = []
    if isinstance(result, tf.data.Dataset):
        iterator = v1.data.make_initializable_iterator(result)
        hooks.append(session_hooks.DatasetInitializerHook(iterator))
        result = iterator.get_next()
    if isinstance(result, (list, tuple)):
        if len(result) != 2:
            raise ValueError("input_fn should return (features, labels) as a len 2 tuple.")
        return result[0], result[1], hooks
    return result, None, hooks


def _step_of(checkpoint_path) -> int:
    if not checkpoint_path:
        return 0
    return int(tf.train.load_variable(checkpoint_path, v1.GraphKeys.GLOBAL_STEP))


class Estimator:
    """TF 1's Estimator(model_fn, model_dir=None, config=None, params=None, warm_start_from=None)."""

    def __init__(self, model_fn, model_dir=None, config=None, params=None, warm_start_from=None):
        if config is None:
            config = RunConfig()
        elif not isinstance(config, RunConfig):
            raise ValueError(f"config must be an instance of RunConfig, but provided {config}.")
        if model_dir is not None and config.model_dir is not None \
                and os.fspath(model_dir) != config.model_dir:
            raise ValueError("model_dir are set both in constructor and RunConfig, but with "
                             f"different values. In constructor: '{model_dir}', in RunConfig: "
                             f"'{config.model_dir}' ")
        model_dir = os.fspath(model_dir) if model_dir is not None else config.model_dir
        if model_dir is None:
            model_dir = tempfile.mkdtemp()
            v1.logging.warning("Using temporary folder as model directory: %s", model_dir)
        self._config = config.replace(model_dir=model_dir)
        self._model_dir = model_dir
        if "features" not in fn_args(model_fn):
            raise ValueError(f"model_fn ({model_fn}) must include features argument.")
        self._model_fn = model_fn
        self._params = copy.deepcopy(params or {})
        if warm_start_from is not None and not isinstance(warm_start_from, (str, os.PathLike)):
            refuse("Estimator(warm_start_from=WarmStartSettings(...))",
                   "pass a checkpoint path (all trainable variables are warm-started)")
        self._warm_start_from = warm_start_from
        v1.logging.info("Using config: %s", self._config)

    # ----------------------------------------------------------------- properties
    @property
    def model_dir(self):
        return self._model_dir

    @property
    def config(self):
        return copy.deepcopy(self._config)

    @property
    def params(self):
        return copy.deepcopy(self._params)

    @property
    def model_fn(self):
        return self._call_model_fn

    def latest_checkpoint(self):
        return tf.train.latest_checkpoint(self._model_dir)

    def get_variable_names(self):
        return [name for name, _ in tf.train.list_variables(self._latest_or_fail())]

    def get_variable_value(self, name):
        return tf.train.load_variable(self._latest_or_fail(), name)

    def _latest_or_fail(self):
        path = self.latest_checkpoint()
        if path is None:
            raise ValueError(f"Could not find trained model in model_dir: {self._model_dir}.")
        return path

    # ----------------------------------------------------------------- calling the user's fns
    def _input_params(self, mode):
        """The params an input_fn sees (TPUEstimator adds the batch size)."""
        return self._params

    def _call_input_fn(self, input_fn, mode):
        args = fn_args(input_fn)
        kwargs = {}
        if "mode" in args:
            kwargs["mode"] = mode
        if "params" in args:
            kwargs["params"] = self._input_params(mode)
        if "config" in args:
            kwargs["config"] = self.config
        with tf.device("/cpu:0"):
            return parse_input_fn_result(input_fn(**kwargs))

    def _model_params(self, mode):
        return self._params

    def _call_model_fn(self, features, labels, mode, config=None):
        args = fn_args(self._model_fn)
        kwargs = {}
        if "labels" in args:
            kwargs["labels"] = labels
        elif labels is not None:
            raise ValueError("model_fn does not take labels, but input_fn returns labels.")
        if "mode" in args:
            kwargs["mode"] = mode
        if "params" in args:
            kwargs["params"] = self._model_params(mode)
        if "config" in args:
            kwargs["config"] = config or self.config
        spec = self._model_fn(features=features, **kwargs)
        spec = self._to_estimator_spec(spec)
        if not isinstance(spec, EstimatorSpec):
            raise ValueError(f"model_fn should return an EstimatorSpec. Given: {spec}")
        return spec

    def _to_estimator_spec(self, spec):
        return spec

    def _new_graph(self):
        graph = tf.Graph()
        with graph.as_default():
            if self._config.tf_random_seed is not None:
                v1.set_random_seed(self._config.tf_random_seed)
        return graph

    def _scaffold(self, spec):
        scaffold = spec.scaffold or v1.train.Scaffold()
        if scaffold.saver is None and not v1.get_collection(v1.GraphKeys.SAVERS):
            v1.add_to_collection(v1.GraphKeys.SAVERS, v1.train.Saver(
                sharded=True, max_to_keep=self._config.keep_checkpoint_max,
                keep_checkpoint_every_n_hours=self._config.keep_checkpoint_every_n_hours,
                defer_build=True, save_relative_paths=True))
        return scaffold

    # ----------------------------------------------------------------- train
    def train(self, input_fn, hooks=None, steps=None, max_steps=None, saving_listeners=None):
        if steps is not None and max_steps is not None:
            raise ValueError("Can not provide both steps and max_steps.")
        if steps is not None and steps <= 0:
            raise ValueError(f"Must specify steps > 0, given: {steps}")
        if max_steps is not None and max_steps <= 0:
            raise ValueError(f"Must specify max_steps > 0, given: {max_steps}")
        if max_steps is not None and _step_of(self.latest_checkpoint()) >= max_steps:
            v1.logging.info("Skipping training since max_steps has already saved.")
            return self
        hooks = list(hooks or ())
        if steps is not None or max_steps is not None:
            hooks.append(v1.train.StopAtStepHook(steps, max_steps))
        loss = self._train_model(input_fn, hooks, list(saving_listeners or ()))
        v1.logging.info("Loss for final step: %s.", loss)
        return self

    def _train_model(self, input_fn, hooks, saving_listeners):
        config = self._config
        with self._new_graph().as_default():
            global_step = v1.train.get_or_create_global_step()
            features, labels, input_hooks = self._call_input_fn(input_fn, ModeKeys.TRAIN)
            spec = self._call_model_fn(features, labels, ModeKeys.TRAIN)
            if self._warm_start_from is not None:
                v1.train.warm_start(os.fspath(self._warm_start_from))
            v1.summary.scalar("loss", spec.loss)
            all_hooks = [*input_hooks, *hooks, v1.train.NanTensorHook(spec.loss)]
            if config.log_step_count_steps is not None:
                all_hooks.append(v1.train.LoggingTensorHook(
                    {"loss": spec.loss, "step": global_step},
                    every_n_iter=config.log_step_count_steps))
            all_hooks.extend(spec.training_hooks)
            scaffold = self._scaffold(spec)
            chief_hooks = list(spec.training_chief_hooks)
            if config.save_checkpoints_steps or config.save_checkpoints_secs or saving_listeners:
                chief_hooks.append(v1.train.CheckpointSaverHook(
                    self._model_dir, save_secs=None if config.save_checkpoints_steps
                    else (config.save_checkpoints_secs or None),
                    save_steps=config.save_checkpoints_steps, scaffold=scaffold,
                    listeners=saving_listeners))
            loss = None
            with v1.train.MonitoredTrainingSession(
                    master=config.master, is_chief=True, checkpoint_dir=self._model_dir,
                    scaffold=scaffold, hooks=all_hooks, chief_only_hooks=chief_hooks,
                    save_checkpoint_secs=0, save_summaries_steps=config.save_summary_steps,
                    config=config.session_config,
                    log_step_count_steps=config.log_step_count_steps) as session:
                while not session.should_stop():
                    _, loss = session.run([spec.train_op, spec.loss])
        return loss

    # ----------------------------------------------------------------- evaluate
    def evaluate(self, input_fn, steps=None, hooks=None, checkpoint_path=None, name=None):
        if steps is not None and steps <= 0:
            raise ValueError(f"Must specify steps > 0, given: {steps}")
        checkpoint_path = checkpoint_path or self.latest_checkpoint()
        if checkpoint_path is None:
            v1.logging.info("Could not find trained model in model_dir: %s, running "
                            "initialization to evaluate.", self._model_dir)
        with self._new_graph().as_default():
            global_step = v1.train.get_or_create_global_step()
            features, labels, input_hooks = self._call_input_fn(input_fn, ModeKeys.EVAL)
            spec = self._call_model_fn(features, labels, ModeKeys.EVAL)
            metrics = dict(spec.eval_metric_ops)
            if "loss" in metrics:
                raise ValueError("Metric with name 'loss' is not allowed, because Estimator "
                                 "already defines a default metric with the same name.")
            metrics["loss"] = v1.metrics.mean(spec.loss)
            update_op = tf.group(*[update for _, update in metrics.values()])
            final_ops = {key: value for key, (value, _) in metrics.items()}
            final_ops["global_step"] = global_step
            final_hook = v1.train.FinalOpsHook(final_ops)
            all_hooks = [*input_hooks, *(hooks or ()), *spec.evaluation_hooks, final_hook]
            if steps is not None:
                all_hooks.append(session_hooks.StopAfterNEvalsHook(steps))
            creator = v1.train.ChiefSessionCreator(
                scaffold=self._scaffold(spec), checkpoint_filename_with_path=checkpoint_path,
                master=self._config.evaluation_master, config=self._config.session_config)
            v1.logging.info("Starting evaluation")
            with v1.train.MonitoredSession(session_creator=creator, hooks=all_hooks) as session:
                while not session.should_stop():
                    session.run(update_op)
            results = final_hook.final_ops_values
            output_dir = os.path.join(self._model_dir, "eval" if not name else f"eval_{name}")
            _write_summaries(output_dir, results, int(results["global_step"]))
        v1.logging.info("Saving dict for global step %d: %s", results["global_step"],
                        ", ".join(f"{k} = {v}" for k, v in sorted(results.items())))
        return results

    # ----------------------------------------------------------------- predict
    def predict(self, input_fn, predict_keys=None, hooks=None, checkpoint_path=None,
                yield_single_examples=True):
        checkpoint_path = checkpoint_path or self.latest_checkpoint()
        if checkpoint_path is None:
            v1.logging.info("Could not find trained model in model_dir: %s, running "
                            "initialization to predict.", self._model_dir)
        with self._new_graph().as_default():
            v1.train.get_or_create_global_step()
            features, _, input_hooks = self._call_input_fn(input_fn, ModeKeys.PREDICT)
            spec = self._call_model_fn(features, None, ModeKeys.PREDICT)
            predictions = _pick(spec.predictions, predict_keys)
            creator = v1.train.ChiefSessionCreator(
                scaffold=self._scaffold(spec), checkpoint_filename_with_path=checkpoint_path,
                master=self._config.master, config=self._config.session_config)
            all_hooks = [*input_hooks, *(hooks or ()), *spec.prediction_hooks]
            with v1.train.MonitoredSession(session_creator=creator, hooks=all_hooks) as session:
                while not session.should_stop():
                    values = session.run(predictions)
                    if not yield_single_examples:
                        yield values
                        continue
                    yield from _examples(values)

    # ----------------------------------------------------------------- not built
    def export_saved_model(self, *args, **kwargs):
        refuse("Estimator.export_saved_model", "serving signatures are not built; save the "
               "weights (model_dir's checkpoints) and rebuild the model for serving")

    def export_savedmodel(self, *args, **kwargs):
        refuse("Estimator.export_savedmodel", "serving signatures are not built")

    def experimental_export_all_saved_models(self, *args, **kwargs):
        refuse("Estimator.experimental_export_all_saved_models", "serving signatures are not built")


def _pick(predictions, keys):
    if keys is None:
        return predictions
    if not isinstance(predictions, dict):
        raise ValueError("predict_keys argument is not valid in case of non-dict predictions.")
    keys = [keys] if isinstance(keys, str) else list(keys)
    missing = [k for k in keys if k not in predictions]
    if missing:
        raise ValueError(f"Expected to run at least one output from {sorted(predictions)}, "
                         f"provided {missing}.")
    return {k: predictions[k] for k in keys}


def _examples(values):
    """One prediction per example of a batch (a dict of arrays, or an array)."""
    if isinstance(values, dict):
        sizes = {len(np.atleast_1d(v)) for v in values.values()}
        if len(sizes) != 1:
            raise ValueError("Batch length of predictions should be same. "
                             f"{ {k: np.shape(v) for k, v in values.items()} } has different "
                             "batch length.")
        for i in range(sizes.pop()):
            yield {key: value[i] for key, value in values.items()}
    else:
        yield from values


def _write_summaries(output_dir, results, step):
    """The eval results as scalar summaries under model_dir/eval, as TF 1 wrote them."""
    summary = v1.Summary()
    for key, value in results.items():
        if key == "global_step":
            continue
        if np.ndim(value) == 0 and np.issubdtype(np.asarray(value).dtype, np.number):
            summary.value.add(tag=key, simple_value=float(value))
    writer = v1.summary.FileWriterCache.get(output_dir)
    writer.add_summary(summary, step)
    writer.flush()
