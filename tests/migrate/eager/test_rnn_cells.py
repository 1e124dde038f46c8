"""--to eager: TF 1 RNN cells run by dynamic_rnn -> Keras cells in tf.keras.layers.RNN, their
weights the numbers the graph drew (patterns/rnn_cells.py). Their numbers are verify's
business (s27, s96-s99 in test_session_scripts.py); the table's rows are
tests/migrate/test_rnn_cells_table.py's."""
from migrate.verification.plan import seed_plan
from tests.migrate.eager.helpers import HEADER, RNN_TRAINING_RUN as RUN, check, falls_back, translated


def net(cell, read="state", driver_args=""):
    return f"""
x = tf.placeholder(tf.float32, [None, 5, 3])
y = tf.placeholder(tf.float32, [None, 1])
cell = {cell}
outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32{driver_args})
w = tf.Variable(tf.ones([4, 1]))
loss = tf.reduce_mean(tf.square(tf.matmul({read}, w) - y))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
""" + RUN


def test_a_basic_rnn_cell_becomes_a_simple_rnn_cell_given_the_graphs_kernel():
    check(net("tf.nn.rnn_cell.BasicRNNCell(4)"), """
    # BasicRNNCell's kernel as Keras' kernel and recurrent_kernel
    cell_kernel = tf.keras.initializers.GlorotUniform()([3 + 4, 4])
    cell = tf.keras.layers.SimpleRNNCell(
        4, kernel_initializer=tf.keras.initializers.Constant(cell_kernel[:3]),
        recurrent_initializer=tf.keras.initializers.Constant(cell_kernel[3:]))
    cell.build((None, 3))
    rnn = tf.keras.layers.RNN(cell, return_sequences=True, return_state=True)
    w = tf.Variable(tf.ones([4, 1]))
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)

    @tf.function(autograph=False,
                 input_signature=[tf.TensorSpec([None, 5, 3]), tf.TensorSpec([None, 1])])
    def train_step(x, y):
        with tf.GradientTape() as tape:
            outputs, state = rnn(x)
            loss = tf.reduce_mean(tf.square(tf.matmul(state, w) - y))
        variables = [w] + rnn.trainable_variables
        grads = tape.gradient(loss, variables)
        optimizer.apply_gradients(zip(grads, variables))
        return loss

    for i in range(3):
        print(train_step(np.ones((2, 5, 3)), np.ones((2, 1))).numpy())
    """)


def test_an_lstm_kernel_is_put_in_keras_gate_order_and_its_state_read_as_h_and_c():
    code = translated(net("tf.nn.rnn_cell.BasicLSTMCell(4)", read="state.h + 0 * state[0]"))
    assert ("gate_i, gate_j, gate_f, gate_o = tf.split(\n"
            "    tf.keras.initializers.GlorotUniform()([3 + 4, 4 * 4]), 4, axis=1)\n"
            "cell_kernel = tf.concat([gate_i, gate_f, gate_j, gate_o], axis=1)\n") in code
    assert "cell = tf.keras.layers.LSTMCell(\n    4, kernel_initializer=" in code
    assert "unit_forget_bias" not in code  # forget_bias=1.0 is Keras' unit_forget_bias=True, its default
    assert "outputs, state_h, state_c = rnn(x)" in code
    assert "tf.matmul(state_h + 0 * state_c, w)" in code


def test_under_a_global_seed_the_kernel_is_tf1s_draw_which_honours_it():
    code = translated("tf.set_random_seed(3)\n" + net("tf.nn.rnn_cell.BasicRNNCell(4)"))
    assert "cell_kernel = tf.compat.v1.glorot_uniform_initializer()([3 + 4, 4])\n" in code


def test_forget_bias_zero_and_the_contrib_spelling():
    code = translated(net("tf.contrib.rnn.BasicLSTMCell(4, forget_bias=0.0)", read="state.h"))
    assert "cell = tf.keras.layers.LSTMCell(\n    4, unit_forget_bias=False," in code


