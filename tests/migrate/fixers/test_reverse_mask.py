"""Before/after tests of migrate/fixers/reverse_mask.py (TF 1.0's breaking changes): one test per
row of its hand table."""
import pytest

from migrate.engine import migrate_source
from tests.migrate.helpers import check_noop, check_transformed, rules

HEADER = "import tensorflow as tf\ntf.compat.v1.disable_v2_behavior()\n"
TF0 = HEADER + "x = tf.mul(a, b)\n"  # a file written for TF 0.x


# ---------------------------------------------------------------------------- reverse-mask
@pytest.mark.parametrize("before,after", [
    ("tf.reverse(x, [True, False, True])", "tf.reverse(x, [0, 2])"),
    ("tf.reverse(x, (False, True))", "tf.reverse(x, [1])"),
    ("tf.reverse(x, dims=[True])", "tf.reverse(x, axis=[0])"),
])
def test_reverse_boolean_mask_becomes_axes(before, after):
    outcome = check_transformed(f"{HEADER}r = {before}\n", f"{HEADER}r = {after}\n")
    assert rules(outcome) == ["reverse-mask"]


def test_reverse_with_axes_is_untouched_and_a_variable_mask_warned_in_tf0_files():
    check_noop(f"{HEADER}r = tf.reverse(x, [0])\ns = tf.reverse(x, m)\n")
    outcome = migrate_source(f"{TF0}r = tf.reverse(x, m)\n")
    assert "reverse-mask" in rules(outcome, "warning")
