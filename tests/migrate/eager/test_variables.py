"""--to eager: variables and variable helpers, created eagerly (patterns/variables.py)."""
from migrate.findings import WARNING
from tests.migrate.eager.helpers import falls_back, translate, translated


def test_variables_keep_their_initialisers_and_explicit_op_seeds():
    code = translated("""
    tf.set_random_seed(1)
    A = tf.Variable(tf.random_normal(mean=10, shape=[1], seed=3))
    B = tf.Variable(tf.truncated_normal([2, 2], stddev=0.1, seed=4))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(A), sess.run(B))
    """)
    assert "tf.random.set_seed(1)" in code
    assert "A = tf.Variable(tf.random.normal(mean=10, shape=[1], seed=3))" in code
    assert "B = tf.Variable(tf.random.truncated_normal([2, 2], stddev=0.1, seed=4))" in code


def test_random_op_without_op_seed_under_a_global_seed_is_translated_with_a_warning():
    outcome = translate("""
    tf.set_random_seed(1)
    A = tf.Variable(tf.random_normal([1]))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(A))
    """)
    warnings = [f for f in outcome.findings if f.severity == WARNING]
    assert [f.rule for f in warnings] == ["eager-seed"]
    assert "add seed=N" in warnings[0].message
    assert "A = tf.Variable(tf.random.normal([1]))" in outcome.code


def test_a_helper_that_creates_variables_is_not_inlined_into_functions():
    falls_back("""
    def dense(inputs, n):
        W = tf.Variable(tf.zeros([2, n]))
        return tf.matmul(inputs, W)
    x = tf.placeholder(tf.float32, [None, 2])
    out = dense(x, 3)
    sess = tf.Session()
    print(sess.run(out, {x: [[1.0, 2.0]]}))
    """, "`dense()` creates graph state (tf.Variable)")


def test_a_helper_that_only_computes_is_called_from_the_functions():
    code = translated("""
    W = tf.Variable(tf.ones([2, 3]))
    def model(inputs):
        return tf.nn.relu(tf.matmul(inputs, W))
    x = tf.placeholder(tf.float32, [None, 2])
    out = model(x)
    sess = tf.Session()
    print(sess.run(out, {x: [[1.0, 2.0]]}))
    """)
    assert "    return model(x)\n" in code


def test_variables_made_by_a_helper_def_are_variables_with_a_seed_warning_for_random_ones():
    outcome = translate("""
    def weight_variable(shape):
        initial = tf.truncated_normal(shape, stddev=0.1)
        return tf.Variable(initial)
    def bias_variable(shape):
        return tf.Variable(tf.constant(0.1, shape=shape))
    x = tf.placeholder(tf.float32, [None, 4])
    W = weight_variable([4, 2])
    b = bias_variable([2])
    loss = tf.reduce_sum(tf.square(tf.matmul(x, W) + b))
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(train, {x: np.ones((1, 4))})
    """)
    assert "tape.gradient(loss, [W, b])" in outcome.code
    assert "W = weight_variable([4, 2])" in outcome.code
    [warning] = [f for f in outcome.findings if f.severity == WARNING]
    assert warning.rule == "eager-seed" and "`weight_variable()`" in warning.message and warning.line == 4
