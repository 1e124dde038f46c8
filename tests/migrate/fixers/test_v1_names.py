"""Before/after tests of migrate/fixers/v1_names.py.

Most snippets call ``disable_v2_behavior`` themselves or use no graph-only API, so that the
graph-mode rule stays out of the way (its own tests: tests/migrate/fixers/test_graph_mode.py).
"""
import pytest

from migrate.engine import migrate_source
from tests.migrate.helpers import check_noop, check_transformed


def test_v1_names_go_to_compat_v1():
    check_transformed(
        """
        import tensorflow as tf
        tf.compat.v1.disable_v2_behavior()
        sess = tf.Session()
        x = tf.placeholder(tf.float32, [None, 784])
        w = tf.get_variable("w", [3])
        with tf.variable_scope("scope"):
            pass
        opt = tf.train.GradientDescentOptimizer(0.5)
        saver = tf.train.Saver()
        init = tf.global_variables_initializer()
        """,
        """
        import tensorflow as tf
        tf.compat.v1.disable_v2_behavior()
        sess = tf.compat.v1.Session()
        x = tf.compat.v1.placeholder(tf.float32, [None, 784])
        w = tf.compat.v1.get_variable("w", [3])
        with tf.compat.v1.variable_scope("scope"):
            pass
        opt = tf.compat.v1.train.GradientDescentOptimizer(0.5)
        saver = tf.compat.v1.train.Saver()
        init = tf.compat.v1.global_variables_initializer()
        """,
    )


@pytest.mark.parametrize("optimizer", [
    "GradientDescentOptimizer", "MomentumOptimizer", "AdagradOptimizer", "AdadeltaOptimizer",
    "AdamOptimizer", "RMSPropOptimizer", "FtrlOptimizer",
])
def test_every_train_optimizer_goes_to_compat_v1(optimizer):
    outcome = migrate_source(f"import tensorflow as tf\nopt = tf.train.{optimizer}(0.1)\n")
    assert f"opt = tf.compat.v1.train.{optimizer}(0.1)\n" in outcome.code


def test_names_that_moved_go_to_their_tf2_home():
    check_transformed(
        """
        import tensorflow as tf
        a = tf.random_normal([1])
        b = tf.log(a)
        c = tf.truncated_normal([2], stddev=0.1)
        d = tf.random_uniform([2])
        """,
        """
        import tensorflow as tf
        a = tf.random.normal([1])
        b = tf.math.log(a)
        c = tf.random.truncated_normal([2], stddev=0.1)
        d = tf.random.uniform([2])
        """,
    )


def test_a_module_missing_from_tf2_is_one_rewrite_and_its_members_follow():
    check_transformed(
        """
        import tensorflow as tf
        log = tf.logging
        log.set_verbosity(log.INFO)
        tf.logging.set_verbosity(tf.logging.INFO)
        """,
        """
        import tensorflow as tf
        log = tf.compat.v1.logging
        log.set_verbosity(log.INFO)
        tf.compat.v1.logging.set_verbosity(tf.compat.v1.logging.INFO)
        """,
    )


def test_tf_losses_and_metrics_mean_tf1s_not_keras():
    check_transformed(
        """
        import tensorflow as tf
        loss = tf.losses.mean_squared_error(y, p)
        acc, update = tf.metrics.accuracy(y, p)
        """,
        """
        import tensorflow as tf
        tf.compat.v1.disable_v2_behavior()
        loss = tf.compat.v1.losses.mean_squared_error(y, p)
        acc, update = tf.compat.v1.metrics.accuracy(y, p)
        """,
    )


def test_where_keeps_tf1_semantics():
    check_transformed(
        "import tensorflow as tf\nz = tf.where(c, x, y)\n",
        "import tensorflow as tf\nz = tf.compat.v1.where(c, x, y)\n",
    )


def test_tf2_names_are_left_alone():
    check_noop(
        """
        import tensorflow as tf
        x = tf.constant([1.0, 2.0])
        y = tf.nn.relu(tf.matmul(x, x)) + tf.math.log(x)
        z = tf.reduce_sum(y, axis=0, keepdims=True)
        v = tf.Variable(tf.zeros([3]), name="v")
        print(tf.float32.as_numpy_dtype, tf.__version__)
        """
    )


def test_summary_scalar_of_tf1_stays_tf1():
    check_transformed(
        'import tensorflow as tf\ns = tf.summary.scalar("loss", loss)\n',
        'import tensorflow as tf\ns = tf.compat.v1.summary.scalar("loss", loss)\n',
    )
