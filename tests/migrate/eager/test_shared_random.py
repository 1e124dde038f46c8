"""--to eager: a random op that several Session.run patterns use (patterns/shared_random.py)."""
from tests.migrate.eager.helpers import check, falls_back, translated

NOISY = """
    x = tf.placeholder(tf.float32, [None, 2])
    keep = tf.placeholder(tf.float32)
    w = tf.Variable(tf.ones([2, 1]))
    h = tf.nn.dropout(tf.matmul(x, w), keep_prob=keep, seed=7)
    loss = tf.reduce_mean(tf.square(h))
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
"""


def test_the_functions_sharing_a_random_op_run_eagerly_with_the_feed_conversion():
    check(NOISY + """
    for i in range(3):
        sess.run(train, feed_dict={x: [[1.0, 2.0]], keep: 0.5})
        print(sess.run(loss, feed_dict={x: [[1.0, 2.0]], keep: 1.0}))
    """, """
    w = tf.Variable(tf.ones([2, 1]))
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)

    def train_step(x, keep):
        # Not a tf.function: the random op `h` is shared with compute_loss. The graph had one
        # kernel for every run, drawing anew on each; eager random ops with the same seed share
        # one kernel too, while each tf.function has its own.
        x = tf.convert_to_tensor(x, tf.float32)
        keep = tf.convert_to_tensor(keep, tf.float32)
        with tf.GradientTape() as tape:
            h = tf.nn.dropout(tf.matmul(x, w), rate=1 - keep, seed=7)
            loss = tf.reduce_mean(tf.square(h))
        grads = tape.gradient(loss, [w])
        optimizer.apply_gradients(zip(grads, [w]))

    def compute_loss(x, keep):
        # Not a tf.function either (see train_step): it draws from the random op `h` too.
        x = tf.convert_to_tensor(x, tf.float32)
        keep = tf.convert_to_tensor(keep, tf.float32)
        h = tf.nn.dropout(tf.matmul(x, w), rate=1 - keep, seed=7)
        loss = tf.reduce_mean(tf.square(h))
        return loss
    for i in range(3):
        train_step([[1.0, 2.0]], 0.5)
        print(compute_loss([[1.0, 2.0]], 1.0).numpy())
    """)


def test_a_random_op_used_by_one_run_pattern_stays_in_a_tf_function():
    code = translated(NOISY + """
    for i in range(3):
        sess.run(train, feed_dict={x: [[1.0, 2.0]], keep: 0.5})
    """)
    assert "@tf.function" in code and "convert_to_tensor" not in code


def test_a_function_that_does_not_use_the_shared_op_stays_a_tf_function():
    code = translated(NOISY + """
    clean = tf.reduce_sum(tf.matmul(x, w))
    for i in range(3):
        sess.run(train, feed_dict={x: [[1.0, 2.0]], keep: 0.5})
        print(sess.run(loss, feed_dict={x: [[1.0, 2.0]], keep: 1.0}))
        print(sess.run(clean, feed_dict={x: [[1.0, 2.0]]}))
    """)
    assert "@tf.function(input_signature=[tf.TensorSpec([None, 2], tf.float32)])\ndef compute_clean(x):" in code
    assert code.count("@tf.function") == 1


def test_a_shared_random_op_whose_seed_another_random_op_has_falls_back():
    falls_back("""
    x = tf.placeholder(tf.float32, [None, 2])
    w = tf.Variable(tf.random_normal([2, 1], seed=7))
    h = tf.matmul(x, w) + tf.random_normal([1], seed=7)
    a = tf.reduce_sum(h)
    b = tf.reduce_max(h)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(a, {x: [[1.0, 2.0]]}), sess.run(b, {x: [[1.0, 2.0]]}))
    """, "has the seed (7) of 1 other random op(s)")


def test_two_initial_values_drawn_with_one_seed_fall_back():
    # graph: two ops, each drawing N(0, 1) from (global seed, 1): a == b. Eager at module
    # level: one kernel for seed 1, b continues a's stream (migrate verify: 1.76 apart)
    falls_back("""
    a = tf.Variable(tf.random_normal([3], seed=1))
    b = tf.Variable(tf.random_normal([3], seed=1))
    x = tf.placeholder(tf.float32, [3])
    out = x * a + b
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(out, {x: [1.0, 2.0, 3.0]}))
    """, "random ops with the same seed (1) drawn eagerly")


def test_one_seed_in_a_traced_function_and_at_module_level_still_translates():
    # the tf.function's op is a kernel of its own, as in the graph: nothing shared
    translated("""
    w = tf.Variable(tf.random_normal([3], seed=1))
    x = tf.placeholder(tf.float32, [3])
    out = x * w + tf.random_normal([3], seed=1)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(out, {x: [1.0, 2.0, 3.0]}))
    """)


HELPER = """
    x = tf.placeholder(tf.float32, [None, 2])
    w = tf.Variable(tf.ones([2, 1]))


    def model(inputs):
        return tf.nn.dropout(tf.matmul(inputs, w), rate=0.5, seed=7)


"""


def test_a_random_op_in_a_helper_def_is_shared_by_the_runs_of_the_statement_calling_it():
    check(HELPER + """
    out = model(x)
    loss = tf.reduce_mean(out)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(out, {x: [[1.0, 2.0]]}), sess.run(loss, {x: [[1.0, 2.0]]}))
    """, """
    w = tf.Variable(tf.ones([2, 1]))


    def model(inputs):
        return tf.nn.dropout(tf.matmul(inputs, w), rate=0.5, seed=7)

    def compute_out(x):
        # Not a tf.function: the random op `out` (through `model`) is shared with compute_loss.
        # The graph had one kernel for every run, drawing anew on each; eager random ops with
        # the same seed share one kernel too, while each tf.function has its own.
        x = tf.convert_to_tensor(x, tf.float32)
        out = model(x)
        return out

    def compute_loss(x):
        # Not a tf.function either (see compute_out): it draws from the random op `out` (through
        # `model`) too.
        x = tf.convert_to_tensor(x, tf.float32)
        out = model(x)
        loss = tf.reduce_mean(out)
        return loss
    print(compute_out([[1.0, 2.0]]).numpy(), compute_loss([[1.0, 2.0]]).numpy())
    """)


def test_a_helper_called_twice_built_two_ops_with_one_seed_and_falls_back_when_shared():
    falls_back(HELPER + """
    train_out = model(x)
    test_out = model(x)
    loss = tf.reduce_mean(train_out)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(train_out, {x: [[1.0, 2.0]]}), sess.run(loss, {x: [[1.0, 2.0]]}))
    print(sess.run(test_out, {x: [[1.0, 2.0]]}))
    """, "a random op shared by several Session.run patterns has the seed (7) of 1 other random op(s)")


def test_a_helper_random_op_used_by_one_run_stays_in_a_tf_function():
    code = translated(HELPER + """
    out = model(x)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(out, {x: [[1.0, 2.0]]}))
    """)
    assert "@tf.function(input_signature=[tf.TensorSpec([None, 2], tf.float32)])\ndef compute_out(x):" in code
