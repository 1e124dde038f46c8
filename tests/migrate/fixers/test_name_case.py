"""Before/after tests of migrate/fixers/name_case.py.

Most snippets call ``disable_v2_behavior`` themselves or use no graph-only API, so that the
graph-mode rule stays out of the way (its own tests: tests/migrate/fixers/test_graph_mode.py).
"""
from tests.migrate.helpers import check_noop, check_transformed, rules


def test_wrong_case_is_corrected_when_one_name_matches():
    outcome = check_transformed(
        """
        import tensorflow as tf
        tf.compat.v1.disable_v2_behavior()
        sess = tf.session()
        a = tf.variable(tf.random_normal(shape=[1]))
        opt = tf.train.gradientdescentoptimizer(learning_rate=0.02)
        opt2 = tf.train.gradientDescentOptimizer(0.05)
        """,
        """
        import tensorflow as tf
        tf.compat.v1.disable_v2_behavior()
        sess = tf.compat.v1.Session()
        a = tf.Variable(tf.random.normal(shape=[1]))
        opt = tf.compat.v1.train.GradientDescentOptimizer(learning_rate=0.02)
        opt2 = tf.compat.v1.train.GradientDescentOptimizer(0.05)
        """,
    )
    assert rules(outcome).count("name-case") == 4


def test_unknown_or_ambiguous_name_is_a_warning_and_kept():
    # kept as written, with a warning; outside every table, so graph mode as TF 1 ran it
    outcome = check_transformed(
        """
        import tensorflow as tf
        x = tf.foo_bar(1)
        y = tf.Sesion()
        """,
        """
        import tensorflow as tf
        tf.compat.v1.disable_v2_behavior()
        x = tf.foo_bar(1)
        y = tf.Sesion()
        """,
    )
    warnings = [f for f in outcome.findings if f.severity == "warning"]
    assert [(f.line, f.column) for f in warnings] == [(2, 4), (3, 4)]
    assert "tf.foo_bar" in warnings[0].message
    graph = [f.message for f in outcome.findings if f.rule == "graph-mode"]
    assert graph[0].startswith("line 2: tf.foo_bar() is in no table of TensorFlow")


def test_wrong_case_with_two_candidates_is_a_warning():
    outcome = check_transformed("import tensorflow as tf\ntf.PRINT(x)\ntf.logging.Info('x')\n",
                                "import tensorflow as tf\ntf.compat.v1.disable_v2_behavior()\n"
                                "tf.PRINT(x)\ntf.logging.Info('x')\n")
    messages = [f.message for f in outcome.findings if f.rule != "graph-mode"]
    assert "tf.Print" in messages[0] and "tf.print" in messages[0]
    assert "tf.logging.INFO" in messages[1] and "tf.logging.info" in messages[1]


def test_wrong_case_in_a_from_import():
    check_transformed(
        """
        import tensorflow as tf
        from tensorflow import session
        tf.compat.v1.disable_v2_behavior()
        s = session()
        """,
        """
        import tensorflow as tf
        from tensorflow.compat.v1 import Session as session
        tf.compat.v1.disable_v2_behavior()
        s = session()
        """,
    )
