"""Before/after tests of every rule of the engine, every import style, and what it must not touch.

Most snippets call ``disable_v2_behavior`` themselves or use no graph-only API, so that the
graph-mode rule stays out of the way; its own tests are below.
"""
import pytest

from migrate.engine import migrate_source
from tests.migrate.helpers import check_noop, check_transformed, rules

GRAPH = "tf.compat.v1.disable_v2_behavior()\n"


# ---------------------------------------------------------------------------- v1-name
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
        flags = tf.app.flags
        flags.DEFINE_string("data_dir", "/tmp", "where")
        FLAGS = tf.app.flags.FLAGS
        tf.logging.set_verbosity(tf.logging.INFO)
        """,
        """
        import tensorflow as tf
        flags = tf.compat.v1.app.flags
        flags.DEFINE_string("data_dir", "/tmp", "where")
        FLAGS = tf.compat.v1.app.flags.FLAGS
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


# ---------------------------------------------------------------------------- import styles
def test_own_alias_is_used():
    check_transformed(
        """
        import tensorflow as T
        T.compat.v1.disable_v2_behavior()
        s = T.Session()
        m = T.mul(a, b)
        """,
        """
        import tensorflow as T
        T.compat.v1.disable_v2_behavior()
        s = T.compat.v1.Session()
        m = T.multiply(a, b)
        """,
    )


def test_plain_import_tensorflow():
    check_transformed(
        """
        import tensorflow
        tensorflow.compat.v1.disable_v2_behavior()
        s = tensorflow.Session()
        m = tensorflow.mul(a, b)
        """,
        """
        import tensorflow
        tensorflow.compat.v1.disable_v2_behavior()
        s = tensorflow.compat.v1.Session()
        m = tensorflow.multiply(a, b)
        """,
    )


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
        FLAGS = app.flags.FLAGS
        """,
        """
        from tensorflow.compat.v1 import app
        FLAGS = app.flags.FLAGS
        """,
    )


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


def test_private_framework_import_is_kept_and_counts_as_graph_code():
    check_transformed(
        """
        import tensorflow as tf
        from tensorflow.python.framework import ops
        ops.reset_default_graph()
        """,
        """
        import tensorflow as tf
        from tensorflow.python.framework import ops
        tf.compat.v1.disable_v2_behavior()
        ops.reset_default_graph()
        """,
    )


def test_code_on_compat_v1_is_left_as_it_is():
    check_noop(
        """
        import tensorflow.compat.v1 as tf
        tf.disable_v2_behavior()
        x = tf.placeholder(tf.float32)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
        """
    )
    check_noop(
        """
        import tensorflow as tf
        tf.compat.v1.disable_eager_execution()
        sess = tf.compat.v1.Session()
        """
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


def test_compat_v1_alias_still_gets_tf0_names_fixed():
    check_transformed(
        """
        import tensorflow.compat.v1 as tf
        tf.disable_v2_behavior()
        y = tf.mul(a, b)
        init = tf.initialize_all_variables()
        """,
        """
        import tensorflow.compat.v1 as tf
        tf.disable_v2_behavior()
        y = tf.multiply(a, b)
        init = tf.global_variables_initializer()
        """,
    )


def test_import_inside_a_function():
    check_transformed(
        """
        def build():
            import tensorflow as tf
            return tf.mul(1, 2)
        """,
        """
        def build():
            import tensorflow as tf
            return tf.multiply(1, 2)
        """,
    )


def test_try_import_compat_v1_else_tensorflow_means_compat_v1():
    check_noop(
        """
        try:
            import tensorflow.compat.v1 as tf
        except ImportError:
            import tensorflow as tf
        tf.disable_v2_behavior()
        x = tf.placeholder(tf.float32)
        """
    )


# ---------------------------------------------------------------------------- tf0-name
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


# ---------------------------------------------------------------------------- name-case
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
    outcome = check_noop(
        """
        import tensorflow as tf
        x = tf.foo_bar(1)
        y = tf.Sesion()
        """
    )
    warnings = [f for f in outcome.findings if f.severity == "warning"]
    assert [(f.line, f.column) for f in warnings] == [(2, 4), (3, 4)]
    assert "tf.foo_bar" in warnings[0].message


# ---------------------------------------------------------------------------- arguments
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
        b = tf.nn.softmax_cross_entropy_with_logits(logits=pred, labels=y)
        c = tf.nn.sparse_softmax_cross_entropy_with_logits(logits=logits, labels=labels, name="x")
        d = tf.nn.sigmoid_cross_entropy_with_logits(logits=o, labels=t)
        e = tf.nn.sigmoid_cross_entropy_with_logits(logits=o, labels=t)
        """,
    )
    assert rules(outcome).count("xent-positional") == 4


