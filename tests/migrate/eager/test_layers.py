"""--to eager: tf.layers -> Keras layers made once, called in the run functions
(patterns/layers.py). Their numbers are verify's business (s79, s80 in
test_session_scripts.py); the table's rows are tests/migrate/test_layers_table.py's."""
import textwrap

from migrate.verification.plan import seed_plan
from tests.migrate.eager.helpers import HEADER, falls_back, translated

NET = """
x = tf.placeholder(tf.float32, [None, 4])
y = tf.placeholder(tf.float32, [None, 1])
hidden = tf.layers.dense(x, 8, activation=tf.nn.relu)
out = tf.layers.dense(hidden, 1, kernel_initializer=tf.zeros_initializer())
loss = tf.reduce_mean(tf.square(out - y))
"""
RUN = """
sess = tf.Session()
sess.run(tf.global_variables_initializer())
for i in range(3):
    print(sess.run([train, loss], feed_dict={x: np.ones((2, 4)), y: np.ones((2, 1))})[1])
"""


def test_a_layer_is_made_once_at_module_level_and_called_in_the_step():
    code = translated(NET + "train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)\n" + RUN)
    assert "from migrate" not in code and "v1_layers" not in code
    assert "hidden_layer = tf.keras.layers.Dense(8, activation=tf.nn.relu)\n" in code  # Keras' default: glorot_uniform
    assert "out_layer = tf.keras.layers.Dense(1, kernel_initializer=tf.zeros_initializer())" in code
    assert "        hidden = hidden_layer(x)\n        out = out_layer(hidden)\n" in code
    assert "variables = hidden_layer.trainable_variables + out_layer.trainable_variables\n    grads = tape.gradient(loss, variables)" in code
    assert "compat.v1" not in code and "kernel_initializer:" not in code


def test_under_a_global_seed_the_default_kernel_is_tf1s_draw_which_honours_it():
    code = translated("tf.set_random_seed(3)\n" + NET + "train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)\n"
                      + RUN)
    assert ("hidden_layer = tf.keras.layers.Dense(8, activation=tf.nn.relu, "
            "kernel_initializer=tf.compat.v1.glorot_uniform_initializer())") in code
    assert code.count("# TF 1's default kernel initializer, which honours the global seed") == 1


def test_a_file_keeping_a_tf1_optimizer_gets_tf_keras_layers_which_make_tf_variables():
    code = translated(NET + "train = tf.train.RMSPropOptimizer(0.1).minimize(loss)\n" + RUN)
    assert "import tf_keras\n" in code and "hidden_layer = tf_keras.layers.Dense(8," in code
    assert "tf.compat.v1.train.RMSPropOptimizer(learning_rate=0.1)" in code


def test_keras_adam_gets_keras_layers_and_exact_optimizers_tf_keras_ones():
    from migrate.eager import options

    source = NET + "train = tf.train.AdamOptimizer(0.1).minimize(loss)\n" + RUN
    code = translated(source)
    assert "tf_keras" not in code and "hidden_layer = tf.keras.layers.Dense(8," in code
    with options.using(exact_optimizers=True):
        code = translated(source)
    assert "import tf_keras\n" in code and "tf.compat.v1.train.AdamOptimizer(learning_rate=0.1)" in code


def test_a_momentum_rate_decayed_by_a_schedule_keeps_tf1s_class_and_tf_keras_layers():
    # Keras' momentum equals TF 1's only at a constant rate (tables/optimizers.py): the TF 1
    # class stays, so the layers are tf_keras'
    source = (NET + "step = tf.Variable(0, trainable=False)\n"
              "rate = tf.train.exponential_decay(0.1, step, 10, 0.5)\n"
              "train = tf.train.MomentumOptimizer(rate, 0.9).minimize(loss, global_step=step)\n" + RUN)
    code = translated(source)
    assert "tf.compat.v1.train.MomentumOptimizer(" in code
    assert "hidden_layer = tf_keras.layers.Dense(8," in code and "tf.keras.layers" not in code


def test_explicit_variables_and_layers_are_trained_together():
    code = translated("""
    x = tf.placeholder(tf.float32, [None, 4])
    h = tf.layers.dense(x, 3)
    w = tf.Variable(tf.ones([3, 1]))
    loss = tf.reduce_sum(tf.matmul(h, w))
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(train, feed_dict={x: np.ones((2, 4))})
    """)
    assert "variables = [w] + h_layer.trainable_variables\n    grads = tape.gradient(loss, variables)" in code


def test_convolution_pooling_and_flatten_map_their_arguments():
    code = translated("""
    x = tf.placeholder(tf.float32, [None, 8, 8, 1])
    c = tf.layers.conv2d(x, 4, [3, 3], strides=(1, 1), padding="same", kernel_initializer=tf.zeros_initializer())
    p = tf.layers.max_pooling2d(c, pool_size=[2, 2], strides=2)
    f = tf.layers.flatten(p)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(f, feed_dict={x: np.ones((1, 8, 8, 1))}))
    """)
    assert ('c_layer = tf.keras.layers.Conv2D(4, [3, 3], strides=(1, 1), padding="same", '
            'kernel_initializer=tf.zeros_initializer())') in code
    assert "p_layer = tf.keras.layers.MaxPooling2D([2, 2], 2)" in code
    assert "f_layer = tf.keras.layers.Flatten()" in code


