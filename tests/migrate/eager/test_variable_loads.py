"""--to eager: variable.load(value, sess) -> variable.assign(value) (patterns/variable_loads.py)."""
from tests.migrate.eager.helpers import check, falls_back


def test_a_load_through_the_session_is_an_assign():
    check("""
    W = tf.Variable(tf.zeros([2, 1]))
    b = tf.Variable(0.0)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        W.load(np.ones((2, 1), np.float32), sess)
        b.load(0.5, session=sess)
        W.load([[2.0], [3.0]])
        print(sess.run(W), sess.run(b))
    """, """
    W = tf.Variable(tf.zeros([2, 1]))
    b = tf.Variable(0.0)
    W.assign(np.ones((2, 1), np.float32))
    b.assign(0.5)
    W.assign([[2.0], [3.0]])
    print(W.numpy(), b.numpy())
    """)


def test_a_load_of_a_value_naming_tensorflow_keeps_the_session_use_refused():
    falls_back("""
    W = tf.Variable(tf.zeros([2, 1]))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        W.load(np.ones((2, 1)).astype(tf.float32.as_numpy_dtype), sess)
        print(sess.run(W))
    """, "the session `sess` is used for something other than run/close")


def test_a_load_whose_receiver_is_not_a_variable_is_left_alone():
    # np.load, json.load: no variable receiver, nothing to rewrite (and no session read)
    check("""
    W = tf.Variable(tf.zeros([2]))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        data = np.load("data.npy", allow_pickle=False)
        print(sess.run(W), data)
    """, """
    W = tf.Variable(tf.zeros([2]))
    data = np.load("data.npy", allow_pickle=False)
    print(W.numpy(), data)
    """)
