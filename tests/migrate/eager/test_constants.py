"""--to eager: tensors of constants are computed once, where the graph built them (patterns/constants.py)."""
from tests.migrate.eager.helpers import check, falls_back, translated


def test_constants_used_by_a_module_level_variable_and_a_run_stay_at_module_level():
    check("""
    scale = tf.constant(0.5)
    start = tf.constant([[1.0, -1.0]])
    center = tf.Variable(start * scale)
    x = tf.placeholder(tf.float32, [None, 2])
    step = center.assign(center + scale * (tf.reduce_mean(x, axis=0, keepdims=True) - center))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(step, feed_dict={x: np.ones((2, 2))}))
    """, """
    scale = tf.constant(0.5)
    start = tf.constant([[1.0, -1.0]])
    center = tf.Variable(start * scale)

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 2])])
    def train_step(x):
        return center.assign(center + scale * (tf.reduce_mean(x, axis=0, keepdims=True) - center))

    print(train_step(np.ones((2, 2))).numpy())
    """)


def test_a_constant_drawn_from_numpy_is_drawn_once_not_once_per_function():
    code = check("""
    rng = np.random.RandomState(0)
    M = tf.constant(rng.rand(2, 2).astype(np.float32))
    v = tf.Variable(tf.ones([2, 1]))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    a = sess.run(tf.matmul(M, v))
    b = sess.run(tf.reduce_sum(M))
    """, """
    rng = np.random.RandomState(0)
    M = tf.constant(rng.rand(2, 2).astype(np.float32))
    v = tf.Variable(tf.ones([2, 1]))
    a = tf.matmul(M, v).numpy()
    b = tf.reduce_sum(M).numpy()
    """).code
    assert code.count("rng.rand(") == 1


def test_a_random_tensor_only_variables_use_is_an_initial_value_drawn_once():
    check("""
    init = tf.random_normal([2], seed=1)
    w1 = tf.Variable(init)
    w2 = tf.Variable(init)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(w1 - w2))
    """, """
    init = tf.random.normal([2], seed=1)
    w1 = tf.Variable(init)
    w2 = tf.Variable(init)
    print((w1 - w2).numpy())
    """)


def test_a_variable_whose_initial_value_needs_a_placeholder_is_refused():
    outcome = falls_back("""
    x = tf.placeholder(tf.float32, [None, 5])
    n = tf.shape(x)[1]  # the dynamic shape: only known per run
    W = tf.Variable(tf.zeros([n, 1]))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(tf.matmul(x, W), feed_dict={x: np.ones((1, 5))}))
    """, "the initial value of `W` reads `n` (tensor), which only exists inside the run functions")
    assert [f.line for f in outcome.findings if f.rule == "eager-fallback"] == [6]


def test_a_run_fetching_tensors_of_constants_and_variables_is_their_values():
    check("""
    hello = tf.constant("Hello")
    total = tf.constant(3.0) + tf.constant(4.0)
    w = tf.Variable(1.5)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(hello))
    print(sess.run([total, w]))
    """, """
    hello = tf.constant("Hello")
    total = tf.constant(3.0) + tf.constant(4.0)
    w = tf.Variable(1.5)
    print(hello.numpy())
    print([total.numpy(), w.numpy()])
    """)


def test_an_inline_fetch_of_constants_and_variables_is_its_value_unless_it_draws_or_assigns():
    code = translated("""
    a = tf.constant(2.0)
    w = tf.Variable(1.5)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(a * w), sess.run(tf.add(a, 1.0)))
    print(sess.run(a + tf.random_uniform([], seed=1)))
    """)
    assert "print((a * w).numpy(), tf.add(a, 1.0).numpy())" in code
    assert "def compute_value():" in code  # the draw stays in a function (each run built a new op)
