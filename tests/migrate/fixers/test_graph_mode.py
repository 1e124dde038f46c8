"""Before/after tests of migrate/fixers/graph_mode.py."""
from migrate.engine import migrate_source
from tests.migrate.helpers import check_noop, check_transformed, rules


def test_from_import_only_gets_an_import_for_graph_mode():
    check_transformed(
        """
        from tensorflow import placeholder, Session
        x = placeholder("float")
        """,
        """
        from tensorflow.compat.v1 import placeholder, Session
        import tensorflow as tf
        tf.compat.v1.disable_v2_behavior()
        x = placeholder("float")
        """,
    )


def test_compat_v1_alias_gets_graph_mode_through_it():
    check_transformed(
        """
        import tensorflow.compat.v1 as tf
        x = tf.placeholder(tf.float32)
        """,
        """
        import tensorflow.compat.v1 as tf
        tf.disable_v2_behavior()
        x = tf.placeholder(tf.float32)
        """,
    )


def test_graph_mode_inserted_once_after_the_last_top_level_tf_import():
    outcome = check_transformed(
        """
        # a script
        import numpy as np
        import tensorflow as tf

        # data
        x = tf.placeholder(tf.float32)
        with tf.Session() as sess:
            print(sess.run(x, {x: 1.0}))
        """,
        """
        # a script
        import numpy as np
        import tensorflow as tf
        tf.compat.v1.disable_v2_behavior()

        # data
        x = tf.compat.v1.placeholder(tf.float32)
        with tf.compat.v1.Session() as sess:
            print(sess.run(x, {x: 1.0}))
        """,
    )
    graph = [f for f in outcome.findings if f.rule == "graph-mode"]
    assert len(graph) == 1 and graph[0].line == 3


def test_graph_mode_after_the_input_data_import():
    check_transformed(
        """
        import tensorflow as tf
        from tensorflow.examples.tutorials.mnist import input_data
        mnist = input_data.read_data_sets("/tmp/data/", one_hot=True)
        x = tf.placeholder(tf.float32, [None, 784])
        """,
        """
        import tensorflow as tf
        from tf_revive_runtime import input_data
        tf.compat.v1.disable_v2_behavior()
        mnist = input_data.read_data_sets("/tmp/data/", one_hot=True)
        x = tf.compat.v1.placeholder(tf.float32, [None, 784])
        """,
    )


def test_no_graph_mode_for_eager_tf2_code():
    check_noop(
        """
        import tensorflow as tf
        W = tf.Variable(tf.zeros([4, 3]))
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(W))
        grads = tape.gradient(loss, [W])
        W.assign_sub(0.5 * grads[0])
        """
    )


def test_tf_keras_in_graph_code_goes_to_tf_keras():
    outcome = migrate_source(
        "import tensorflow as tf\nx = tf.placeholder(tf.float32)\ny = tf.keras.layers.Dense(3)(x)\n")
    assert "y = tf_keras.layers.Dense(3)(x)\n" in outcome.code  # fixers/keras2.py
    assert "needs-attention" not in rules(outcome, "warning")


def test_graph_mode_goes_before_the_first_use_even_with_later_imports():
    check_transformed(
        """
        import tensorflow as tf
        sess = tf.Session()
        from tensorflow.python.framework import ops
        ops.reset_default_graph()
        """,
        """
        import tensorflow as tf
        tf.compat.v1.disable_v2_behavior()
        sess = tf.compat.v1.Session()
        from tensorflow.python.framework import ops
        ops.reset_default_graph()
        """,
    )


def test_docstring_and_future_import_stay_first_when_tf_is_imported_in_a_function():
    check_transformed(
        '''
        """Doc."""
        from __future__ import print_function
        from tensorflow import placeholder
        def f():
            return placeholder("float")
        ''',
        '''
        """Doc."""
        from __future__ import print_function
        from tensorflow.compat.v1 import placeholder
        import tensorflow as tf
        tf.compat.v1.disable_v2_behavior()
        def f():
            return placeholder("float")
        ''',
    )


def test_graph_mode_uses_the_alias_even_when_a_function_has_a_parameter_tf():
    check_transformed(
        """
        import tensorflow as tf
        def f(tf):
            return tf.Session()
        x = tf.placeholder(tf.float32)
        """,
        """
        import tensorflow as tf
        tf.compat.v1.disable_v2_behavior()
        def f(tf):
            return tf.Session()
        x = tf.compat.v1.placeholder(tf.float32)
        """,
    )


# ---------------------------------------------------------------- the decision (graph_names)
GRAPH = "import tensorflow as tf\ntf.compat.v1.disable_v2_behavior()\n"


def _graph_message(outcome) -> str:
    return next(f.message for f in outcome.findings if f.rule == "graph-mode")


