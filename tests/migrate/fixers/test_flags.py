"""Before/after tests of migrate/fixers/flags.py: one test per row of hand.SHIMMED_MODULES
(run-time check with absl's log_dir: test_compat_runtime.py)."""
import pytest

from migrate.tables import hand
from tests.migrate.helpers import check_transformed, rules


@pytest.mark.parametrize("prefix", sorted(hand.SHIMMED_MODULES))
def test_shimmed_module_row(prefix):
    module = hand.SHIMMED_MODULES[prefix][len("@tf_revive_runtime."):]
    outcome = check_transformed(
        f"import tensorflow as tf\ntf.{prefix}.DEFINE_string('log_dir', '/tmp', 'h')\nF = tf.{prefix}.FLAGS\n",
        f"import tensorflow as tf\nfrom tf_revive_runtime import {module}\n"
        f"{module}.DEFINE_string('log_dir', '/tmp', 'h')\nF = {module}.FLAGS\n")
    assert set(rules(outcome)) == {"flags"}


def test_flags_module_alias_and_from_import():
    check_transformed(
        "import tensorflow as tf\nflags = tf.app.flags\nflags.DEFINE_integer('n', 1, 'h')\n",
        "import tensorflow as tf\nfrom tf_revive_runtime import v1_flags\nflags = v1_flags\n"
        "flags.DEFINE_integer('n', 1, 'h')\n")
    check_transformed("from tensorflow.app import flags\n",
                      "from tf_revive_runtime import v1_flags as flags\n")
