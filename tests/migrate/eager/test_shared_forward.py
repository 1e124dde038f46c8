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

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 1]), tf.TensorSpec([None, 1])])
    def forward(x, y):
        pred = tf.matmul(x, w)
        return tf.reduce_mean(tf.square(pred - y))

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 1]), tf.TensorSpec([None, 1])])
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
    # compute_h needs only h: one statement is not shared; the training step and compute_hits share h and pred
    assert "def forward(x):\n    h = tf.matmul(x, w)\n    return tf.sigmoid(h)\n" in code
    assert "def compute_h(x):\n    return tf.matmul(x, w)\n" in code
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
    # the next statement alone reads pred: the call is written into it (inline_calls.py)
    assert "        loss = tf.reduce_mean(tf.square(forward(x) - y))\n" in code
    assert "    return tf.reduce_mean(tf.cast(tf.equal(tf.round(forward(x)), y), tf.float32))\n" in code


def test_each_group_of_functions_that_share_a_part_gets_its_own_forward_function():
    code = translated("""
    x = tf.placeholder(tf.float32, [None, 2])
    y = tf.placeholder(tf.float32, [None, 1])
    w = tf.Variable(tf.ones([2, 1]))
    h = tf.matmul(x, w)
    loss = tf.reduce_mean(tf.square(h - y))
    scores = tf.matmul(x, w * 2.0)
    top = tf.reduce_max(tf.sigmoid(scores))
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(train, {x: [[1.0, 2.0]], y: [[1.0]]})
    print(sess.run(loss, {x: [[1.0, 2.0]], y: [[1.0]]}))
    print(sess.run(top, {x: [[1.0, 2.0]]}), sess.run(top * 2.0, {x: [[1.0, 2.0]]}))
    """)
    assert "def forward(x, y):\n    h = tf.matmul(x, w)\n    return tf.reduce_mean(tf.square(h - y))\n" in code
    assert "def forward_2(x):\n    scores = tf.matmul(x, w * 2.0)\n    return tf.reduce_max(tf.sigmoid(scores))\n" \
        in code
    assert code.count("tf.matmul(") == 2


def test_a_function_that_reads_not_every_returned_value_unpacks_the_rest_into_an_underscore():
    code = translated("""
    x = tf.placeholder(tf.float32, [None, 2])
    y = tf.placeholder(tf.float32, [None, 1])
    w = tf.Variable(tf.ones([2, 1]))
    logits = tf.matmul(x, w)
    hits = tf.cast(tf.equal(tf.round(tf.sigmoid(logits)), y), tf.float32)
    accuracy = tf.reduce_mean(hits)
    loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=logits, labels=y))
    sess = tf.Session()
    print(sess.run([loss, accuracy], {x: [[1.0, 2.0]], y: [[1.0]]}))
    print(sess.run([accuracy], {x: [[1.0, 2.0]], y: [[1.0]]}))  # a list: no one-fetch run merged (merged_runs.py)
    """)
    assert "    logits, accuracy = forward(x, y)\n" in code
    assert "    _, accuracy = forward(x, y)\n    return accuracy\n" in code


def test_a_shared_rnn_returns_the_names_its_statement_is_unpacked_into():
    code = translated("""
    x = tf.placeholder(tf.float32, [None, 3, 2])
    y = tf.placeholder(tf.float32, [None, 1])
    w = tf.Variable(tf.ones([4, 1]))
    cell = tf.nn.rnn_cell.BasicLSTMCell(4)
    outputs, states = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    pred = tf.matmul(outputs[:, -1, :], w)
    loss = tf.reduce_mean(tf.square(pred - y))
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(train, {x: [[[1.0, 2.0]] * 3], y: [[1.0]]})
    print(sess.run([loss, states.h], {x: [[[1.0, 2.0]] * 3], y: [[1.0]]}))
    """)
    # the evaluation reads the state as states_h: forward returns it by that name
    assert "    outputs, states_h, states_c = rnn(x)\n    pred = tf.matmul(outputs[:, -1, :], w)\n" \
           "    loss = tf.reduce_mean(tf.square(pred - y))\n    return states_h, loss\n" in code
    assert "        _, loss = forward(x, y)\n" in code
    assert "    states_h, loss = forward(x, y)\n    return loss, states_h\n" in code
