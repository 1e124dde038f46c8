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

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 3])])
    def forward(x):
        h = x
        for W, b in zip(W_list, b_list):
            h = tf.nn.relu(tf.matmul(h, W) + b)
        return tf.reduce_sum(h)

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 3])])
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


def two_passes(layer: str) -> str:
    """A loop of two passes, each making `W` and computing `h` by `layer` (its lines, as
    written in the loop), and a run fetching `h`."""
    return """
    x = tf.placeholder(tf.float32, [None, 3])
    h = x
    for i in range(2):
        W = tf.Variable(tf.ones([3, 3]))
""" + layer + """
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(h, {x: np.ones((2, 3))}))
    """


def test_a_layer_that_reads_the_python_state_of_the_pass_is_refused():
    falls_back(two_passes("""        scale = 2 * i
        h = tf.matmul(h, W) * scale"""), "a tensor computed in a loop of layers reads ['scale']")


def test_a_layer_that_reads_the_loops_own_names_loops_over_the_range_too():
    check(two_passes("        h = tf.matmul(h, W) * i"), """
    W_list = []
    for i in range(2):
        W = tf.Variable(tf.ones([3, 3]))
        W_list.append(W)

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 3])])
    def compute_h(x):
        h = x
        for i, W in zip(range(2), W_list):
            h = tf.matmul(h, W) * i
        return h

    print(compute_h(np.ones((2, 3))).numpy())
    """)


SCOPED = """
x = tf.placeholder(tf.float32, [None, 3])
sizes = [3, 4, 2]
h = x
weights = []
for i in range(len(sizes) - 1):
    with tf.variable_scope("layer%d" % i):
        w = tf.get_variable("w", [sizes[i], sizes[i + 1]], initializer=tf.random_normal_initializer(seed=SEED))
        b = tf.get_variable("b", [sizes[i + 1]], initializer=tf.zeros_initializer())
        weights.append(w)
        h = tf.matmul(h, w) + b
        if i < len(sizes) - 2:
            h = tf.nn.relu(h)
l2 = tf.add_n([tf.nn.l2_loss(v) for v in weights])
loss = tf.reduce_sum(h) + 0.1 * l2
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
sess.run(train, {x: np.ones((2, 3))})
print(sess.run(loss, {x: np.ones((2, 3))}))
"""


def test_get_variable_in_a_scope_per_pass_is_a_variable_named_as_the_graph_named_it():
    check(SCOPED.replace("SEED", "i"), """
    sizes = [3, 4, 2]
    weights = []
    w_list = []
    b_list = []
    for i in range(len(sizes) - 1):
        w = tf.Variable(tf.random.normal([sizes[i], sizes[i + 1]], seed=i), name="layer%d" % i + "/w")
        b = tf.Variable(tf.zeros([sizes[i + 1]]), name="layer%d" % i + "/b")
        weights.append(w)
        w_list.append(w)
        b_list.append(b)
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 3])])
    def forward(x):
        h = x
        for i, w, b in zip(range(len(sizes) - 1), w_list, b_list):
            h = tf.matmul(h, w) + b
            if i < len(sizes) - 2:
                h = tf.nn.relu(h)
        l2 = tf.add_n([tf.nn.l2_loss(v) for v in weights])
        return tf.reduce_sum(h) + 0.1 * l2

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 3])])
    def train_step(x):
        with tf.GradientTape() as tape:
            loss = forward(x)
        variables = [*w_list, *b_list]
        grads = tape.gradient(loss, variables)
        optimizer.apply_gradients(zip(grads, variables))

    train_step(np.ones((2, 3)))
    print(forward(np.ones((2, 3))).numpy())
    """)


def test_a_scope_per_pass_refuses_a_constant_seed_reuse_and_a_range_bound_again():
    falls_back(SCOPED.replace("SEED", "3"), "a seed that does not change from pass to pass")
    falls_back(SCOPED.replace("SEED", "i").replace('"layer%d" % i)', '"layer%d" % i, reuse=tf.AUTO_REUSE)'),
               "tf.variable_scope in a loop of layers with other than one name")
    falls_back(SCOPED.replace("SEED", "i") + "sizes = [3, 5, 2]\n", "the loop of layers' range reads `sizes`")
