"""--to eager: what a fetch gives back, as Session.run gave it (patterns/fetch_values.py,
migrate/tables/fetch_results.py)."""
from tests.migrate.eager.helpers import check, falls_back


def test_a_structure_of_outputs_becomes_its_arrays():
    check("""
    D = tf.placeholder(tf.float32, [2, 2])
    eig = tf.self_adjoint_eig(D)
    sess = tf.Session()
    e, v = sess.run(eig, feed_dict={D: np.eye(2)})
    print(sess.run(tf.nn.top_k(D, 1), {D: np.eye(2)}))
    """, """

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([2, 2])])
    def compute_eig(D):
        return tf.linalg.eigh(D)

    e, v = tf.nest.map_structure(lambda t: t.numpy(), compute_eig(np.eye(2)))

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([2, 2])])
    def compute_value(D):
        return tf.nn.top_k(D, 1)

    print(tf.nest.map_structure(lambda t: t.numpy(), compute_value(np.eye(2))))
    """)


def test_a_list_of_fetches_holding_a_structure_converts_each_element():
    check("""
    x = tf.placeholder(tf.float32, [2, 4])
    parts = tf.split(x, 2, axis=1)
    total = tf.reduce_sum(x)
    sess = tf.Session()
    p, s = sess.run([parts, total], {x: np.ones([2, 4])})
    """, """
    @tf.function(autograph=False, input_signature=[tf.TensorSpec([2, 4])])
    def compute_parts_and_total(x):
        parts = tf.split(x, 2, axis=1)
        total = tf.reduce_sum(x)
        return parts, total

    p, s = (tf.nest.map_structure(lambda t: t.numpy(), t) for t in compute_parts_and_total(np.ones([2, 4])))
    """)


def test_unpacked_outputs_are_single_tensors():
    check("""
    x = tf.placeholder(tf.float32, [2, 4])
    mean, var = tf.nn.moments(x, [0])
    sess = tf.Session()
    print(sess.run(mean, {x: np.ones([2, 4])}))
    """, """
    @tf.function(autograph=False, input_signature=[tf.TensorSpec([2, 4])])
    def compute_mean(x):
        mean, var = tf.nn.moments(x, [0])
        return mean

    print(compute_mean(np.ones([2, 4])).numpy())
    """)


def test_an_operation_runs_for_its_effect_and_gives_none():
    check("""
    w = tf.Variable(tf.ones([2]))
    halve = w.assign(w / 2.0)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(tf.group(halve)))
    print(sess.run(halve.op))
    print(sess.run(tf.no_op()))
    """, """
    w = tf.Variable(tf.ones([2]))

    @tf.function(autograph=False)
    def train_step():
        halve = w.assign(w / 2.0)

    print(train_step())

    @tf.function(autograph=False)
    def train_step_2():
        halve = w.assign(w / 2.0)

    print(train_step_2())

    @tf.function(autograph=False)
    def compute_value():
        pass

    print(compute_value())
    """)


def test_an_operation_around_a_call_written_inline_is_not_translated():
    falls_back("""
    w = tf.Variable(tf.ones([2]))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(tf.group(w.assign(w / 2.0)))
    """, "an Operation built around a call written inside Session.run")


def test_a_structure_built_inline_on_variables_and_constants_becomes_its_arrays():
    # a run reading no placeholder is written in place (no function): its structure too
    check("""
    W = tf.Variable(tf.ones([2, 3]))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    m, v = sess.run(tf.nn.moments(W, axes=[0, 1]))
    e, vec = sess.run(tf.self_adjoint_eig(tf.constant([[2.0, 1.0], [1.0, 3.0]])))
    print(sess.run(tf.nn.top_k(W[0], 2)), sess.run(W))
    """, """
    W = tf.Variable(tf.ones([2, 3]))
    m, v = tf.nest.map_structure(lambda t: t.numpy(), tf.nn.moments(W, axes=[0, 1]))
    e, vec = tf.nest.map_structure(lambda t: t.numpy(), tf.linalg.eigh(tf.constant([[2.0, 1.0], [1.0, 3.0]])))
    print(tf.nest.map_structure(lambda t: t.numpy(), tf.nn.top_k(W[0], 2)), W.numpy())
    """)
