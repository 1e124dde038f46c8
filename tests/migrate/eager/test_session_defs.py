"""--to eager: Session code in a def or a method, translated in place (translate.py session_defs)."""
from tests.migrate.eager.helpers import translated


def test_session_code_in_a_method_is_translated_in_place():
    code = translated("""
    class Model(object):
        def train(self, steps):
            x = tf.placeholder(tf.float32, [None])
            w = tf.Variable(1.0)
            out = tf.reduce_sum(w * x)
            sess = tf.Session()
            return sess.run(out, {x: [float(steps)]})
    print(Model().train(3))
    """)
    assert "    def train(self, steps):\n        w = tf.Variable(1.0)" in code
    assert "        return compute_out([float(steps)]).numpy()" in code


def test_session_code_in_a_module_level_def_is_translated_in_place():
    code = translated("""
    def main():
        x = tf.placeholder(tf.float32, [None, 1])
        w = tf.Variable(tf.zeros([1, 1]))
        loss = tf.reduce_sum(tf.square(tf.matmul(x, w) - 1.0))
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for i in range(3):
                sess.run(train, feed_dict={x: [[1.0]]})
            return sess.run(w)

    if __name__ == "__main__":
        print(main())
    """)
    assert "def main():\n    w = tf.Variable(tf.zeros([1, 1]))" in code
    assert "\n    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 1])])\n    def train_step(x):" in code
    assert "    for i in range(3):\n        train_step([[1.0]])\n    return w.numpy()" in code
    assert "Session" not in code
