"""migrate --to eager, pattern by pattern: Session code in, the eager TF 2 code out.

Pure translations (no TensorFlow is imported); that the translations compute the same
numbers as the compat form is test_eager_verify.py's business.
"""
import textwrap

import pytest

from migrate.eager import FALLBACK_RULE, translate_source
from migrate.findings import CHANGE, WARNING

HEADER = "import numpy as np\nimport tensorflow as tf\n"


def translate(body, header=HEADER):
    return translate_source(header + textwrap.dedent(body))


def lines(code):
    return [line.rstrip() for line in code.splitlines() if line.strip()]


def check(before, after, header=HEADER):
    """The translation of `before` is `after`, line for line (blank lines aside)."""
    outcome = translate(before, header)
    assert not [f for f in outcome.findings if f.rule == FALLBACK_RULE], outcome.findings
    expected = header + textwrap.dedent(after)
    assert lines(outcome.code) == lines(expected), "\n" + outcome.code
    return outcome


def translated(body, header=HEADER):
    outcome = translate(body, header)
    reasons = [f.message for f in outcome.findings if f.rule == FALLBACK_RULE]
    assert not reasons, reasons
    return outcome.code


def falls_back(body, reason, header=HEADER):
    outcome = translate(body, header)
    warnings = [f for f in outcome.findings if f.rule == FALLBACK_RULE]
    assert warnings, outcome.code
    assert all(f.severity == WARNING for f in warnings)
    assert any(reason in f.message for f in warnings), [f.message for f in warnings]
    assert "GradientTape" not in outcome.code and "@tf.function" not in outcome.code
    return outcome


REGRESSION = """
    x = tf.placeholder(tf.float32, [None, 1])
    y = tf.placeholder(tf.float32, [None, 1])
    w = tf.Variable(tf.zeros([1, 1]))
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
"""


# ---------------------------------------------------------------- session plumbing, placeholders, fetches


def test_placeholders_become_arguments_and_sess_run_a_call_returning_numpy():
    check(REGRESSION + """
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(loss, feed_dict={x: [[1.0]], y: [[2.0]]}))
    """, """
    w = tf.Variable(tf.zeros([1, 1]))

    @tf.function(input_signature=[
        tf.TensorSpec([None, 1], tf.float32),
        tf.TensorSpec([None, 1], tf.float32),
    ])
    def compute_loss(x, y):
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
        return loss

    print(compute_loss([[1.0]], [[2.0]]).numpy())
    """)


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


def test_feed_order_other_than_the_parameters_is_passed_by_keyword():
    # the feed values are evaluated in the order written, as they were for feed_dict
    code = translated(REGRESSION + """
    sess = tf.Session()
    print(sess.run(loss, feed_dict={y: np.ones((1, 1)), x: np.zeros((1, 1))}))
    """)
    assert "compute_loss(y=np.ones((1, 1)), x=np.zeros((1, 1)))" in code


def test_a_fed_placeholder_the_fetch_does_not_need_is_dropped():
    code = translated(REGRESSION + """
    sess = tf.Session()
    print(sess.run(w * 2.0, feed_dict={x: [[1.0]]}))
    """)
    assert "def compute_value():" in code
    assert "compute_value().numpy()" in code


def test_interactive_session_eval_and_run():
    code = translated(REGRESSION + """
    train_step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    sess = tf.InteractiveSession()
    tf.global_variables_initializer().run()
    train_step.run(feed_dict={x: [[1.0]], y: [[2.0]]})
    print(loss.eval(feed_dict={x: [[1.0]], y: [[2.0]]}), w.eval())
    print(loss.eval({x: [[1.0]], y: [[2.0]]}, session=sess))
    """)
    assert "InteractiveSession" not in code and ".run(" not in code and ".eval(" not in code
    assert "\ntrain_step([[1.0]], [[2.0]])\n" in code
    assert "print(compute_loss([[1.0]], [[2.0]]).numpy(), w.numpy())" in code
    assert "print(compute_loss([[1.0]], [[2.0]]).numpy())" in code


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


# ---------------------------------------------------------------- training


