"""Comments, layout, CRLF, tabs and a missing final newline survive a rewrite.

Most snippets call ``disable_v2_behavior`` themselves or use no graph-only API, so that the
graph-mode rule stays out of the way (its own tests: tests/migrate/fixers/test_graph_mode.py).
"""
from migrate.engine import migrate_source
from tests.migrate.helpers import check_transformed


def test_comments_and_formatting_are_preserved():
    check_transformed(
        """
        import tensorflow as tf  # the library

        y = tf.mul(  # multiply
            a,   # first
            b,
        )
        opt = (tf.train
               .GradientDescentOptimizer(0.1))
        """,
        """
        import tensorflow as tf  # the library
        tf.compat.v1.disable_v2_behavior()

        y = tf.multiply(  # multiply
            a,   # first
            b,
        )
        opt = (tf.compat.v1.train
               .GradientDescentOptimizer(0.1))
        """,
    )


def test_crlf_line_endings_are_preserved():
    source = "import tensorflow as tf\r\n\r\nx = tf.placeholder(tf.float32)  # c\r\n"
    outcome = migrate_source(source)
    assert outcome.code == (
        "import tensorflow as tf\r\ntf.compat.v1.disable_v2_behavior()\r\n\r\n"
        "x = tf.compat.v1.placeholder(tf.float32)  # c\r\n")
    assert migrate_source(outcome.code).code == outcome.code
    assert [(f.line, f.column) for f in outcome.findings] == [(1, 0), (3, 4)]


def test_tabs_and_no_trailing_newline():
    check_transformed(
        "import tensorflow as tf\nif True:\n\ty = tf.mul(a, b)",
        "import tensorflow as tf\nif True:\n\ty = tf.multiply(a, b)",
    )
