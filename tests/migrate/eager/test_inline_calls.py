"""--to eager: a call of the shared forward part into a temporary that the next statement
alone reads is written into that statement (migrate/eager/inline_calls.py)."""
import textwrap

from migrate.eager.inline_calls import inlined_function, inlined_statements
from tests.migrate.eager.helpers import check


def _fn(code):
    return textwrap.dedent(code).lstrip("\n")


def test_a_temporary_read_once_by_the_next_statement_is_inlined_in_every_block():
    assert inlined_function(_fn("""
        def train_step(x, y):
            with tf.GradientTape() as tape:
                # the model
                logits = forward(x)
                loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=logits))
            return loss
        """), {"forward"}) == _fn("""
        def train_step(x, y):
            with tf.GradientTape() as tape:
                # the model
                loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=forward(x)))
            return loss
        """)


def test_a_return_of_the_temporary_is_the_call():
    assert inlined_function("def f(x):\n    pred = forward(x)\n    return tf.argmax(pred, 1)\n", {"forward"}) \
        == "def f(x):\n    return tf.argmax(forward(x), 1)\n"


KEPT = [
    # read twice
    "def f(x):\n    out = forward(x)\n    return out * out\n",
    # read again by a later statement
    "def f(x):\n    out = forward(x)\n    a = out + 1.0\n    return a, out\n",
    # a call finishes before the read: the forward call would run after it
    "def f(x):\n    out = forward(x)\n    return tf.add(tf.random.normal([1]), out)\n",
    # a lambda, a condition or a short circuit in the statement
    "def f(x):\n    out = forward(x)\n    return tf.map_fn(lambda v: v + out, x)\n",
    "def f(x, b):\n    out = forward(x)\n    return out if b else x\n",
    # the next statement is a block
    "def f(x):\n    out = forward(x)\n    with tf.name_scope('a'):\n        return out\n",
    # the read is a binding of the next statement
    "def f(x):\n    out = forward(x)\n    out = out + 1\n    return out\n",
    # not a call of the forward part: the author's statement
    "def f(x):\n    out = model(x)\n    return tf.argmax(out, 1)\n",
    # the merged line would be wider than 120 columns
    "def f(x):\n    out = forward(x)\n    return tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=some_much_longer_labels_name, "
    "logits=out))\n",
]


def test_where_the_order_or_the_names_could_tell_the_temporary_stays():
    for code in KEPT:
        assert inlined_function(code, {"forward"}) == code, code


def test_an_attribute_or_keyword_of_that_name_is_no_read():
    code = "def f(x):\n    logits = forward(x)\n    return loss_of(labels=x.logits, logits=logits)\n"
    assert inlined_function(code, {"forward"}) == \
        "def f(x):\n    return loss_of(labels=x.logits, logits=forward(x))\n"


def test_a_run_written_at_its_place_inlines_into_its_statements_or_its_value():
    assert inlined_statements(["logits = forward(X)\n", "correct = tf.equal(tf.argmax(logits, 1), Y)\n"],
                              "tf.reduce_mean(correct)", {"forward"}, 0, 40) == \
        (["correct = tf.equal(tf.argmax(forward(X), 1), Y)\n"], "tf.reduce_mean(correct)")
    assert inlined_statements(["logits = forward(X)\n"], "tf.argmax(logits, 1)", {"forward"}, 0, 40) == \
        ([], "tf.argmax(forward(X), 1)")
    # the site's line would be wider than 120 columns: the value keeps its statement
    assert inlined_statements(["logits = forward(X)\n"], "tf.argmax(logits, 1)", {"forward"}, 2, 118) == \
        (["logits = forward(X)\n"], "tf.argmax(logits, 1)")


def test_the_training_step_and_the_final_evaluation_call_forward_inline():
    check("""
    X = np.ones([4, 2]).astype(np.float32)
    Y = np.eye(2)[[0, 1, 0, 1]].astype(np.float32)
    x = tf.placeholder(tf.float32, [None, 2])
    y = tf.placeholder(tf.float32, [None, 2])
    W = tf.Variable(tf.zeros([2, 2]))
    h = tf.nn.relu(tf.matmul(x, W))
    logits = tf.matmul(h, W)
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits))
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    correct = tf.equal(tf.argmax(logits, 1), tf.argmax(y, 1))
    accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for i in range(3):
        sess.run(train, {x: X, y: Y})
    print("accuracy", sess.run(accuracy, {x: X, y: Y}))
    """, """
    X = np.ones([4, 2]).astype(np.float32)
    Y = np.eye(2)[[0, 1, 0, 1]].astype(np.float32)
    W = tf.Variable(tf.zeros([2, 2]))
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)

    def forward(x):
        h = tf.nn.relu(tf.matmul(x, W))
        return tf.matmul(h, W)

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 2]), tf.TensorSpec([None, 2])])
    def train_step(x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=forward(x)))
        grads = tape.gradient(loss, [W])
        optimizer.apply_gradients(zip(grads, [W]))

    for i in range(3):
        train_step(X, Y)
    correct = tf.equal(tf.argmax(forward(X), 1), tf.argmax(Y, 1))
    print("accuracy", tf.reduce_mean(tf.cast(correct, tf.float32)).numpy())
    """)
