"""--to eager: loops, ifs and withs that build and run a graph of their own (patterns/session_blocks.py)."""
from tests.migrate.eager.helpers import check, falls_back, translated


def test_one_model_per_pass_of_a_loop_is_translated_in_place():
    check("""
    for rate in [0.1, 0.5]:
        tf.reset_default_graph()
        x = tf.placeholder(tf.float32, [None, 1])
        w = tf.Variable(tf.zeros([1, 1]))
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - 1.0))
        train = tf.train.GradientDescentOptimizer(rate).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(5):
                sess.run(train, {x: [[1.0]]})
            print(rate, sess.run(w))
    """, """
    for rate in [0.1, 0.5]:
        w = tf.Variable(tf.zeros([1, 1]))
        optimizer = tf.keras.optimizers.SGD(learning_rate=rate)

        @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 1])])
        def train_step(x):
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - 1.0))
            grads = tape.gradient(loss, [w])
            optimizer.apply_gradients(zip(grads, [w]))

        for _ in range(5):
            train_step([[1.0]])
        print(rate, w.numpy())
    """)


def test_a_main_guard_holding_the_session_program_is_translated_in_place():
    code = translated("""
    if __name__ == "__main__":
        sess = tf.Session()
        print(sess.run(tf.constant(1.0)))
    """)
    assert "Session" not in code and "    print(tf.constant(1.0).numpy())" in code


def test_the_block_must_not_read_graph_values_built_outside_it():
    falls_back("""
    x = tf.placeholder(tf.float32, [None, 1])
    for rate in [0.1, 0.5]:
        w = tf.Variable(tf.zeros([1, 1]))
        out = tf.matmul(x, w) * rate
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            print(sess.run(out, {x: [[1.0]]}))
    """, "`x` (placeholder) is used outside Session.run")


def test_what_the_translation_removes_from_the_block_must_not_be_read_after_it():
    falls_back("""
    for rate in [0.1, 0.5]:
        x = tf.placeholder(tf.float32, [None, 1])
        w = tf.Variable(tf.ones([1, 1]))
        out = tf.matmul(x, w) * rate
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        print(sess.run(out, {x: [[1.0]]}))
    print(sess.run(w))
    """, "`sess` (session), built inside a for loop at line 5, is used after it")  # line 5: after the two imports


def test_random_ops_in_a_loop_need_the_seed_set_in_the_loop():
    loop = """
    for rate in [0.1, 0.5]:
        tf.reset_default_graph()
        {seed}x = tf.placeholder(tf.float32, [None, 1])
        w = tf.Variable(tf.random_normal([1, 1], seed=3))
        out = tf.matmul(x, w) * rate
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            print(sess.run(out, {{x: [[1.0]]}}))
    """
    falls_back(loop.format(seed=""), "tf.random.normal in a for loop that builds a graph per pass")
    code = translated(loop.format(seed="tf.set_random_seed(1)\n        "))
    assert "    tf.random.set_seed(1)\n    w = tf.Variable(tf.random.normal([1, 1], seed=3))" in code
