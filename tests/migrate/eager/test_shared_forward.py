"""--to eager: the forward pass every run function computes is one Python function (patterns/shared_forward.py)."""
from tests.migrate.eager.helpers import check, translated


def test_the_forward_pass_is_written_once_and_called_by_each_function():
    check("""
    x = tf.placeholder(tf.float32, [None, 1])
    y = tf.placeholder(tf.float32, [None, 1])
    w = tf.Variable(tf.zeros([1, 1]))
    pred = tf.matmul(x, w)
    loss = tf.reduce_mean(tf.square(pred - y))
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for i in range(2):
        sess.run(train, {x: [[1.0]], y: [[2.0]]})
        print(sess.run(loss, {x: [[1.0]], y: [[2.0]]}))
    """, """
    w = tf.Variable(tf.zeros([1, 1]))
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)

    signature = [tf.TensorSpec([None, 1]), tf.TensorSpec([None, 1])]

    @tf.function(autograph=False, input_signature=signature)
    def forward(x, y):
        pred = tf.matmul(x, w)
        return tf.reduce_mean(tf.square(pred - y))

    @tf.function(autograph=False, input_signature=signature)
    def train_step(x, y):
        with tf.GradientTape() as tape:
            loss = forward(x, y)
        grads = tape.gradient(loss, [w])
        optimizer.apply_gradients(zip(grads, [w]))

    for i in range(2):
        train_step([[1.0]], [[2.0]])
        print(forward([[1.0]], [[2.0]]).numpy())
    """)


def test_only_what_every_function_computes_is_shared_and_each_value_it_needs_is_returned():
    code = translated("""
    x = tf.placeholder(tf.float32, [None, 2])
    y = tf.placeholder(tf.float32, [None, 1])
    w = tf.Variable(tf.ones([2, 1]))
    h = tf.matmul(x, w)
    pred = tf.sigmoid(h)
    loss = tf.reduce_mean(tf.square(pred - y))
    hits = tf.reduce_mean(tf.cast(tf.equal(tf.round(pred), y), tf.float32))
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(train, {x: [[1.0, 2.0]], y: [[1.0]]})
    print(sess.run(hits, {x: [[1.0, 2.0]], y: [[1.0]]}), sess.run(h, {x: [[1.0, 2.0]]}))
    """)
    # compute_h needs only h: nothing else is common to all three functions, and one statement is not shared
    assert "forward" not in code
    code = translated("""
    x = tf.placeholder(tf.float32, [None, 2])
    y = tf.placeholder(tf.float32, [None, 1])
    w = tf.Variable(tf.ones([2, 1]))
    h = tf.matmul(x, w)
    pred = tf.sigmoid(h)
    loss = tf.reduce_mean(tf.square(pred - y))
    hits = tf.reduce_mean(tf.cast(tf.equal(tf.round(pred), y), tf.float32))
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(train, {x: [[1.0, 2.0]], y: [[1.0]]})
    print(sess.run(hits, {x: [[1.0, 2.0]], y: [[1.0]]}))
    """)
    assert "def forward(x):\n    h = tf.matmul(x, w)\n    return tf.sigmoid(h)\n" in code
    assert "        pred = forward(x)\n        loss = tf.reduce_mean(tf.square(pred - y))\n" in code
    assert "    pred = forward(x)\n    return tf.reduce_mean(" in code
