"""--to eager: a top-level for loop or if that only computes tensors moves into the run functions
(patterns/graph_loops.py)."""
from tests.migrate.eager.helpers import check, falls_back

RNN = """
x = tf.placeholder(tf.float32, [None, 3, 2])
W = tf.Variable(tf.ones([2, 4]))
U = tf.Variable(tf.ones([4, 4]))
"""


def test_a_recurrent_net_unrolled_by_a_python_loop_is_computed_in_the_function():
    check(RNN + """
    h = tf.zeros([tf.shape(x)[0], 4])
    for t in range(3):
        h = tf.tanh(tf.matmul(x[:, t, :], W) + tf.matmul(h, U))
    out = tf.reduce_sum(h)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(out, {x: np.ones((1, 3, 2))}))
    """.replace("\n    ", "\n"), """
    W = tf.Variable(tf.ones([2, 4]))
    U = tf.Variable(tf.ones([4, 4]))

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 3, 2])])
    def compute_out(x):
        h = tf.zeros([tf.shape(x)[0], 4])
        for t in range(3):
            h = tf.tanh(tf.matmul(x[:, t, :], W) + tf.matmul(h, U))
        return tf.reduce_sum(h)

    print(compute_out(np.ones((1, 3, 2))).numpy())
    """)


def test_an_if_on_a_python_flag_adds_its_layer_in_the_function():
    check("""
    use_relu = True
    x = tf.placeholder(tf.float32, [None, 2])
    h = x * 2.0
    if use_relu:
        h = tf.nn.relu(h)
    else:
        h = tf.nn.sigmoid(h)
    sess = tf.Session()
    print(sess.run(h, {x: [[1.0, -1.0]]}))
    """, """
    use_relu = True

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 2])])
    def compute_h(x):
        h = x * 2.0
        if use_relu:
            h = tf.nn.relu(h)
        else:
            h = tf.nn.sigmoid(h)
        return h

    print(compute_h([[1.0, -1.0]]).numpy())
    """)


def test_a_loop_that_creates_variables_or_tests_a_tensor_still_falls_back():
    falls_back("""
    x = tf.placeholder(tf.float32, [None, 2])
    h = x
    for i in range(2):
        h = tf.matmul(h, tf.Variable(tf.ones([2, 2])))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(h, {x: [[1.0, -1.0]]}))
    """, "graph built inside a block (loop, if, with)")
    falls_back("""
    x = tf.placeholder(tf.float32, [None, 2])
    h = x
    if h is not None:
        h = tf.nn.relu(h)
    sess = tf.Session()
    print(sess.run(h, {x: [[1.0, -1.0]]}))
    """, "graph built inside a block (loop, if, with)")


def test_a_python_value_the_loop_reads_must_not_change_before_the_last_run():
    falls_back("""
    n_steps = 2
    x = tf.placeholder(tf.float32, [None, 2])
    h = x
    for t in range(n_steps):
        h = tf.nn.relu(h * 2.0)
    sess = tf.Session()
    print(sess.run(h, {x: [[1.0, -1.0]]}))
    n_steps = 5
    print(sess.run(h, {x: [[1.0, -1.0]]}))
    """, "reads the Python value `n_steps`, which changes before the graph is run")