def test_a_gru_draws_its_two_kernels_and_starts_its_gates_bias_at_one():
    code = translated(net("tf.nn.rnn_cell.GRUCell(4, activation=tf.nn.relu)"))
    assert ("gate_r, gate_u = tf.split(\n    tf.keras.initializers.GlorotUniform()([3 + 4, 2 * 4]), 2, axis=1)\n"
            "gate_c = tf.keras.initializers.GlorotUniform()([3 + 4, 4])\n"
            "cell_kernel = tf.concat([gate_u, gate_r, gate_c], axis=1)\n") in code
    assert "activation=tf.nn.relu, reset_after=False," in code
    assert "cell_bias = tf.concat([tf.ones([2 * 4]), tf.zeros([4])], 0)\n" in code
    assert "bias_initializer=tf.keras.initializers.Constant(cell_bias))" in code


def test_verify_pairs_the_graphs_kernel_draws_with_the_eager_ones():
    source = HEADER + net("tf.nn.rnn_cell.GRUCell(4)")
    from migrate.engine import migrate_source

    compat = migrate_source(source).code
    plan = seed_plan(source, compat, translated(net("tf.nn.rnn_cell.GRUCell(4)")))
    assert not plan.problems
    assert sorted(s for seeds in plan.compat.values() for s in seeds) == [1, 2]
    assert sorted(s for seeds in plan.eager.values() for s in seeds) == [1, 2]


def test_cells_and_arguments_without_a_translation_fall_back_with_their_reason():
    falls_back(net("tf.nn.rnn_cell.LSTMCell(4, use_peepholes=True)", read="state.h"),
               "tf.nn.rnn_cell.LSTMCell(use_peepholes=True) is not translated")
    falls_back(net("tf.nn.rnn_cell.LSTMCell(4, num_proj=2)", read="state.h"),
               "tf.nn.rnn_cell.LSTMCell(..., num_proj=...) is not translated")
    falls_back(net("tf.nn.rnn_cell.BasicLSTMCell(4, state_is_tuple=False)", read="state"),
               "state_is_tuple=False) is not translated")
    falls_back(net("tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.GRUCell(4), output_keep_prob=0.5)"),
               "tf.nn.rnn_cell.DropoutWrapper")
    falls_back(net("tf.nn.rnn_cell.BasicRNNCell(4)", driver_args=", time_major=True"),
               "tf.nn.dynamic_rnn(..., time_major=...) is not translated")


def test_an_lstm_state_read_as_a_whole_falls_back():
    falls_back(net("tf.nn.rnn_cell.BasicLSTMCell(4)", read="tf.concat(state, 1)[:, :4]"),
               "the RNN state `state` read as a whole or otherwise")


def test_a_saver_or_tf_gradients_through_a_cell_fall_back():
    falls_back(net("tf.nn.rnn_cell.BasicRNNCell(4)") + "saver = tf.train.Saver()\n", "tf.train.Saver in a file with RNN cells")
    falls_back(net("tf.nn.rnn_cell.BasicRNNCell(4)").replace(
        "train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)",
        "g = tf.gradients(loss, [w])[0]\ntrain = w.assign_sub(0.1 * g)"), "gradients through an RNN cell")


STACKED = """
x = tf.placeholder(tf.float32, [None, 5, 3])
y = tf.placeholder(tf.float32, [None, 1])
steps = tf.unstack(x, 5, 1)
{cells}
outputs, states = tf.{driver}(stacked, {inputs}, dtype=tf.float32)
w = tf.Variable(tf.ones([4, 1]))
loss = tf.reduce_mean(tf.square(tf.matmul({read}, w) - y))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
""" + RUN


def stacked(cells, driver="nn.static_rnn", inputs="steps", read="outputs[-1]"):
    return STACKED.replace("{cells}", cells).replace("{driver}", driver).replace("{inputs}", inputs).replace(
        "{read}", read)


def test_a_comprehension_of_cells_is_made_by_one_def_per_layer_and_stacked():
    code = translated(stacked("cells = [tf.contrib.rnn.BasicLSTMCell(4) for _ in range(2)]\n"
                              "stacked = tf.contrib.rnn.MultiRNNCell(cells)", read="outputs[-1] + states[-1].h"))
    assert "-> i, f, j, o\ndef make_cell(depth):\n    gate_i, gate_j, gate_f, gate_o = tf.split(\n" in code
    assert "    cell.build((None, depth))\n    return cell\n\nstacked = tf.keras.layers.StackedRNNCells(" in code
    assert "[make_cell(depth) for depth in [3] + [4] * (2 - 1)]" in code
    assert "rnn = tf.keras.layers.RNN(stacked, return_sequences=True, return_state=True)" in code
    assert ("outputs, *states = rnn(tf.stack(steps, axis=1))\n"
            "        outputs = tf.unstack(outputs, axis=1)\n") in code
    assert "tf.matmul(outputs[-1] + states[-1][0], w)" in code


