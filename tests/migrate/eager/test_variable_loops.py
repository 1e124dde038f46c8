"""--to eager: a loop that creates each layer's variables and computes the layer (patterns/variable_loops.py)."""
from tests.migrate.eager.helpers import check, falls_back

LOOP = """
x = tf.placeholder(tf.float32, [None, 3])
h = x
n_in = 3
for i, n_out in enumerate([4, 2]):
    W = tf.Variable(tf.random_normal([n_in, n_out], seed=i))
    b = tf.Variable(tf.zeros([n_out]))
    h = tf.nn.relu(tf.matmul(h, W) + b)
    n_in = n_out
"""


def test_the_variables_are_created_by_the_loop_and_the_layers_computed_in_the_functions():
    check(LOOP + """
    loss = tf.reduce_sum(h)
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(train, {x: np.ones((2, 3))})
    print(n_in, sess.run(loss, {x: np.ones((2, 3))}))
    """.replace("\n    ", "\n"), """
    n_in = 3
    W_list = []
    b_list = []
    for i, n_out in enumerate([4, 2]):
        W = tf.Variable(tf.random.normal([n_in, n_out], seed=i))
        b = tf.Variable(tf.zeros([n_out]))
        n_in = n_out
        W_list.append(W)
        b_list.append(b)

    optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)

    signature = [tf.TensorSpec([None, 3])]

    @tf.function(autograph=False, input_signature=signature)
    def forward(x):
        h = x
        for W, b in zip(W_list, b_list):
            h = tf.nn.relu(tf.matmul(h, W) + b)
        return tf.reduce_sum(h)

    @tf.function(autograph=False, input_signature=signature)
    def train_step(x):
        with tf.GradientTape() as tape:
            loss = forward(x)
        variables = [*W_list, *b_list]
        grads = tape.gradient(loss, variables)
        optimizer.apply_gradients(zip(grads, variables))

    train_step(np.ones((2, 3)))
    print(n_in, forward(np.ones((2, 3))).numpy())
    """)


def test_a_seed_that_does_not_change_from_pass_to_pass_is_refused():
    falls_back(LOOP.replace("seed=i", "seed=1") + """
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(h, {x: np.ones((2, 3))}))
    """.replace("\n    ", "\n"), "a random op in a loop that creates variables, with a seed that does not change")


def test_the_last_pass_variables_read_after_the_loop_are_refused():
    falls_back(LOOP + """
    out = tf.matmul(h, tf.transpose(W))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(out, {x: np.ones((2, 3))}))
    """.replace("\n    ", "\n"), "`W`, bound in the loop of layers at line 8, is read after the loop")  # line 8: the header, a blank line


def test_a_layer_that_reads_the_python_state_of_the_pass_is_refused():
    falls_back("""
    x = tf.placeholder(tf.float32, [None, 3])
    h = x
    for i in range(2):
        W = tf.Variable(tf.ones([3, 3]))
        h = tf.matmul(h, W) * i
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(h, {x: np.ones((2, 3))}))
    """, "a tensor computed in a loop of layers reads ['i']")
