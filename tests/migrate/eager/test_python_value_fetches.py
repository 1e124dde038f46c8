"""--to eager: a fetch written inside Session.run that reads Python values is evaluated
eagerly where the run stands (patterns/python_value_fetches.py)."""
from tests.migrate.eager.helpers import check, falls_back, translate, translated

LABELS = """
    labels = np.eye(3, dtype=np.float32)
"""

MODEL = LABELS + """
    x = tf.placeholder(tf.float32, [None, 3])
    w = tf.Variable(tf.ones([3, 3]))
    y = tf.matmul(x, w)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
"""


def test_a_fetch_of_python_values_only_is_evaluated_where_the_run_stood():
    check(LABELS + """
    sess = tf.Session()
    for r in range(3):
        print(sess.run(tf.argmax(labels[r:r+1], 1)))
    """, """
    labels = np.eye(3, dtype=np.float32)
    for r in range(3):
        print(tf.argmax(labels[r:r+1], 1).numpy())
    """)


def test_the_change_finding_names_the_python_values():
    outcome = translate(LABELS + """
    sess = tf.Session()
    for i in range(3):
        print(sess.run(tf.argmax(labels[i], 0)))
    """)
    notes = [f for f in outcome.findings if f.rule == "eager-python-values"]
    assert [(f.line, f.message) for f in notes] == [
        (8, "a fetch reads the Python value(s) `labels`, `i`, which a tf.function would freeze at its first "
            "trace: evaluated eagerly where Session.run stood")]


def test_a_fetch_of_a_variable_and_python_values_is_parenthesised_before_numpy():
    check(MODEL + """
    for i in range(3):
        print(sess.run(w[i] * labels[i]))
    """, """
    labels = np.eye(3, dtype=np.float32)
    w = tf.Variable(tf.ones([3, 3]))
    for i in range(3):
        print((w[i] * labels[i]).numpy())
    """)


def test_a_fetch_list_of_a_variable_and_python_values_is_read_at_the_site():
    check(MODEL + """
    for i in range(3):
        v, label = sess.run([w, tf.argmax(labels[i], 0)])
    """, """
    labels = np.eye(3, dtype=np.float32)
    w = tf.Variable(tf.ones([3, 3]))
    for i in range(3):
        v, label = [w.numpy(), tf.argmax(labels[i], 0).numpy()]
    """)


def test_a_fetch_that_needs_a_placeholder_runs_in_a_plain_python_function():
    check(MODEL + """
    for r in range(3):
        print(sess.run(tf.argmax(y + labels[r], 1), feed_dict={x: labels[r:r+1]}))
    """, """
    labels = np.eye(3, dtype=np.float32)
    w = tf.Variable(tf.ones([3, 3]))

    def compute_value(x):
        # Not a tf.function: it reads `labels`, `r` at each call (a tf.function would freeze them).
        x = tf.convert_to_tensor(x, tf.float32)
        y = tf.matmul(x, w)
        return tf.argmax(y + labels[r], 1)
    for r in range(3):
        print(compute_value(labels[r:r+1]).numpy())
    """)


def test_the_eval_of_an_inline_tensor_reading_python_values_is_evaluated_at_the_site():
    check(LABELS + """
    sess = tf.InteractiveSession()
    for i in range(3):
        print(tf.argmax(labels[i], 0).eval())
    """, """
    labels = np.eye(3, dtype=np.float32)
    for i in range(3):
        print(tf.argmax(labels[i], 0).numpy())
    """)


def test_an_inline_fetch_without_python_values_stays_in_a_tf_function():
    check(MODEL + """
    print(sess.run(tf.argmax(y, 1), feed_dict={x: [[1.0, 2.0, 3.0]]}))
    """, """
    labels = np.eye(3, dtype=np.float32)
    w = tf.Variable(tf.ones([3, 3]))

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 3])])
    def compute_value(x):
        y = tf.matmul(x, w)
        return tf.argmax(y, 1)
    print(compute_value([[1.0, 2.0, 3.0]]).numpy())
    """)


def test_an_inline_fetch_of_python_values_with_a_random_op_keeps_the_compat_form():
    falls_back(LABELS + """
    sess = tf.Session()
    for i in range(3):
        print(sess.run(labels[i] + tf.random_normal([3], seed=1)))
    """, "an inline fetch reads Python values and calls a random op")


