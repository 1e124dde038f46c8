"""--to eager: minimize -> GradientTape step with the Keras optimizer (patterns/minimize.py)."""
import pytest

from migrate.findings import CHANGE
from tests.migrate.eager.helpers import REGRESSION, check, translate, translated


def test_minimize_becomes_a_tape_step_with_the_keras_optimizer():
    outcome = check(REGRESSION + """
    opt = tf.train.GradientDescentOptimizer(0.05)
    train = opt.minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for i in range(10):
        _, l = sess.run([train, loss], feed_dict={x: [[1.0]], y: [[2.0]]})
    """, """
    w = tf.Variable(tf.zeros([1, 1]))
    opt = tf.keras.optimizers.SGD(learning_rate=0.05)

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 1]), tf.TensorSpec([None, 1])])
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


def test_a_loss_written_in_the_minimize_call_is_the_tape_body_with_no_pass_before_it():
    check("""
    x = tf.placeholder(tf.float32, [None])
    w = tf.Variable(0.5)
    train = tf.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_mean(tf.square(w * x - 1.0)))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for i in range(3):
        sess.run(train, {x: [1.0, 1.0]})
    """, """
    w = tf.Variable(0.5)
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None])])
    def train_step(x):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(w * x - 1.0))
        grads = tape.gradient(loss, [w])
        optimizer.apply_gradients(zip(grads, [w]))

    for i in range(3):
        train_step([1.0, 1.0])
    """)


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
    assert "optimizer = tf.keras.optimizers.SGD(learning_rate=0.05)" in code


@pytest.mark.parametrize("tf1, keras", [
    ("tf.train.MomentumOptimizer(0.01, 0.9)", "tf.keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)"),
    ("tf.train.MomentumOptimizer(learning_rate=0.01, momentum=1, use_nesterov=True)",
     "tf.keras.optimizers.SGD(learning_rate=0.01, momentum=1.0, nesterov=True)"),
    ("tf.train.MomentumOptimizer(0.01, mom, use_nesterov=False)",
     "tf.keras.optimizers.SGD(learning_rate=0.01, momentum=float(mom))"),
    ("tf.train.AdagradOptimizer(0.5)", "tf.keras.optimizers.Adagrad(learning_rate=0.5, epsilon=0.0)"),
    ("tf.train.AdagradOptimizer(0.5, initial_accumulator_value=0.2)",
     "tf.keras.optimizers.Adagrad(learning_rate=0.5, initial_accumulator_value=0.2, epsilon=0.0)"),
    ("tf.train.AdadeltaOptimizer()", "tf.keras.optimizers.Adadelta(epsilon=1e-8)"),
    ("tf.train.AdamOptimizer(0.01)", "tf.keras.optimizers.Adam(learning_rate=0.01, epsilon=1e-8)"),
    ("tf.train.AdamOptimizer(learning_rate=0.1, beta1=0.8, epsilon=1e-6)",
     "tf.keras.optimizers.Adam(learning_rate=0.1, beta_1=0.8, epsilon=1e-6)"),
])
def test_each_tf1_optimizer_becomes_the_keras_one_with_only_the_arguments_keras_does_not_default(tf1, keras):
    """Arguments equal to the installed Keras's defaults (tables/signatures.py, read from its
    signatures) are left out; no comment."""
    code = translated(REGRESSION + f"""
    mom = 0.9
    opt = {tf1}
    train = opt.minimize(loss)
    sess = tf.Session()
    sess.run(train, feed_dict={{x: [[1.0]], y: [[2.0]]}})
    """)
    assert f"opt = {keras}\n" in code
    assert "# " not in code.split("opt = ")[0].rsplit("\n", 2)[-2]  # no comment above it
    assert "twins/" not in code and "migrate/" not in code  # no pointer into this repository


ADAM_STEP = REGRESSION + """
    opt = tf.train.AdamOptimizer(0.01)
    train = opt.minimize(loss)
    sess = tf.Session()
    sess.run(train, feed_dict={x: [[1.0]], y: [[2.0]]})
    """


def test_adam_becomes_keras_adam_and_the_finding_says_it_is_equal_up_to_rounding():
    outcome = translate(ADAM_STEP)
    [finding] = [f for f in outcome.findings if f.rule == "eager-rounding"]
    assert finding.line == 9 and finding.severity == CHANGE  # the line of `opt = tf.train.AdamOptimizer(0.01)`
    assert "tf.keras.optimizers.Adam, equal to it up to rounding (migrate verify's rounding tolerance)" \
           in finding.message and "--exact-optimizers keeps tf.compat.v1.train.AdamOptimizer" in finding.message


def test_exact_optimizers_keeps_the_tf1_adam_which_runs_eagerly():
    from migrate.eager import options

    with options.using(exact_optimizers=True):
        outcome = translate(ADAM_STEP)
    assert "opt = tf.compat.v1.train.AdamOptimizer(learning_rate=0.01)\n" in outcome.code
    assert "#" not in outcome.code.split("opt = ")[0].rsplit("\n", 2)[-2]  # the user asked: no comment
    assert not [f for f in outcome.findings if f.rule == "eager-rounding"]
    assert "--exact-optimizers" in " ".join(f.message for f in outcome.findings)
    assert "Adam(" not in translate(ADAM_STEP.replace("Adam", "Momentum").replace("(0.01)", "(0.01, 0.9)"))\
        .code.replace("SGD(", "")  # other optimizers are unchanged by the flag


def test_rmsprop_keeps_the_tf1_class_with_one_comment_saying_why():
    """Keras RMSprop starts its mean square at zeros, TF1 at ones: not rounding, a different rule."""
    code = translated(REGRESSION + """
    opt = tf.train.RMSPropOptimizer(0.1, decay=0.8)
    train = opt.minimize(loss)
    sess = tf.Session()
    sess.run(train, feed_dict={x: [[1.0]], y: [[2.0]]})
    """)
    assert "# TF 1's optimizer, kept: Keras RMSprop starts its mean square at zeros where TF1 starts at ones.\n" \
           "opt = tf.compat.v1.train.RMSPropOptimizer(learning_rate=0.1, decay=0.8)\n" in code
    assert "opt.apply_gradients(zip(grads, [w]))" in code and "keras" not in code.replace("Keras", "")


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


@pytest.mark.parametrize("tf1, built", [
    ("opt = tf.train.AdamOptimizer(0.01)\n    train = opt.minimize(loss)", "opt.build([w])"),
    ("train = tf.train.MomentumOptimizer(0.01, 0.9).minimize(loss)", "optimizer.build([w])"),
    ("opt = tf.train.AdagradOptimizer(0.5)\n    train = opt.minimize(loss)", "opt.build([w])"),
])
def test_an_optimizer_with_slots_is_built_on_the_trained_variables_before_the_step(tf1, built):
    """Its slots then exist before the step's first trace: created inside it, they make the
    tf.function trace twice."""
    code = translated(REGRESSION + f"""
    {tf1}
    sess = tf.Session()
    sess.run(train, feed_dict={{x: [[1.0]], y: [[2.0]]}})
    """)
    optimizer_line = code.split(built.split(".")[0] + " = tf.keras.optimizers.")[1].split("\n")[0]
    assert f"{optimizer_line}\n{built}\n" in code
    assert code.index(built) < code.index("@tf.function")


RNN_STEP = """
    x = tf.placeholder(tf.float32, [None, 5, 3])
    y = tf.placeholder(tf.float32, [None, 1])
    cell = tf.nn.rnn_cell.BasicRNNCell(4)
    outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    w = tf.Variable(tf.ones([4, 1]))
    loss = tf.reduce_mean(tf.square(tf.matmul(state, w) - y))
    train = tf.train.AdamOptimizer(0.1).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for i in range(3):
        print(sess.run([train, loss], feed_dict={x: np.ones((2, 5, 3)), y: np.ones((2, 1))})[1])
