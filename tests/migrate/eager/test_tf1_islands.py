"""--to eager: helpers making tf.get_variable variables, called in variable scopes, run in a
TF1-style island (patterns/tf1_islands.py). Numbers: s41, s82 in test_session_scripts.py."""
from tests.migrate.eager.helpers import falls_back, translate, translated

SIAMESE = """
def tower(inputs):
    w = tf.get_variable("w", [4, 2])
    return tf.matmul(inputs, w)
a = tf.placeholder(tf.float32, [None, 4])
c = tf.placeholder(tf.float32, [None, 4])
with tf.variable_scope("siamese"):
    out_a = tower(a)
with tf.variable_scope("siamese", reuse=True):
    out_c = tower(c)
loss = tf.reduce_mean(tf.square(out_a - out_c))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
sess.run(train, feed_dict={a: np.ones((2, 4)), c: np.zeros((2, 4))})
print(sess.run(out_a, feed_dict={a: np.ones((2, 4))}))
"""


def test_the_helper_stays_and_its_calls_run_in_the_island_with_scope_and_reuse():
    code = translated(SIAMESE)
    assert 'w = tf.compat.v1.get_variable("w", [4, 2])' in code  # the helper as written
    assert "from tf_keras.api._v1.keras.utils import track_tf1_style_variables" in code
    assert code.count("class TF1Variables(tf.Module):") == 1 and code.count("tf1_variables = TF1Variables()") == 1
    assert '        out_a = tf1_variables(lambda: tower(a), "siamese")\n' in code
    assert '        out_c = tf1_variables(lambda: tower(c), "siamese", reuse=True)\n' in code
    assert "tape.gradient(loss, tf1_variables.trainable_variables)" in code
    assert '    return tf1_variables(lambda: tower(a), "siamese")\n' in code  # the second function
    assert code.index("tf1_variables = TF1Variables()") < code.index("def train_step")


def test_explicit_variables_and_island_variables_are_trained_together():
    code = translated("""
    def layer(inputs):
        w = tf.get_variable("w", [4, 1])
        return tf.matmul(inputs, w)
    x = tf.placeholder(tf.float32, [None, 4])
    bias = tf.Variable(tf.zeros([1]))
    with tf.variable_scope("out", reuse=tf.AUTO_REUSE):
        y = layer(x) + bias
    train = tf.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(y))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(train, feed_dict={x: np.ones((2, 4))})
    """)
    assert 'y = tf1_variables(lambda: layer(x) + bias, "out", reuse=tf.compat.v1.AUTO_REUSE)' in code
    assert "[bias] + tf1_variables.trainable_variables" in code


def test_a_helper_that_also_makes_tf_variables_is_refused():
    falls_back("""
    def layer(inputs):
        w = tf.get_variable("w", [4, 1])
        b = tf.Variable(tf.zeros([1]))
        return tf.matmul(inputs, w) + b
    x = tf.placeholder(tf.float32, [None, 4])
    y = layer(x)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(y, feed_dict={x: np.ones((2, 4))}))
    """, "`layer()` creates graph state (tf.Variable)")


def test_a_helper_opening_its_own_variable_scope_runs_in_the_island():
    code = translated("""
    def dense(inputs, n_in, n_out, name):
        with tf.variable_scope(name):
            w = tf.get_variable("w", [n_in, n_out])
            b = tf.get_variable("b", [n_out], initializer=tf.zeros_initializer())
            return tf.matmul(inputs, w) + b
    x = tf.placeholder(tf.float32, [None, 4])
    h = tf.nn.relu(dense(x, 4, 3, "hidden"))
    y = dense(h, 3, 1, "out")
    train = tf.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(y))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(train, feed_dict={x: np.ones((2, 4))})
    """)
    assert "    with tf.compat.v1.variable_scope(name):\n" in code  # the helper as written
    assert 'h = tf1_variables(lambda: tf.nn.relu(dense(x, 4, 3, "hidden")))' in code
    assert "tape.gradient(loss, tf1_variables.trainable_variables)" in code or \
        "tf1_variables.trainable_variables" in code


