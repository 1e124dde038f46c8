"""--to eager: a variable fetched in the run that updates it is read where the graph read
it, as measured (patterns/fetched_updates.py, tables/fetch_order.py)."""
from tests.migrate.eager.helpers import check, falls_back

DATA = """
    x_data = np.linspace(0.0, 1.0, 8, dtype=np.float32).reshape(8, 1)
    y_data = 3.0 * x_data + 1.0
"""


def test_a_variable_fetched_with_its_train_op_is_read_before_the_update():
    check(DATA + """
    W = tf.Variable(tf.zeros([1, 1]))
    loss = tf.reduce_mean(tf.square(tf.matmul(x_data, W) - y_data))
    train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for step in range(3):
        _, w_now = sess.run([train, W])
        print(step, w_now)
    """, DATA + """
    W = tf.Variable(tf.zeros([1, 1]))
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.5)
    @tf.function
    def train_step():
        # TF 1 left this read and the update unordered; the graph read W first
        W_read = W.read_value()
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(tf.matmul(x_data, W) - y_data))
        grads = tape.gradient(loss, [W])
        optimizer.apply_gradients(zip(grads, [W]))
        return W_read
    for step in range(3):
        w_now = train_step().numpy()
        print(step, w_now)
    """)


def test_a_computed_fetch_reading_an_assigned_variable_is_computed_before_the_assign():
    check("""
    v = tf.Variable(1.0)
    grow = tf.assign(v, v * 1.5)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for i in range(3):
        _, doubled = sess.run([grow, v * 2.0])
        print(i, doubled)
    """, """
    v = tf.Variable(1.0)
    @tf.function
    def train_step():
        # TF 1 left this read and the update unordered; the graph read v * 2.0 first
        fetched = v * 2.0
        grow = v.assign(v * 1.5)
        return grow, fetched
    for i in range(3):
        _, doubled = (t.numpy() for t in train_step())
        print(i, doubled)
    """)


def test_a_ref_variable_fetched_with_its_update_is_read_after_it():
    check(DATA + """
    with tf.variable_scope("linear"):
        w = tf.get_variable("w", [1, 1], initializer=tf.zeros_initializer())
    loss = tf.reduce_mean(tf.square(tf.matmul(x_data, w) - y_data))
    train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    _, w_now = sess.run([train, w])
    """, DATA + """
    w = tf.Variable(tf.zeros([1, 1]), name="linear/w")
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.5)
    @tf.function
    def train_step():
        # TF 1 fetched ref variable w after the update: the fetch is the buffer it writes
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(tf.matmul(x_data, w) - y_data))
        grads = tape.gradient(loss, [w])
        optimizer.apply_gradients(zip(grads, [w]))
        return w
    w_now = train_step().numpy()
    """)


def test_names_the_reads_take_do_not_collide():
    check("""
    v = tf.Variable(1.0)
    v_read = tf.Variable(0.0)
    grow = tf.assign(v, v + v_read)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run([grow, v]))
    """, """
    v = tf.Variable(1.0)
    v_read = tf.Variable(0.0)
    @tf.function
    def train_step():
        # TF 1 left this read and the update unordered; the graph read v first
        v_read_2 = v.read_value()
        grow = v.assign(v + v_read)
        return grow, v_read_2
    print([t.numpy() for t in train_step()])
    """)


def test_a_tensor_of_the_step_reading_an_updated_variable_still_falls_back():
    falls_back("""
    v = tf.Variable(1.0)
    double = v.assign(v * 2.0)
    plus_one = v + 1.0
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run([plus_one, double]))
    """, "`plus_one` reads `v`, which `double` updates in the same run")
