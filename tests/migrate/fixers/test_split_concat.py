"""Before/after tests of migrate/fixers/split_concat.py.

Most snippets call ``disable_v2_behavior`` themselves or use no graph-only API, so that the
graph-mode rule stays out of the way (its own tests: tests/migrate/fixers/test_graph_mode.py).
"""
from tests.migrate.helpers import check_noop, check_transformed, rules


def test_concat_tf0_order():
    check_transformed(
        """
        import tensorflow as tf
        a = tf.concat(1, [x, y])
        b = tf.concat(-1, (x, y))
        c = tf.concat(0, tensors)
        d = tf.concat([x, y], 1)
        e = tf.concat(concat_dim=1, values=[x, y])
        """,
        """
        import tensorflow as tf
        a = tf.concat([x, y], 1)
        b = tf.concat((x, y), -1)
        c = tf.concat(tensors, 0)
        d = tf.concat([x, y], 1)
        e = tf.concat(axis=1, values=[x, y])
        """,
    )


def test_concat_ambiguous_is_a_warning():
    outcome = check_noop("import tensorflow as tf\nc = tf.concat(a, b)\n")
    assert [(f.rule, f.severity, f.line) for f in outcome.findings] == [("concat-order", "warning", 2)]


def test_split_tf0_order():
    check_transformed(
        """
        import tensorflow as tf
        a, b = tf.split(1, 2, x)
        c = tf.split(x, 2, 1)
        d = tf.split(split_dim=0, num_split=2, value=x)
        """,
        """
        import tensorflow as tf
        a, b = tf.split(x, 2, 1)
        c = tf.split(x, 2, 1)
        d = tf.split(axis=0, num_or_size_splits=2, value=x)
        """,
    )


def test_split_ambiguous_is_a_warning():
    outcome = check_noop("import tensorflow as tf\nparts = tf.split(a, n, b)\n")
    assert rules(outcome, "warning") == ["split-order"]
