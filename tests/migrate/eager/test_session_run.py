"""--to eager: sess.run -> calls of run functions (patterns/session_run.py)."""
from tests.migrate.eager.helpers import REGRESSION, check, translated


def test_with_session_block_is_dissolved_and_close_removed():
    code = translated(REGRESSION + """
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        value = sess.run(loss, {x: [[1.0]], y: [[2.0]]})
    sess2 = tf.Session()
    sess2.close()
    print(value)
    """)
    assert "Session" not in code and "close" not in code
    assert "value = compute_loss([[1.0]], [[2.0]]).numpy()\nprint(value)" in code


def test_fetching_a_variable_is_numpy_and_a_list_keeps_its_structure():
    code = translated(REGRESSION + """
    sess = tf.Session()
    a = sess.run(w)
    both = sess.run([w, w])
    pair = sess.run((loss, loss), feed_dict={x: [[1.0]], y: [[2.0]]})
    """)
    assert "a = w.numpy()" in code
    assert "both = [w.numpy(), w.numpy()]" in code
    assert "pair = tuple(t.numpy() for t in compute_loss_and_loss([[1.0]], [[2.0]]))" in code


def test_an_op_built_in_the_fetch_becomes_a_function_named_after_its_target():
    code = translated(REGRESSION + """
    sess = tf.Session()
    for i in range(3):
        prediction = sess.run(tf.round(tf.sigmoid(tf.matmul(x, w))), feed_dict={x: [[float(i)]]})
    """)
    assert "def compute_prediction(x):\n    return tf.round(tf.sigmoid(tf.matmul(x, w)))" in code
    assert "prediction = compute_prediction([[float(i)]]).numpy()" in code


def test_a_function_is_defined_just_before_the_statement_of_its_first_call():
    code = translated(REGRESSION + """
    sess = tf.Session()
    total = 0.0
    for i in range(3):
        total += sess.run(loss, feed_dict={x: [[1.0]], y: [[2.0]]})
    """)
    assert code.index("total = 0.0") < code.index("def compute_loss") < code.index("for i in range(3)")


def test_unpacking_a_single_fetch_keeps_its_unpacking():
    """`[x] = sess.run(t)` unpacks t's first axis; `[x] = sess.run([t])` unpacks the list."""
    code = translated(REGRESSION + """
    sess = tf.Session()
    [first] = sess.run(tf.matmul(x, w), feed_dict={x: [[1.0]]})
    (row,) = sess.run(loss, feed_dict={x: [[1.0]], y: [[2.0]]})
    [listed] = sess.run([loss], feed_dict={x: [[1.0]], y: [[2.0]]})
    """)
    assert "[first] = compute_value([[1.0]]).numpy()" in code
    assert "(row,) = compute_loss([[1.0]], [[2.0]]).numpy()" in code
    assert "listed = compute_loss([[1.0]], [[2.0]]).numpy()" in code


def test_a_config_proto_only_given_to_the_session_goes_with_it():
    code = translated(REGRESSION + """
    config = tf.ConfigProto(allow_soft_placement=True, log_device_placement=False)
    with tf.Session(config=config) as sess:
        print(sess.run(loss, {x: [[1.0]], y: [[2.0]]}))
    """)
    assert "ConfigProto" not in code and "config" not in code


def test_a_config_proto_read_for_anything_else_stays():
    code = translated(REGRESSION + """
    config = tf.ConfigProto(allow_soft_placement=True)
    config.gpu_options.allow_growth = True
    with tf.Session(config=config) as sess:
        print(sess.run(loss, {x: [[1.0]], y: [[2.0]]}))
    """)
    assert "config = tf.compat.v1.ConfigProto(allow_soft_placement=True)" in code


def test_a_fetch_list_read_at_a_literal_index_is_that_value_and_a_discarded_result_is_not_converted():
    check("""
    x = tf.placeholder(tf.float32, [None, 1])
    w = tf.Variable(tf.zeros([1, 1]))
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - 1.0))
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for i in range(3):
        print(sess.run([train, loss], feed_dict={x: np.ones((2, 1))})[1])
        sess.run([loss, w], feed_dict={x: np.ones((2, 1))})
    """, """
    w = tf.Variable(tf.zeros([1, 1]))
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 1])])
    def train_step(x):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - 1.0))
        grads = tape.gradient(loss, [w])
        optimizer.apply_gradients(zip(grads, [w]))
        return loss

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 1])])
    def compute_loss_and_w(x):
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - 1.0))
        return loss, w

    for i in range(3):
        print(train_step(np.ones((2, 1))).numpy())
        compute_loss_and_w(np.ones((2, 1)))
    """)


def test_a_fetch_it_cannot_see_says_what_the_fetched_expression_is():
    from tests.migrate.eager.helpers import falls_back
    model = """
    class Model(object):
        def __init__(self):
            self.x = tf.placeholder(tf.float32, [None, 2])
            self.loss = tf.reduce_sum(self.x)
    model = Model()
    sess = tf.Session()
    print(sess.run(model.loss, feed_dict={model.x: [[1.0, 2.0]]}))
    """
    # a class without variables is read by patterns/graph_classes.py, which names the attribute it cannot hold
    falls_back(model, "`self.loss` of class Model is read where the translation holds no instance")
    falls_back("""
    def build():
        return tf.constant(1.0)
    sess = tf.Session()
    print(sess.run(build()))
    """, "a fetch the translation cannot see as a graph tensor: `build()` is the result of a Python call")


def test_a_class_that_keeps_the_graph_in_its_attributes_is_refused_saying_so():
    from tests.migrate.eager.helpers import falls_back
    falls_back("""
    class Regressor(object):
        def __init__(self):
            self.x = tf.placeholder(tf.float32, [None, 2])
            self.loss = tf.reduce_sum(self.x)
            self.sess = tf.Session()

        def loss_of(self, xs):
            return self.sess.run(self.loss, {self.x: xs})
    print(Regressor().loss_of([[1.0, 2.0]]))
    """, "a graph value assigned to an attribute (`self.x`): graph values kept in an object (a class that builds "
         "the graph) are not followed")


def test_a_with_blocks_session_used_beyond_run_and_close_falls_back_at_the_use():
    # `with tf.Session() as sess:` removed the session: any use of the name beyond run and
    # close (variable.load aside: patterns/variable_loads.py) would read a name the
    # translation no longer binds (a NameError)
    from tests.migrate.eager.helpers import falls_back
    for use, column in (("print(sess)", 10), ("helper = sess", 13)):
        outcome = falls_back(f"""
    W = tf.Variable(tf.zeros([2, 1]))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        {use}
        print(sess.run(W))
    """, "the session `sess` is used for something other than run/close")
        assert [(f.line, f.column) for f in outcome.findings if "the session `sess`" in f.message] == [(7, column)]
    assert "sess" not in translated("""
    W = tf.Variable(tf.zeros([2, 1]))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        print(sess.run(W))
    """)
