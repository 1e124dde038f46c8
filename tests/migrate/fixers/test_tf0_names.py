"""Before/after tests of migrate/fixers/tf0_names.py.

Most snippets call ``disable_v2_behavior`` themselves or use no graph-only API, so that the
graph-mode rule stays out of the way (its own tests: tests/migrate/fixers/test_graph_mode.py).
"""
from tests.migrate.helpers import check_transformed


def test_tf0_names():
    check_transformed(
        """
        import tensorflow as tf
        tf.compat.v1.disable_v2_behavior()
        y = tf.mul(x, A)
        z = tf.sub(y, tf.neg(x))
        init = tf.initialize_all_variables()
        init2 = tf.global_variable_initializer()
        s = tf.scalar_summary("loss", loss)
        w = tf.train.SummaryWriter("/tmp/logs", sess.graph)
        """,
        """
        import tensorflow as tf
        tf.compat.v1.disable_v2_behavior()
        y = tf.multiply(x, A)
        z = tf.subtract(y, tf.negative(x))
        init = tf.compat.v1.global_variables_initializer()
        init2 = tf.compat.v1.global_variables_initializer()
        s = tf.compat.v1.summary.scalar("loss", loss)
        w = tf.compat.v1.summary.FileWriter("/tmp/logs", sess.graph)
        """,
    )


def test_batch_matmul_arguments():
    check_transformed(
        "import tensorflow as tf\nc = tf.batch_matmul(a, b, True, adj_y=False)\n",
        "import tensorflow as tf\nc = tf.matmul(a, b, adjoint_a=True, adjoint_b=False)\n",
    )
