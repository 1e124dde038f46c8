"""--to eager: tf.control_dependencies -> program order in the run function (patterns/control.py).
That the order gives the graph's numbers is verify's business (s08, s78 in
test_session_scripts.py)."""
from tests.migrate.eager.helpers import check, falls_back, translated


def test_an_assign_waiting_for_another_runs_after_it_and_runs_it():
    check("""
    counter = tf.Variable(0.0)
    total = tf.Variable(0.0)
    increment = tf.assign_add(counter, 1.0)
    with tf.control_dependencies([increment]):
        accumulate = tf.assign_add(total, counter * 2.0)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(accumulate)
    """, """
    counter = tf.Variable(0.0)
    total = tf.Variable(0.0)

    @tf.function(autograph=False)
    def train_step():
        increment = counter.assign_add(1.0)
        return total.assign_add(counter * 2.0)

    train_step()
    """)


def test_a_tensor_waiting_for_an_update_is_computed_after_the_updates_with_its_comment():
    code = translated("""
    x = tf.placeholder(tf.float32, [None, 1])
    w = tf.Variable(tf.ones([1, 1]))
    loss = tf.reduce_sum(tf.matmul(x, w))
    gw, = tf.gradients(loss, [w])
    step = tf.group(w.assign_sub(0.1 * gw))
    # the loss once the weights moved
    with tf.control_dependencies([step]):
        after = tf.reduce_sum(tf.matmul(x, w))
    doubled = 2.0 * after
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run([loss, doubled], feed_dict={x: np.ones((2, 1))}))
    """)
    body = code[code.index("def train_step"):]
    assert body.index("w.assign_sub(0.1 * gw)") < body.index("# the loss once the weights moved") \
        < body.index("after = tf.reduce_sum") < body.index("doubled = 2.0 * after") < body.index("return loss, doubled")
    assert code.count("# the loss once the weights moved") == 1


def test_running_the_block_runs_the_control_inputs_once():
    code = translated("""
    v = tf.Variable(1.0)
    bump = v.assign_add(1.0)
    with tf.control_dependencies([bump]):
        seen = tf.identity(v)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(seen))
    """)
    assert code.count("v.assign_add(1.0)") == 1 and "return tf.identity(v)" in code


def test_a_read_outside_the_block_is_still_unordered_and_refused():
    falls_back("""
    v = tf.Variable(1.0)
    read = v * 3.0
    bump = v.assign_add(1.0)
    with tf.control_dependencies([bump]):
        out = tf.identity(read)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(out))
    """, "`read` reads `v`, which `bump` updates in the same run")


def test_what_is_not_translated_is_refused_with_the_reason():
    for block, reason in [
        ("with tf.control_dependencies(ops):", "of something other than a literal list of names"),
        ("with tf.control_dependencies([train]):", "tf.control_dependencies on `train` (a train)"),
    ]:
        falls_back(f"""
        x = tf.placeholder(tf.float32, [None, 1])
        w = tf.Variable(tf.ones([1, 1]))
        loss = tf.reduce_sum(tf.matmul(x, w))
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        ops = [train]
        {block}
            after = tf.reduce_sum(tf.matmul(x, w))
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        print(sess.run(after, feed_dict={{x: np.ones((2, 1))}}))
        """, reason)
    falls_back("""
    v = tf.Variable(1.0)
    bump = v.assign_add(1.0)
    with tf.control_dependencies([bump]):
        w = tf.Variable(v * 2.0)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(w))
    """, "a variable built under tf.control_dependencies")