def test_minimize_becomes_a_tape_step_with_the_keras_optimizer_and_explicit_arguments():
    outcome = check(REGRESSION + """
    opt = tf.train.GradientDescentOptimizer(0.05)
    train = opt.minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for i in range(10):
        _, l = sess.run([train, loss], feed_dict={x: [[1.0]], y: [[2.0]]})
    """, """
    w = tf.Variable(tf.zeros([1, 1]))
    # Keras SGD does the arithmetic of tf.compat.v1.train.GradientDescentOptimizer;
    #   every argument is explicit.
    # learning_rate: TF1 requires it; Keras would default to 0.01, so it is always passed.
    opt = tf.keras.optimizers.SGD(learning_rate=0.05, momentum=0.0, nesterov=False)

    @tf.function(input_signature=[
        tf.TensorSpec([None, 1], tf.float32),
        tf.TensorSpec([None, 1], tf.float32),
    ])
    def train_step(x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
        grads = tape.gradient(loss, [w])
        opt.apply_gradients(zip(grads, [w]))
        return loss

    for i in range(10):
        l = train_step([[1.0]], [[2.0]]).numpy()
    """)
    rules = {f.rule for f in outcome.findings}
    assert {"eager-tape", "eager-optimizer", "eager-placeholder", "eager-session", "eager-init"} <= rules
    assert all(f.severity == CHANGE for f in outcome.findings)


def test_a_train_op_run_alone_is_a_statement_and_a_list_keeps_none_for_it():
    code = translated(REGRESSION + """
    train_step = tf.train.GradientDescentOptimizer(0.05).minimize(loss)
    sess = tf.Session()
    sess.run(train_step, feed_dict={x: [[1.0]], y: [[2.0]]})
    result = sess.run([train_step, loss], feed_dict={x: [[1.0]], y: [[2.0]]})
    """)
    assert "\ntrain_step([[1.0]], [[2.0]])\n" in code
    assert "result = [None, train_step_2([[1.0]], [[2.0]]).numpy()]" in code
    # the inline optimizer gets a name of its own
    assert "optimizer = tf.keras.optimizers.SGD(learning_rate=0.05, momentum=0.0, nesterov=False)" in code


@pytest.mark.parametrize("tf1, keras", [
    ("tf.train.AdamOptimizer(0.01)",
     "tf.keras.optimizers.Adam(learning_rate=0.01, beta_1=0.9, beta_2=0.999, epsilon=1e-08, amsgrad=False)"),
    ("tf.train.AdamOptimizer(learning_rate=0.1, beta1=0.8, epsilon=1e-6)",
     "tf.keras.optimizers.Adam(learning_rate=0.1, beta_1=0.8, beta_2=0.999, epsilon=1e-6, amsgrad=False)"),
    ("tf.train.MomentumOptimizer(0.01, 0.9)",
     "tf.keras.optimizers.SGD(learning_rate=0.01, momentum=0.9, nesterov=False)"),
    ("tf.train.MomentumOptimizer(learning_rate=0.01, momentum=1, use_nesterov=True)",
     "tf.keras.optimizers.SGD(learning_rate=0.01, momentum=1.0, nesterov=True)"),
    ("tf.train.MomentumOptimizer(0.01, mom)",
     "tf.keras.optimizers.SGD(learning_rate=0.01, momentum=float(mom), nesterov=False)"),
    ("tf.train.AdagradOptimizer(0.5)",
     "tf.keras.optimizers.Adagrad(learning_rate=0.5, initial_accumulator_value=0.1, epsilon=0.0)"),
    ("tf.train.AdadeltaOptimizer()",
     "tf.keras.optimizers.Adadelta(learning_rate=0.001, rho=0.95, epsilon=1e-08)"),
])
def test_each_tf1_optimizer_becomes_the_keras_one_of_the_equivalence_table(tf1, keras):
    code = translated(REGRESSION + f"""
    mom = 0.9
    opt = {tf1}
    train = opt.minimize(loss)
    sess = tf.Session()
    sess.run(train, feed_dict={{x: [[1.0]], y: [[2.0]]}})
    """)
    assert f"opt = {keras}\n" in code
    assert "# Keras " in code and "every argument is explicit" in code
    assert "twins/" not in code and "migrate/" not in code  # no pointer into this repository


def test_adam_comment_says_why_epsilon_is_passed():
    code = translated(REGRESSION + """
    train = tf.train.AdamOptimizer(0.01).minimize(loss)
    sess = tf.Session()
    sess.run(train, feed_dict={x: [[1.0]], y: [[2.0]]})
    """)
    assert "# epsilon: TF1 default 1e-8, Keras default 1e-7: always passed." in code


