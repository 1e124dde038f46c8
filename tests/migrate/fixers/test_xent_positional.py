"""Before/after tests of migrate/fixers/xent_positional.py.

Most snippets call ``disable_v2_behavior`` themselves or use no graph-only API, so that the
graph-mode rule stays out of the way (its own tests: tests/migrate/fixers/test_graph_mode.py).
"""
from tests.migrate.helpers import check_noop, check_transformed, rules


def test_xent_positional_becomes_keywords():
    outcome = check_transformed(
        """
        import tensorflow as tf
        a = tf.nn.sigmoid_cross_entropy_with_logits( my_output_expanded, y_target_expanded)
        b = tf.nn.softmax_cross_entropy_with_logits(pred, y)
        c = tf.nn.sparse_softmax_cross_entropy_with_logits(logits, labels, name="x")
        d = tf.nn.sigmoid_cross_entropy_with_logits(logits=o, labels=t)
        e = tf.nn.sigmoid_cross_entropy_with_logits(o, targets=t)
        """,
        """
        import tensorflow as tf
        a = tf.nn.sigmoid_cross_entropy_with_logits( logits=my_output_expanded, labels=y_target_expanded)
        b = tf.nn.softmax_cross_entropy_with_logits(logits=pred, labels=tf.stop_gradient(y))
        c = tf.nn.sparse_softmax_cross_entropy_with_logits(logits=logits, labels=labels, name="x")
        d = tf.nn.sigmoid_cross_entropy_with_logits(logits=o, labels=t)
        e = tf.nn.sigmoid_cross_entropy_with_logits(logits=o, labels=t)
        """,
    )
    assert rules(outcome).count("xent-positional") == 4
    assert rules(outcome).count("xent-label-gradient") == 1


def test_weighted_xent_positional_is_ambiguous():
    outcome = check_noop("import tensorflow as tf\nl = tf.nn.weighted_cross_entropy_with_logits(a, b, 2.0)\n")
    assert rules(outcome, "warning") == ["xent-positional"]
