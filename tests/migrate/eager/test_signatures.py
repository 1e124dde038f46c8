"""--to eager: an input signature several tf.functions spell the same is named once where
that saves lines (migrate/eager/signatures.py)."""
from tests.migrate.eager.helpers import check, translated

TWO_RUNS = """
n_inputs = 4
n_out = 1
x = tf.placeholder(tf.float32, [None, n_inputs])
y = tf.placeholder(tf.float32, [None, n_out])
scale = tf.placeholder(tf.float32, [])
w = tf.Variable(tf.zeros([n_inputs, n_out]))
loss = tf.reduce_mean(tf.square(tf.matmul(x, w) * scale - y))
err = tf.reduce_max(tf.abs(tf.matmul(x, w) * scale - y))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
sess.run(train, {x: [[1.0, 2.0, 3.0, 4.0]], y: [[1.0]], scale: 0.5})
print(sess.run(err, {x: [[1.0, 2.0, 3.0, 4.0]], y: [[1.0]], scale: 0.5}))
"""

SHORT_RUNS = """
x = tf.placeholder(tf.float32, [None, 2])
y = tf.placeholder(tf.float32, [None, 1])
w = tf.Variable(tf.zeros([2, 1]))
loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
err = tf.reduce_max(tf.abs(tf.matmul(x, w) - y))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
sess.run(train, {x: [[1.0, 2.0]], y: [[1.0]]})
print(sess.run(err, {x: [[1.0, 2.0]], y: [[1.0]]}))
"""


def test_a_list_too_long_for_the_decorators_line_is_written_once_before_the_first():
    check(TWO_RUNS, """
    n_inputs = 4
    n_out = 1
    w = tf.Variable(tf.zeros([n_inputs, n_out]))
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)

    signature = [tf.TensorSpec([None, n_inputs]), tf.TensorSpec([None, n_out]), tf.TensorSpec([])]

    @tf.function(autograph=False, input_signature=signature)
    def train_step(x, y, scale):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(tf.matmul(x, w) * scale - y))
        grads = tape.gradient(loss, [w])
        optimizer.apply_gradients(zip(grads, [w]))

    train_step([[1.0, 2.0, 3.0, 4.0]], [[1.0]], 0.5)

    @tf.function(autograph=False, input_signature=signature)
    def compute_err(x, y, scale):
        return tf.reduce_max(tf.abs(tf.matmul(x, w) * scale - y))

    print(compute_err([[1.0, 2.0, 3.0, 4.0]], [[1.0]], 0.5).numpy())
    """)


def test_a_list_that_fits_on_each_decorators_line_stays_there():
    code = translated(SHORT_RUNS)
    assert "signature =" not in code
    assert code.count("@tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 2]), "
                      "tf.TensorSpec([None, 1])])\n") == 2


def test_a_list_only_one_decorator_has_stays_on_it():
    code = translated("""
    x = tf.placeholder(tf.float32, [None, 2])
    y = tf.placeholder(tf.float32, [None, 1])
    w = tf.Variable(tf.zeros([2, 1]))
    out = tf.matmul(x, w)
    loss = tf.reduce_mean(tf.square(out - y))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(out, {x: [[1.0, 2.0]]}))
    print(sess.run(loss, {x: [[1.0, 2.0]], y: [[1.0]]}))
    """)
    assert "signature =" not in code
    assert code.count("input_signature=[tf.TensorSpec([None, 2])]") == 1
    assert code.count("input_signature=[tf.TensorSpec([None, 2]), tf.TensorSpec([None, 1])]") == 1


def test_the_name_never_shadows_a_name_of_the_script():
    code = translated("signature = 'mine'\n" + TWO_RUNS + "print(signature)\n")
    assert "signature_2 = [tf.TensorSpec([None, n_inputs]), tf.TensorSpec([None, n_out]), tf.TensorSpec([])]" in code
    assert code.count("input_signature=signature_2)") == 2
    assert "signature = 'mine'" in code