def test_what_has_no_keras_twin_here_is_refused():
    falls_back("""
    x = tf.placeholder(tf.float32, [None, 4])
    h = tf.layers.dense(x, 3, kernel_regularizer=tf.nn.l2_loss)
    sess = tf.Session()
    print(sess.run(h, feed_dict={x: np.ones((2, 4))}))
    """, "tf.layers.dense(..., kernel_regularizer=...) is not translated")
    falls_back("""
    x = tf.placeholder(tf.float32, [None, 4])
    h = tf.layers.batch_normalization(x, training=True)
    sess = tf.Session()
    print(sess.run(h, feed_dict={x: np.ones((2, 4))}))
    """, "tf.layers.batch_normalization: tf.layers creates variables implicitly")


def test_verify_gives_the_implicit_kernel_and_its_eager_twin_one_seed():
    compat = HEADER + "from tf_revive_runtime import v1_layers\n" + textwrap.dedent("""\
    x = tf.compat.v1.placeholder(tf.float32, [None, 4])
    h = v1_layers.dense(x, 3)
    o = v1_layers.dense(h, 1, None, True, tf.zeros_initializer())
    """)
    eager = HEADER + "h_layer = tf.keras.layers.Dense(3, kernel_initializer=tf.compat.v1.glorot_uniform_initializer())\n"
    plan = seed_plan(compat, compat, eager)
    assert plan.compat == {5: [1]} and plan.eager == {3: [1]} and not plan.problems


def test_contrib_fully_connected_is_a_dense_layer_with_relu_unless_told_otherwise():
    code = translated("""
    x = tf.placeholder(tf.float32, [None, 4])
    h = tf.contrib.layers.fully_connected(x, 8)
    out = tf.contrib.layers.fully_connected(h, 1, activation_fn=None, biases_initializer=None)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(out, feed_dict={x: np.ones((2, 4))}))
    """)
    assert "slim" not in code and "migrate" not in code
    assert "h_layer = tf.keras.layers.Dense(8, activation=tf.nn.relu)\n" in code
    assert "out_layer = tf.keras.layers.Dense(1, activation=None, use_bias=False)\n" in code


def test_other_contrib_layers_are_refused_not_inlined():
    falls_back("""
    x = tf.placeholder(tf.float32, [None, 4])
    h = tf.contrib.layers.batch_norm(x)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(h, feed_dict={x: np.ones((2, 4))}))
    """, "tf.contrib.layers.batch_norm: tf.contrib is gone")


DROPOUT = """
x = tf.placeholder(tf.float32, [None, 4])
y = tf.placeholder(tf.float32, [None, 1])
w = tf.Variable(tf.ones([4, 1]))
dropped = tf.layers.dropout(x, DROPOUT_ARGS)
loss = tf.reduce_mean(tf.square(tf.matmul(dropped, w) - y))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
""" + RUN


def test_dropout_in_training_is_tf_nn_dropout_and_otherwise_its_inputs():
    code = translated(DROPOUT.replace("DROPOUT_ARGS", "0.3, training=True, seed=5"))
    assert "        dropped = tf.nn.dropout(x, rate=0.3, seed=5)\n" in code
    assert "v1_layers" not in code and "layers.dropout" not in code
    code = translated(DROPOUT.replace("DROPOUT_ARGS", "training=True"))
    assert "        dropped = tf.nn.dropout(x, rate=0.5)\n" in code  # tf.layers.dropout's default rate
    code = translated(DROPOUT.replace("DROPOUT_ARGS", "rate=0.3"))  # training=False: its default
    assert "        dropped = x\n" in code and "dropout" not in code


def test_dropout_whose_training_the_graph_reads_at_run_time_is_refused():
    falls_back(DROPOUT.replace("dropped = tf.layers.dropout(x, DROPOUT_ARGS)",
                               "def drop(v):\n    return tf.layers.dropout(v, training=True)\n\n\ndropped = drop(x)"),
               "tf.layers.dropout here is not translated: it is translated as the value of a top-level graph "
               "statement only (`h = tf.layers.dropout(x, ...)`), not in a def, a loop or an expression")


def test_dropout_with_a_fed_training_flag_says_the_flag_is_why_and_only_that():
    outcome = falls_back("is_training = tf.placeholder(tf.bool)\n"
                         + DROPOUT.replace("DROPOUT_ARGS", "0.5, training=is_training"), "")
    assert [f.message.split("graph form: ", 1)[1] for f in outcome.findings if f.rule == "eager-fallback"] == [
        "tf.layers.dropout(..., training=is_training): `is_training` is a placeholder fed at each run, so the graph "
        "chose between the dropout and its inputs at run time; a tf.layers.dropout is translated only with "
        "training=True (tf.nn.dropout) or False or none (its inputs)"]


def test_dropout_with_a_python_training_value_says_it_is_not_a_literal():
    falls_back("flag = 1 > 0\n" + DROPOUT.replace("DROPOUT_ARGS", "training=flag"),
               "tf.layers.dropout(..., training=flag): `flag` is not the literal True or False, so the translation "
               "cannot tell whether the dropout or its inputs is computed")


def test_an_unseeded_dropout_under_a_global_seed_is_warned_about_at_its_line():
    from tests.migrate.eager.helpers import translate

    source = "tf.set_random_seed(1)\n" + DROPOUT.replace("DROPOUT_ARGS", "training=True")
    lines = (HEADER + textwrap.dedent(source)).splitlines()
    outcome = translate(source)
    assert [f.line for f in outcome.findings if f.rule == "eager-seed"] == \
        [lines.index("dropped = tf.layers.dropout(x, training=True)") + 1]
