"""--to eager: initializer runs disappear (patterns/initializers.py)."""
from tests.migrate.eager.helpers import check, falls_back, translated


def test_an_initializer_run_and_its_statement_disappear():
    outcome = check("""
    w = tf.Variable(tf.ones([2]))
    init = tf.global_variables_initializer()
    sess = tf.Session()
    sess.run(init)
    print(sess.run(w))
    """, """
    w = tf.Variable(tf.ones([2]))
    print(w.numpy())
    """)
    assert "eager-init" in {f.rule for f in outcome.findings}


def test_an_initializer_run_by_op_run_disappears():
    check("""
    w = tf.Variable(tf.ones([2]))
    sess = tf.InteractiveSession()
    tf.global_variables_initializer().run()
    print(w.eval())
    """, """
    w = tf.Variable(tf.ones([2]))
    print(w.numpy())
    """)


def test_an_initializer_fetched_with_other_things_or_run_in_a_loop_is_not_translated():
    falls_back("""
    w = tf.Variable(1.0)
    sess = tf.Session()
    print(sess.run([tf.global_variables_initializer(), w]))
    """, "an initializer fetched together with other things")
    falls_back("""
    w = tf.Variable(1.0)
    sess = tf.Session()
    for i in range(2):
        sess.run(tf.global_variables_initializer())
        print(sess.run(w))
    """, "variables initialised inside a block")


def test_a_variables_own_initializer_run_disappears_and_its_value_is_none():
    check("""
    w = tf.Variable(tf.zeros([2]))
    b = tf.Variable(tf.ones([2]))
    sess = tf.Session()
    sess.run(w.initializer)
    print(sess.run(b.initializer))
    print(sess.run(w))
    """, """
    w = tf.Variable(tf.zeros([2]))
    b = tf.Variable(tf.ones([2]))
    print(None)
    print(w.numpy())
    """)


def test_a_list_of_initializers_gives_its_nones():
    check("""
    w = tf.Variable(tf.zeros([2]))
    b = tf.Variable(tf.ones([2]))
    sess = tf.Session()
    done = sess.run([w.initializer, b.initializer])
    print(done, sess.run(b))
    """, """
    w = tf.Variable(tf.zeros([2]))
    b = tf.Variable(tf.ones([2]))
    done = [None, None]
    print(done, b.numpy())
    """)


def test_a_variable_initialised_again_is_not_translated():
    falls_back("""
    w = tf.Variable(tf.zeros([2]))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(w.initializer)
    print(sess.run(w))
    """, "variables initialised a second time")
    falls_back("""
    w = tf.Variable(tf.zeros([2]))
    sess = tf.Session()
    sess.run(w.initializer)
    sess.run(w.initializer)
    """, "variables initialised a second time")


TWO_SESSIONS = """
    x = tf.placeholder(tf.float32, [None])
    w = tf.Variable(0.5)
    b = tf.Variable(tf.zeros([1]), name="b")
    loss = tf.reduce_mean(tf.square(w * x + b - 2 * x))
    train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train, {x: [1.0]})
        print(sess.run(w))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        print(sess.run(w))
"""


def test_a_second_session_initialising_again_assigns_the_initial_values_again():
    check(TWO_SESSIONS, """
    w = tf.Variable(0.5)
    b = tf.Variable(tf.zeros([1]), name="b")
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.5)

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None])])
    def train_step(x):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(w * x + b - 2 * x))
        grads = tape.gradient(loss, [w, b])
        optimizer.apply_gradients(zip(grads, [w, b]))

    train_step([1.0])
    print(w.numpy())
    w.assign(0.5)
    b.assign(tf.zeros([1]))
    print(w.numpy())
    """)


def test_initialising_again_a_random_initial_value_or_an_optimizer_with_slots_is_refused():
    falls_back(TWO_SESSIONS.replace("tf.zeros([1])", "tf.random_normal([1], seed=1)"),
               "variables initialised a second time, and the initial value of `b` is not the same numbers again")
    falls_back(TWO_SESSIONS.replace("GradientDescentOptimizer(0.5)", "MomentumOptimizer(0.5, 0.9)"),
               "variables initialised a second time, and MomentumOptimizer's slot variables are reset by TF 1, kept "
               "by the Keras optimizer")
    falls_back(TWO_SESSIONS.replace("tf.zeros([1])", "np.ones(1, np.float32)"),
               "the initial value of `b` is not the same numbers again (a random op, a NumPy value)")


def test_a_named_global_initializer_run_in_a_second_session_assigns_again():
    code = translated(TWO_SESSIONS.replace("    train = ", "    init = tf.global_variables_initializer()\n    train = ")
                      .replace("sess.run(tf.global_variables_initializer())", "sess.run(init)"))
    assert "print(w.numpy())\nw.assign(0.5)\nb.assign(tf.zeros([1]))\nprint(w.numpy())\n" in code


def test_initialising_again_after_a_def_that_makes_variables_is_refused():
    falls_back("""
    def dense(x, n):
        w = tf.Variable(tf.zeros([1, n]))
        return tf.matmul(x, w)
    """ + TWO_SESSIONS.replace("loss = tf.reduce_mean(tf.square(w * x + b - 2 * x))",
                               "loss = tf.reduce_mean(dense(tf.reshape(x, [-1, 1]), 1) + w * x + b)"),
               "variables initialised a second time, and the def `dense` makes variables")
