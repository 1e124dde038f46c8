"""--to eager: a random op that several Session.run patterns use (patterns/shared_random.py)."""
from tests.migrate.eager.helpers import check, falls_back, translate, translated

NOISY = """
    x = tf.placeholder(tf.float32, [None, 2])
    keep = tf.placeholder(tf.float32)
    w = tf.Variable(tf.ones([2, 1]))
    h = tf.nn.dropout(tf.matmul(x, w), keep_prob=keep, seed=7)
    loss = tf.reduce_mean(tf.square(h))
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
"""


def test_a_shared_dropout_draws_from_a_generator_and_the_runs_stay_tf_functions():
    # no graph seed in the script: the graph op drew with TensorFlow's default graph seed,
    # written out (get_seed's pair for an op seed under no global seed)
    check(NOISY + """
    for i in range(3):
        sess.run(train, feed_dict={x: [[1.0, 2.0]], keep: 0.5})
        print(sess.run(loss, feed_dict={x: [[1.0, 2.0]], keep: 1.0}))
    """, """
    w = tf.Variable(tf.ones([2, 1]))
    # the graph's random streams: philox state [0, op seed, graph seed]
    h_rng = tf.random.Generator.from_state([0, 7, 87654321], "philox")
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 2]), tf.TensorSpec(None)])
    def forward(x, keep):
        h = tf.nn.experimental.general_dropout(tf.matmul(x, w), 1 - keep, h_rng.uniform)
        return tf.reduce_mean(tf.square(h))

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 2]), tf.TensorSpec(None)])
    def train_step(x, keep):
        with tf.GradientTape() as tape:
            loss = forward(x, keep)
        grads = tape.gradient(loss, [w])
        optimizer.apply_gradients(zip(grads, [w]))

    for i in range(3):
        train_step([[1.0, 2.0]], 0.5)
        print(forward([[1.0, 2.0]], 1.0).numpy())
    """)


def test_under_a_literal_graph_seed_the_generator_state_is_written_out():
    code = translated("""
    tf.set_random_seed(640)
    x = tf.placeholder(tf.float32, [None, 3])
    noise = tf.random_normal(tf.shape(x), stddev=0.3, seed=650)
    pick = tf.random_uniform([2], 0, 3, dtype=tf.int32, seed=651)
    a = tf.reduce_sum(x + noise) + tf.cast(tf.reduce_sum(pick), tf.float32)
    b = tf.reduce_max(x + noise)
    sess = tf.Session()
    print(sess.run(a, {x: [[1.0, 2.0, 3.0]]}), sess.run(b, {x: [[1.0, 2.0, 3.0]]}))
    """)
    assert 'noise_rng = tf.random.Generator.from_state([0, 650, 640], "philox")' in code
    assert "noise = noise_rng.normal(tf.shape(x), stddev=0.3)" in code
    assert code.count("@tf.function") == 2 and "convert_to_tensor" not in code


def test_a_graph_seed_set_otherwise_than_by_a_literal_is_read_at_run_time():
    for setting in ("tf.keras.utils.set_random_seed(640)", "tf.get_default_graph().seed = 640"):
        code = translated(NOISY.replace("x = tf.placeholder", setting + "\n    x = tf.placeholder") + """
    for i in range(3):
        sess.run(train, feed_dict={x: [[1.0, 2.0]], keep: 0.5})
        print(sess.run(loss, feed_dict={x: [[1.0, 2.0]], keep: 1.0}))
    """)
        assert "h_rng = tf.random.Generator.from_state([0, *reversed(tf.compat.v1.random.get_seed(7))]" in code


def test_the_table_seeds_are_tensorflows():
    from tensorflow.python.framework import random_seed

    from migrate.tables import random_generators as RG

    assert RG.DEFAULT_GRAPH_SEED == random_seed.DEFAULT_GRAPH_SEED
    assert RG.MAXINT32 == random_seed._MAXINT32


def test_the_written_state_draws_the_graph_ops_numbers_with_no_global_seed():
    # what an unseeded script's graph op draws run after run, and the Generator the
    # translation writes for it: the same numbers, with no global seed on either side
    import numpy as np
    import tensorflow as tf

    from migrate.tables import random_generators as RG

    graph = tf.Graph()
    with graph.as_default():
        noise = tf.random.normal([3, 4], stddev=0.3, seed=650)
        drop = tf.nn.dropout(tf.ones([2, 5]), rate=0.5, seed=651)
    assert graph.seed is None
    with tf.compat.v1.Session(graph=graph) as sess:
        expected = [sess.run([noise, drop]) for _ in range(3)]
    noise_rng = tf.random.Generator.from_state(RG.philox_state(RG.DEFAULT_GRAPH_SEED, 650), RG.ALGORITHM)
    drop_rng = tf.random.Generator.from_state(RG.philox_state(RG.DEFAULT_GRAPH_SEED, 651), RG.ALGORITHM)
    for want_noise, want_drop in expected:
        np.testing.assert_array_equal(noise_rng.normal([3, 4], stddev=0.3).numpy(), want_noise)
        got = tf.nn.experimental.general_dropout(tf.ones([2, 5]), 0.5, drop_rng.uniform).numpy()
        np.testing.assert_array_equal(got, want_drop)


