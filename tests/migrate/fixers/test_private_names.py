"""Before/after tests of migrate/fixers/private_names.py: one test per row of hand.PRIVATE_NAMES."""
import pytest

from migrate.tables import hand
from tests.migrate.helpers import check_noop, check_transformed, rules


@pytest.mark.parametrize("name", sorted(hand.PRIVATE_NAMES))
def test_private_name_row(name):
    module, _, leaf = name.rpartition(".")
    alias = module.rpartition(".")[2]
    outcome = check_transformed(
        f"import tensorflow as tf\nfrom tensorflow.{module.rpartition('.')[0]} import {alias}\n"
        f"tf.compat.v1.disable_v2_behavior()\nout = {alias}.{leaf}(cell, xs)\n",
        f"import tensorflow as tf\nfrom tensorflow.{module.rpartition('.')[0]} import {alias}\n"
        f"tf.compat.v1.disable_v2_behavior()\nout = tf.{hand.PRIVATE_NAMES[name]}(cell, xs)\n")
    assert rules(outcome) == ["tf0-name"]


def test_other_private_names_are_left_alone():
    check_noop("import tensorflow as tf\nfrom tensorflow.python.ops import rnn\n"
               "tf.compat.v1.disable_v2_behavior()\nout = rnn.dynamic_rnn(cell, x)\n")
