"""``tf.estimator.RunConfig``: where and how often an Estimator saves, logs and seeds.

TF 1's defaults: a checkpoint every 600 s unless ``save_checkpoints_steps`` is given, 5
kept, summaries every 100 steps, loss logged every 100 steps.  One machine only: the
distribution arguments, and a ``TF_CONFIG`` naming a cluster, are refused.
"""
from __future__ import annotations

import json
import os

from tf_revive_runtime.v1_estimator.not_built import refuse

_DEFAULTS = dict(model_dir=None, tf_random_seed=None, save_summary_steps=100,
                 save_checkpoints_steps=None, save_checkpoints_secs=None, session_config=None,
                 keep_checkpoint_max=5, keep_checkpoint_every_n_hours=10000,
                 log_step_count_steps=100, train_distribute=None, device_fn=None,
                 protocol=None, eval_distribute=None, experimental_distribute=None,
                 experimental_max_worker_delay_secs=None, session_creation_timeout_secs=7200)
_DISTRIBUTION = ("train_distribute", "eval_distribute", "experimental_distribute", "device_fn")


class RunConfig:
    def __init__(self, **kwargs):
        unknown = set(kwargs) - set(_DEFAULTS)
        if unknown:
            raise TypeError(f"RunConfig() got unexpected keyword arguments {sorted(unknown)}")
        values = dict(_DEFAULTS, **kwargs)
        for name in _DISTRIBUTION:
            if values[name] is not None:
                refuse(f"RunConfig({name}=...)", "distribution strategies are not built")
        if values["save_checkpoints_steps"] is not None and values["save_checkpoints_secs"] is not None:
            raise ValueError("Can not provide both save_checkpoints_secs and save_checkpoints_steps.")
        if values["save_checkpoints_steps"] is None and values["save_checkpoints_secs"] is None \
                and "save_checkpoints_secs" not in kwargs:
            values["save_checkpoints_secs"] = 600  # TF 1's _USE_DEFAULT
        cluster = json.loads(os.environ.get("TF_CONFIG", "{}") or "{}").get("cluster")
        if cluster:
            refuse("RunConfig with a TF_CONFIG cluster", "one machine only")
        if values["model_dir"] is not None:
            values["model_dir"] = os.fspath(values["model_dir"])
        self._values = values

    def __getattr__(self, name):
        values = self.__dict__.get("_values")
        if values is not None and name in values:
            return values[name]
        raise AttributeError(name)

    def replace(self, **kwargs):
        new = type(self).__new__(type(self))
        new.__dict__.update(self.__dict__)
        new._values = dict(self._values, **kwargs)
        return new

    # one machine: the chief, worker 0 of 1, no parameter servers
    is_chief = True
    master = ""
    evaluation_master = ""
    num_ps_replicas = 0
    num_worker_replicas = 1
    task_type = "worker"
    task_id = 0
    global_id_in_cluster = 0
    cluster_spec = None
    service = None

    def __repr__(self):
        return f"RunConfig({self._values})"