def test_generator_states_follow_get_seed_modulo_and_zero_rules():
    from migrate.tables.random_generators import philox_state

    assert philox_state(640, 642) == [0, 642, 640]
    assert philox_state(2**31 - 1 + 5, 3) == [0, 3, 5]
    assert philox_state(0, 0) == [0, 2**31 - 1, 0]


def test_an_unseeded_shared_random_op_draws_from_a_generator_in_a_nondeterministic_state():
    # no op seed and no graph seed: the graph's op drew from a nondeterministic kernel, one
    # stream for every run; so does one Generator (migrate verify starts it where the
    # compat side's op, given an op seed at run time, starts: test_verify_graph_seed.py)
    check(NOISY.replace(", seed=7", "") + """
    for i in range(3):
        sess.run(train, feed_dict={x: [[1.0, 2.0]], keep: 0.5})
        print(sess.run(loss, feed_dict={x: [[1.0, 2.0]], keep: 1.0}))
    """, """
    w = tf.Variable(tf.ones([2, 1]))
    # one stream per random op the runs share, as in the graph
    h_rng = tf.random.Generator.from_non_deterministic_state()
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 2]), tf.TensorSpec(None)])
    def forward(x, keep):
        h = tf.nn.experimental.general_dropout(tf.matmul(x, w), 1 - keep, h_rng.uniform)
        return tf.reduce_mean(tf.square(h))

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 2]), tf.TensorSpec(None)])
    def train_step(x, keep):
        with tf.GradientTape() as tape:
            loss = forward(x, keep)
        grads = tape.gradient(loss, [w])
        optimizer.apply_gradients(zip(grads, [w]))

    for i in range(3):
        train_step([[1.0, 2.0]], 0.5)
        print(forward([[1.0, 2.0]], 1.0).numpy())
    """)


def test_an_unseeded_shared_random_op_under_a_graph_seed_makes_the_runs_eager_with_the_feed_conversion():
    # under a graph seed the graph's op seed came from the op count: no Generator state to write
    check(NOISY.replace(", seed=7", "").replace("x = tf.placeholder", "tf.set_random_seed(3)\n    x = tf.placeholder", 1) + """
    for i in range(3):
        sess.run(train, feed_dict={x: [[1.0, 2.0]], keep: 0.5})
        print(sess.run(loss, feed_dict={x: [[1.0, 2.0]], keep: 1.0}))
    """, """
    tf.random.set_seed(3)
    w = tf.Variable(tf.ones([2, 1]))
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)

    def train_step(x, keep):
        # Not a tf.function: shares the random op `h` with compute_loss.
        x = tf.convert_to_tensor(x, tf.float32)
        keep = tf.convert_to_tensor(keep, tf.float32)
        with tf.GradientTape() as tape:
            h = tf.nn.dropout(tf.matmul(x, w), rate=1 - keep)
            loss = tf.reduce_mean(tf.square(h))
        grads = tape.gradient(loss, [w])
        optimizer.apply_gradients(zip(grads, [w]))

    def compute_loss(x, keep):
        x = tf.convert_to_tensor(x, tf.float32)
        keep = tf.convert_to_tensor(keep, tf.float32)
        h = tf.nn.dropout(tf.matmul(x, w), rate=1 - keep)
        return tf.reduce_mean(tf.square(h))
    for i in range(3):
        train_step([[1.0, 2.0]], 0.5)
        print(compute_loss([[1.0, 2.0]], 1.0).numpy())
    """)


def test_a_random_op_used_by_one_run_pattern_stays_in_a_tf_function():
    code = translated(NOISY + """
    for i in range(3):
        sess.run(train, feed_dict={x: [[1.0, 2.0]], keep: 0.5})
    """)
    assert "@tf.function" in code and "convert_to_tensor" not in code and "Generator" not in code


