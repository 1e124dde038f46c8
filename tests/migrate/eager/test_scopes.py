"""--to eager: tf.variable_scope / tf.get_variable -> tf.Variable, reuse -> the same object
(patterns/scopes.py). That the translations draw the graph's numbers is verify's business
(tests/fixtures/session_scripts/s76, s77 in test_session_scripts.py)."""
import textwrap

from migrate.verification.plan import seed_plan
from tests.migrate.eager.helpers import HEADER, check, falls_back, translate

RUN = """
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(out, feed_dict={x: np.ones((2, 4))}))
"""


def test_get_variable_in_a_scope_becomes_a_variable_named_with_the_scope():
    check("""
    x = tf.placeholder(tf.float32, [None, 4])
    with tf.variable_scope("layer"):
        w = tf.get_variable("w", [4, 2], initializer=tf.truncated_normal_initializer(stddev=0.1, seed=2))
        b = tf.get_variable("b", [2], initializer=tf.zeros_initializer())
        out = tf.matmul(x, w) + b
    """ + RUN, """
    w = tf.Variable(tf.random.truncated_normal([4, 2], stddev=0.1, seed=2), name="layer/w")
    b = tf.Variable(tf.zeros([2]), name="layer/b")

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 4])])
    def compute_out(x):
        return tf.matmul(x, w) + b

    print(compute_out(np.ones((2, 4))).numpy())
    """)


def test_the_default_initializer_is_glorot_uniform_for_floats_and_zeros_for_integers():
    outcome = check("""
    x = tf.placeholder(tf.float32, [None, 4])
    w = tf.get_variable("w", shape=[4, 2])
    n = tf.get_variable("n", [], dtype=tf.int32, trainable=False)
    out = tf.matmul(x, w)
    """ + RUN, """
    w = tf.Variable(tf.keras.initializers.GlorotUniform()([4, 2]), name="w")
    # tf.get_variable's default initializer
    n = tf.Variable(tf.zeros([], dtype=tf.int32), name="n", trainable=False)

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 4])])
    def compute_out(x):
        return tf.matmul(x, w)

    print(compute_out(np.ones((2, 4))).numpy())
    """)
    assert not [f for f in outcome.findings if f.rule == "eager-seed"]  # no global seed: nothing to reproduce


def test_an_unseeded_default_initializer_under_a_global_seed_is_warned_about():
    outcome = translate("""
    tf.set_random_seed(3)
    x = tf.placeholder(tf.float32, [None, 4])
    w = tf.get_variable("w", [4, 2])
    out = tf.matmul(x, w)
    """ + RUN)
    assert [f.line for f in outcome.findings if f.rule == "eager-seed"] == [6]
    # TF 1's initializer honours tf.random.set_seed (Keras' draws from Python's random module)
    assert 'w = tf.Variable(tf.compat.v1.glorot_uniform_initializer()([4, 2]), name="w")' in outcome.code


def test_reuse_true_and_auto_reuse_give_the_same_python_object():
    code = check("""
    x = tf.placeholder(tf.float32, [None, 4])
    with tf.variable_scope("shared"):
        w = tf.get_variable("w", [4, 2], initializer=tf.constant_initializer(0.5))
    with tf.variable_scope("shared", reuse=True):
        w2 = tf.get_variable("w", [4, 2])
    with tf.variable_scope("shared", reuse=tf.AUTO_REUSE):
        w3 = tf.get_variable("w", [4, 2])
        v = tf.get_variable("v", [2], initializer=tf.ones_initializer())
    out = tf.matmul(x, w2) + tf.matmul(x, w3) + v
    """ + RUN, """
    w = tf.Variable(tf.constant_initializer(0.5)([4, 2]), name="shared/w")
    w2 = w
    w3 = w
    v = tf.Variable(tf.ones([2]), name="shared/v")

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 4])])
    def compute_out(x):
        return tf.matmul(x, w2) + tf.matmul(x, w3) + v

    print(compute_out(np.ones((2, 4))).numpy())
    """)