"""


def test_an_optimizer_training_rnn_cells_built_before_it_is_built_on_their_variables_too():
    """rnn_cells.py builds each cell where the graph made it, so `rnn.trainable_variables`
    exists before the optimizer: without the build the step traced three times (s96, s182)."""
    code = translated(RNN_STEP)
    assert ("rnn = tf.keras.layers.RNN(cell, return_sequences=True, return_state=True)\n"
            "w = tf.Variable(tf.ones([4, 1]))\n"
            "optimizer = tf.keras.optimizers.Adam(learning_rate=0.1, epsilon=1e-8)\n"
            "optimizer.build([w] + rnn.trainable_variables)\n") in code
    assert "    variables = [w] + rnn.trainable_variables\n" in code


def test_no_build_where_the_rnn_is_made_after_the_optimizer():
    code = translated(RNN_STEP.replace("train = tf.train.AdamOptimizer(0.1).minimize(loss)", "train = opt.minimize(loss)")
                      .replace("    x = tf.placeholder(tf.float32, [None, 5, 3])",
                               "    opt = tf.train.AdamOptimizer(0.1)\n    x = tf.placeholder(tf.float32, [None, 5, 3])"))
    assert "opt.apply_gradients(zip(grads, variables))" in code
    assert ".build([" not in code


CLIPPED_STEP = """
    x = tf.placeholder(tf.float32, [None, 1])
    y = tf.placeholder(tf.float32, [None, 1])
    w = tf.Variable(tf.zeros([1, 1]))
    b = tf.Variable(tf.zeros([1]))
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
    opt = tf.train.AdamOptimizer(0.01)
    gvs = opt.compute_gradients(loss)
    capped = [(tf.clip_by_value(g, -1.0, 1.0), v) for g, v in gvs]
    train = opt.apply_gradients(capped)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(train, feed_dict={x: [[1.0]], y: [[2.0]]})
