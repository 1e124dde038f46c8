"""Before/after tests of migrate/fixers/xent_label_gradient.py, and the numbers it keeps."""
from tests.migrate.helpers import check_noop, check_transformed, rules


def test_labels_are_wrapped_in_stop_gradient():
    outcome = check_transformed(
        """
        import tensorflow as tf
        tf.compat.v1.disable_v2_behavior()
        loss = tf.nn.softmax_cross_entropy_with_logits(logits=z, labels=teacher(z))  # kept
        """,
        """
        import tensorflow as tf
        tf.compat.v1.disable_v2_behavior()
        loss = tf.nn.softmax_cross_entropy_with_logits(logits=z, labels=tf.stop_gradient(teacher(z)))  # kept
        """,
    )
    assert rules(outcome) == ["xent-label-gradient"]


def test_already_stopped_and_compat_v1_are_left_alone():
    check_noop("""
        import tensorflow as tf
        tf.compat.v1.disable_v2_behavior()
        a = tf.nn.softmax_cross_entropy_with_logits(logits=z, labels=tf.stop_gradient(y))
        b = tf.compat.v1.nn.softmax_cross_entropy_with_logits(logits=z, labels=y)
        """)


def test_imported_by_name_gets_a_warning():
    outcome = check_noop("""
        import tensorflow as tf
        from tensorflow.nn import softmax_cross_entropy_with_logits as xent
        tf.compat.v1.disable_v2_behavior()
        loss = xent(logits=z, labels=y)
        """)
    assert "xent-label-gradient" in rules(outcome, "warning")


def test_the_gradient_into_labels_is_zero_as_in_tf1():
    import numpy as np
    import tensorflow as tf

    z = tf.constant([[1.0, 2.0, 0.5]])
    w = tf.Variable([[0.2, 0.3, 0.5]])
    with tf.GradientTape() as tape:
        loss = tf.nn.softmax_cross_entropy_with_logits(logits=z, labels=tf.stop_gradient(w * 2.0))
    assert tape.gradient(loss, w) is None  # what TF 1.x's function gave: no gradient to labels
    v1 = tf.compat.v1.nn.softmax_cross_entropy_with_logits(logits=z, labels=w * 2.0)
    np.testing.assert_allclose(loss.numpy(), v1.numpy(), rtol=1e-6)
