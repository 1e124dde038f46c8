"""Before/after tests of migrate/fixers/keras2.py: one test per row of hand.KERAS2 and each
import form (run-time check with a tf.train optimizer: test_compat_runtime.py)."""
import pytest

from migrate.engine import migrate_source
from migrate.tables import hand
from tests.migrate.helpers import check_noop, check_transformed, rules

HEADER = "import tensorflow as tf\ntf.compat.v1.disable_v2_behavior()\n"


@pytest.mark.parametrize("prefix", sorted(hand.KERAS2))
def test_keras2_row(prefix):
    outcome = migrate_source(f"{HEADER}m = tf.{prefix}.layers.Dense(3)\n")
    assert f"m = {hand.KERAS2[prefix]}.layers.Dense(3)\n" in outcome.code
    assert "import tf_keras\n" in outcome.code
    assert "keras2" in rules(outcome)
    assert migrate_source(outcome.code).code == outcome.code


def test_keras_in_graph_code_becomes_tf_keras():
    outcome = check_transformed(
        """
        import tensorflow as tf
        from tensorflow.keras.layers import Dense
        from tensorflow import keras
        import tensorflow.keras as K
        x = tf.placeholder(tf.float32)
        m = tf.keras.models.Sequential([Dense(3), tf.keras.layers.Dense(1)])
        m.compile(tf.train.AdamOptimizer(0.1), 'mse')
        """,
        """
        import tensorflow as tf
        from tf_keras.layers import Dense
        import tf_keras as keras
        import tf_keras as K
        import tf_keras
        tf.compat.v1.disable_v2_behavior()
        x = tf.compat.v1.placeholder(tf.float32)
        m = tf_keras.models.Sequential([Dense(3), tf_keras.layers.Dense(1)])
        m.compile(tf.compat.v1.train.AdamOptimizer(0.1), 'mse')
        """,
    )
    assert rules(outcome, "warning") == []


def test_tf2_keras_code_keeps_keras_3():
    check_noop("""
        import tensorflow as tf
        m = tf.keras.Sequential([tf.keras.layers.Dense(3)])
        m.compile(tf.keras.optimizers.Adam(0.1), 'mse')
        """)


def test_a_tf1_rewrite_elsewhere_makes_it_tf_keras():
    outcome = migrate_source("import tensorflow as tf\ny = tf.mul(a, b)\nm = tf.keras.layers.Dense(3)\n")
    assert "m = tf_keras.layers.Dense(3)\n" in outcome.code