def test_named_cells_take_the_previous_layers_units_as_their_depth():
    code = translated(stacked("a = tf.nn.rnn_cell.GRUCell(6)\nb = tf.nn.rnn_cell.GRUCell(4)\n"
                              "stacked = tf.nn.rnn_cell.MultiRNNCell([a, b])", driver="nn.dynamic_rnn", inputs="x",
                              read="states[1]"))
    assert "a_kernel[:3]" in code and "b_kernel[:6]" in code and "b.build((None, 6))" in code
    assert "stacked = tf.keras.layers.StackedRNNCells([a, b])" in code
    assert "outputs, *states = rnn(x)" in code
    assert "tf.matmul(states[1][0], w)" in code  # Keras 3 gives each layer's states as a list


def test_stacked_states_and_static_inputs_without_a_translation_fall_back():
    falls_back(stacked("cells = [tf.nn.rnn_cell.BasicLSTMCell(4) for _ in range(2)]\n"
                       "stacked = tf.nn.rnn_cell.MultiRNNCell(cells)", read="states[-1][1]"),
               "the RNN state `states` read as a whole or otherwise")
    falls_back(stacked("stacked = tf.nn.rnn_cell.BasicRNNCell(4)", inputs="tf.unstack(x, 5, 1)"),
               "static_rnn's inputs must be `tf.unstack(placeholder, ..., 1)`")
    falls_back(stacked("cells = [tf.nn.rnn_cell.BasicRNNCell(4 * i + 4) for i in range(2)]\n"
                       "stacked = tf.nn.rnn_cell.MultiRNNCell(cells)"),
               "a list of RNN cells other than `[Cell(n) for _ in range(count)]`")


def test_an_initial_state_that_is_the_cells_zero_state_is_keras_default():
    code = translated(net("tf.nn.rnn_cell.GRUCell(4)\ninit = cell.zero_state(tf.shape(x)[0], tf.float32)",
                          driver_args=", initial_state=init"))
    assert "zero_state" not in code and "init" not in code.replace("initializer", "")
    assert "outputs, state = rnn(x)" in code


def test_a_zero_state_used_otherwise_or_another_initial_state_falls_back():
    falls_back(net("tf.nn.rnn_cell.GRUCell(4)\ninit = cell.zero_state(2, tf.float32)",
                   read="state + init"), "a cell's zero_state used other than as one")
    falls_back(net("tf.nn.rnn_cell.GRUCell(4)", driver_args=", initial_state=tf.ones([2, 4])"),
               "tf.nn.dynamic_rnn(..., initial_state=...) is not translated (other than the cell's zero_state)")


def test_sequence_length_is_keras_mask_with_zero_outputs_past_each_length():
    code = translated(net("tf.nn.rnn_cell.BasicRNNCell(4)", driver_args=", sequence_length=tf.fill([2], 3)"))
    assert ("rnn = tf.keras.layers.RNN(cell, return_sequences=True, return_state=True,\n"
            "    zero_output_for_mask=True)") in code
    assert "outputs, state = rnn(x, mask=tf.sequence_mask(tf.fill([2], 3), tf.shape(x)[1]))" in code
    code = translated(stacked("stacked = tf.nn.rnn_cell.BasicRNNCell(4)").replace(
        "dtype=tf.float32)", "dtype=tf.float32, sequence_length=tf.fill([2], 3))"))
    assert "rnn(tf.stack(steps, axis=1), mask=tf.sequence_mask(tf.fill([2], 3), len(steps)))" in code


def test_a_cell_helper_def_called_by_the_comprehension_goes():
    code = translated(stacked("def gru_cell():\n    return tf.nn.rnn_cell.GRUCell(4)\n"
                              "cells = [gru_cell() for _ in range(3)]\n"
                              "stacked = tf.nn.rnn_cell.MultiRNNCell(cells)"))
    assert "def gru_cell" not in code and "rnn_cell" not in code
    assert "[make_cell(depth) for depth in [3] + [4] * (3 - 1)]" in code
    falls_back(stacked("def gru_cell():\n    return tf.nn.rnn_cell.GRUCell(4)\n"
                       "cells = [gru_cell() for _ in range(3)]\nextra = gru_cell()\n"
                       "stacked = tf.nn.rnn_cell.MultiRNNCell(cells)"),
               "the cell helper `gru_cell` is used other than by one MultiRNNCell's comprehension")


