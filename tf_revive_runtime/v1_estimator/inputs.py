"""``tf.estimator.inputs.numpy_input_fn`` / ``pandas_input_fn`` over ``tf.data``.

TF 1 fed these through queue runners; here the same examples go through a Dataset:
``num_epochs`` passes (None: forever), batches of ``batch_size`` with a smaller last batch
where the data ends, as TF 1's ``dequeue_up_to``.  With ``shuffle=False`` the batches are
TF 1's exactly; with ``shuffle=True`` the order is a Dataset shuffle over a buffer of
``queue_capacity`` examples, not TF 1's RandomShuffleQueue order (no TF 2 op draws it).
"""
from __future__ import annotations

import collections

import numpy as np
import tensorflow as tf

from tf_revive_runtime.v1_estimator.not_built import refuse

v1 = tf.compat.v1
_DIRECT_X = "__direct_x__"


def _input_fn(features, target, batch_size, num_epochs, shuffle, queue_capacity):
    if not isinstance(shuffle, bool):
        raise ValueError(f"shuffle must be provided and explicitly set as boolean (it is "
                         f"recommended to set it as True for training); got {shuffle}")
    if num_epochs is not None and num_epochs <= 0:
        raise ValueError(f"num_epochs must be > 0 or None, got {num_epochs}")

    def input_fn():
        data = dict(features)
        if target is not None:
            data["__target__"] = target
        dataset = tf.data.Dataset.from_tensor_slices(data)
        if shuffle:
            dataset = dataset.shuffle(queue_capacity, reshuffle_each_iteration=True)
        dataset = dataset.repeat(num_epochs).batch(batch_size)
        batch = v1.data.make_one_shot_iterator(dataset).get_next()
        label = batch.pop("__target__", None)
        out = batch[_DIRECT_X] if set(batch) == {_DIRECT_X} else batch
        return out if target is None else (out, label)

    return input_fn


def numpy_input_fn(x, y=None, batch_size=128, num_epochs=1, shuffle=None, queue_capacity=1000,
                   num_threads=1):
    features = {_DIRECT_X: np.asarray(x)} if not isinstance(x, dict) else \
        collections.OrderedDict((k, np.asarray(v)) for k, v in x.items())
    lengths = {len(v) for v in features.values()}
    if isinstance(y, dict):
        raise NotImplementedError("numpy_input_fn(y=dict) is not built in "
                                  "tf_revive_runtime.v1_estimator; pass one label array")
    if y is not None:
        y = np.asarray(y)
        lengths.add(len(y))
    if len(lengths) != 1:
        raise ValueError(f"Length of tensors in x and y is mismatched: {sorted(lengths)}")
    return _input_fn(features, y, batch_size, num_epochs, shuffle, queue_capacity)


def pandas_input_fn(x, y=None, batch_size=128, num_epochs=1, shuffle=None, queue_capacity=1000,
                    num_threads=1, target_column="target"):
    if y is not None:
        if target_column in x:
            raise ValueError(f"Cannot use name {target_column} for target column: DataFrame "
                             f"already has a column with that name: {list(x)}")
        if not np.array_equal(x.index, y.index):
            raise ValueError("Index for x and y are mismatched.")
        y = y.to_numpy()
    features = collections.OrderedDict((str(c), x[c].to_numpy()) for c in x.columns)
    return _input_fn(features, y, batch_size, num_epochs, shuffle, queue_capacity)


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    refuse(f"tf.estimator.inputs.{name}")
