"""Before/after tests of migrate/fixers/ref_variables.py (hand.VARIABLE_V1_ONLY, ASSIGN_METHODS).
Run-time numbers (TF 1.x's ref semantics, local collections): tests/fixtures/compat_checks/
tf1_traps.py through test_compat_runtime.py."""
import pytest

from migrate.tables import hand
from tests.migrate.helpers import check_noop, check_transformed, rules

HEADER = "import tensorflow as tf\n"
# tf.assign*: "mostly compatible" with eager in TF's own notes (graph_names.NEEDS_GRAPH)
GRAPH = "tf.compat.v1.disable_v2_behavior()\n"
LOCAL = "[tf.compat.v1.GraphKeys.LOCAL_VARIABLES]"


@pytest.mark.parametrize("keyword", hand.VARIABLE_V1_ONLY)
def test_each_tf1_only_keyword_keeps_tf1s_variable(keyword):
    outcome = check_transformed(f"{HEADER}v = tf.Variable(0, {keyword}=k)\n",
                                f"{HEADER}v = tf.compat.v1.Variable(0, {keyword}=k)\n")
    assert rules(outcome) == ["ref-variable"]
    assert "silently ignores" in outcome.findings[0].message


def test_local_collection_and_the_third_positional_argument():
    check_transformed(
        f"{HEADER}a = tf.Variable(0, collections=[tf.GraphKeys.LOCAL_VARIABLES])\n"
        f"b = tf.Variable(1.0, False, [tf.GraphKeys.LOCAL_VARIABLES], name='b')\n",
        f"{HEADER}a = tf.compat.v1.Variable(0, collections={LOCAL})\n"
        f"b = tf.compat.v1.Variable(1.0, False, {LOCAL}, name='b')\n")


def test_computing_with_an_assigns_result_keeps_ref_variables_in_the_whole_file():
    outcome = check_transformed(
        f"{HEADER}w = tf.Variable(0.0)\nu = tf.Variable(1.0)\n"
        "inc = tf.assign_add(w, 1.0)\nboth = inc + w\n",
        f"{HEADER}{GRAPH}w = tf.compat.v1.Variable(0.0)\nu = tf.compat.v1.Variable(1.0)\n"
        "inc = tf.compat.v1.assign_add(w, 1.0)\nboth = inc + w\n")
    assert [f.line for f in outcome.findings if f.rule == "ref-variable"] == [2, 3]


def test_method_assign_used_directly_in_arithmetic():
    check_transformed(f"{HEADER}v = tf.Variable(2.0)\ny = v.assign(3.0) * v\n",
                      f"{HEADER}v = tf.compat.v1.Variable(2.0)\ny = v.assign(3.0) * v\n")


def test_plain_variables_and_assigns_only_run_stay_tf2():
    check_noop(f"{HEADER}v = tf.Variable(1.0, trainable=False, name='v')\nop = v.assign(2.0)\n"
               "w = tf.Variable(0.0, True)\n")


def test_already_compat_v1_and_non_tensorflow_variable_are_left_alone():
    check_noop("import tensorflow.compat.v1 as tf\nv = tf.Variable(0, collections=[])\n")
    check_noop(f"{HEADER}class Variable:\n    pass\nv = Variable(0, collections=[])\n")


def test_initialized_value_keeps_ref_variables():
    """TF 1.x docs' own idiom; TF 2.21's resource variable raises NotImplementedError."""
    outcome = check_transformed(
        f"{HEADER}w = tf.Variable(tf.ones([2]))\nw2 = tf.Variable(w.initialized_value() * 2)\n",
        f"{HEADER}w = tf.compat.v1.Variable(tf.ones([2]))\n"
        "w2 = tf.compat.v1.Variable(w.initialized_value() * 2)\n")
    assert "initialized_value" in outcome.findings[0].message


def test_assign_of_another_shape_keeps_ref_variables():
    check_transformed(
        f"{HEADER}g = tf.Variable([1.0], validate_shape=False)\n"
        "grow = tf.assign(g, [1.0, 2.0], validate_shape=False)\n",
        f"{HEADER}{GRAPH}g = tf.compat.v1.Variable([1.0], validate_shape=False)\n"
        "grow = tf.compat.v1.assign(g, [1.0, 2.0], validate_shape=False)\n")
