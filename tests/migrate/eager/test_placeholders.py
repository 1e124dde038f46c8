"""--to eager: placeholders -> function arguments (patterns/placeholders.py)."""
from tests.migrate.eager.helpers import REGRESSION, check, falls_back, translated


def test_placeholders_become_arguments_and_sess_run_a_call_returning_numpy():
    check(REGRESSION + """
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(loss, feed_dict={x: [[1.0]], y: [[2.0]]}))
    """, """
    w = tf.Variable(tf.zeros([1, 1]))

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 1]), tf.TensorSpec([None, 1])])
    def compute_loss(x, y):
        return tf.reduce_mean(tf.square(tf.matmul(x, w) - y))

    print(compute_loss([[1.0]], [[2.0]]).numpy())
    """)


def test_feed_order_other_than_the_parameters_is_passed_by_keyword():
    # the feed values are evaluated in the order written, as they were for feed_dict
    code = translated(REGRESSION + """
    sess = tf.Session()
    print(sess.run(loss, feed_dict={y: np.ones((1, 1)), x: np.zeros((1, 1))}))
    """)
    assert "compute_loss(y=np.ones((1, 1)), x=np.zeros((1, 1)))" in code


def test_a_fed_placeholder_the_fetch_does_not_need_is_dropped():
    code = translated(REGRESSION + """
    sess = tf.Session()
    print(sess.run(w * 2.0, feed_dict={x: [[1.0]]}))
    """)
    assert "print((w * 2.0).numpy())" in code and "1.0" not in code


def test_a_placeholder_with_default_is_an_argument_with_that_default_after_the_others():
    check("""
    scale = tf.placeholder_with_default(1.0, shape=[])
    x = tf.placeholder(tf.float32, [None, 1])
    w = tf.Variable(tf.ones([1, 1]))
    y = tf.matmul(x, w) * scale
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(y, feed_dict={x: [[1.0]]}))
    print(sess.run(y, feed_dict={x: [[1.0]], scale: 2.0}))
    print(sess.run(y, feed_dict={scale: 3.0, x: [[1.0]]}))
    """, """
    w = tf.Variable(tf.ones([1, 1]))

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 1]), tf.TensorSpec([])])
    def compute_y(x, scale=1.0):
        return tf.matmul(x, w) * scale

    print(compute_y([[1.0]]).numpy())
    print(compute_y([[1.0]], 2.0).numpy())
    print(compute_y(scale=3.0, x=[[1.0]]).numpy())
    """)


def test_the_default_literal_gives_the_dtype_tensorflow_gives_it():
    code = translated("""
    training = tf.placeholder_with_default(False, shape=())
    count = tf.placeholder_with_default(-3, [])
    x = tf.placeholder(tf.float32, [None])
    y = tf.where(training, x * 2.0, x) + tf.cast(count, tf.float32)
    sess = tf.Session()
    print(sess.run(y, {x: [1.0]}))
    print(sess.run(y, {x: [1.0], training: True, count: 1}))
    """)
    assert "[\n    tf.TensorSpec([None]), tf.TensorSpec((), tf.bool), tf.TensorSpec([], tf.int32)])" in code
    assert "def compute_y(x, training=False, count=-3):" in code
    assert "compute_y([1.0]).numpy()" in code and "compute_y([1.0], True, 1).numpy()" in code


def test_a_feed_dict_helper_may_leave_the_default_out():
    code = translated("""
    keep = tf.placeholder_with_default(1.0, [])
    x = tf.placeholder(tf.float32, [None])
    y = x * keep
    def feed(train):
        if train:
            return {x: [1.0], keep: 0.5}
        return {x: [2.0]}
    sess = tf.Session()
    print(sess.run(y, feed_dict=feed(True)), sess.run(y, feed_dict=feed(False)))
    """)
    assert "def compute_y(x, keep=1.0):" in code
    assert "compute_y(**feed(True))" in code and "compute_y(**feed(False))" in code


def test_a_default_computed_by_the_graph_is_refused_with_its_reason():
    falls_back("""
    base = tf.placeholder(tf.float32, [])
    scale = tf.placeholder_with_default(base * 2.0, shape=[])
    sess = tf.Session()
    print(sess.run(scale * 3.0, {base: 1.0}))
    """, "tf.placeholder_with_default: the default `base * 2.0` is a tensor the graph computes; only a Python "
         "number or bool, or NumPy data bound once to a name, becomes an argument with that default")


NUMPY_DEFAULT = """
    X_train = np.random.rand(8, 4)
    CHANGE
    W = tf.Variable(tf.ones([4, 1]))
    x = tf.placeholder_with_default(X_train, [None, 4])
    y = tf.matmul(tf.cast(x, tf.float32), W)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(y))
    print(sess.run(y, feed_dict={x: X_train[:2]}))
    """