def test_var_list_and_trainable_false_decide_what_the_tape_differentiates():
    code = translated("""
    x = tf.placeholder(tf.float32, [None, 1])
    a = tf.Variable(1.0)
    b = tf.Variable(2.0, trainable=False)
    c = tf.Variable(3.0)
    loss = tf.reduce_sum(a * b * c * x)
    t1 = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    sess = tf.Session()
    sess.run(t1, {x: [[1.0]]})
    """)
    assert "tape.gradient(loss, [a, c])" in code
    code = translated("""
    x = tf.placeholder(tf.float32, [None, 1])
    a = tf.Variable(1.0)
    c = tf.Variable(3.0)
    loss = tf.reduce_sum(a * c * x)
    t1 = tf.train.GradientDescentOptimizer(0.1).minimize(loss, var_list=[c])
    sess = tf.Session()
    sess.run(t1, {x: [[1.0]]})
    """)
    assert "tape.gradient(loss, [c])" in code


def test_tf_gradients_with_assign_updates_becomes_tape_gradient_then_the_assigns():
    code = translated("""
    x = tf.placeholder(tf.float32, [None, 2])
    W = tf.Variable(tf.zeros([2, 1]))
    b = tf.Variable(0.0)
    cost = tf.reduce_mean(tf.square(tf.matmul(x, W) + b))
    grad_W, grad_b = tf.gradients(xs=[W, b], ys=cost)
    new_W = W.assign(W - 0.1 * grad_W)
    new_b = tf.assign_sub(b, 0.1 * grad_b)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        _, _, c = sess.run([new_W, new_b, cost], feed_dict={x: [[1.0, 2.0]]})
    """)
    assert textwrap.dedent("""
    def train_step(x):
        with tf.GradientTape() as tape:
            cost = tf.reduce_mean(tf.square(tf.matmul(x, W) + b))
        grad_W, grad_b = tape.gradient(cost, [W, b])
        new_W = W.assign(W - 0.1 * grad_W)
        new_b = b.assign_sub(0.1 * grad_b)
        return new_W, new_b, cost
    """) in code
    assert "_, _, c = (t.numpy() for t in train_step([[1.0, 2.0]]))" in code


def test_tf_gradients_of_a_single_tensor_keeps_the_list_tf_gradients_returned():
    code = translated("""
    x = tf.placeholder(tf.float32, [None])
    w = tf.Variable(2.0)
    y = tf.reduce_sum(w * x * x)
    g = tf.gradients(y, w)
    dx = tf.gradients(y, x)[0]
    sess = tf.Session()
    print(sess.run(g[0], {x: [1.0]}))
    print(sess.run(dx, {x: [1.0]}))
    """)
    assert "g = tape.gradient(y, [w])" in code
    assert "tape.watch(x)" in code


def test_a_group_of_a_train_op_and_a_counter_update():
    code = translated(REGRESSION + """
    steps = tf.Variable(0, trainable=False)
    opt = tf.train.AdagradOptimizer(0.1)
    minimize = opt.minimize(loss)
    count = tf.assign_add(steps, 1)
    train_op = tf.group(minimize, count)
    sess = tf.Session()
    sess.run(train_op, feed_dict={x: [[1.0]], y: [[2.0]]})
    """)
    assert "opt.apply_gradients(zip(grads, [w]))\n    count = steps.assign_add(1)" in code
    assert "\ntrain_step([[1.0]], [[2.0]])\n" in code


def test_global_step_is_incremented_after_the_update():
    code = translated(REGRESSION + """
    global_step = tf.Variable(0, trainable=False)
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=global_step)
    sess = tf.Session()
    sess.run(train, feed_dict={x: [[1.0]], y: [[2.0]]})
    print(sess.run(global_step))
    """)
    assert "global_step.assign_add(1)" in code


# ---------------------------------------------------------------- graphs, seeds, names


def test_two_graphs_separated_by_reset_default_graph_are_translated_each():
    code = translated(REGRESSION + """
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    sess = tf.Session()
    sess.run(train, feed_dict={x: [[1.0]], y: [[2.0]]})
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [None])
    v = tf.Variable(5.0)
    loss = tf.reduce_sum(tf.square(v * x))
    train = tf.train.AdamOptimizer(0.1).minimize(loss)
    sess = tf.Session()
    sess.run(train, feed_dict={x: [1.0]})
    """)
    assert "reset_default_graph" not in code
    assert code.count("def train_step(") == 2  # one per graph, the second after the first's last call
    assert "tape.gradient(loss, [w])" in code and "tape.gradient(loss, [v])" in code


