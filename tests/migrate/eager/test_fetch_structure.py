"""--to eager: fetch structures built in variables, dict fetches, and lists mixing train
ops with several tensors used as a value (patterns/fetch_structure.py)."""
from tests.migrate.eager.helpers import REGRESSION, check, falls_back, translated

TRAINED = REGRESSION + """
    acc = tf.sqrt(loss)
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
"""

STEP = """
    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 1]), tf.TensorSpec([None, 1])])
    def train_step(x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
        grads = tape.gradient(loss, [w])
        acc = tf.sqrt(loss)
        optimizer.apply_gradients(zip(grads, [w]))
"""

HEAD = """
    w = tf.Variable(tf.zeros([1, 1]))
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)
"""


def test_a_fetch_list_kept_in_a_variable_is_the_list_it_was_bound_to():
    code = translated(REGRESSION + """
    sess = tf.Session()
    to_fetch = [w, loss]
    for i in range(2):
        w_now, l_now = sess.run(to_fetch, feed_dict={x: [[1.0]], y: [[2.0]]})
    """)
    assert "to_fetch" not in code
    assert "def compute_w_and_loss(x, y):\n    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))\n" \
           "    return w, loss" in code
    assert "w_now, l_now = (t.numpy() for t in compute_w_and_loss([[1.0]], [[2.0]]))" in code


def test_a_list_mixing_a_train_op_and_several_tensors_used_as_a_value():
    check(TRAINED + """
    res = sess.run([train, loss, acc], feed_dict={x: [[1.0]], y: [[2.0]]})
    print(res[1], res[2])
    """, HEAD + STEP + """
        return loss, acc
    res = [None, *(t.numpy() for t in train_step([[1.0]], [[2.0]]))]
    print(res[1], res[2])
    """)


def test_a_tuple_with_the_train_op_last():
    code = translated(TRAINED + """
    res = sess.run((loss, acc, train), feed_dict={x: [[1.0]], y: [[2.0]]})
    """)
    assert "res = (*(t.numpy() for t in train_step([[1.0]], [[2.0]])), None)" in code


def test_unpacking_a_mixed_list_keeps_the_tensors_only():
    code = translated(TRAINED + """
    _, l, a = sess.run([train, loss, acc], feed_dict={x: [[1.0]], y: [[2.0]]})
    """)
    assert "l, a = (t.numpy() for t in train_step([[1.0]], [[2.0]]))" in code


def test_a_dict_of_fetches_returns_a_dict_with_its_keys_in_order():
    check(TRAINED + """
    fetches = {"loss": loss, "acc": acc}
    d = sess.run(fetches, feed_dict={x: [[1.0]], y: [[2.0]]})
    d2 = sess.run({"step": train, "loss": loss}, feed_dict={x: [[1.0]], y: [[2.0]]})
    """, HEAD + """

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 1]), tf.TensorSpec([None, 1])])
    def compute_loss_and_acc(x, y):
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
        acc = tf.sqrt(loss)
        return {"loss": loss, "acc": acc}
    d = {k: v.numpy() for k, v in compute_loss_and_acc([[1.0]], [[2.0]]).items()}

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 1]), tf.TensorSpec([None, 1])])
    def train_step(x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
        grads = tape.gradient(loss, [w])
        optimizer.apply_gradients(zip(grads, [w]))
        return {"loss": loss}
    d2 = {"step": None, **{k: v.numpy() for k, v in train_step([[1.0]], [[2.0]]).items()}}
    """)


def test_a_dict_of_train_ops_only_runs_the_step():
    code = translated(TRAINED + """
    d = sess.run({"step": train}, feed_dict={x: [[1.0]], y: [[2.0]]})
    sess.run({"step": train}, feed_dict={x: [[1.0]], y: [[2.0]]})
    """)
    assert "d = [train_step([[1.0]], [[2.0]]), {\"step\": None}][1]" in code
    assert "\ntrain_step([[1.0]], [[2.0]])\n" in code
    assert "return" not in code


def test_tensors_on_both_sides_of_a_train_op_used_as_a_value_fall_back():
    falls_back(TRAINED + """
    res = sess.run([loss, train, acc], feed_dict={x: [[1.0]], y: [[2.0]]})
    """, "tensors used as a value are not next to each other")


def test_a_dict_of_fetches_with_computed_keys_falls_back():
    falls_back(TRAINED + """
    name = "loss"
    res = sess.run({name: loss}, feed_dict={x: [[1.0]], y: [[2.0]]})
    """, "a dict of fetches whose keys are not literals")


def test_a_fetch_list_built_by_an_expression_falls_back_rather_than_return_a_list_as_a_tensor():
    falls_back(REGRESSION + """
    sess = tf.Session()
    print(sess.run([w] * 2))
    """, "a fetch list or dict built by an expression")
    falls_back(REGRESSION + """
    sess = tf.Session()
    print(sess.run([tf.reduce_sum(v) for v in (w, w)]))
    """, "a fetch list or dict built by an expression")


def test_a_fetch_list_joined_from_literals_and_lists_kept_in_variables():
    code = translated(TRAINED + """
    metrics = [loss, acc]
    for i in range(2):
        _, l, a = sess.run([train] + metrics, feed_dict={x: [[1.0]], y: [[2.0]]})
        both = sess.run(metrics + [w], feed_dict={x: [[1.0]], y: [[2.0]]})
    """)
    assert "metrics" not in code
    assert "l, a = (t.numpy() for t in train_step([[1.0]], [[2.0]]))" in code
    assert "both = [t.numpy() for t in compute_loss_and_acc_and_w([[1.0]], [[2.0]])]" in code


def test_a_fetched_collection_of_variables_is_the_list_of_their_values():
    check(TRAINED + """
    b = tf.Variable(tf.zeros([1]))
    values = sess.run(tf.trainable_variables())
    for v in sess.run(tf.trainable_variables()):
        print(v)
    """, HEAD + """
    b = tf.Variable(tf.zeros([1]))
    values = [w.numpy(), b.numpy()]
    for v in [w.numpy(), b.numpy()]:
        print(v)
    """)


def test_a_name_bound_to_a_collection_of_variables_fetched_is_their_values():
    code = translated(REGRESSION + """
    b = tf.Variable(tf.zeros([1]))
    params = tf.trainable_variables()
    sess = tf.Session()
    w_now, b_now = sess.run(params)
    print(len(params))
    """)
    assert "params = [w, b]\n" in code
    assert "w_now, b_now = [w.numpy(), b.numpy()]\n" in code


def test_a_fetched_collection_holding_an_optimizers_slots_is_refused():
    falls_back(TRAINED.replace("GradientDescentOptimizer(0.1)", "AdamOptimizer(0.1)") + """
    print(sess.run(tf.global_variables()))
    """, "a collection of variables read after AdamOptimizer created its slot variables")


def test_one_value_of_a_fetched_collection_read_at_a_literal_index_is_that_variables_value():
    code = translated(REGRESSION + """
    b = tf.Variable(tf.zeros([1]))
    sess = tf.Session()
    bias = sess.run(tf.trainable_variables())[1]
    print(sess.run(tf.trainable_variables()))
    """)
    assert code.endswith("bias = b.numpy()\nprint([w.numpy(), b.numpy()])\n")
