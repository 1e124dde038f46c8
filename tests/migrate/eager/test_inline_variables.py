"""--to eager: tf.Variable(...) written inside an expression gets a statement of its own (patterns/inline_variables.py)."""
from tests.migrate.eager.helpers import check, falls_back, translated


def test_variables_inside_an_expression_are_created_once_at_module_level():
    check("""
    x = tf.placeholder(tf.float32, [None, 2])
    output = tf.matmul(x, tf.Variable(tf.zeros([2, 1]))) + tf.Variable(0.5, name="bias")
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(output, {x: [[1.0, 2.0]]}))
    """, """
    output_var = tf.Variable(tf.zeros([2, 1]))
    bias = tf.Variable(0.5, name="bias")

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 2])])
    def compute_output(x):
        return tf.matmul(x, output_var) + bias

    print(compute_output([[1.0, 2.0]]).numpy())
    """)


def test_the_hoisted_variables_are_trained_in_creation_order():
    code = translated("""
    x = tf.placeholder(tf.float32, [None, 2])
    y = tf.placeholder(tf.float32, [None, 1])
    h = tf.nn.relu(tf.matmul(x, tf.Variable(tf.ones([2, 3]))))
    loss = tf.reduce_mean(tf.square(tf.matmul(h, tf.Variable(tf.ones([3, 1]))) - y))
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(train, {x: [[1.0, 2.0]], y: [[1.0]]})
    """)
    assert "h_var = tf.Variable(tf.ones([2, 3]))\nloss_var = tf.Variable(tf.ones([3, 1]))\n" in code
    assert "tape.gradient(loss, [h_var, loss_var])" in code


def test_a_hoisted_name_never_shadows_a_name_of_the_script():
    code = translated("""
    output_var = 3
    x = tf.placeholder(tf.float32, [None, 2])
    output = tf.matmul(x, tf.Variable(tf.zeros([2, 1]))) * output_var
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(output, {x: [[1.0, 2.0]]}))
    """)
    assert "output_var_2 = tf.Variable(tf.zeros([2, 1]))" in code
    assert "return tf.matmul(x, output_var_2) * output_var" in code


def test_a_variable_made_a_number_of_times_that_depends_on_the_evaluation_is_refused():
    falls_back("""
    x = tf.placeholder(tf.float32, [None, 2])
    out = tf.add_n([tf.matmul(x, tf.Variable(tf.ones([2, 2]))) for _ in range(3)])
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(out, {x: [[1.0, 2.0]]}))
    """, "tf.Variable(...) inside an expression")
