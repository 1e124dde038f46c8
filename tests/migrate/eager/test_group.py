"""--to eager: tf.group runs its assigns (patterns/group.py)."""
from tests.migrate.eager.helpers import REGRESSION, check, falls_back

MODEL = REGRESSION + """
    b = tf.Variable(tf.zeros([1]))
    grad_w, grad_b = tf.gradients(loss, [w, b])
"""


def test_a_group_of_assigns_assigns_after_the_values_it_reads():
    check(MODEL + """
    train = tf.group(w.assign(w - 0.1 * grad_w), tf.assign_sub(b, 0.1 * grad_b))
    sess = tf.Session()
    for i in range(3):
        _, l = sess.run([train, loss], feed_dict={x: [[1.0]], y: [[2.0]]})
    """, """
    w = tf.Variable(tf.zeros([1, 1]))
    b = tf.Variable(tf.zeros([1]))

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 1]), tf.TensorSpec([None, 1])])
    def train_step(x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
        grad_w, grad_b = tape.gradient(loss, [w, b])
        w.assign(w - 0.1 * grad_w)
        b.assign_sub(0.1 * grad_b)
        return loss

    for i in range(3):
        l = train_step([[1.0]], [[2.0]]).numpy()
    """)


def test_op_run_of_a_group_with_session_runs_its_assigns():
    code = check(MODEL + """
    update = tf.group(w.assign(w - 0.1 * grad_w), b.assign(b - 0.1 * grad_b))
    sess = tf.Session()
    update.run({x: [[1.0]], y: [[2.0]]}, session=sess)
    """, """
    w = tf.Variable(tf.zeros([1, 1]))
    b = tf.Variable(tf.zeros([1]))

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 1]), tf.TensorSpec([None, 1])])
    def train_step(x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
        grad_w, grad_b = tape.gradient(loss, [w, b])
        w.assign(w - 0.1 * grad_w)
        b.assign(b - 0.1 * grad_b)

    train_step([[1.0]], [[2.0]])
    """).code
    assert code.count(".assign(") == 2


def test_assigns_of_a_group_that_read_each_others_variable_are_refused():
    body = MODEL + """
    train = tf.group(w.assign(w - 0.1 * grad_w), b.assign(b - tf.reduce_sum(w)))
    sess = tf.Session()
    sess.run(train, feed_dict={x: [[1.0]], y: [[2.0]]})
    """
    outcome = falls_back(body, "the assign to `b` reads `w`, which another assign of the group writes")
    line = 2 + body.splitlines().index("    train = tf.group(w.assign(w - 0.1 * grad_w), b.assign(b - tf.reduce_sum(w)))") + 1
    assert [f.line for f in outcome.findings if f.rule == "eager-fallback"] == [line]


def test_a_group_of_other_inline_ops_is_refused():
    falls_back(MODEL + """
    train = tf.group(tf.train.GradientDescentOptimizer(0.1).minimize(loss), w.assign(w * 2.0))
    sess = tf.Session()
    sess.run(train, feed_dict={x: [[1.0]], y: [[2.0]]})
    """, "tf.group of an inline op other than an assign")
