"""--to eager: initializer runs disappear (patterns/initializers.py)."""
from tests.migrate.eager.helpers import check, falls_back


def test_an_initializer_run_and_its_statement_disappear():
    outcome = check("""
    w = tf.Variable(tf.ones([2]))
    init = tf.global_variables_initializer()
    sess = tf.Session()
    sess.run(init)
    print(sess.run(w))
    """, """
    w = tf.Variable(tf.ones([2]))
    print(w.numpy())
    """)
    assert "eager-init" in {f.rule for f in outcome.findings}


def test_an_initializer_run_by_op_run_disappears():
    check("""
    w = tf.Variable(tf.ones([2]))
    sess = tf.InteractiveSession()
    tf.global_variables_initializer().run()
    print(w.eval())
    """, """
    w = tf.Variable(tf.ones([2]))
    print(w.numpy())
    """)


def test_an_initializer_fetched_with_other_things_or_run_in_a_loop_is_not_translated():
    falls_back("""
    w = tf.Variable(1.0)
    sess = tf.Session()
    print(sess.run([tf.global_variables_initializer(), w]))
    """, "an initializer fetched together with other things")
    falls_back("""
    w = tf.Variable(1.0)
    sess = tf.Session()
    for i in range(2):
        sess.run(tf.global_variables_initializer())
        print(sess.run(w))
    """, "variables initialised inside a block")


def test_a_variables_own_initializer_run_disappears_and_its_value_is_none():
    check("""
    w = tf.Variable(tf.zeros([2]))
    b = tf.Variable(tf.ones([2]))
    sess = tf.Session()
    sess.run(w.initializer)
    print(sess.run(b.initializer))
    print(sess.run(w))
    """, """
    w = tf.Variable(tf.zeros([2]))
    b = tf.Variable(tf.ones([2]))
    print(None)
    print(w.numpy())
    """)


def test_a_list_of_initializers_gives_its_nones():
    check("""
    w = tf.Variable(tf.zeros([2]))
    b = tf.Variable(tf.ones([2]))
    sess = tf.Session()
    done = sess.run([w.initializer, b.initializer])
    print(done, sess.run(b))
    """, """
    w = tf.Variable(tf.zeros([2]))
    b = tf.Variable(tf.ones([2]))
    done = [None, None]
    print(done, b.numpy())
    """)


def test_a_variable_initialised_again_is_not_translated():
    falls_back("""
    w = tf.Variable(tf.zeros([2]))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(w.initializer)
    print(sess.run(w))
    """, "variables initialised a second time")
    falls_back("""
    w = tf.Variable(tf.zeros([2]))
    sess = tf.Session()
    sess.run(w.initializer)
    sess.run(w.initializer)
    """, "variables initialised a second time")