def test_tf_graph_as_default_and_name_scope_blocks_are_dissolved():
    code = translated("""
    with tf.Graph().as_default():
        with tf.name_scope("model"):
            x = tf.placeholder(tf.float32, [2])
            w = tf.Variable(tf.ones([2]))
            out = tf.reduce_sum(w * x)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            print(sess.run(out, {x: [1.0, 2.0]}))
    """)
    assert "Graph" not in code and "name_scope" not in code
    assert "\nw = tf.Variable(tf.ones([2]))\n" in code


def test_variables_keep_their_initialisers_and_explicit_op_seeds():
    code = translated("""
    tf.set_random_seed(1)
    A = tf.Variable(tf.random_normal(mean=10, shape=[1], seed=3))
    B = tf.Variable(tf.truncated_normal([2, 2], stddev=0.1, seed=4))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(A), sess.run(B))
    """)
    assert "tf.random.set_seed(1)" in code
    assert "A = tf.Variable(tf.random.normal(mean=10, shape=[1], seed=3))" in code
    assert "B = tf.Variable(tf.random.truncated_normal([2, 2], stddev=0.1, seed=4))" in code


def test_random_op_without_op_seed_under_a_global_seed_is_translated_with_a_warning():
    outcome = translate("""
    tf.set_random_seed(1)
    A = tf.Variable(tf.random_normal([1]))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(A))
    """)
    warnings = [f for f in outcome.findings if f.severity == WARNING]
    assert [f.rule for f in warnings] == ["eager-seed"]
    assert "add seed=N" in warnings[0].message
    assert "A = tf.Variable(tf.random.normal([1]))" in outcome.code


def test_tf0_and_v1_names_are_written_the_tf2_way():
    code = translated("""
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.placeholder(tf.float32, [None, 3])
    W = tf.Variable(tf.zeros([3, 3]))
    pred = tf.nn.softmax(tf.mul(x, 2.0) + tf.matmul(x, W), dim=1)
    xent = tf.nn.sigmoid_cross_entropy_with_logits(pred, y)
    total = tf.reduce_sum(-tf.log(pred) * tf.to_float(y), reduction_indices=[1], keep_dims=True)
    best = tf.argmax(pred, dimension=1)
    sess = tf.Session()
    sess.run(tf.initialize_all_variables())
    print(sess.run([xent, total, best], {x: [[1.0, 2.0, 3.0]], y: [[0.0, 1.0, 0.0]]}))
    """)
    assert "tf.nn.softmax(tf.multiply(x, 2.0) + tf.matmul(x, W), axis=1)" in code
    assert "tf.nn.sigmoid_cross_entropy_with_logits(logits=pred, labels=y)" in code
    assert "tf.reduce_sum(-tf.math.log(pred) * tf.cast(y, tf.float32), axis=[1], keepdims=True)" in code
    assert "tf.argmax(pred, axis=1)" in code


def test_lower_cased_names_and_compat_v1_module_are_understood():
    code = translated("""
    x = tf.placeholder(tf.float32, [1])
    a = tf.variable(tf.random_normal(shape=[1], seed=1))
    loss = tf.square(x * a)
    train = tf.train.gradientdescentoptimizer(0.1).minimize(loss)
    sess = tf.session()
    sess.run(train, feed_dict={x: [1.0]})
    """)
    assert "a = tf.Variable(tf.random.normal(shape=[1], seed=1))" in code
    compat = translated("""
    tf.disable_v2_behavior()
    x = tf.placeholder(tf.float32, [1])
    a = tf.Variable(1.0)
    sess = tf.Session()
    print(sess.run(a * x, {x: [2.0]}))
    """, header="import tensorflow.compat.v1 as tf\n")
    assert compat.startswith("import tensorflow as tf\n")
    assert "disable_v2_behavior" not in compat and "compat.v1" not in compat


