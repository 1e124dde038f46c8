"""Before/after tests of migrate/fixers/initializer_call.py: one test per row of hand.CALL_FIRST."""
import pytest

from migrate.tables import hand
from tests.migrate.helpers import check_noop, check_transformed, rules

HEADER = "import tensorflow as tf\ntf.compat.v1.disable_v2_behavior()\n"


@pytest.mark.parametrize("name", sorted(hand.CALL_FIRST))
def test_call_first_row(name):
    outcome = check_transformed(
        f"{HEADER}w = tf.compat.v1.get_variable('w', [3], initializer=tf.{name})\n",
        f"{HEADER}w = tf.compat.v1.get_variable('w', [3], initializer=tf.{name}())\n")
    assert rules(outcome) == ["initializer-call"]


def test_called_ones_and_other_uses_are_left_alone():
    check_noop(f"{HEADER}i = tf.zeros_initializer()\nok = isinstance(i, tf.zeros_initializer)\n"
               "j = other.zeros_initializer\n")