def test_a_variable_scope_opened_in_a_loop_is_still_refused():
    falls_back("""
    x = tf.placeholder(tf.float32, [None, 4])
    outs = []
    for i in range(2):
        with tf.variable_scope("layer%d" % i):
            outs.append(tf.matmul(x, tf.get_variable("w", [4, 1])))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(outs[0], feed_dict={x: np.ones((2, 4))}))
    """, "tf.variable_scope is translated around top-level statements only (patterns/scopes.py) and in a helper "
         "def's body (patterns/tf1_islands.py) and, with one name, in a loop of layers (patterns/variable_loops.py), "
         "not elsewhere in a loop or if, where each pass opens another scope")


def test_a_helper_drawing_with_an_op_seed_called_twice_is_refused():
    # graph mode: two ops with seed 1, equal values; the island: one eager stream, drawn on
    falls_back("""
    def dense(inputs, name):
        with tf.variable_scope(name):
            w = tf.get_variable("w", [4, 4], initializer=tf.random_normal_initializer(seed=1))
            return tf.matmul(inputs, w)
    x = tf.placeholder(tf.float32, [None, 4])
    y = dense(dense(x, "a"), "b")
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(y, feed_dict={x: np.ones((2, 4))}))
    """, "`dense()` is called 2 times in variable scopes and draws with an op seed")


def test_a_seeded_initial_value_in_a_helper_called_twice_is_refused_dropout_is_not_its_business():
    body = """
    def dense(inputs, name):
        with tf.variable_scope(name):
            w = tf.get_variable("w", initializer=tf.random_normal([4, 4], seed=3))
            return tf.matmul(inputs, w)
    x = tf.placeholder(tf.float32, [None, 4])
    y = dense(dense(x, "a"), "b")
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(y, feed_dict={x: np.ones((2, 4))}))
    """
    falls_back(body, "`dense()` is called 2 times in variable scopes and draws with an op seed (tf.random.normal)")
    outcome = translate(body.replace('initializer=tf.random_normal([4, 4], seed=3)', 'shape=[4, 4]')
                        .replace("return tf.matmul(inputs, w)", "return tf.nn.dropout(tf.matmul(inputs, w), 0.5, seed=3)"))
    assert not any("draws with an op seed" in f.message for f in outcome.findings)


def test_a_run_reusing_the_island_variables_before_any_run_creates_them_is_refused():
    falls_back(SIAMESE.replace('print(sess.run(out_a, feed_dict={a: np.ones((2, 4))}))', '')
               .replace("sess.run(train, feed_dict=", "print(sess.run(out_c, feed_dict={c: np.ones((2, 4))}))\n"
                                                      "sess.run(train, feed_dict="),
               "`out_c` reuses the variables of `tower()` in a run that comes before any run creating them")


BUILD_MODEL = """
def dense(inputs, n_out, name):
    with tf.variable_scope(name):
        w = tf.get_variable("w", [inputs.get_shape()[1], n_out], initializer=tf.random_normal_initializer(stddev=0.3))
        return tf.matmul(inputs, w)
def build_model(inputs):
    with tf.variable_scope("mlp"):
        return dense(tf.nn.tanh(dense(inputs, 3, "hidden")), 1, "output")
x = tf.placeholder(tf.float32, [None, 4])
y = build_model(x)
train = tf.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(y))
sess = tf.Session()
sess.run(tf.global_variables_initializer())
sess.run(train, feed_dict={x: np.ones((2, 4))})
"""


def test_a_model_def_whose_layers_are_get_variable_helpers_runs_in_the_island():
    # build_model creates nothing itself; the helpers it calls create get_variable variables (s153)
    code = translated(BUILD_MODEL)
    assert "y = tf1_variables(lambda: build_model(x))" in code
    assert "tf1_variables.trainable_variables" in code
    assert '    with tf.compat.v1.variable_scope("mlp"):\n' in code  # the model def as written


def test_a_helper_drawing_with_an_op_seed_called_twice_by_a_model_def_is_refused():
    # build_model is called once, but it calls dense twice: the graph made two ops with seed 1
    falls_back(BUILD_MODEL.replace("stddev=0.3)", "stddev=0.3, seed=1)"),
               "`dense()` is called 2 times in variable scopes and draws with an op seed")