def test_an_inline_fetch_calling_a_function_of_the_file_keeps_the_compat_form():
    falls_back(LABELS + """
    def model(v):
        return v * 2.0
    sess = tf.Session()
    for i in range(3):
        print(sess.run(tf.reduce_sum(model(labels[i]))))
    """, "an inline fetch calls `model`, a function of this file")


def test_a_python_value_named_like_a_graph_value_of_the_function_keeps_the_compat_form():
    falls_back(MODEL + """
    loss = tf.reduce_sum(y)
    y = 2.0
    print(sess.run(loss * y, feed_dict={x: labels}))
    """, "reads the Python value `y`, whose name its run function gives to a graph value")


def test_a_function_that_also_shares_a_random_op_gives_both_reasons():
    # an unseeded op under a graph seed: a seeded one, or one with no seed at all, would draw
    # from a tf.random.Generator (patterns/shared_random.py)
    check(LABELS + """
    tf.set_random_seed(3)
    x = tf.placeholder(tf.float32, [None, 3])
    w = tf.Variable(tf.ones([3, 1]))
    h = tf.nn.dropout(tf.matmul(x, w), keep_prob=0.5)
    loss = tf.reduce_mean(tf.square(h))
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for i in range(3):
        sess.run(train, feed_dict={x: labels})
        print(sess.run(h * labels[i][0], feed_dict={x: labels}))
    """, """
    labels = np.eye(3, dtype=np.float32)
    tf.random.set_seed(3)
    w = tf.Variable(tf.ones([3, 1]))
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)

    def train_step(x):
        # Not a tf.function: shares the random op `h` with compute_value.
        x = tf.convert_to_tensor(x, tf.float32)
        with tf.GradientTape() as tape:
            h = tf.nn.dropout(tf.matmul(x, w), rate=1 - 0.5)
            loss = tf.reduce_mean(tf.square(h))
        grads = tape.gradient(loss, [w])
        optimizer.apply_gradients(zip(grads, [w]))

    def compute_value(x):
        # Not a tf.function: it reads `labels`, `i` at each call (a tf.function would freeze them).
        x = tf.convert_to_tensor(x, tf.float32)
        h = tf.nn.dropout(tf.matmul(x, w), rate=1 - 0.5)
        return h * labels[i][0]
    for i in range(3):
        train_step(labels)
        print(compute_value(labels).numpy())
    """)


def test_a_fetch_list_bound_once_reads_its_python_values_where_it_was_built():
    code = translated("""
    W = tf.Variable(tf.ones([2]))
    rate = 0.5
    update = [tf.assign(W, W * rate)]
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for i in range(3):
        print(sess.run(update))
    """)
    assert "@tf.function" in code and "Not a tf.function" not in code


def test_a_fetch_list_bound_once_whose_python_value_changes_later_is_refused():
    falls_back("""
    W = tf.Variable(tf.ones([2]))
    rate = 0.5
    update = [tf.assign(W, W * rate)]
    rate = 0.1
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(update))
    """, "a fetch built before its runs reads the Python value `rate`, which changes before the graph is run")


def test_an_inline_random_fetch_run_more_than_once_is_refused_once_is_translated():
    loop = """
    W = tf.Variable(tf.zeros([2]))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for i in range(3):
        print(sess.run(W.assign(tf.random_normal([2], seed=1))))
    """
    falls_back(loop, "an inline fetch calls a random op and runs more than once: the graph built a new op at each run")
    code = translated("""
    sess = tf.Session()
    print(sess.run(tf.random_normal([2], seed=1)))
    """)
    assert "return tf.random.normal([2], seed=1)" in code


def test_a_session_run_written_inside_a_fetch_is_its_own_call_and_the_fetch_a_value():
    check(MODEL + """
    print(sess.run(tf.argmax(sess.run(y, {x: labels}), 1)))
    print(sess.run([tf.reduce_sum(sess.run(y, {x: labels})), w]))
    """, """
    labels = np.eye(3, dtype=np.float32)
    w = tf.Variable(tf.ones([3, 3]))

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 3])])
    def compute_y(x):
        return tf.matmul(x, w)

    print(tf.argmax(compute_y(labels).numpy(), 1).numpy())
    print([tf.reduce_sum(compute_y(labels).numpy()).numpy(), w.numpy()])
    """)


def test_a_session_run_inside_a_fetch_that_needs_a_function_is_refused():
    falls_back(MODEL + """
    print(sess.run(tf.argmax(y, 1) + tf.argmax(sess.run(y, {x: labels}), 1), {x: labels}))
    """, "a Session.run written inside a fetch that needs a run function of its own")