def test_a_collection_reader_needs_graph_mode_and_the_message_says_why():
    outcome = check_transformed(
        "import tensorflow as tf\nw = tf.Variable(tf.zeros([3]))\n\n"
        "print(len(tf.trainable_variables()))\n",
        f"{GRAPH}w = tf.Variable(tf.zeros([3]))\n\n"
        "print(len(tf.compat.v1.trainable_variables()))\n")
    assert _graph_message(outcome) == (
        "line 4: tf.trainable_variables() reads a graph collection: inserted "
        "tf.compat.v1.disable_v2_behavior() after the TensorFlow imports")


def test_losses_collection_gradients_metrics_and_monitored_sessions_need_graph_mode():
    for use, why in [("tf.losses.get_losses()", "tf.losses.get_losses() reads a graph collection"),
                     ("tf.gradients(y, x)", "tf.gradients() refuses eager execution"),
                     ("tf.metrics.mean(y)", "tf.metrics.mean() refuses eager execution"),
                     ("tf.train.SingularMonitoredSession()", "tf.train.SingularMonitoredSession() reads"),
                     ("tf.train.MonitoredSession()", "tf.train.MonitoredSession() reads"),
                     ("tf.get_default_session()", "tf.get_default_session() uses the default"),
                     ("tf.InteractiveSession()", "tf.InteractiveSession() is a graph Session")]:
        outcome = migrate_source(f"import tensorflow as tf\nv = {use}\n")
        assert outcome.code.startswith(GRAPH), use
        assert _graph_message(outcome).startswith(f"line 2: {why}"), _graph_message(outcome)


def test_a_name_outside_every_table_means_graph_mode_never_silent_eager():
    outcome = check_transformed("import tensorflow as tf\ny = tf.some_future_op(x)\n",
                                f"{GRAPH}y = tf.some_future_op(x)\n")
    assert _graph_message(outcome).startswith("line 2: tf.some_future_op() is in no table")
    assert any(f.severity == "warning" and "tf.some_future_op" in f.message for f in outcome.findings)


def test_keras_only_and_pure_op_files_stay_eager():
    check_noop("import tensorflow as tf\nx = tf.constant([1.0]) * 2.0\ny = tf.reduce_sum(tf.square(x))\n")
    check_noop("import tensorflow as tf\nmodel = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n"
               "model.compile(optimizer='sgd', loss='mse')\n")


def test_a_private_path_of_a_graph_function():
    outcome = migrate_source("import tensorflow as tf\nfrom tensorflow.python.framework import ops\n"
                             "ops.reset_default_graph()\n")
    assert "disable_v2_behavior()" in outcome.code
    assert "tensorflow.python.framework.ops.reset_default_graph()" in _graph_message(outcome)


def test_graph_mode_goes_between_an_import_and_a_use_on_the_same_line():
    """Issue 18 item 5: the line is split after its last TensorFlow import."""
    check_transformed(
        """
        import tensorflow as tf; x = tf.placeholder(tf.float32, [2]); y = x * 2  # note
        """,
        """
        import tensorflow as tf
        tf.compat.v1.disable_v2_behavior()
        x = tf.compat.v1.placeholder(tf.float32, [2]); y = x * 2  # note
        """,
    )
    out = migrate_source("import os; import tensorflow as tf; import sys; v = tf.Variable(1)\r\n"
                         "sess = tf.Session()\r\n").code
    assert out == ("import os; import tensorflow as tf\r\ntf.compat.v1.disable_v2_behavior()\r\n"
                   "import sys; v = tf.Variable(1)\r\nsess = tf.compat.v1.Session()\r\n")


def test_the_split_line_runs(tmp_path):
    import sys

    import pytest

    from tests import tf_worker

    if not __import__("importlib").util.find_spec("tensorflow"):
        pytest.skip("needs TensorFlow")
    code = migrate_source(
        "import tensorflow as tf; x = tf.placeholder(tf.float32, [2])\n"
        "with tf.Session() as sess: print(sess.run(x * 2, {x: [1, 2]}).tolist())\n").code
    done = tf_worker.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[2.0, 4.0]"


def test_a_file_that_enables_eager_execution_stays_eager():
    # TF 1.5-1.7's early eager API: the script was written to run eagerly, as TF 2 does
    for enable in ("tf.enable_eager_execution()", "tfe.enable_eager_execution()"):
        outcome = migrate_source(
            "import tensorflow as tf\nimport tensorflow.contrib.eager as tfe\n"
            f"{enable}\nopt = tf.train.GradientDescentOptimizer(0.1)\n")
        assert "disable_v2_behavior" not in outcome.code
        assert "tf.compat.v1.train.GradientDescentOptimizer(0.1)" in outcome.code
    outcome = migrate_source("import tensorflow as tf\nopt = tf.train.GradientDescentOptimizer(0.1)\n")
    assert "disable_v2_behavior" in outcome.code  # the same line without it: graph mode
