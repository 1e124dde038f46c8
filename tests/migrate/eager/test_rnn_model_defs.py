"""--to eager: an RNN cell made and run inside a model def the graph calls once (the
tutorials' `def RNN(x, weights, biases)`) -> the Keras cell and RNN layer made before the
def, the def calling the layer (patterns/rnn_model_defs.py). Their numbers are verify's
business (s156, s185 in the collection)."""
from migrate.verification.plan import seed_plan
from tests.migrate.eager.helpers import HEADER, RNN_TRAINING_RUN as RUN, check, falls_back, translated


def model(body, call="logits = RNN(x, w)", params="x, w"):
    return f"""
x = tf.placeholder(tf.float32, [None, 5, 3])
y = tf.placeholder(tf.float32, [None, 1])
w = tf.Variable(tf.ones([4, 1]))


def RNN({params}):
{body}


{call}
loss = tf.reduce_mean(tf.square(logits - y))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
""" + RUN


STATIC = """    x = tf.unstack(x, 5, 1)
    # the recurrent layer
    cell = tf.contrib.rnn.BasicRNNCell(4)
    outputs, states = tf.contrib.rnn.static_rnn(cell, x, dtype=tf.float32)
    return tf.matmul(outputs[-1], w)"""

LSTM = """    cell = tf.nn.rnn_cell.BasicLSTMCell(4)
    outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    return tf.matmul(state.h + 0 * state[0], w)"""


def test_a_static_rnn_in_the_def_calls_a_layer_made_before_the_def():
    check(model(STATIC), """
    w = tf.Variable(tf.ones([4, 1]))


    # the recurrent layer
    # BasicRNNCell's kernel as Keras' kernel and recurrent_kernel
    cell_kernel = tf.keras.initializers.GlorotUniform()([3 + 4, 4])
    cell = tf.keras.layers.SimpleRNNCell(
        4, kernel_initializer=tf.keras.initializers.Constant(cell_kernel[:3]),
        recurrent_initializer=tf.keras.initializers.Constant(cell_kernel[3:]))
    cell.build((None, 3))
    rnn = tf.keras.layers.RNN(cell, return_sequences=True)


    def RNN(x, w):
        x = tf.unstack(x, 5, 1)
        outputs = rnn(tf.stack(x, axis=1))
        outputs = tf.unstack(outputs, axis=1)
        return tf.matmul(outputs[-1], w)

    optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)

    @tf.function(autograph=False,
                 input_signature=[tf.TensorSpec([None, 5, 3]), tf.TensorSpec([None, 1])])
    def train_step(x, y):
        with tf.GradientTape() as tape:
            logits = RNN(x, w)
            loss = tf.reduce_mean(tf.square(logits - y))
        variables = [w] + rnn.trainable_variables
        grads = tape.gradient(loss, variables)
        optimizer.apply_gradients(zip(grads, variables))
        return loss

    for i in range(3):
        print(train_step(np.ones((2, 5, 3)), np.ones((2, 1))).numpy())
    """)


def test_an_lstm_state_read_in_the_def_is_h_and_c():
    code = translated(model(LSTM))
    assert "gate_i, gate_j, gate_f, gate_o = tf.split(" in code
    assert "rnn = tf.keras.layers.RNN(cell, return_sequences=True, return_state=True)\n" in code
    assert "    outputs, state_h, state_c = rnn(x)\n    return tf.matmul(state_h + 0 * state_c, w)\n" in code


def test_verify_pairs_the_kernel_drawn_in_the_def_with_the_one_drawn_before_it():
    from migrate.engine import migrate_source

    source = HEADER + model(LSTM)
    plan = seed_plan(source, migrate_source(source).code, translated(model(LSTM)))
    assert not plan.problems
    assert sorted(s for seeds in plan.compat.values() for s in seeds) == [1]
    assert sorted(s for seeds in plan.eager.values() for s in seeds) == [1]


def test_a_def_called_twice_or_not_by_the_graph_falls_back():
    falls_back(model(STATIC, call="logits = RNN(x, w)\nlogits2 = RNN(x, w)"),
               "which is not called once by one graph statement at the top level")


def test_inputs_other_than_a_placeholder_parameter_fall_back():
    falls_back(model(LSTM.replace("cell, x,", "cell, x * 2.0,")), "tf.nn.dynamic_rnn in `def RNN()` of other than")
    falls_back(model(LSTM, call="logits = RNN(tf.ones([2, 5, 3]), w)"),
               "are not a parameter the call gives a placeholder of declared last dimension")


def test_a_cell_reading_the_defs_own_names_falls_back():
    falls_back(model(LSTM.replace("BasicLSTMCell(4)", "BasicLSTMCell(units)"), call="logits = RNN(x, w, 4)",
                     params="x, w, units"), "reads units, bound in the def or after it")


def test_two_cells_a_state_read_whole_or_a_saver_fall_back():
    falls_back(model("    other = tf.nn.rnn_cell.GRUCell(4)\n" + LSTM), "makes or runs RNN cells other than one cell")
    falls_back(model(LSTM.replace("state.h + 0 * state[0]", "tf.concat(state, 1)[:, :4]")),
               "the LSTM state `state` read in `def RNN()` other than")
    falls_back(model(LSTM) + "saver = tf.train.Saver()\n", "tf.train.Saver in a file with RNN cells")
