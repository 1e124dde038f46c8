"""--to eager: minimize -> GradientTape step with the Keras optimizer (patterns/minimize.py)."""
import pytest

from migrate.findings import CHANGE
from tests.migrate.eager.helpers import REGRESSION, check, translated


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


@pytest.mark.parametrize("tf1, kept", [
    ("tf.train.AdamOptimizer(0.01)", "tf.compat.v1.train.AdamOptimizer(learning_rate=0.01)"),
    ("tf.train.AdamOptimizer(learning_rate=0.1, beta1=0.8, epsilon=1e-6)",
     "tf.compat.v1.train.AdamOptimizer(learning_rate=0.1, beta1=0.8, epsilon=1e-6)"),
    ("tf.train.RMSPropOptimizer(0.1, decay=0.8)", "tf.compat.v1.train.RMSPropOptimizer(learning_rate=0.1, decay=0.8)"),
])
def test_optimizers_without_a_float32_equal_keras_twin_keep_the_tf1_class_which_runs_eagerly(tf1, kept):
    """The optimizer table (migrate/tables/optimizers.py, `eager="tf1"`): Keras Adam's beta^t
    drifts from TF1's within tens of steps, Keras RMSprop starts its mean square at zeros."""
    code = translated(REGRESSION + f"""
    opt = {tf1}
    train = opt.minimize(loss)
    sess = tf.Session()
    sess.run(train, feed_dict={{x: [[1.0]], y: [[2.0]]}})
    """)
    assert f"opt = {kept}\n" in code
    assert "runs eagerly with TF1's own arithmetic, kept because Keras" in code
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
