"""Before/after tests of migrate/fixers/removed.py (TF 1.0's breaking changes): one test per
row of its hand table."""
import pytest

from migrate.tables import hand
from tests.migrate.helpers import check_noop

HEADER = "import tensorflow as tf\ntf.compat.v1.disable_v2_behavior()\n"


# ---------------------------------------------------------------------------- removed
@pytest.mark.parametrize("name", sorted(hand.REMOVED))
def test_removed_row_is_one_warning_with_its_line(name):
    outcome = check_noop(f"{HEADER}\n\ny = tf.{name}.Thing(1)\n")
    assert [(f.line, f.rule) for f in outcome.findings] == [(5, "removed")]
    assert hand.REMOVED[name] in outcome.findings[0].message