def test_a_reused_variable_is_trained_once_not_once_per_name():
    code = translate("""
    x = tf.placeholder(tf.float32, [None, 4])
    with tf.variable_scope("s"):
        w = tf.get_variable("w", [4, 1], initializer=tf.zeros_initializer())
    with tf.variable_scope("s", reuse=True):
        w_again = tf.get_variable("w")
    loss = tf.reduce_sum(tf.matmul(x, w) + tf.matmul(x, w_again))
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(train, feed_dict={x: np.ones((2, 4))})
    """).code
    assert "tape.gradient(loss, [w])" in code and "apply_gradients(zip(grads, [w]))" in code


def test_nested_scopes_join_their_names_and_a_tensor_initializer_is_the_initial_value():
    check("""
    x = tf.placeholder(tf.float32, [None, 2])
    with tf.variable_scope("net"):
        with tf.variable_scope("out"):
            w = tf.get_variable("w", initializer=tf.constant([[1.0], [2.0]]))
    out = tf.matmul(x, w)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(out, feed_dict={x: np.ones((2, 2))}))
    """, """
    w = tf.Variable(tf.constant([[1.0], [2.0]]), name="net/out/w")

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 2])])
    def compute_out(x):
        return tf.matmul(x, w)

    print(compute_out(np.ones((2, 2))).numpy())
    """)


def test_an_initializer_object_bound_to_a_name_is_called_with_the_shape():
    code = translate("""
    init = tf.random_normal_initializer(stddev=0.1, seed=4)
    x = tf.placeholder(tf.float32, [None, 4])
    w = tf.get_variable("w", [4, 2], initializer=init)
    out = tf.matmul(x, w)
    """ + RUN).code
    # TF 1's initializer (compat stage, hand.SEMANTIC_V1): TF 2's class of that name draws
    # statelessly from seed=4, other numbers than the graph drew
    assert 'init = tf.compat.v1.random_normal_initializer(stddev=0.1, seed=4)' in code
    assert 'w = tf.Variable(init([4, 2]), name="w")' in code


def test_a_second_get_variable_without_reuse_is_refused_as_the_original_raises():
    falls_back("""
    x = tf.placeholder(tf.float32, [None, 4])
    w = tf.get_variable("w", [4, 2])
    w2 = tf.get_variable("w", [4, 2])
    out = tf.matmul(x, w + w2)
    """ + RUN, 'tf.get_variable("w") a second time without reuse')


def test_reuse_of_a_variable_never_made_is_refused():
    falls_back("""
    x = tf.placeholder(tf.float32, [None, 4])
    with tf.variable_scope("a", reuse=True):
        w = tf.get_variable("w", [4, 2])
    out = tf.matmul(x, w)
    """ + RUN, "no such variable was made")


def test_two_compat_v1_initializers_with_one_op_seed_are_refused():
    falls_back("""
    x = tf.placeholder(tf.float32, [None, 4])
    w = tf.get_variable("w", [4, 2], initializer=tf.truncated_normal_initializer(seed=1))
    v = tf.get_variable("v", [4, 2], initializer=tf.truncated_normal_initializer(seed=1))
    out = tf.matmul(x, w + v)
    """ + RUN, "eager mode continues one random stream")


def test_what_is_not_translated_is_refused_with_line_and_argument():
    for scope, reason in [
        ('with tf.variable_scope("s") as scope:\n            print(scope.original_name_scope)',
         "the variable scope object `scope` is used for something other than scope.reuse_variables()"),
        ('with tf.variable_scope("s", initializer=tf.zeros_initializer()):', "tf.variable_scope(..., initializer=...)"),
        ('with tf.variable_scope(name):', "tf.variable_scope whose name is not a string literal"),
    ]:
        falls_back(f"""
        name = "s"
        x = tf.placeholder(tf.float32, [None, 4])
        {scope}
            w = tf.get_variable("w", [4, 2])
        out = tf.matmul(x, w)
        """ + textwrap.indent(textwrap.dedent(RUN), "        "), reason)
    falls_back("""
    x = tf.placeholder(tf.float32, [None, 4])
    w = tf.get_variable("w", [4, 2], regularizer=tf.nn.l2_loss)
    out = tf.matmul(x, w)
    """ + RUN, "tf.get_variable(..., regularizer=...) is not translated")


