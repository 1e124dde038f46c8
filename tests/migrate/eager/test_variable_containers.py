"""--to eager: dicts and lists of variables (patterns/variable_containers.py)."""
from tests.migrate.eager.helpers import falls_back, translated

MLP = """
weights = {
    'h1': tf.Variable(tf.random_normal([2, 4], seed=1)),
    'out': tf.Variable(tf.random_normal([4, 1], seed=2)),
}
biases = {'h1': tf.Variable(tf.zeros([4])), 'out': tf.Variable(tf.zeros([1]))}
def perceptron(inputs, weights, biases):
    layer = tf.nn.relu(tf.matmul(inputs, weights['h1']) + biases['h1'])
    return tf.matmul(layer, weights['out']) + biases['out']
x = tf.placeholder(tf.float32, [None, 2])
y = tf.placeholder(tf.float32, [None, 1])
pred = perceptron(x, weights, biases)
cost = tf.reduce_mean(tf.square(pred - y))
"""


def test_dicts_of_variables_stay_and_every_element_is_trained():
    code = translated(MLP + """
    optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.1).minimize(cost)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        _, c = sess.run([optimizer, cost], feed_dict={x: [[1.0, 2.0]], y: [[1.0]]})
        print(c, sess.run(weights['out']))
    """.replace("\n    ", "\n"))
    assert "    'h1': tf.Variable(tf.random.normal([2, 4], seed=1)),\n" in code
    assert "biases = {'h1': tf.Variable(tf.zeros([4])), 'out': tf.Variable(tf.zeros([1]))}" in code
    assert "variables = [*weights.values(), *biases.values()]\n    grads = tape.gradient(cost, variables)" in code
    assert "optimizer.apply_gradients(zip(grads, variables))" in code
    assert "print(c, weights['out'].numpy())" in code  # an element of a container is read directly


def test_a_list_comprehension_of_variables_is_a_list_of_variables():
    code = translated("""
    Ws = [tf.Variable(tf.ones([2, 2]) * (i + 1)) for i in range(3)]
    x = tf.placeholder(tf.float32, [None, 2])
    h = x
    h = tf.matmul(h, Ws[0])
    h = tf.matmul(h, Ws[2])
    loss = tf.reduce_sum(h)
    train = tf.train.GradientDescentOptimizer(0.01).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(train, {x: [[1.0, 2.0]]})
    """)
    assert "Ws = [tf.Variable(tf.ones([2, 2]) * (i + 1)) for i in range(3)]" in code
    assert "variables = [*Ws]\n    grads = tape.gradient(loss, variables)" in code


def test_variables_read_by_a_helper_as_globals_are_trained_too():
    code = translated("""
    W = tf.Variable(tf.ones([2, 1]))
    layers = [tf.Variable(tf.zeros([1]))]
    def model(inputs):
        return tf.matmul(inputs, W) + layers[0]
    x = tf.placeholder(tf.float32, [None, 2])
    loss = tf.reduce_sum(tf.square(model(x)))
    train = tf.train.GradientDescentOptimizer(0.01).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(train, {x: [[1.0, 2.0]]})
    """)
    assert "variables = [W, *layers]\n    grads = tape.gradient(loss, variables)" in code


def test_a_random_initializer_repeated_by_a_comprehension_needs_a_seed_per_element():
    falls_back("""
    Ws = [tf.Variable(tf.random_normal([2, 2], seed=7)) for _ in range(3)]
    x = tf.placeholder(tf.float32, [None, 2])
    out = tf.matmul(x, Ws[1])
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(out, {x: [[1.0, 2.0]]}))
    """, "a random op inside a comprehension of variables, with a seed that does not change")
    falls_back("""
    Ws = [tf.Variable(tf.random_normal([2, 2])) for _ in range(3)]
    x = tf.placeholder(tf.float32, [None, 2])
    out = tf.matmul(x, Ws[1])
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(out, {x: [[1.0, 2.0]]}))
    """, "a random op inside a comprehension of variables, with a seed that does not change")
    translated("""
    Ws = [tf.Variable(tf.random_normal([2, 2], seed=i)) for i in range(3)]
    x = tf.placeholder(tf.float32, [None, 2])
    out = tf.matmul(x, Ws[1])
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(out, {x: [[1.0, 2.0]]}))
    """)


def test_fetching_a_whole_container_is_refused():
    falls_back("""
    Ws = [tf.Variable(tf.ones([2])) for i in range(3)]
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(Ws))
    """, "a fetch list or dict built in a variable (`Ws`)")
