"""Seeds an unmodified script from outside, the way the legacy programs seed themselves.

Put this directory on PYTHONPATH with SEED_FOR_TEST=N and Python runs it at start-up,
before the script. The originals set no seeds at all, so the test sets them here:

- numpy and Python's `random`: seeded with N at start-up, and again whenever the
  script resets the default graph (seeds 000 and 002 run their second program after
  `ops.reset_default_graph()`; the legacy twin of that program starts from a fresh
  seed, so the comparison restarts the stream at the same point);
- TensorFlow: every graph gets graph-level seed N, eager code gets global seed N
  (tf.random.set_seed), and random ops called without an op seed get op seed 1, the
  explicit op seed the legacy programs use. (A global seed alone would make the op
  seed depend on how many ops the script built first, and differ between graph and
  eager.)
"""
import os

SEED = os.environ.get("SEED_FOR_TEST")

if SEED is not None:
    SEED = int(SEED)
    import functools
    import random

    import numpy as np

    np.random.seed(SEED)
    random.seed(SEED)

    import tensorflow as tf
    from tensorflow.python.framework import ops

    _graph_init = ops.Graph.__init__

    def _seeded_graph_init(self, *args, **kwargs):
        _graph_init(self, *args, **kwargs)
        self.seed = SEED

    ops.Graph.__init__ = _seeded_graph_init
    tf.random.set_seed(SEED)
    tf.compat.v1.get_default_graph().seed = SEED

    _reset = ops.reset_default_graph

    @functools.wraps(_reset)
    def _reseeding_reset(*args, **kwargs):
        _reset(*args, **kwargs)
        np.random.seed(SEED)
        random.seed(SEED)

    ops.reset_default_graph = _reseeding_reset
    tf.compat.v1.reset_default_graph = _reseeding_reset

    def _with_op_seed(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            if kwargs.get("seed") is None:
                kwargs["seed"] = 1
            return fn(*args, **kwargs)

        return wrapper

    for namespace, name in [(tf.compat.v1, "random_normal"), (tf.random, "normal"), (tf.compat.v1.random, "normal")]:
        setattr(namespace, name, _with_op_seed(getattr(namespace, name)))
