"""A run executed rarely (its sites under an `if` in a loop's body) is plain eager code
where it stood (migrate/eager/run_rarely.py, written by migrate/eager/run_once.py)."""
from tests.migrate.eager.helpers import check, translated
from tests.migrate.eager.test_run_once import GRAPH

TRAINED = GRAPH.replace("    correct =", "    loss = tf.reduce_mean(tf.square(logits - y))\n"
                                        "    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)\n"
                                        "    correct =")


def test_an_evaluation_printed_every_n_steps_is_written_under_its_if():
    check(TRAINED + """
    for step in range(100):
        sess.run(train, feed_dict={x: X, y: Y})
        if step % 10 == 0:
            # the accuracy so far
            print(step, sess.run(accuracy, feed_dict={x: X, y: Y}))
    """, """
    X = np.ones([4, 2]).astype(np.float32)
    Y = np.eye(2)[[0, 1, 0, 1]].astype(np.float32)
    W = tf.Variable(tf.zeros([2, 2]))
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 2]), tf.TensorSpec([None, 2])])
    def train_step(x, y):
        with tf.GradientTape() as tape:
            logits = tf.matmul(x, W)
            loss = tf.reduce_mean(tf.square(logits - y))
        grads = tape.gradient(loss, [W])
        optimizer.apply_gradients(zip(grads, [W]))

    for step in range(100):
        train_step(X, Y)
        if step % 10 == 0:
            # the accuracy so far
            logits = tf.matmul(X, W)
            correct = tf.equal(tf.argmax(logits, 1), tf.argmax(Y, 1))
            print(step, tf.reduce_mean(tf.cast(correct, tf.float32)).numpy())
    """)


def test_two_sites_under_ifs_are_each_written_with_their_own_values():
    code = translated(GRAPH + """
    for step in range(10):
        if step % 5 == 0:
            print(sess.run(accuracy, feed_dict={x: X, y: Y}))
        else:
            print(sess.run(accuracy, feed_dict={x: X[:2], y: Y[:2]}))
    """)
    assert "def compute_accuracy" not in code
    assert "logits = tf.matmul(X, W)" in code and "logits = tf.matmul(X[:2], W)" in code
    assert "tf.argmax(Y[:2], 1)" in code


def test_a_run_also_called_outside_an_if_stays_a_function():
    code = translated(GRAPH + """
    for step in range(10):
        if step % 5 == 0:
            print(sess.run(accuracy, feed_dict={x: X, y: Y}))
        print(sess.run(accuracy, feed_dict={x: X, y: Y}))
    """)
    assert "def compute_accuracy(x, y):" in code and code.count("compute_accuracy(X, Y).numpy()") == 2


def test_an_if_outside_the_loop_or_in_its_else_keeps_the_function():
    for block in ("""
    if True:
        for step in range(10):
            print(sess.run(accuracy, feed_dict={x: X, y: Y}))
    """, """
    for step in range(10):
        pass
    else:
        if step:
            print(sess.run(accuracy, feed_dict={x: X, y: Y}))
            print(sess.run(accuracy, feed_dict={x: X, y: Y}))
    """):
        assert "def compute_accuracy(x, y):" in translated(GRAPH + block)


def test_two_runs_in_one_statement_keep_their_functions():
    code = translated(GRAPH.replace("    sess = tf.Session()", "    n = tf.reduce_sum(logits)\n    sess = tf.Session()") + """
    for step in range(10):
        if step % 5 == 0:
            print(sess.run(accuracy, feed_dict={x: X, y: Y}), sess.run(n, feed_dict={x: X}))
    """)
    assert "def compute_accuracy(x, y):" in code and "def compute_n(x):" in code


def test_a_value_of_unknown_dtype_under_an_if_keeps_the_function():
    code = translated(GRAPH.replace("    sess = tf.Session()", "    Z = np.ones([4, 2])\n    sess = tf.Session()") + """
    for step in range(10):
        if step % 5 == 0:
            print(sess.run(accuracy, feed_dict={x: Z, y: Y}))
    """)
    assert "def compute_accuracy(x, y):" in code


def test_labels_read_by_argmax_in_the_shared_forward_part_need_no_known_dtype():
    # L is float64; the shared forward part reads y by tf.argmax only
    code = translated(TRAINED.replace("    sess = tf.Session()", "    L = np.eye(2)[[0, 1, 0, 1]]\n"
                                                                 "    n = tf.reduce_sum(tf.cast(correct, tf.float32))\n"
                                                                 "    sess = tf.Session()") + """
    for step in range(10):
        sess.run(train, feed_dict={x: X, y: Y})
        print(sess.run(n, feed_dict={x: X, y: Y}))
        if step % 5 == 0:
            print(sess.run(accuracy, feed_dict={x: X, y: L}))
    """)
    assert "def compute_accuracy" not in code and "forward(X, L)" in code
