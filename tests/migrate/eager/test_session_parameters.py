"""--to eager: a helper def given the session loses that parameter (patterns/session_parameters.py)."""
from tests.migrate.eager.helpers import check, falls_back

GRAPH = """
    x = tf.placeholder(tf.float32, [None])
    w = tf.Variable(2.0)
    out = tf.reduce_sum(w * x)
"""


def test_the_session_parameter_and_its_arguments_go():
    check(GRAPH + """
    def evaluate(session, xs):
        return session.run(out, feed_dict={x: xs})
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(evaluate(sess, [1.0]), evaluate(session=sess, xs=[2.0]))
    """, """
    w = tf.Variable(2.0)

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None])])
    def compute_out(x):
        return tf.reduce_sum(w * x)

    def evaluate(xs):
        return compute_out(xs).numpy()
    print(evaluate([1.0]), evaluate(xs=[2.0]))
    """)


def test_a_parameter_named_as_the_session_goes_too():
    # it kept `sess` at the call, a name the translation removes (NameError when run)
    check(GRAPH + """
    def evaluate(sess, xs):
        return sess.run(out, feed_dict={x: xs})
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        print(evaluate(sess, [1.0]))
    """, """
    w = tf.Variable(2.0)

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None])])
    def compute_out(x):
        return tf.reduce_sum(w * x)

    def evaluate(xs):
        return compute_out(xs).numpy()
    print(evaluate([1.0]))
    """)


def test_a_helper_given_something_else_or_using_the_session_otherwise_is_refused():
    falls_back(GRAPH + """
    def evaluate(session, xs):
        return session.run(out, feed_dict={x: xs})
    sess = tf.Session()
    other = sess
    print(evaluate(other, [1.0]))
    """, "`evaluate` is given something other than a session of the script as `session`")
    falls_back(GRAPH + """
    def evaluate(sess, xs):
        print(sess)
        return sess.run(out, feed_dict={x: xs})
    with tf.Session() as sess:
        print(evaluate(sess, [1.0]))
    """, "the def `evaluate` has a parameter named as the session `sess`, used for more than `sess.run(...)`")
