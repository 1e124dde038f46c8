"""Before/after tests of migrate/fixers/legacy_layers.py.

Most snippets call ``disable_v2_behavior`` themselves or use no graph-only API, so that the
graph-mode rule stays out of the way (its own tests: tests/migrate/fixers/test_graph_mode.py).
"""
from tests.migrate.helpers import check_transformed


def test_layers_and_rnn_cell_go_to_tf_keras_shims():
    check_transformed(
        """
        import tensorflow as tf
        tf.compat.v1.disable_v2_behavior()
        h = tf.layers.dense(x, 10, activation=tf.nn.relu)
        cell = tf.nn.rnn_cell.BasicLSTMCell(64)
        """,
        """
        import tensorflow as tf
        from tf_revive_runtime import v1_layers
        from tf_revive_runtime import v1_rnn_cell
        tf.compat.v1.disable_v2_behavior()
        h = v1_layers.dense(x, 10, activation=tf.nn.relu)
        cell = v1_rnn_cell.BasicLSTMCell(64)
        """,
    )


def test_explicit_compat_v1_layers_also_go_to_the_shim():
    check_transformed(
        """
        import tensorflow as tf
        tf.compat.v1.disable_v2_behavior()
        y = tf.compat.v1.layers.dense(x, 3)
        """,
        """
        import tensorflow as tf
        from tf_revive_runtime import v1_layers
        tf.compat.v1.disable_v2_behavior()
        y = v1_layers.dense(x, 3)
        """,
    )
