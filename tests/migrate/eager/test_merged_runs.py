"""A run whose one fetch is among another run's fetches, with the same feeds, calls that
run's function (migrate/eager/merged_runs.py)."""
from tests.migrate.eager.helpers import check, translated
from tests.migrate.eager.test_run_once import GRAPH

WITH_LOSS = GRAPH.replace("    sess = tf.Session()", "    loss = tf.reduce_mean(tf.square(logits - y))\n"
                                                      "    sess = tf.Session()")


def test_a_fetch_of_a_wider_run_calls_its_function_and_picks_the_value():
    check(WITH_LOSS + """
    for i in range(3):
        acc, l = sess.run([accuracy, loss], feed_dict={x: X, y: Y})
        print(sess.run(accuracy, feed_dict={x: X[:2], y: Y[:2]}))
    """, """
    X = np.ones([4, 2]).astype(np.float32)
    Y = np.eye(2)[[0, 1, 0, 1]].astype(np.float32)
    W = tf.Variable(tf.zeros([2, 2]))

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 2]), tf.TensorSpec([None, 2])])
    def compute_accuracy_and_loss(x, y):
        logits = tf.matmul(x, W)
        correct = tf.equal(tf.argmax(logits, 1), tf.argmax(y, 1))
        accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
        loss = tf.reduce_mean(tf.square(logits - y))
        return accuracy, loss
    for i in range(3):
        acc, l = (t.numpy() for t in compute_accuracy_and_loss(X, Y))
        print(compute_accuracy_and_loss(X[:2], Y[:2])[0].numpy())
    """)


def test_the_wider_function_is_defined_before_the_first_site():
    code = translated(WITH_LOSS + """
    print(sess.run(loss, feed_dict={x: X, y: Y}))
    for i in range(3):
        print(sess.run([accuracy, loss], feed_dict={x: X, y: Y}))
    """)
    assert "def compute_loss" not in code
    assert code.index("def compute_accuracy_and_loss") < code.index("compute_accuracy_and_loss(X, Y)[1].numpy()")


def test_other_feeds_keep_two_functions():
    code = translated(WITH_LOSS.replace("    sess = tf.Session()", "    n = tf.reduce_sum(logits)\n    sess = tf.Session()") + """
    for i in range(3):
        print(sess.run([n, loss], feed_dict={x: X, y: Y}))
        print(sess.run(n, feed_dict={x: X}))
    """)
    assert "def compute_n(x):" in code and "def compute_n_and_loss(x, y):" in code


def test_a_wider_run_that_trains_keeps_two_functions():
    code = translated(WITH_LOSS.replace("    sess = tf.Session()", "    train = tf.train.GradientDescentOptimizer(0.1)"
                                                                  ".minimize(loss)\n    sess = tf.Session()") + """
    for i in range(3):
        _, l = sess.run([train, loss], feed_dict={x: X, y: Y})
        print(sess.run(loss, feed_dict={x: X, y: Y}))
    """)
    assert "def train_step(x, y):" in code and "train_step(X, Y).numpy()" in code
    assert "forward(X, Y).numpy()" in code or "compute_loss(X, Y).numpy()" in code


def test_a_wider_run_built_after_the_first_site_keeps_two_functions():
    code = translated(GRAPH + """
    print(sess.run(accuracy, feed_dict={x: X, y: Y}))
    loss = tf.reduce_mean(tf.square(logits - y))
    for i in range(3):
        print(sess.run([accuracy, loss], feed_dict={x: X, y: Y}))
    """)
    assert "[0].numpy()" not in code


def test_a_wider_run_with_a_random_op_keeps_two_functions():
    code = translated(WITH_LOSS.replace("logits = tf.matmul(x, W)", "logits = tf.matmul(x, W)\n"
                                                                    "    noisy = tf.nn.dropout(logits, rate=0.5, seed=1)")
                      .replace("tf.square(logits - y)", "tf.square(noisy - y)") + """
    for i in range(3):
        print(sess.run([accuracy, loss], feed_dict={x: X, y: Y}))
        print(sess.run(accuracy, feed_dict={x: X, y: Y}))
    """)
    assert "[0].numpy()" not in code