def test_a_numpy_default_is_an_argument_with_that_default_typed_by_the_array():
    # the graph's placeholder had the array's dtype (float64 here): fed values are converted to it
    check(NUMPY_DEFAULT.replace("CHANGE", "print(X_train.shape, X_train.astype(np.float32).mean())"), """
    X_train = np.random.rand(8, 4)
    print(X_train.shape, X_train.astype(np.float32).mean())
    W = tf.Variable(tf.ones([4, 1]))

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 4], X_train.dtype)])
    def compute_y(x=X_train):
        return tf.matmul(tf.cast(x, tf.float32), W)

    print(compute_y().numpy())
    print(compute_y(X_train[:2]).numpy())
    """)


def test_a_numpy_default_read_by_one_run_is_the_array_in_its_place():
    check("""
    X_train = np.linspace(0.0, 1.0, 8).reshape(2, 4)
    x = tf.placeholder_with_default(X_train, [None, 4])
    y = tf.reduce_sum(x * 2.0)
    sess = tf.Session()
    print(sess.run(y))
    """, """
    X_train = np.linspace(0.0, 1.0, 8).reshape(2, 4)
    print(tf.reduce_sum(X_train * 2.0).numpy())
    """)


def test_a_numpy_default_the_file_may_change_is_refused_with_its_reason():
    # the graph copied the array where the placeholder was built, the argument reads it at the def
    for change in ("X_train = X_train - X_train.mean()", "X_train -= 1.0", "X_train[0] = 0.0",
                   "np.random.shuffle(X_train)", "X_train.sort()", "for X_train in [X_train]:\n        pass"):
        falls_back(NUMPY_DEFAULT.replace("CHANGE", change),
                   "tf.placeholder_with_default: the default `X_train` is not a Python number or bool, nor a name "
                   "bound once at the top level to a NumPy call and left unchanged after")
    falls_back(NUMPY_DEFAULT.replace("np.random.rand(8, 4)", "tf.ones([8, 4])").replace("CHANGE", ""),
               "tf.placeholder_with_default: the default `X_train` is a tensor the graph computes")
    falls_back(NUMPY_DEFAULT.replace("np.random.rand(8, 4)", "[[0.5] * 4] * 8").replace("CHANGE", ""),
               "the default `X_train` is not a Python number or bool, nor a name bound once")


def test_a_placeholder_fed_only_where_the_fetch_reads_it_is_an_argument_there_only():
    code = translated("""
    x = tf.placeholder(tf.float32, [None, 2])
    keep_prob = tf.placeholder(tf.float32)
    w = tf.Variable(tf.ones([2, 1]))
    train_out = tf.nn.dropout(tf.matmul(x, w), keep_prob, seed=1)
    loss = tf.reduce_sum(train_out)
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    eval_out = tf.matmul(x, w)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(train, feed_dict={x: np.ones((2, 2)), keep_prob: 0.5})
    print(sess.run(eval_out, feed_dict={x: np.ones((2, 2))}))
    """)
    assert "def train_step(x, keep_prob):" in code and "def compute_eval_out(x):" in code
    assert "train_step(np.ones((2, 2)), 0.5)" in code and "compute_eval_out(np.ones((2, 2)))" in code


def test_the_run_function_is_traced_without_autograph_and_float32_specs_omit_their_dtype():
    # graph-building code never needs autograph (TF 1 ran it as plain Python); TensorSpec's
    # default dtype is float32, so only other dtypes are written
    check("""
    x = tf.placeholder(tf.float32, [None, 2])
    k = tf.placeholder(tf.int32, [])
    n = tf.placeholder("float", None)
    y = tf.reduce_sum(x) * tf.cast(k, tf.float32) + n
    sess = tf.Session()
    print(sess.run(y, feed_dict={x: np.ones((3, 2)), k: 2, n: 0.5}))
    """, """
    @tf.function(autograph=False, input_signature=[
        tf.TensorSpec([None, 2]), tf.TensorSpec([], tf.int32), tf.TensorSpec(None)])
    def compute_y(x, k, n):
        return tf.reduce_sum(x) * tf.cast(k, tf.float32) + n

    print(compute_y(np.ones((3, 2)), 2, 0.5).numpy())
    """)


def test_a_signature_wider_than_the_file_fills_as_few_lines_as_fit():
    code = translated("""
    a = tf.placeholder(tf.float32, [None, 4])
    b = tf.placeholder(tf.float32, [None, 4])
    c = tf.placeholder(tf.float32, [None, 1])
    d = tf.placeholder(tf.float32, [None, 1])
    e = tf.placeholder(tf.int64, [None])
    y = tf.reduce_sum(a * b) + tf.reduce_sum(c - d) + tf.cast(tf.reduce_sum(e), tf.float32)
    sess = tf.Session()
    print(sess.run(y, {a: [[1.0] * 4], b: [[2.0] * 4], c: [[1.0]], d: [[0.5]], e: [3]}))
    print(sess.run(y, {a: [[1.0] * 4], b: [[2.0] * 4], c: [[1.0]], d: [[0.5]], e: [4]}))
    """)
    assert "\n@tf.function(autograph=False, input_signature=[\n" \
           "    tf.TensorSpec([None, 4]), tf.TensorSpec([None, 4]), tf.TensorSpec([None, 1]),\n" \
           "    tf.TensorSpec([None, 1]), tf.TensorSpec([None], tf.int64)])\ndef compute_y(a, b, c, d, e):\n" in code
