"""Before/after tests of migrate/fixers/contrib.py.

Most snippets call ``disable_v2_behavior`` themselves or use no graph-only API, so that the
graph-mode rule stays out of the way (its own tests: tests/migrate/fixers/test_graph_mode.py).
"""
from tests.migrate.helpers import check_noop, check_transformed, rules


def test_contrib_rows():
    check_transformed(
        """
        import tensorflow as tf
        init = tf.contrib.layers.xavier_initializer()
        init2 = tf.contrib.layers.xavier_initializer(seed=1)
        reg = tf.contrib.layers.l2_regularizer(scale=0.1)
        reg1 = tf.contrib.layers.l1_regularizer(0.01)
        step = tf.contrib.framework.get_or_create_global_step()
        cell = tf.contrib.rnn.BasicLSTMCell(10)
        """,
        """
        import tensorflow as tf
        import tf_keras
        from tf_revive_runtime import v1_rnn_cell
        tf.compat.v1.disable_v2_behavior()
        init = tf.compat.v1.glorot_uniform_initializer()
        init2 = tf.compat.v1.glorot_uniform_initializer(seed=1)
        reg = tf_keras.regularizers.l2(0.5 * 0.1)
        reg1 = tf_keras.regularizers.l1(0.01)
        step = tf.compat.v1.train.get_or_create_global_step()
        cell = v1_rnn_cell.BasicLSTMCell(10)
        """,
    )


def test_contrib_served_by_tf_slim():
    outcome = check_transformed(
        """
        import tensorflow as tf
        net = tf.contrib.slim.conv2d(x, 32, [3, 3])
        init = tf.contrib.layers.xavier_initializer(uniform=False)
        init2 = tf.contrib.layers.variance_scaling_initializer()
        f = tf.contrib.layers.xavier_initializer
        """,
        """
        import tensorflow as tf
        from tf_revive_runtime import slim
        net = slim.conv2d(x, 32, [3, 3])
        init = slim.xavier_initializer(uniform=False)
        init2 = slim.variance_scaling_initializer()
        f = slim.xavier_initializer
        """,
    )
    assert set(rules(outcome)) == {"contrib"}


def test_contrib_without_replacement_is_a_warning_and_kept():
    outcome = check_noop(
        """
        import tensorflow as tf
        op = tf.contrib.layers.optimize_loss(loss, step, 0.1, "SGD")
        cell = tf.contrib.rnn.LayerNormBasicLSTMCell(4)
        """
    )
    warnings = [f for f in outcome.findings if f.severity == "warning"]
    assert [f.line for f in warnings] == [2, 3]
    assert all(f.rule == "contrib" for f in warnings)
    assert "tf_slim" in warnings[0].message