"""


def test_an_optimizer_with_slots_applying_computed_gradients_is_built_on_their_variables():
    """apply_gradients.py's step: the variables of the pairs, built before the optimizer (s74)."""
    check(CLIPPED_STEP, """
    w = tf.Variable(tf.zeros([1, 1]))
    b = tf.Variable(tf.zeros([1]))
    opt = tf.keras.optimizers.Adam(learning_rate=0.01, epsilon=1e-8)
    opt.build([w, b])

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 1]), tf.TensorSpec([None, 1])])
    def train_step(x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
        gvs = list(zip(tape.gradient(loss, [w, b]), [w, b]))
        capped = [(tf.clip_by_value(g, -1.0, 1.0), v) for g, v in gvs]
        opt.apply_gradients(capped)

    train_step([[1.0]], [[2.0]])
    """)


def test_no_build_where_a_variable_of_the_computed_gradients_is_made_after_the_optimizer():
    code = translated(CLIPPED_STEP.replace("    opt = tf.train.AdamOptimizer(0.01)\n", "")
                      .replace("    x = tf.placeholder(tf.float32, [None, 1])",
                               "    opt = tf.train.AdamOptimizer(0.01)\n    x = tf.placeholder(tf.float32, [None, 1])"))
    assert "opt.apply_gradients(capped)" in code
    assert ".build(" not in code


@pytest.mark.parametrize("case", ["no slots", "exact optimizers", "layers", "variable built after"])
def test_no_build_where_nothing_is_created_or_the_variables_do_not_exist_yet(case):
    from migrate.eager import options

    body = REGRESSION + """
    opt = tf.train.AdamOptimizer(0.01)
    train = opt.minimize(loss)
    """
    if case == "no slots":
        body = body.replace("AdamOptimizer", "GradientDescentOptimizer")
    elif case == "layers":  # the Dense layer's variables exist only after its first call
        body = body.replace("loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))",
                            "h = tf.layers.dense(x, 1)\n    loss = tf.reduce_mean(tf.square(h * w - y))")
    elif case == "variable built after":
        body = body.replace("loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))\n", "") \
            .replace("train = ", "v = tf.Variable(1.0)\n    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) * v - y))\n"
                                 "    train = ")
    body += """sess = tf.Session()
    sess.run(train, feed_dict={x: [[1.0]], y: [[2.0]]})
    """
    with options.using(exact_optimizers=case == "exact optimizers"):
        code = translated(body)
    assert "opt.apply_gradients(" in code
    assert ".build(" not in code
