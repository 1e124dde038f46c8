"""A run executed once is plain eager code at its place (migrate/eager/run_once.py)."""
from tests.migrate.eager.helpers import check, translated

GRAPH = """
    X = np.ones([4, 2]).astype(np.float32)
    Y = np.eye(2)[[0, 1, 0, 1]].astype(np.float32)
    x = tf.placeholder(tf.float32, [None, 2])
    y = tf.placeholder(tf.float32, [None, 2])
    W = tf.Variable(tf.zeros([2, 2]))
    logits = tf.matmul(x, W)
    correct = tf.equal(tf.argmax(logits, 1), tf.argmax(y, 1))
    accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
"""


def test_a_final_evaluation_is_written_where_the_run_stood():
    check(GRAPH + """
    # the final accuracy
    print("accuracy", sess.run(accuracy, feed_dict={x: X, y: Y}))
    """, """
    X = np.ones([4, 2]).astype(np.float32)
    Y = np.eye(2)[[0, 1, 0, 1]].astype(np.float32)
    W = tf.Variable(tf.zeros([2, 2]))
    # the final accuracy
    logits = tf.matmul(X, W)
    correct = tf.equal(tf.argmax(logits, 1), tf.argmax(Y, 1))
    print("accuracy", tf.reduce_mean(tf.cast(correct, tf.float32)).numpy())
    """)


def test_a_run_in_a_loop_stays_a_function():
    code = translated(GRAPH + """
    for i in range(3):
        print(sess.run(accuracy, feed_dict={x: X, y: Y}))
    """)
    assert "def compute_accuracy(x, y):" in code and "compute_accuracy(X, Y).numpy()" in code


def test_a_run_called_twice_stays_a_function():
    code = translated(GRAPH + """
    print(sess.run(accuracy, feed_dict={x: X, y: Y}))
    print(sess.run(accuracy, feed_dict={x: X[:2], y: Y[:2]}))
    """)
    assert code.count("compute_accuracy(") == 3


def test_a_value_of_unknown_dtype_keeps_the_function_that_converts_it():
    # Z is float64: feed_dict made it float32, an eager matmul would refuse it
    code = translated(GRAPH.replace("    sess = tf.Session()", "    Z = np.ones([4, 2])\n    sess = tf.Session()") + """
    print(sess.run(accuracy, feed_dict={x: Z, y: Y}))
    """)
    assert "def compute_accuracy(x, y):" in code


def test_labels_read_by_argmax_only_need_no_known_dtype():
    code = translated(GRAPH.replace("    sess = tf.Session()", "    L = np.eye(2)[[0, 1, 0, 1]]\n    sess = tf.Session()") + """
    print(sess.run(accuracy, feed_dict={x: X, y: L}))
    """)
    assert "tf.argmax(L, 1)" in code and "def compute_accuracy" not in code


def test_a_fed_expression_keeps_the_function():
    code = translated(GRAPH + """
    print(sess.run(accuracy, feed_dict={x: X * 2, y: Y}))
    """)
    assert "def compute_accuracy(x, y):" in code


def test_a_random_op_keeps_the_function():
    code = translated(GRAPH.replace("logits = tf.matmul(x, W)", "logits = tf.nn.dropout(tf.matmul(x, W), rate=0.5, seed=1)") + """
    print(sess.run(accuracy, feed_dict={x: X, y: Y}))
    """)
    assert "def compute_accuracy(x, y):" in code


def test_a_name_the_script_uses_otherwise_keeps_the_function():
    code = translated(GRAPH + """
    correct = 3
    print(sess.run(accuracy, feed_dict={x: X, y: Y}), correct)
    """)
    assert "def compute_accuracy(x, y):" in code


def test_a_slice_of_a_name_the_file_gives_a_dtype_is_fed_in_place():
    code = translated("""
    data = np.ones([6, 2]).astype(np.float32) * np.array([1.0, 2.0], np.float32)
    ids = np.arange(6).astype(np.int64)
    train, test = data[:4], data[4:]
    x = tf.placeholder(tf.float32, [None, 2])
    k = tf.placeholder(tf.int64, [None])
    W = tf.Variable(tf.ones([2, 1]))
    out = tf.matmul(x, W) + tf.cast(k, tf.float32)[:, None]
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(out, {x: test[:1], k: ids[:1]}))
    """)
    assert "print((tf.matmul(test[:1], W) + tf.cast(ids[:1], tf.float32)[:, None]).numpy())" in code


def test_a_float64_product_is_no_float32_value():
    code = translated("""
    data = np.ones([6, 2]).astype(np.float32) * np.array([1.0, 2.0])
    x = tf.placeholder(tf.float32, [None, 2])
    W = tf.Variable(tf.ones([2, 1]))
    out = tf.matmul(x, W)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(out, {x: data}))
    """)
    assert "def compute_out(x):" in code


def test_a_helper_of_the_script_given_the_placeholder_keeps_the_function():
    code = translated("""
    X = np.ones([4, 2]).astype(np.float32)
    x = tf.placeholder(tf.float32, [None, 2])
    W = tf.Variable(tf.ones([2, 1]))
    def model(inputs):
        return tf.matmul(inputs, W) * inputs.get_shape().as_list()[1]
    out = model(x)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(out, {x: X}))
    """)
    assert "def compute_out(x):" in code