def test_a_function_that_does_not_use_the_shared_op_stays_a_tf_function():
    # unseeded under a graph seed: the runs that share the op are eager, not this one
    code = translated(NOISY.replace(", seed=7", "").replace("x = tf.placeholder", "tf.set_random_seed(3)\n    x = tf.placeholder", 1) + """
    clean = tf.reduce_sum(tf.matmul(x, w))
    for i in range(3):
        sess.run(train, feed_dict={x: [[1.0, 2.0]], keep: 0.5})
        print(sess.run(loss, feed_dict={x: [[1.0, 2.0]], keep: 1.0}))
        print(sess.run(clean, feed_dict={x: [[1.0, 2.0]]}))
    """)
    assert "@tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 2])])\ndef compute_clean(x):" in code
    assert code.count("@tf.function") == 1


def test_a_shared_random_op_whose_seed_another_random_op_has_draws_from_its_own_generator():
    # graph: two ops with seed 7, each from the same state; eagerly `w`'s initial value is
    # drawn by the eager kernel of seed 7 and `h`'s op by a Generator of its own: the same numbers
    code = translated("""
    x = tf.placeholder(tf.float32, [None, 2])
    w = tf.Variable(tf.random_normal([2, 1], seed=7))
    h = tf.matmul(x, w) + tf.random_normal([1], seed=7)
    a = tf.reduce_sum(h)
    b = tf.reduce_max(h)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(a, {x: [[1.0, 2.0]]}), sess.run(b, {x: [[1.0, 2.0]]}))
    """)
    assert "h = tf.matmul(x, w) + h_rng.normal([1])" in code


def test_a_shared_random_op_kept_eager_whose_seed_another_random_op_has_falls_back():
    falls_back("""
    x = tf.placeholder(tf.float32, [None, 2])
    w = tf.Variable(tf.random_normal([2, 1], seed=7))
    h = tf.matmul(x, w) + tf.random.shuffle(tf.ones([1]), seed=7)
    a = tf.reduce_sum(h)
    b = tf.reduce_max(h)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(a, {x: [[1.0, 2.0]]}), sess.run(b, {x: [[1.0, 2.0]]}))
    """, "has the seed (7) of 1 other random op(s)")


def test_two_initial_values_drawn_with_one_seed_fall_back():
    # graph: two ops, each drawing N(0, 1) from (global seed, 1): a == b. Eager at module
    # level: one kernel for seed 1, b continues a's stream (migrate verify: 1.76 apart)
    falls_back("""
    a = tf.Variable(tf.random_normal([3], seed=1))
    b = tf.Variable(tf.random_normal([3], seed=1))
    x = tf.placeholder(tf.float32, [3])
    out = x * a + b
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(out, {x: [1.0, 2.0, 3.0]}))
    """, "random ops with the same seed (1) drawn eagerly")


def test_one_seed_in_a_traced_function_and_at_module_level_still_translates():
    # the tf.function's op is a kernel of its own, as in the graph: nothing shared
    translated("""
    w = tf.Variable(tf.random_normal([3], seed=1))
    x = tf.placeholder(tf.float32, [3])
    out = x * w + tf.random_normal([3], seed=1)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(out, {x: [1.0, 2.0, 3.0]}))
    """)


HELPER = """
    x = tf.placeholder(tf.float32, [None, 2])
    w = tf.Variable(tf.ones([2, 1]))


    def model(inputs):
        return tf.nn.dropout(tf.matmul(inputs, w), rate=0.5, seed=7)


"""


def test_a_random_op_in_a_helper_def_is_shared_by_the_runs_of_the_statement_calling_it():
    check(HELPER + """
    out = model(x)
    loss = tf.reduce_mean(out)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(out, {x: [[1.0, 2.0]]}), sess.run(loss, {x: [[1.0, 2.0]]}))
    """, """
    w = tf.Variable(tf.ones([2, 1]))


    def model(inputs):
        return tf.nn.dropout(tf.matmul(inputs, w), rate=0.5, seed=7)

    def compute_out(x):
        # Not a tf.function: shares the random op `out` with compute_loss.
        x = tf.convert_to_tensor(x, tf.float32)
        return model(x)

    def compute_loss(x):
        x = tf.convert_to_tensor(x, tf.float32)
        out = model(x)
        return tf.reduce_mean(out)
    print(compute_out([[1.0, 2.0]]).numpy(), compute_loss([[1.0, 2.0]]).numpy())
    """)