def test_a_bidirectional_rnn_falls_back_with_its_reason():
    falls_back("""
x = tf.placeholder(tf.float32, [None, 5, 3])
fw = tf.nn.rnn_cell.BasicLSTMCell(4)
bw = tf.nn.rnn_cell.BasicLSTMCell(4)
outputs, states = tf.nn.bidirectional_dynamic_rnn(fw, bw, x, dtype=tf.float32)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
print(sess.run(outputs[0], feed_dict={x: np.ones((2, 5, 3))}))
""", "tf.nn.bidirectional_dynamic_rnn: RNN cells and drivers are translated for")


def test_the_contrib_rnn_module_and_its_static_rnn():
    code = translated("""
from tensorflow.contrib import rnn
x = tf.placeholder(tf.float32, [None, 5, 3])
steps = tf.unstack(x, 5, 1)
cell = rnn.BasicLSTMCell(4, forget_bias=1.0)
outputs, states = rnn.static_rnn(cell, steps, dtype=tf.float32)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
print(sess.run(outputs[-1], feed_dict={x: np.ones((2, 5, 3))}))
""")
    assert "migrate" not in code and "contrib" not in code
    assert "outputs, states_h, states_c = rnn_2(tf.stack(steps, axis=1))" in code


def test_static_rnn_outputs_fetched_whole_are_a_list_of_arrays():
    code = translated("""
x = tf.placeholder(tf.float32, [None, 4, 2])
steps = tf.unstack(x, 4, 1)
cell = tf.nn.rnn_cell.GRUCell(3)
outputs, state = tf.nn.static_rnn(cell, steps, dtype=tf.float32)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
outs = sess.run(outputs, feed_dict={x: np.ones((2, 4, 2))})
""")
    assert "outs = tf.nest.map_structure(lambda t: t.numpy(), compute_outputs(np.ones((2, 4, 2))))" in code


def test_an_lstm_cell_given_an_initializer_draws_its_kernel_with_it():
    code = translated(net("tf.nn.rnn_cell.LSTMCell(4, initializer=tf.random_uniform_initializer(-0.1, 0.1, seed=2))",
                          read="state.h"))
    assert ("gate_i, gate_j, gate_f, gate_o = tf.split(\n"
            "    tf.random.uniform([3 + 4, 4 * 4], -0.1, 0.1, seed=2), 4, axis=1)\n") in code  # its TF 2 random op
    assert "# LSTMCell's kernel as Keras' kernel and recurrent_kernel, gates i, j, f, o -> i, f, j, o\n" in code
    assert "compat.v1" not in code
    unseeded = translated(net("tf.nn.rnn_cell.LSTMCell(4, initializer=tf.random_uniform_initializer(-0.1, 0.1))",
                              read="state.h"))
    assert "tf.compat.v1.random_uniform_initializer(-0.1, 0.1)([3 + 4, 4 * 4])" in unseeded  # paired by verify


def test_an_initializer_in_a_comprehension_of_cells_falls_back():
    falls_back(net("tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.LSTMCell(4, initializer=tf.random_uniform_initializer("
                   "-0.1, 0.1, seed=2)) for _ in range(2)])", read="state[-1].h"),
               "tf.nn.rnn_cell.LSTMCell(initializer=...) in a comprehension is not translated")


def test_an_rnn_cell_comes_from_tf_keras_where_exact_optimizers_keeps_tf1s_adam():
    # tf.compat.v1.train.AdamOptimizer updates tf.Variables only: the cell's weights must be
    # tf_keras' (as the layers' are), one answer for both (Translator.keras_module)
    from migrate.eager import options

    source = net("tf.nn.rnn_cell.BasicLSTMCell(4)", read="state.h").replace(
        "tf.train.GradientDescentOptimizer(0.1)", "tf.train.AdamOptimizer(0.1)")
    assert "cell = tf.keras.layers.LSTMCell(" in translated(source)
    with options.using(exact_optimizers=True):
        code = translated(source)
    assert "tf.compat.v1.train.AdamOptimizer(learning_rate=0.1)" in code
    assert "cell = tf_keras.layers.LSTMCell(" in code and "tf.keras.layers" not in code
