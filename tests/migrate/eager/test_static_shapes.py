"""--to eager: a placeholder's static shape read outside the run functions (patterns/static_shapes.py)."""
from tests.migrate.eager.helpers import check, falls_back, translated


def test_static_shape_reads_become_the_declared_shape():
    check("""
    x = tf.placeholder(tf.float32, [None, 5])
    n_features = x.get_shape().as_list()[1]
    W = tf.Variable(tf.zeros([x.shape[1], 1]))
    print(x.shape.as_list(), x.get_shape()[1].value, x.shape.ndims, n_features)
    out = tf.matmul(x, W) / tf.cast(tf.shape(x)[0], tf.float32)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(out, {x: np.ones((2, 5))}))
    """, """
    n_features = 5
    W = tf.Variable(tf.zeros([5, 1]))
    print([None, 5], 5, 2, n_features)

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 5])])
    def compute_out(x):
        return tf.matmul(x, W) / tf.cast(tf.shape(x)[0], tf.float32)

    print(compute_out(np.ones((2, 5))).numpy())
    """)


def test_python_names_in_the_shape_are_kept_when_not_rebound():
    code = translated("""
    n_in = 3
    x = tf.placeholder(tf.float32, shape=(None, n_in))
    W = tf.Variable(tf.ones([x.get_shape()[1], 2]))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(tf.matmul(x, W), {x: np.ones((1, 3))}))
    """)
    assert "W = tf.Variable(tf.ones([n_in, 2]))" in code
    falls_back("""
    n_in = 3
    x = tf.placeholder(tf.float32, shape=(None, n_in))
    n_in = 4
    W = tf.Variable(tf.ones([x.get_shape()[1], 2]))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(tf.matmul(x, W), {x: np.ones((1, 3))}))
    """, "a variable initialised from `x` (placeholder)")


def test_a_whole_shape_printed_is_the_declared_tensor_shape_with_a_warning_where_a_dimension_is_open():
    outcome = check("""
    x = tf.placeholder(tf.float32, [None, 3])
    one = tf.placeholder(tf.float32, [1, 3])
    print('x', x.get_shape(), x.shape)
    print(one.shape)
    sess = tf.Session()
    print(sess.run(x * 2, {x: np.ones((1, 3))}), sess.run(one * 2, {one: np.ones((1, 3))}))
    """, """
    print('x', tf.TensorShape([None, 3]), tf.TensorShape([None, 3]))
    print(tf.TensorShape([1, 3]))

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 3])])
    def compute_value(x):
        return x * 2

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([1, 3])])
    def compute_value_2(one):
        return one * 2

    print(compute_value(np.ones((1, 3))).numpy(), compute_value_2(np.ones((1, 3))).numpy())
    """)
    warned = [(f.line, f.column) for f in outcome.findings if f.rule == "eager-printed-repr"]
    assert warned == [(6, 11), (6, 26)]  # the fully known shape prints `(1, 3)` in both


def test_a_whole_tensor_shape_used_other_than_printed_is_not_rewritten():
    falls_back("""
    x = tf.placeholder(tf.float32, [None, 3])
    text = str(x.get_shape())
    sess = tf.Session()
    print(text, sess.run(x * 2, {x: np.ones((1, 3))}))
    """, "`text` is printed as a graph tensor")


def test_a_shape_that_is_not_declared_as_a_literal_is_refused():
    falls_back("""
    dims = [None, 3]
    x = tf.placeholder(tf.float32, dims)
    W = tf.Variable(tf.ones([x.get_shape()[1], 1]))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(tf.matmul(x, W), {x: np.ones((1, 3))}))
    """, "a variable initialised from `x` (placeholder)")
