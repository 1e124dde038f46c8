"""migrate/tables/delegates.py (generated): tf.compat.v1 functions written under the TF 2
name that delegates to them. Each row against the installed TensorFlow, and the rewrite."""
import inspect

import libcst as cst
import numpy as np
import pytest

from migrate.eager.rewrite import delegate_arguments
from migrate.tables.delegates import DELEGATES
from tests.migrate.eager.helpers import translated

tf = pytest.importorskip("tensorflow")


def _lookup(root, path):
    for part in path.split("."):
        root = getattr(root, part)
    return root


@pytest.mark.parametrize("v1", sorted(DELEGATES))
def test_each_row_maps_onto_the_tf2_function_s_parameters(v1):
    v2, v1_positional, v2_positional, same = DELEGATES[v1]
    v1_params = list(inspect.signature(_lookup(tf.compat.v1, v1)).parameters)
    v2_params = list(inspect.signature(_lookup(tf, v2)).parameters)
    assert list(v1_positional) == v1_params[:len(v1_positional)]
    assert list(v2_positional) == v2_params[:len(v2_positional)]
    assert set(same) <= set(v1_params) and set(same.values()) <= set(v2_params)


def test_softmax_cross_entropy_v2_is_the_tf2_function_with_dim_as_axis():
    labels = tf.constant([[0.0, 1.0], [1.0, 0.0], [0.5, 0.5]])
    logits = tf.constant([[1.0, 2.0], [0.5, -1.0], [3.0, 0.0]])
    old = tf.compat.v1.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits, dim=0)
    new = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits, axis=0)
    assert np.array_equal(old.numpy(), new.numpy())
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([labels, logits])
        old = tf.compat.v1.nn.softmax_cross_entropy_with_logits_v2(labels, logits)
        new = tf.nn.softmax_cross_entropy_with_logits(labels, logits)
    for x in (labels, logits):  # both back-propagate into labels
        assert np.array_equal(tape.gradient(old, x).numpy(), tape.gradient(new, x).numpy())


SCRIPT = """
x = tf.placeholder(tf.float32, [None, 3])
y = tf.placeholder(tf.float32, [None, 3])
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2({args}))
sess = tf.Session()
print(sess.run(loss, {{x: [[1.0, 2.0, 0.5]], y: [[0.0, 1.0, 0.0]]}}))
"""


@pytest.mark.parametrize("args, written", [
    ("labels=y, logits=x, dim=1", "tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=x, axis=1)"),
    ("y, x", "tf.nn.softmax_cross_entropy_with_logits(y, x)"),
    ("y, x, 1", "tf.nn.softmax_cross_entropy_with_logits(y, x, 1)"),
    ("y, x, name=None, dim=1", "tf.nn.softmax_cross_entropy_with_logits(y, x, name=None, axis=1)"),
])
def test_a_delegated_call_is_written_as_the_tf2_function(args, written):
    assert written in translated(SCRIPT.format(args=args))


@pytest.mark.parametrize("args", ["labels=y, logits=x, axis=1, dim=1", "y, x, None, None, 1"])
def test_a_call_giving_a_tf2_parameter_twice_keeps_the_compat_name(args):
    assert f"tf.compat.v1.nn.softmax_cross_entropy_with_logits_v2({args})" in translated(SCRIPT.format(args=args))


@pytest.mark.parametrize("v1", [v for v in sorted(DELEGATES) if len(DELEGATES[v][1]) > len(DELEGATES[v][3])])
def test_a_parameter_without_tf2_counterpart_keeps_the_compat_name(v1):
    lost = next(p for p in DELEGATES[v1][1] if p not in DELEGATES[v1][3])
    arg = cst.Arg(keyword=cst.Name(lost), value=cst.Name("v"))
    assert delegate_arguments(DELEGATES[v1], [], [arg]) is None