def test_mnist_input_data_comes_from_the_offline_shim():
    code = translated("""
    from tensorflow.examples.tutorials.mnist import input_data
    mnist = input_data.read_data_sets("/tmp/data/", one_hot=True)
    x = tf.placeholder(tf.float32, [None, 784])
    W = tf.Variable(tf.zeros([784, 10]))
    sess = tf.Session()
    print(sess.run(tf.reduce_sum(tf.matmul(x, W)), {x: mnist.test.images[:10]}))
    """)
    assert "from migrate.shims import input_data" in code


def test_a_script_without_sessions_is_left_alone():
    source = HEADER + "x = tf.constant(3.0)\nprint(x + 1)\n"
    outcome = translate_source(source)
    assert outcome.code == source and not outcome.changed and outcome.findings == []


# ---------------------------------------------------------------- what is not translated


def test_control_dependencies_fall_back_with_the_reason():
    outcome = falls_back("""
    v = tf.Variable(0.0)
    inc = tf.assign_add(v, 1.0)
    with tf.control_dependencies([inc]):
        out = tf.identity(v)
    sess = tf.Session()
    print(sess.run(out))
    """, "tf.control_dependencies orders ops inside the graph")
    # the fallback is migrate's compat output
    assert "tf.compat.v1.Session()" in outcome.code
    assert len([f for f in outcome.findings if f.rule == FALLBACK_RULE]) == 1


@pytest.mark.parametrize("body, reason", [
    ("q = tf.FIFOQueue(3, [tf.float32])\nv = q.dequeue()\nsess = tf.Session()\nprint(sess.run(v))\n",
     "queues are not translated"),
    ("v = tf.get_variable('v', [1])\nsess = tf.Session()\nprint(sess.run(v))\n",
     "tf.get_variable creates or reuses variables by name"),
    ("x = tf.placeholder(tf.bool)\nout = tf.cond(x, lambda: tf.constant(1), lambda: tf.constant(2))\n"
     "sess = tf.Session()\nprint(sess.run(out, {x: True}))\n", "tf.cond"),
    ("x = tf.placeholder(tf.float32)\nw = tf.Variable(1.0)\nloss = tf.square(w * x)\n"
     "train = tf.train.RMSPropOptimizer(0.1).minimize(loss)\nsess = tf.Session()\nsess.run(train, {x: 1.0})\n",
     "RMSPropOptimizer has no Keras optimizer with the same arithmetic"),
    ("x = tf.placeholder(tf.float32)\ny = x * 2\nsess = tf.Session()\nfd = {x: 1.0}\nprint(sess.run(y, fd))\n",
     "feed_dict that is not a literal dict"),
    ("x = tf.placeholder(tf.float32)\ny = x * 2\nsess = tf.Session()\nprint(sess.run(y))\n",
     "placeholder `x` is needed but not fed"),
    ("w = tf.Variable(1.0)\nx = tf.placeholder(tf.float32)\nloss = tf.square(w * x)\n"
     "train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)\nsess = tf.Session()\n"
     "print(sess.run([train, w], {x: 1.0}))\n", "fetched in the same run that updates it"),
    ("w = tf.Variable(1.0)\ninit = tf.global_variables_initializer()\nsess = tf.Session()\nsess.run(init)\n"
     "print(sess.run(w))\nsess.run(init)\n", "initialised a second time"),
    ("w = tf.Variable(1.0)\nsess = tf.Session()\nfor i in range(3):\n    y = w * i\n    print(sess.run(y))\n",
     "graph built inside a block"),
    ("x = tf.placeholder(tf.float32)\nlr = 0.1\ny = x * lr\nsess = tf.Session()\nfor lr in [1.0, 2.0]:\n"
     "    print(sess.run(y, {x: 1.0}))\n", "`lr`"),
    ("x = tf.placeholder(tf.float32)\ny = x * 2\nprint(y)\nsess = tf.Session()\nprint(sess.run(y, {x: 1.0}))\n",
     "`y` (tensor) is used outside Session.run"),
    ("x = tf.placeholder(tf.float32)\nkeep = tf.placeholder(tf.float32)\nh = tf.nn.dropout(x, keep)\n"
     "a = h * 2\nb = h * 3\nsess = tf.Session()\nprint(sess.run(a, {x: 1.0, keep: 0.5}))\n"
     "print(sess.run(b, {x: 1.0, keep: 1.0}))\n", "random op `h` is used by 2 different Session.run patterns"),
    ("w = tf.Variable(1.0)\nsaver = tf.train.Saver()\nsess = tf.Session()\nsaver.save(sess, '/tmp/x')\n",
     "tf.train.Saver"),
])
def test_constructs_that_are_not_translated_are_reported(body, reason):
    falls_back(body, reason)