def test_weighted_xent_positional_is_ambiguous():
    outcome = check_noop("import tensorflow as tf\nl = tf.nn.weighted_cross_entropy_with_logits(a, b, 2.0)\n")
    assert rules(outcome, "warning") == ["xent-positional"]


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
        a = tf.compat.v1.nn.dropout(x, 0.5)
        b = tf.compat.v1.nn.dropout(x, keep_prob=keep)
        c = tf.nn.dropout(x, rate=0.5)
        g = tf.compat.v1.gradients(cost, [W], colocate_gradients_with_ops=True)
        """,
    )


def test_summary_scalar_of_tf1_stays_tf1():
    check_transformed(
        'import tensorflow as tf\ns = tf.summary.scalar("loss", loss)\n',
        'import tensorflow as tf\ns = tf.compat.v1.summary.scalar("loss", loss)\n',
    )


# ---------------------------------------------------------------------------- graph-mode
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
        from migrate.shims import input_data
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


def test_tf_keras_in_graph_code_is_a_warning():
    outcome = migrate_source(
        "import tensorflow as tf\nx = tf.placeholder(tf.float32)\ny = tf.keras.layers.Dense(3)(x)\n")
    assert "needs-attention" in rules(outcome, "warning")


# ---------------------------------------------------------------------------- removed modules
def test_input_data_import_styles():
    check_transformed(
        """
        from tensorflow.examples.tutorials.mnist import input_data
        import tensorflow.examples.tutorials.mnist.input_data as mnist_data
        from tensorflow.examples.tutorials.mnist.input_data import read_data_sets
        m = input_data.read_data_sets("d", one_hot=True)
        """,
        """
        from migrate.shims import input_data
        from migrate.shims import input_data as mnist_data
        from migrate.shims.input_data import read_data_sets
        m = input_data.read_data_sets("d", one_hot=True)
        """,
    )


def test_contrib_rows():
    check_transformed(
        """
        import tensorflow as tf
        init = tf.contrib.layers.xavier_initializer()
        init2 = tf.contrib.layers.xavier_initializer(seed=1)
        reg = tf.contrib.layers.l2_regularizer(scale=0.1)
        reg1 = tf.contrib.layers.l1_regularizer(0.01)
        step = tf.contrib.framework.get_or_create_global_step()
        cell = tf.contrib.rnn.BasicLSTMCell(10)
        """,
        """
        import tensorflow as tf
        import tf_keras
        from migrate.shims import v1_rnn_cell
        init = tf.compat.v1.glorot_uniform_initializer()
        init2 = tf.compat.v1.glorot_uniform_initializer(seed=1)
        reg = tf_keras.regularizers.l2(0.5 * 0.1)
        reg1 = tf_keras.regularizers.l1(0.01)
        step = tf.compat.v1.train.get_or_create_global_step()
        cell = v1_rnn_cell.BasicLSTMCell(10)
        """,
    )


def test_contrib_without_replacement_is_a_warning_and_kept():
    outcome = check_noop(
        """
        import tensorflow as tf
        net = tf.contrib.slim.conv2d(x, 32, [3, 3])
        init = tf.contrib.layers.xavier_initializer(uniform=False)
        init2 = tf.contrib.layers.variance_scaling_initializer()
        f = tf.contrib.layers.xavier_initializer
        """
    )
    warnings = [f for f in outcome.findings if f.severity == "warning"]
    assert [f.line for f in warnings] == [2, 3, 4, 5]
    assert all(f.rule == "contrib" for f in warnings)
    assert "tf_slim" in warnings[0].message


def test_layers_and_rnn_cell_go_to_tf_keras_shims():
    check_transformed(
        """
        import tensorflow as tf
        tf.compat.v1.disable_v2_behavior()
        h = tf.layers.dense(x, 10, activation=tf.nn.relu)
        cell = tf.nn.rnn_cell.BasicLSTMCell(64)
        """,
        """
        import tensorflow as tf
        from migrate.shims import v1_layers
        from migrate.shims import v1_rnn_cell
        tf.compat.v1.disable_v2_behavior()
        h = v1_layers.dense(x, 10, activation=tf.nn.relu)
        cell = v1_rnn_cell.BasicLSTMCell(64)
        """,
    )


# ---------------------------------------------------------------------------- not TensorFlow
def test_parameter_named_tf_is_not_tensorflow():
    check_transformed(
        """
        import tensorflow as tf
        def f(tf):
            return tf.mul(1, 2)
        y = tf.mul(3, 4)
        """,
        """
        import tensorflow as tf
        def f(tf):
            return tf.mul(1, 2)
        y = tf.multiply(3, 4)
        """,
    )


def test_no_import_no_change():
    check_noop(
        """
        def f(tf):
            return tf.mul(1, 2)
        tf = load()
        tf.Session()
        """
    )


def test_rebound_alias_is_left_with_a_warning():
    outcome = check_noop(
        """
        import tensorflow as tf
        tf = MyThing()
        tf.mul(1, 2)
        """
    )
    assert rules(outcome, "warning") == ["needs-attention"]


@pytest.mark.parametrize("decoy", [
    "lambda tf: tf.mul(1, 2)",
    "[tf.mul(1, 2) for tf in things]",
    "{k: tf.mul(k, 1) for k, tf in pairs}",
])
def test_local_bindings_named_tf_are_not_tensorflow(decoy):
    check_transformed(
        f"import tensorflow as tf\nf = {decoy}\nz = tf.mul(3, 4)\n",
        f"import tensorflow as tf\nf = {decoy}\nz = tf.multiply(3, 4)\n",
    )


def test_loop_variable_named_tf_in_a_function():
    check_transformed(
        """
        import tensorflow as tf
        def g(items):
            for tf in items:
                tf.mul(1, 2)
        a = tf.mul(1, 2)
        """,
        """
        import tensorflow as tf
        def g(items):
            for tf in items:
                tf.mul(1, 2)
        a = tf.multiply(1, 2)
        """,
    )


def test_strings_comments_and_other_objects_are_untouched():
    check_noop(
        '''
        import tensorflow as tf
        s = "tf.mul(1, 2) and tf.Session()"  # tf.mul here, tf.placeholder there
        doc = """tf.initialize_all_variables()"""
        y = obj.tf.mul(1, 2)
        z = self.tf.Session()
        class A:
            tf = None
            def m(self):
                return self.tf.mul(1, 2)
        '''
    )


def test_a_name_from_another_package_is_untouched():
    check_noop(
        """
        import numpy as np
        import mylib as tf2
        from tensorflow import nn
        mul = np.multiply
        y = tf2.mul(1, 2) + mul(1, 2)
        """
    )


# ---------------------------------------------------------------------------- formatting
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


# ---------------------------------------------------------------------------- more import forms
def test_wrong_case_with_two_candidates_is_a_warning():
    outcome = check_noop("import tensorflow as tf\ntf.PRINT(x)\ntf.logging.Info('x')\n")
    messages = [f.message for f in outcome.findings]
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


def test_explicit_compat_v1_layers_also_go_to_the_shim():
    check_transformed(
        """
        import tensorflow as tf
        tf.compat.v1.disable_v2_behavior()
        y = tf.compat.v1.layers.dense(x, 3)
        """,
        """
        import tensorflow as tf
        from migrate.shims import v1_layers
        tf.compat.v1.disable_v2_behavior()
        y = v1_layers.dense(x, 3)
        """,
    )


def test_contrib_learn_mnist_chain():
    check_transformed(
        """
        import tensorflow as tf
        mnist = tf.contrib.learn.datasets.mnist.read_data_sets("MNIST_data", one_hot=True)
        """,
        """
        import tensorflow as tf
        from migrate.shims import input_data
        mnist = input_data.read_data_sets("MNIST_data", one_hot=True)
        """,
    )


def test_module_imports_of_tensorflow_parts():
    outcome = check_transformed(
        """
        import tensorflow.layers as L, tensorflow.compat.v1 as tf1
        import tensorflow.contrib.slim as slim
        y = L.dense(x, 3)
        """,
        """
        import tensorflow.compat.v1 as tf1
        from migrate.shims import v1_layers as L
        import tensorflow.contrib.slim as slim
        tf1.disable_v2_behavior()
        y = L.dense(x, 3)
        """,
    )
    assert [f.line for f in outcome.findings if f.severity == "warning"] == [2]


def test_star_import_from_tensorflow_is_a_warning():
    outcome = check_noop("from tensorflow import *\nx = mul(1, 2)\n")
    assert rules(outcome, "warning") == ["needs-attention"]


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
