"""--to eager: compute_gradients / tf.gradients, clipping, apply_gradients -> a tape step
with the same clipping and the table's optimizer (patterns/apply_gradients.py)."""
import pytest

from tests.migrate.eager.helpers import REGRESSION, check, falls_back, translated


def test_gradients_clipped_by_global_norm_and_applied_become_the_same_lines_on_the_tape():
    check(REGRESSION + """
    tvars = [w]
    grads, _ = tf.clip_by_global_norm(tf.gradients(loss, tvars), 5.0)
    optimizer = tf.train.GradientDescentOptimizer(0.1)
    train_op = optimizer.apply_gradients(zip(grads, tvars))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(40):
            _, l = sess.run([train_op, loss], feed_dict={x: [[1.0]], y: [[2.0]]})
    """, """
    w = tf.Variable(tf.zeros([1, 1]))
    tvars = [w]
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 1]), tf.TensorSpec([None, 1])])
    def train_step(x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
        grads, _ = tf.clip_by_global_norm(tape.gradient(loss, tvars), 5.0)
        optimizer.apply_gradients(zip(grads, tvars))
        return loss

    for step in range(40):
        l = train_step([[1.0]], [[2.0]]).numpy()
    """)



def test_gradients_of_a_variable_list_name_clipped_and_applied_by_an_inline_optimizer():
    check(REGRESSION + """
    b = tf.Variable(tf.zeros([1]))
    params = [w, b]
    grads = tf.gradients(loss + tf.reduce_sum(b), params)
    clipped, _ = tf.clip_by_global_norm(grads, 5.0)
    train_op = tf.train.GradientDescentOptimizer(0.1).apply_gradients(zip(clipped, params))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(40):
            _, l = sess.run([train_op, loss], feed_dict={x: [[1.0]], y: [[2.0]]})
    """, """
    w = tf.Variable(tf.zeros([1, 1]))
    b = tf.Variable(tf.zeros([1]))
    params = [w, b]
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 1]), tf.TensorSpec([None, 1])])
    def train_step(x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
        grads = tape.gradient(loss + tf.reduce_sum(b), params)
        clipped, _ = tf.clip_by_global_norm(grads, 5.0)
        optimizer.apply_gradients(zip(clipped, params))
        return loss

    for step in range(40):
        l = train_step([[1.0]], [[2.0]]).numpy()
    """)


def test_gradients_of_a_collection_list_name_clipped_and_applied():
    code = translated(REGRESSION + """
    b = tf.Variable(0.0)
    params = tf.trainable_variables()
    grads = tf.gradients(loss + b, params)
    clipped, norm = tf.clip_by_global_norm(grads, 1.0)
    opt = tf.train.AdagradOptimizer(0.5)
    train = opt.apply_gradients(zip(clipped, params))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(train, feed_dict={x: [[1.0]], y: [[2.0]]})
    """)
    assert "params = [w, b]\n" in code
    assert ("    grads = tape.gradient(loss + b, params)\n"
            "    clipped, norm = tf.clip_by_global_norm(grads, 1.0)\n"
            "    opt.apply_gradients(zip(clipped, params))\n") in code

def test_compute_gradients_pairs_the_loss_variables_and_apply_counts_the_global_step():
    code = translated(REGRESSION + """
    b = tf.Variable(0.0)
    unused = tf.Variable(1.0)
    total = loss + b
    step = tf.Variable(0, trainable=False)
    opt = tf.train.MomentumOptimizer(0.01, 0.9)
    gvs = opt.compute_gradients(total)
    capped = [(tf.clip_by_value(g, -1.0, 1.0), v) for g, v in gvs]
    train = opt.apply_gradients(capped, global_step=step)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(train, feed_dict={x: [[1.0]], y: [[2.0]]})
    """)
    assert ("    gvs = list(zip(tape.gradient(total, [w, b]), [w, b]))\n"
            "    capped = [(tf.clip_by_value(g, -1.0, 1.0), v) for g, v in gvs]\n"
            "    opt.apply_gradients(capped)\n"
            "    step.assign_add(1)\n") in code


def test_tf_gradients_of_a_literal_list_inside_an_expression():
    code = translated(REGRESSION + """
    b = tf.Variable(0.0)
    g_w, g_b = [tf.clip_by_value(g, -0.5, 0.5) for g in tf.gradients(loss + b, [w, b])]
    opt = tf.train.GradientDescentOptimizer(0.1)
    train = opt.apply_gradients([(g_w, w), (g_b, b)])
    sess = tf.Session()
    sess.run(train, feed_dict={x: [[1.0]], y: [[2.0]]})
    """)
    assert "g_w, g_b = [tf.clip_by_value(g, -0.5, 0.5) for g in tape.gradient(loss + b, [w, b])]" in code


@pytest.mark.parametrize("body, reason", [
    ("""
    opt = tf.train.GradientDescentOptimizer(0.1)
    gvs = opt.compute_gradients(loss, aggregation_method=2)
    train = opt.apply_gradients(gvs)
    """, "compute_gradients(aggregation_method=...) is not translated"),
    ("""
    opt = tf.train.GradientDescentOptimizer(0.1)
    grads = tf.gradients(loss, [w])
    train = opt.apply_gradients(list(zip(grads, [w])))
    """, "apply_gradients of pairs whose variables the translation cannot see"),
    ("""
    opt = tf.train.GradientDescentOptimizer(0.1)
    grads = [g * 2 for g in tf.gradients(loss, [w])] + tf.gradients(loss, [w])
    train = opt.apply_gradients(zip(grads, [w]))
    """, "tf.gradients(...) inside an expression"),
    ("""
    params = [w]
    grads = tf.gradients(loss, params)
    clipped, _ = tf.clip_by_global_norm(grads, 5.0)
    train = tf.train.GradientDescentOptimizer(0.1).apply_gradients(zip(clipped, params))
    sess = tf.Session()
    print(sess.run(_, feed_dict={x: [[1.0]], y: [[2.0]]}))
    for i in range(2):
        _, l = sess.run([train, loss], feed_dict={x: [[1.0]], y: [[2.0]]})
    """, "`_` (tensor) is rebound inside a block"),
    ("""
    params = [w, loss]
    grads = tf.gradients(loss, params)
    train = tf.train.GradientDescentOptimizer(0.1).apply_gradients(zip(grads, params))
    """, "apply_gradients of pairs whose variables the translation cannot see"),
])
def test_hand_written_updates_the_translation_cannot_follow_fall_back(body, reason):
    falls_back(REGRESSION + body + """
    sess = tf.Session()
    sess.run(train, feed_dict={x: [[1.0]], y: [[2.0]]})
    """, reason)