def test_the_findings_of_a_fallback_point_at_the_offending_line():
    outcome = translate("""
    v = tf.Variable(0.0)
    sess = tf.Session()
    q = tf.FIFOQueue(3, [tf.float32])
    """)
    [finding] = [f for f in outcome.findings if f.rule == FALLBACK_RULE]
    assert finding.line == 6  # two header lines, a blank line, then v, sess, q
    assert str(finding).startswith("6:")


def test_session_code_inside_a_function_is_reported_not_passed_by():
    falls_back("""
    def outer():
        def inner():
            x = tf.placeholder(tf.float32)
            with tf.Session() as sess:
                print(sess.run(x * 2, {x: 1.0}))
        inner()
    outer()
    """, "Session code inside a function or class")
    falls_back("""
    if __name__ == "__main__":
        sess = tf.Session()
        print(sess.run(tf.constant(1.0)))
    """, "a Session created inside a block")


def test_a_helper_that_creates_variables_is_not_inlined_into_functions():
    falls_back("""
    def dense(inputs, n):
        W = tf.Variable(tf.zeros([2, n]))
        return tf.matmul(inputs, W)
    x = tf.placeholder(tf.float32, [None, 2])
    out = dense(x, 3)
    sess = tf.Session()
    print(sess.run(out, {x: [[1.0, 2.0]]}))
    """, "`dense()` creates graph state (tf.Variable)")


def test_a_helper_that_only_computes_is_called_from_the_functions():
    code = translated("""
    W = tf.Variable(tf.ones([2, 3]))
    def model(inputs):
        return tf.nn.relu(tf.matmul(inputs, W))
    x = tf.placeholder(tf.float32, [None, 2])
    out = model(x)
    sess = tf.Session()
    print(sess.run(out, {x: [[1.0, 2.0]]}))
    """)
    assert "    out = model(x)\n    return out" in code


def test_variables_made_by_a_helper_def_are_variables_with_a_seed_warning_for_random_ones():
    outcome = translate("""
    def weight_variable(shape):
        initial = tf.truncated_normal(shape, stddev=0.1)
        return tf.Variable(initial)
    def bias_variable(shape):
        return tf.Variable(tf.constant(0.1, shape=shape))
    x = tf.placeholder(tf.float32, [None, 4])
    W = weight_variable([4, 2])
    b = bias_variable([2])
    loss = tf.reduce_sum(tf.square(tf.matmul(x, W) + b))
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(train, {x: np.ones((1, 4))})
    """)
    assert "tape.gradient(loss, [W, b])" in outcome.code
    assert "W = weight_variable([4, 2])" in outcome.code
    [warning] = [f for f in outcome.findings if f.severity == WARNING]
    assert warning.rule == "eager-seed" and "`weight_variable()`" in warning.message and warning.line == 4


def test_names_imported_one_by_one_from_tensorflow_are_written_tf_name():
    code = translated("""
    from tensorflow import Session, Variable, float32, mul, nn, placeholder, train
    x = placeholder(float32, [None])
    w = Variable(1.0)
    loss = nn.l2_loss(mul(w, x))
    step = train.GradientDescentOptimizer(0.1).minimize(loss)
    sess = Session()
    sess.run(step, {x: [1.0]})
    """, header="import numpy as np\n")
    assert "import tensorflow as tf\n" in code and "from tensorflow" not in code
    assert "loss = tf.nn.l2_loss(tf.multiply(w, x))" in code
    assert "w = tf.Variable(1.0)" in code
    assert "tf.TensorSpec([None], tf.float32)" in code


def test_session_code_in_a_method_is_translated_in_place():
    code = translated("""
    class Model(object):
        def train(self, steps):
            x = tf.placeholder(tf.float32, [None])
            w = tf.Variable(1.0)
            out = tf.reduce_sum(w * x)
            sess = tf.Session()
            return sess.run(out, {x: [float(steps)]})
    print(Model().train(3))
    """)
    assert "    def train(self, steps):\n        w = tf.Variable(1.0)" in code
    assert "        return compute_out([float(steps)]).numpy()" in code


