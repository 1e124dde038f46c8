"""Before/after tests of migrate/fixers/signature.py.

Most snippets call ``disable_v2_behavior`` themselves or use no graph-only API, so that the
graph-mode rule stays out of the way (its own tests: tests/migrate/fixers/test_graph_mode.py).
"""
from tests.migrate.helpers import check_transformed


def test_keyword_renames():
    check_transformed(
        """
        import tensorflow as tf
        a = tf.reduce_sum(y * tf.math.log(p), reduction_indices=1)
        b = tf.reduce_mean(x, reduction_indices=[0], keep_dims=True)
        c = tf.argmax(x, dimension=1)
        d = tf.expand_dims(x, dim=0)
        e = tf.nn.softmax(x, dim=-1)
        f = tf.squeeze(x, squeeze_dims=[1])
        g = tf.reduce_max(x, 1, True)
        """,
        """
        import tensorflow as tf
        a = tf.reduce_sum(y * tf.math.log(p), axis=1)
        b = tf.reduce_mean(x, axis=[0], keepdims=True)
        c = tf.argmax(x, axis=1)
        d = tf.expand_dims(x, axis=0)
        e = tf.nn.softmax(x, axis=-1)
        f = tf.squeeze(x, axis=[1])
        g = tf.reduce_max(x, 1, True)
        """,
    )


def test_a_tf1_argument_tf2_lacks_keeps_the_call_on_compat_v1():
    check_transformed(
        """
        import tensorflow as tf
        a = tf.nn.dropout(x, 0.5)
        b = tf.nn.dropout(x, keep_prob=keep)
        c = tf.nn.dropout(x, rate=0.5)
        g = tf.gradients(cost, [W], colocate_gradients_with_ops=True)
        """,
        """
        import tensorflow as tf
        tf.compat.v1.disable_v2_behavior()
        a = tf.compat.v1.nn.dropout(x, 0.5)
        b = tf.compat.v1.nn.dropout(x, keep_prob=keep)
        c = tf.nn.dropout(x, rate=0.5)
        g = tf.compat.v1.gradients(cost, [W], colocate_gradients_with_ops=True)
        """,
    )
