"""Before/after tests of migrate/fixers/from_imports.py.

Most snippets call ``disable_v2_behavior`` themselves or use no graph-only API, so that the
graph-mode rule stays out of the way (its own tests: tests/migrate/fixers/test_graph_mode.py).
"""
from tests.migrate.helpers import check_noop, check_transformed, rules


def test_from_tensorflow_import_renames_the_import_not_the_uses():
    check_transformed(
        """
        import tensorflow as tf
        from tensorflow import mul, Variable
        from tensorflow import placeholder as ph
        tf.compat.v1.disable_v2_behavior()
        y = mul(ph(tf.float32), Variable(1.0))
        """,
        """
        import tensorflow as tf
        from tensorflow import Variable
        from tensorflow import multiply as mul
        from tensorflow.compat.v1 import placeholder as ph
        tf.compat.v1.disable_v2_behavior()
        y = mul(ph(tf.float32), Variable(1.0))
        """,
    )


def test_from_tensorflow_import_a_module_then_its_members():
    check_transformed(
        """
        import tensorflow as tf
        from tensorflow import nn, train
        tf.compat.v1.disable_v2_behavior()
        loss = nn.sigmoid_cross_entropy_with_logits(out, y)
        opt = train.GradientDescentOptimizer(0.1)
        """,
        """
        import tensorflow as tf
        from tensorflow import nn, train
        tf.compat.v1.disable_v2_behavior()
        loss = nn.sigmoid_cross_entropy_with_logits(logits=out, labels=y)
        opt = tf.compat.v1.train.GradientDescentOptimizer(0.1)
        """,
    )


def test_from_import_of_a_moved_module():
    check_transformed(
        """
        from tensorflow import app
        app.run(main)
        """,
        """
        from tensorflow.compat.v1 import app
        app.run(main)
        """,
    )


def test_star_import_from_tensorflow_is_a_warning():
    outcome = check_noop("from tensorflow import *\nx = mul(1, 2)\n")
    assert rules(outcome, "warning") == ["needs-attention"]