def test_session_code_in_a_module_level_def_is_translated_in_place():
    code = translated("""
    def main():
        x = tf.placeholder(tf.float32, [None, 1])
        w = tf.Variable(tf.zeros([1, 1]))
        loss = tf.reduce_sum(tf.square(tf.matmul(x, w) - 1.0))
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for i in range(3):
                sess.run(train, feed_dict={x: [[1.0]]})
            return sess.run(w)

    if __name__ == "__main__":
        print(main())
    """)
    assert "def main():\n    w = tf.Variable(tf.zeros([1, 1]))" in code
    assert "\n    @tf.function(input_signature=[tf.TensorSpec([None, 1], tf.float32)])\n    def train_step(x):" in code
    assert "    for i in range(3):\n        train_step([[1.0]])\n    return w.numpy()" in code
    assert "Session" not in code


@pytest.mark.parametrize("original", ["seed000_backprop.py", "seed002_backprop_tf0.py", "seed003_mnist_formula.py"])
def test_migrate_s_compat_output_translates_to_the_same_eager_code(original):
    from pathlib import Path

    from migrate.engine import migrate_source

    source = (Path(__file__).parent.parent / "fixtures" / "originals" / original).read_text()
    direct = translate_source(source)
    via_compat = translate_source(migrate_source(source).code)
    assert not [f for f in via_compat.findings if f.rule == FALLBACK_RULE]
    assert via_compat.code == direct.code



# ---------------------------------------------------------------- stage 2: compat's names, once


def test_positional_weighted_cross_entropy_is_never_swapped_and_gets_compat_s_warning():
    """TF 0.x took (logits, targets, pos_weight), TF 1.x (targets, logits, pos_weight): the
    eager stage works on compat's output, so it can no longer pick an order silently."""
    outcome = translate("""
    t = tf.placeholder(tf.float32, [None])
    l = tf.placeholder(tf.float32, [None])
    loss = tf.reduce_sum(tf.nn.weighted_cross_entropy_with_logits(t, l, pos_weight=2.0))
    sess = tf.Session()
    print(sess.run(loss, {t: [1.0], l: [0.5]}))
    """)
    assert "weighted_cross_entropy_with_logits(t, l, pos_weight=2.0)" in outcome.code
    assert "logits=t" not in outcome.code and "labels=l" not in outcome.code
    [warning] = [f for f in outcome.findings if f.rule == "xent-positional"]
    assert warning.severity == WARNING and warning.line == 6 and "by keyword" in warning.message


@pytest.mark.parametrize("expression, written", [
    ("tf.inv(x)", "tf.math.reciprocal(x)"),
    ("tf.complex_abs(x)", "tf.abs(x)"),
    ("tf.listdiff(x, x)[0]", "tf.compat.v1.setdiff1d(x, x)[0]"),
])
def test_tf0_names_that_compat_renames_no_longer_make_eager_fall_back(expression, written):
    outcome = check(f"""
    x = tf.placeholder(tf.float32, [None])
    y = {expression}
    sess = tf.Session()
    print(sess.run(y, {{x: [2.0]}}))
    """, f"""
    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    def compute_y(x):
        y = {written}
        return y

    print(compute_y([2.0]).numpy())
    """)
    assert "tf0-name" in {f.rule for f in outcome.findings}


def test_tf0_summary_names_that_compat_renames_no_longer_make_eager_fall_back():
    code = translated("""
    x = tf.placeholder(tf.float32, [1, 4, 4, 1])
    w = tf.Variable(1.0)
    y = tf.reduce_sum(x * w)
    images = tf.image_summary("x", x)
    sound = tf.audio_summary("s", tf.reshape(x, [1, 16]), 8000)
    merged = tf.merge_summary([images, sound])
    sess = tf.Session()
    print(sess.run(y, {x: np.ones((1, 4, 4, 1))}))
    """)
    assert "def compute_y(x):" in code and "summary" not in code


def test_findings_of_both_stages_point_at_the_lines_of_the_file_as_given():
    outcome = translate("""
    x = tf.placeholder(tf.float32, [None])
    y = tf.mul(x, 2.0)
    sess = tf.Session()
    print(sess.run(y, {x: [1.0]}))
    """)
    by_rule = {f.rule: f.line for f in outcome.findings}
    assert by_rule["tf0-name"] == 5 and by_rule["eager-run"] == 7 and by_rule["eager-placeholder"] == 4
    assert "graph-mode" not in by_rule  # stage 1's graph mode is what stage 2 removes
