"""--to eager: tf.gradients + assign -> tape.gradient + assign calls (patterns/gradients.py)."""
import textwrap

from tests.migrate.eager.helpers import translated


def test_tf_gradients_with_assign_updates_becomes_tape_gradient_then_the_assigns():
    code = translated("""
    x = tf.placeholder(tf.float32, [None, 2])
    W = tf.Variable(tf.zeros([2, 1]))
    b = tf.Variable(0.0)
    cost = tf.reduce_mean(tf.square(tf.matmul(x, W) + b))
    grad_W, grad_b = tf.gradients(xs=[W, b], ys=cost)
    new_W = W.assign(W - 0.1 * grad_W)
    new_b = tf.assign_sub(b, 0.1 * grad_b)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        _, _, c = sess.run([new_W, new_b, cost], feed_dict={x: [[1.0, 2.0]]})
    """)
    assert textwrap.dedent("""
    def train_step(x):
        with tf.GradientTape() as tape:
            cost = tf.reduce_mean(tf.square(tf.matmul(x, W) + b))
        grad_W, grad_b = tape.gradient(cost, [W, b])
        new_W = W.assign(W - 0.1 * grad_W)
        new_b = b.assign_sub(0.1 * grad_b)
        return new_W, new_b, cost
    """) in code
    assert "_, _, c = (t.numpy() for t in train_step([[1.0, 2.0]]))" in code


def test_tf_gradients_of_a_single_tensor_keeps_the_list_tf_gradients_returned():
    code = translated("""
    x = tf.placeholder(tf.float32, [None])
    w = tf.Variable(2.0)
    y = tf.reduce_sum(w * x * x)
    g = tf.gradients(y, w)
    dx = tf.gradients(y, x)[0]
    sess = tf.Session()
    print(sess.run(g[0], {x: [1.0]}))
    print(sess.run(dx, {x: [1.0]}))
    """)
    assert "g = tape.gradient(y, [w])" in code
    assert "tape.watch(x)" in code


def test_the_whole_list_of_gradients_fetched_gives_the_list_of_arrays_session_run_gave():
    code = translated("""
    x = tf.placeholder(tf.float32, [None, 2])
    W = tf.Variable(tf.ones([2, 1]))
    b = tf.Variable(0.5)
    loss = tf.reduce_mean(tf.square(tf.matmul(x, W) + b))
    grads = tf.gradients(loss, [W, b])
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    g_W, g_b = sess.run(grads, feed_dict={x: [[1.0, 2.0]]})
    l, g = sess.run([loss, grads], feed_dict={x: [[1.0, 2.0]]})
    """)
    # the first run's fetch is one of the second's: it calls that function (merged_runs.py)
    assert textwrap.dedent("""
    def compute_loss_and_grads(x):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(tf.matmul(x, W) + b))
        grads = tape.gradient(loss, [W, b])
        return loss, grads
    """) in code
    assert "g_W, g_b = tf.nest.map_structure(lambda t: t.numpy(), compute_loss_and_grads([[1.0, 2.0]])[1])" in code
    assert "l, g = (tf.nest.map_structure(lambda t: t.numpy(), t) for t in compute_loss_and_grads([[1.0, 2.0]]))" \
        in code