def test_verify_gives_the_implicit_initializer_and_its_eager_twin_one_seed():
    compat = HEADER + textwrap.dedent("""\
    with tf.compat.v1.variable_scope("s"):
        w = tf.compat.v1.get_variable("w", [4, 2])
    with tf.compat.v1.variable_scope("s", reuse=True):
        w2 = tf.compat.v1.get_variable("w", [4, 2])
    """)
    for draw in ("tf.compat.v1.glorot_uniform_initializer()", "tf.keras.initializers.GlorotUniform()"):
        eager = HEADER + f'w = tf.Variable({draw}([4, 2]), name="s/w")\nw2 = w\n'
        plan = seed_plan(compat, compat, eager)
        assert plan.compat == {4: [1], 6: [2]} and plan.eager == {3: [1]} and not plan.problems


def test_verify_reads_get_variables_dtype_and_initializer_by_position():
    from migrate.tables.variable_scopes import DEFAULT_FLOAT_INITIALIZER
    from migrate.verification.plan import random_calls

    compat = HEADER + textwrap.dedent("""\
    a = tf.compat.v1.get_variable("a", [2], tf.float64)
    b = tf.compat.v1.get_variable("b", [2], tf.int32)
    c = tf.compat.v1.get_variable("c", [2], tf.float32, tf.compat.v1.zeros_initializer())
    d = tf.compat.v1.get_variable("d", [2], dtype=tf.int32)
    """)
    assert [(c.line, c.op) for c in random_calls(compat)] == [(3, DEFAULT_FLOAT_INITIALIZER)]


def test_scope_reuse_variables_makes_the_later_get_variables_the_first_ones():
    check("""
    x = tf.placeholder(tf.float32, [None, 4])
    with tf.variable_scope("model") as scope:
        w = tf.get_variable("w", [4, 2], initializer=tf.zeros_initializer())
        out_train = tf.matmul(x, w)
        scope.reuse_variables()
        w_eval = tf.get_variable("w", [4, 2])
        out = tf.matmul(x, w_eval) * 2.0
    """ + RUN, """
    w = tf.Variable(tf.zeros([4, 2]), name="model/w")
    w_eval = w

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 4])])
    def compute_out(x):
        return tf.matmul(x, w_eval) * 2.0

    print(compute_out(np.ones((2, 4))).numpy())
    """)


def test_get_variable_scope_reuse_variables_and_a_scope_object_entered_again():
    code = translate("""
    x = tf.placeholder(tf.float32, [None, 4])
    with tf.variable_scope("enc") as enc_scope:
        w = tf.get_variable("w", [4, 2], initializer=tf.zeros_initializer())
    with tf.variable_scope("outer"):
        with tf.variable_scope(enc_scope, reuse=True):
            w_again = tf.get_variable("w", [4, 2])
    with tf.variable_scope("dec"):
        v = tf.get_variable("v", [2, 2], initializer=tf.ones_initializer())
        tf.get_variable_scope().reuse_variables()
        v_again = tf.get_variable("v", [2, 2])
    out = tf.matmul(tf.matmul(x, w_again), v_again)
    """ + RUN).code
    assert "w_again = w\n" in code and "v_again = v\n" in code
    assert "reuse_variables" not in code and "enc_scope" not in code


def test_a_get_variable_after_reuse_variables_of_a_name_never_made_is_refused():
    falls_back("""
    x = tf.placeholder(tf.float32, [None, 4])
    with tf.variable_scope("model") as scope:
        w = tf.get_variable("w", [4, 2])
        scope.reuse_variables()
        b = tf.get_variable("b", [2])
    out = tf.matmul(x, w) + b
    """ + RUN, 'tf.get_variable("model/b") under reuse=True, but no such variable was made')


def test_a_scope_object_in_a_main_function_is_entered_again():
    code = translate("""
    def main():
        x = tf.placeholder(tf.float32, [None, 4])
        with tf.variable_scope("enc") as enc_scope:
            w = tf.get_variable("w", [4, 2], initializer=tf.zeros_initializer())
        with tf.variable_scope(enc_scope, reuse=True):
            w_again = tf.get_variable("w", [4, 2])
        out = tf.matmul(x, w_again)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        print(sess.run(out, feed_dict={x: np.ones((2, 4))}))
    main()
    """).code
    assert "w_again = w\n" in code and "enc_scope" not in code
