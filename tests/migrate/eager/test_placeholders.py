"""--to eager: placeholders -> function arguments (patterns/placeholders.py)."""
from tests.migrate.eager.helpers import REGRESSION, check, translated


def test_placeholders_become_arguments_and_sess_run_a_call_returning_numpy():
    check(REGRESSION + """
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(loss, feed_dict={x: [[1.0]], y: [[2.0]]}))
    """, """
    w = tf.Variable(tf.zeros([1, 1]))

    @tf.function(input_signature=[
        tf.TensorSpec([None, 1], tf.float32),
        tf.TensorSpec([None, 1], tf.float32),
    ])
    def compute_loss(x, y):
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
        return loss

    print(compute_loss([[1.0]], [[2.0]]).numpy())
    """)


def test_feed_order_other_than_the_parameters_is_passed_by_keyword():
    # the feed values are evaluated in the order written, as they were for feed_dict
    code = translated(REGRESSION + """
    sess = tf.Session()
    print(sess.run(loss, feed_dict={y: np.ones((1, 1)), x: np.zeros((1, 1))}))
    """)
    assert "compute_loss(y=np.ones((1, 1)), x=np.zeros((1, 1)))" in code


def test_a_fed_placeholder_the_fetch_does_not_need_is_dropped():
    code = translated(REGRESSION + """
    sess = tf.Session()
    print(sess.run(w * 2.0, feed_dict={x: [[1.0]]}))
    """)
    assert "def compute_value():" in code
    assert "compute_value().numpy()" in code
