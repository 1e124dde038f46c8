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
    @tf.function(autograph=False)
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
    @tf.function(autograph=False)
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
    @tf.function(autograph=False)
    def train_step():
        # w read after the update (TF 1 fetched the variable's buffer)
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
    @tf.function(autograph=False)
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


def test_an_inline_assign_is_run_by_the_function_and_gives_the_new_value():
    check("""
    W = tf.Variable(tf.ones([3]))
    new_W = tf.placeholder(tf.float32, [3])
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(W.assign(W * 0.5)))
    sess.run(tf.assign(W, new_W), feed_dict={new_W: np.zeros(3)})
    """, """
    W = tf.Variable(tf.ones([3]))

    @tf.function(autograph=False)
    def update_W():
        return W.assign(W * 0.5)

    print(update_W().numpy())

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([3])])
    def update_W_2(new_W):
        return W.assign(new_W)

    update_W_2(np.zeros(3))
    """)


def test_what_the_run_reads_of_an_inline_assigned_variable_is_read_first_and_said():
    check("""
    counter = tf.Variable(0.0)
    W = tf.Variable(tf.ones([2]))
    loss = tf.reduce_sum(W) + counter
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    c, before, l, twice = sess.run([tf.assign_add(counter, 1.0), counter, loss, counter * 2.0])
    """, """
    counter = tf.Variable(0.0)
    W = tf.Variable(tf.ones([2]))

    @tf.function(autograph=False)
    def update_and_compute_fetches():
        # TF 1 left this read and the update unordered; the graph read counter, counter * 2.0, loss first
        counter_read = counter.read_value()
        fetched = counter * 2.0
        loss = tf.reduce_sum(W) + counter
        new_counter = counter.assign_add(1.0)
        return new_counter, counter_read, loss, fetched

    c, before, l, twice = (t.numpy() for t in update_and_compute_fetches())
    """)


def test_an_inline_assign_of_a_variable_the_run_updates_again_is_refused():
    falls_back(DATA + """
    W = tf.Variable(tf.zeros([1, 1]))
    loss = tf.reduce_mean(tf.square(tf.matmul(x_data, W) - y_data))
    train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run([train, W.assign(W * 0.5)])
    """, "`W` is assigned by an inline assign() and updated again in the same run")


def test_a_list_of_inline_assigns_runs_them_as_statements_after_the_gradients():
    check("""
    x = tf.placeholder(tf.float32, [None, 2])
    W = tf.Variable(tf.ones([2, 1]))
    b = tf.Variable(tf.zeros([1]))
    err = tf.matmul(x, W) + b
    dW = tf.matmul(tf.transpose(x), err)
    db = tf.reduce_mean(err, 0)
    step = [tf.assign(W, W - 0.1 * dW), tf.assign(b, b - 0.1 * db)]
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(step, feed_dict={x: np.ones((4, 2))})
    """, """
    W = tf.Variable(tf.ones([2, 1]))
    b = tf.Variable(tf.zeros([1]))

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 2])])
    def update_W_and_update_b(x):
        err = tf.matmul(x, W) + b
        dW = tf.matmul(tf.transpose(x), err)
        db = tf.reduce_mean(err, 0)
        new_W = W.assign(W - 0.1 * dW)
        new_b = b.assign(b - 0.1 * db)
        return new_W, new_b

    update_W_and_update_b(np.ones((4, 2)))
    """)


def test_inline_assigns_reading_each_others_variable_are_refused():
    falls_back("""
    a = tf.Variable(1.0)
    b = tf.Variable(2.0)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run([a.assign(b), b.assign(a)]))
    """, "an inline assign() reads `a`, which another assign of the same run updates")
