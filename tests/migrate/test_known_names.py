"""migrate/known_names.py: the one rule saying which paths are TensorFlow names, read by
stage 1 (fixers/name_case.py) and stage 2 (eager/names.py)."""
import pytest

from migrate.known_names import is_known


@pytest.mark.parametrize("path", [
    "train.AdamOptimizer",  # a listed name
    "placeholder",  # a name of tf.compat.v1 only
    "nn.rnn_cell.BasicLSTMCell",  # a member of an opaque module (served by tf_keras)
    "keras.layers.Dense",
    "float32.as_numpy_dtype",  # a member of an object
    "nn.seq2seq.embedding_rnn_seq2seq",  # removed, known as removed (hand.REMOVED)
    "estimator.Estimator",  # removed from TF, served by the runtime (hand.ESTIMATOR_MODULES)
    "contrib.rnn.BasicLSTMCell",  # tf.contrib is its own fixers'
])
def test_names_stage1_knows(path):
    assert is_known(path)


@pytest.mark.parametrize("path", ["no_such_function", "nn.no_such_function", "train.adamoptimizer"])
def test_names_tensorflow_does_not_have(path):
    assert not is_known(path)
