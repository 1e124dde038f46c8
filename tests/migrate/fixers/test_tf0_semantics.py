"""Before/after tests of migrate/fixers/tf0_semantics.py (TF 1.0's breaking changes): one test per
row of its hand table."""
import pytest

from migrate.engine import migrate_source
from migrate.tables import hand
from tests.migrate.helpers import rules

HEADER = "import tensorflow as tf\ntf.compat.v1.disable_v2_behavior()\n"
TF0 = HEADER + "x = tf.mul(a, b)\n"  # a file written for TF 0.x


# ---------------------------------------------------------------------------- tf0-semantics
@pytest.mark.parametrize("name", sorted(hand.TF0_SEMANTICS))
def test_tf0_semantics_row_is_said_in_tf0_files_only(name):
    outcome = migrate_source(f"{TF0}y = tf.{name}(x)\n")
    assert "tf0-semantics" in rules(outcome, "warning")
    assert f"y = tf.{name}(x)\n" in outcome.code
    assert "tf0-semantics" not in rules(migrate_source(f"{HEADER}y = tf.{name}(x)\n"))