def test_an_unseeded_random_op_of_a_helper_shared_by_runs_is_a_warning_that_verify_cannot_pair_it():
    # the helper's op, called in each eager function, draws at each call: the graph drew
    # it from one op; without an op seed verify cannot give the two forms the same draws
    outcome = translate(HELPER.replace(", seed=7", "") + """
    out = model(x)
    loss = tf.reduce_mean(out)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(out, {x: [[1.0, 2.0]]}), sess.run(loss, {x: [[1.0, 2.0]]}))
    """)
    warned = [(f.line, f.message) for f in outcome.findings if f.rule == "eager-seed"]
    assert len(warned) == 1 and warned[0][0] == 9, outcome.findings  # the dropout's line
    assert "no op seed and is shared by several runs" in warned[0][1] and "cannot pair" in warned[0][1]
    assert "# Not a tf.function: shares the random op `out` with" in outcome.code
    seeded = translate(HELPER + """
    out = model(x)
    loss = tf.reduce_mean(out)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(out, {x: [[1.0, 2.0]]}), sess.run(loss, {x: [[1.0, 2.0]]}))
    """)
    assert not [f for f in seeded.findings if f.rule == "eager-seed"]


def test_a_helper_called_twice_built_two_ops_with_one_seed_and_falls_back_when_shared():
    falls_back(HELPER + """
    train_out = model(x)
    test_out = model(x)
    loss = tf.reduce_mean(train_out)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(train_out, {x: [[1.0, 2.0]]}), sess.run(loss, {x: [[1.0, 2.0]]}))
    print(sess.run(test_out, {x: [[1.0, 2.0]]}))
    """, "a random op shared by several Session.run patterns has the seed (7) of 1 other random op(s)")


def test_a_helper_random_op_used_by_one_run_stays_in_a_tf_function():
    code = translated(HELPER + """
    out = model(x)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(out, {x: [[1.0, 2.0]]}))
    """)
    assert "@tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 2])])\ndef compute_out(x):" in code


SAMPLED = """
    inputs = tf.placeholder(tf.int32, [None])
    labels = tf.placeholder(tf.int64, [None, 1])
    emb = tf.Variable(tf.ones([10, 4]))
    w = tf.Variable(tf.ones([10, 4]))
    b = tf.Variable(tf.zeros([10]))
    embed = tf.nn.embedding_lookup(emb, inputs)
    loss = tf.reduce_mean(tf.nn.sampled_softmax_loss(w, b, labels, embed, 3, 10, seed=5))
    train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for i in range(3):
        sess.run(train, {inputs: [1, 2], labels: [[2], [3]]})
        print(sess.run(loss, {inputs: [1, 2], labels: [[2], [3]]}))
"""


def test_a_sampled_loss_draws_its_classes_so_runs_sharing_it_are_eager():
    # sampled_softmax_loss builds a candidate sampler (one kernel in the graph): each
    # tf.function would trace a sampler of its own, restarting its stream
    code = translated(SAMPLED)
    assert "@tf.function" not in code
    assert "def train_step(inputs, labels):\n    # Not a tf.function: shares the random op `loss` with compute_loss." \
           in code
    one_run = translated(SAMPLED.replace("        print(sess.run(loss, {inputs: [1, 2], labels: [[2], [3]]}))\n", ""))
    assert one_run.count("@tf.function") == 1


def test_a_sampled_loss_without_an_op_seed_is_warned_with_how_to_seed_it():
    nce = SAMPLED.replace("tf.nn.sampled_softmax_loss(w, b, labels, embed, 3, 10, seed=5)",
                          "tf.nn.nce_loss(w, b, labels, embed, 3, 10)")
    outcome = translate(nce)  # no graph seed: shared by two runs, the draws cannot be paired
    warned = [(f.line, f.message) for f in outcome.findings if f.rule == "eager-seed"]
    assert len(warned) == 1 and warned[0][0] == 10, outcome.findings  # the loss's line
    assert "the random op of `loss` has no op seed and is shared by several runs" in warned[0][1]
    assert "give it sampled_values=tf.random.log_uniform_candidate_sampler(..., seed=N) (tf.nn.nce_loss takes no " \
           "seed)" in warned[0][1]
    outcome = translate(SAMPLED.replace(", seed=5", "").replace("inputs = tf.placeholder",
                                                                "tf.set_random_seed(1)\n    inputs = tf.placeholder", 1))
    warned = [(f.line, f.message) for f in outcome.findings if f.rule == "eager-seed"]
    assert len(warned) == 1 and warned[0][0] == 11, outcome.findings
    assert "random op without an op seed under a global seed" in warned[0][1] and "add seed=N" in warned[0][1]
    seeded = translate(nce.replace("3, 10)", "3, 10, sampled_values=tf.random.log_uniform_candidate_sampler("
                                             "labels, 1, 3, True, 10, seed=4))"))
    assert not [f for f in seeded.findings if f.rule == "eager-seed"]
