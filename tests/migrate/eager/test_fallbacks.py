"""--to eager: what is not translated keeps the compat form, with the reason (refused.py, the analysis checks)."""
import pytest

from migrate.eager import FALLBACK_RULE
from tests.migrate.eager.helpers import falls_back, translate, translated


def test_control_dependencies_fall_back_with_the_reason():
    outcome = falls_back("""
    v = tf.Variable(0.0)
    inc = tf.assign_add(v, 1.0)
    sess = tf.Session()
    for i in range(2):
        with tf.control_dependencies([inc]):
            print(sess.run(tf.identity(v)))
    """, "tf.control_dependencies is translated around top-level graph statements only")
    # the fallback is migrate's compat output
    assert "tf.compat.v1.Session()" in outcome.code
    assert len([f for f in outcome.findings if f.rule == FALLBACK_RULE]) == 1


@pytest.mark.parametrize("body, reason", [
    ("q = tf.FIFOQueue(3, [tf.float32])\nv = q.dequeue()\nsess = tf.Session()\nprint(sess.run(v))\n",
     "queues are not translated"),
    ("v = 2.0 * tf.get_variable('v', [1])\nsess = tf.Session()\nprint(sess.run(v))\n",
     "tf.get_variable(...) inside an expression"),
    ("x = tf.placeholder(tf.bool)\nout = tf.cond(x, lambda: tf.constant(1), lambda: tf.constant(2))\n"
     "sess = tf.Session()\nprint(sess.run(out, {x: True}))\n", "tf.cond"),
    ("x = tf.placeholder(tf.float32)\nw = tf.Variable(1.0)\nloss = tf.square(w * x)\n"
     "train = tf.train.FtrlOptimizer(0.1).minimize(loss)\nsess = tf.Session()\nsess.run(train, {x: 1.0})\n",
     "FtrlOptimizer has no Keras optimizer known to do the same arithmetic"),
    ("x = tf.placeholder(tf.float32)\ny = x * 2\nsess = tf.Session()\nfor fd in [{x: 1.0}]:\n    print(sess.run(y, fd))\n",
     "feed_dict that is not a dict {placeholder: value}"),
    ("x = tf.placeholder(tf.float32)\ny = x * 2\nsess = tf.Session()\nprint(sess.run(y))\n",
     "placeholder `x` is needed but not fed"),
    # a fetched variable its run updates is translated (patterns/fetched_updates.py); a tensor of the step is not
    ("w = tf.Variable(1.0)\nx = tf.placeholder(tf.float32)\nloss = tf.square(w * x)\nw2 = w * 2.0\n"
     "train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)\nsess = tf.Session()\n"
     "print(sess.run([train, w2], {x: 1.0}))\n", "`w2` reads `w`, which `train` updates in the same run"),
    ("w = tf.Variable(tf.random_normal([1], seed=1))\ninit = tf.global_variables_initializer()\nsess = tf.Session()\n"
     "sess.run(init)\nprint(sess.run(w))\nsess.run(init)\n", "initialised a second time"),
    ("w = tf.Variable(1.0)\nsess = tf.Session()\nfor i in range(3):\n    y = w * i\n    print(sess.run(y))\n",
     "graph built inside a block"),
    ("x = tf.placeholder(tf.float32)\nlr = 0.1\ny = x * lr\nsess = tf.Session()\nfor lr in [1.0, 2.0]:\n"
     "    print(sess.run(y, {x: 1.0}))\n", "`lr`"),
    ("x = tf.placeholder(tf.float32)\ny = x * 2\nprint(y)\nsess = tf.Session()\nprint(sess.run(y, {x: 1.0}))\n",
     "`y` is printed as a graph tensor (TF 1 prints its repr"),
    # a shared op the Generator table lacks stays eager (a shared normal draw: test_shared_random.py)
    ("x = tf.placeholder(tf.float32)\nw = tf.Variable(tf.random_normal([1], seed=3))\n"
     "h = x * w + tf.random.shuffle(tf.ones([1]), seed=3)\na = h * 2\nb = h * 3\nsess = tf.Session()\n"
     "print(sess.run(a, {x: 1.0}))\nprint(sess.run(b, {x: 1.0}))\n", "has the seed (3) of 1 other random op(s)"),
    ("w = tf.Variable(1.0)\nsaver = tf.train.Saver(saver_def=None)\nsess = tf.Session()\nsaver.save(sess, '/tmp/x')\n",
     "tf.train.Saver(saver_def=...) is not translated"),
    # stage 1 serves these from tf_revive_runtime (tf_keras); eager still knows what they are
    ("x = tf.placeholder(tf.float32, [None, 4])\nh = tf.layers.max_pooling1d(x, 2, 2)\nsess = tf.Session()\n"
     "print(sess.run(h, {x: [[1.0] * 4]}))\n", "tf.layers.max_pooling1d: tf.layers creates variables implicitly"),
    ("x = tf.placeholder(tf.float32, [None, 2, 1])\ncell = tf.nn.rnn_cell.LSTMCell(3, use_peepholes=True)\n"
     "out, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)\nsess = tf.Session()\nprint(sess.run(state.h))\n",
     "tf.nn.rnn_cell.LSTMCell(use_peepholes=True) is not translated"),
])
def test_constructs_that_are_not_translated_are_reported(body, reason):
    falls_back(body, reason)


def test_the_findings_of_a_fallback_point_at_the_offending_line():
    outcome = translate("""
    v = tf.Variable(0.0)
    sess = tf.Session()
    q = tf.FIFOQueue(3, [tf.float32])
    """)
    [finding] = [f for f in outcome.findings if f.rule == FALLBACK_RULE]
    assert finding.line == 6  # two header lines, a blank line, then v, sess, q
    assert str(finding).startswith("6:")


def test_session_code_inside_a_function_is_reported_not_passed_by():
    falls_back("""
    def outer():
        def inner():
            x = tf.placeholder(tf.float32)
            with tf.Session() as sess:
                print(sess.run(x * 2, {x: 1.0}))
        inner()
    outer()
    """, "Session code inside a function or class")
