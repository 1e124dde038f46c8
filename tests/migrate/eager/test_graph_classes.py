"""--to eager: a class that builds the graph in __init__ becomes a tf.Module whose run
functions are methods (patterns/graph_classes.py)."""
from migrate.eager import FALLBACK_RULE, translate_source
from tests.migrate.eager.helpers import HEADER, check, falls_back, translated

MODEL = """
    class Model(object):
        \"\"\"A line through the data.\"\"\"

        def __init__(self, rate=0.1):
            self.x = tf.placeholder(tf.float32, [None])
            self.y = tf.placeholder(tf.float32, [None])
            self.w = tf.Variable(0.5)
            self.loss = tf.reduce_mean(tf.square(self.w * self.x - self.y))
            self.train_op = tf.train.GradientDescentOptimizer(rate).minimize(self.loss)
"""


def test_the_class_is_a_module_its_runs_methods_its_fetches_calls():
    check(MODEL + """
    model = Model()
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for i in range(3):
        _, l = sess.run([model.train_op, model.loss], feed_dict={model.x: [1.0], model.y: [2.0]})
    print(l, sess.run(model.w))
    """, """
    class Model(tf.Module):
        \"\"\"A line through the data.\"\"\"

        def __init__(self, rate=0.1):
            super().__init__()
            self.w = tf.Variable(0.5)
            self.optimizer = tf.keras.optimizers.SGD(learning_rate=rate)

        @tf.function(autograph=False, input_signature=[tf.TensorSpec([None]), tf.TensorSpec([None])])
        def train_step(self, x, y):
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean(tf.square(self.w * x - y))
            grads = tape.gradient(loss, [self.w])
            self.optimizer.apply_gradients(zip(grads, [self.w]))
            return loss
    model = Model()
    for i in range(3):
        l = model.train_step([1.0], [2.0]).numpy()
    print(l, model.w.numpy())
    """)


def test_methods_running_the_class_own_session_stay_methods():
    # the instance's arguments are bound to __init__'s parameters; an input_signature reading
    # one of them cannot be a decorator of the class: the function traces per shape
    check("""
    class Regressor:
        def __init__(self, n):
            self.x = tf.placeholder(tf.float32, [None, n])
            self.w = tf.Variable(tf.ones([n, 1]))
            self.out = tf.matmul(self.x, self.w)
            self.sess = tf.Session()
            self.sess.run(tf.global_variables_initializer())

        def predict(self, xs):
            return self.sess.run(self.out, {self.x: xs})

    if __name__ == "__main__":
        model = Regressor(2)
        print(model.predict([[1.0, 2.0]]))
    """, """
    class Regressor(tf.Module):
        def __init__(self, n):
            super().__init__()
            self.w = tf.Variable(tf.ones([n, 1]))

        @tf.function(autograph=False)
        def compute_out(self, x):
            return tf.matmul(x, self.w)

        def predict(self, xs):
            return self.compute_out(xs).numpy()

    if __name__ == "__main__":
        model = Regressor(2)
        print(model.predict([[1.0, 2.0]]))
    """)


def test_a_build_method_called_by_init_is_read_as_init():
    check("""
    class Model(object):
        def __init__(self):
            self.x = tf.placeholder(tf.float32, [None])
            self.build()

        def build(self):
            \"\"\"The weights and the output.\"\"\"
            self.w = tf.Variable(3.0)
            self.out = self.w * self.x

    model = Model()
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(model.out, {model.x: [1.0]}))
    """, """
    class Model(tf.Module):
        def __init__(self):
            super().__init__()
            self.w = tf.Variable(3.0)

        @tf.function(autograph=False, input_signature=[tf.TensorSpec([None])])
        def compute_out(self, x):
            return self.w * x

    model = Model()
    print(model.compute_out([1.0]).numpy())
    """)


def test_a_module_level_instance_is_read_where_it_is_made_after_the_seed():
    # the graph-level seed is set between the class and its instance: the graph's ops are
    # built after it, as the instance is made; the class stays where it stood
    check("""
    class Model(object):
        def __init__(self):
            self.x = tf.placeholder(tf.float32, [None])
            self.w = tf.Variable(self._draw())
            self.out = self.w * self.x

        def _draw(self):
            return tf.random_normal([], seed=4)

    tf.set_random_seed(1)
    model = Model()
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(model.out, {model.x: [1.0]}))
    """, """
    class Model(tf.Module):
        def __init__(self):
            super().__init__()
            self.w = tf.Variable(self._draw())

        def _draw(self):
            return tf.random.normal([], seed=4)

        @tf.function(autograph=False, input_signature=[tf.TensorSpec([None])])
        def compute_out(self, x):
            return self.w * x

    tf.random.set_seed(1)
    model = Model()
    print(model.compute_out([1.0]).numpy())
    """)


def test_findings_point_at_the_class_lines_in_its_words():
    outcome = translate_source(HEADER + """
class Model(object):
    def __init__(self):
        self.x = tf.placeholder(tf.float32, [None])
        self.w = tf.Variable(2.0)
        self.out = self.w * self.x

model = Model()
sess = tf.Session()
sess.run(tf.global_variables_initializer())
print(sess.run(model.out, {model.x: [1.0]}))
""")
    assert not [f for f in outcome.findings if f.rule == FALLBACK_RULE]
    placeholder = [f for f in outcome.findings if f.rule == "eager-placeholder"]
    assert [(f.line, f.message) for f in placeholder] == [
        (6, "placeholder(s) `self.x` became argument(s) of compute_out (input_signature = their dtype and shape)")]
    run = [f for f in outcome.findings if f.rule == "eager-run"]
    assert [f.line for f in run] == [13]


def test_a_class_made_twice_is_refused():
    falls_back(MODEL + """
    a = Model()
    b = Model(0.5)
    """, "class Model is used other than made once")


def test_a_class_made_in_a_loop_is_refused():
    falls_back(MODEL + """
    for rate in [1]:
        model = Model()
    """, "class Model is made inside a loop")


def test_a_module_level_instance_takes_any_arguments():
    code = translated(MODEL + """
    rates = [0.1, 0.2]
    model = Model(rate=rates[1])
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(model.train_op, {model.x: [1.0], model.y: [2.0]})
    """)
    assert "model = Model(rate=rates[1])\n" in code and "def train_step(self, x, y):" in code


def test_an_instance_in_a_def_takes_literals_and_module_constants_only():
    code = translated("""
    RATE = 0.3
    """ + MODEL + """
    def main():
        model = Model(RATE)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(model.train_op, {model.x: [1.0], model.y: [2.0]})
    main()
    """)
    assert "model = Model(RATE)\n" in code
    falls_back(MODEL + """
    def main(rate):
        model = Model(rate)
        sess = tf.Session()
    main(0.1)
    """, "class Model is made inside a def or a block with `rate` neither a literal nor a module-level constant")


def test_the_instance_used_other_than_through_attributes_is_refused():
    falls_back(MODEL + """
    model = Model()
    def train(m):
        return m
    train(model)
    sess = tf.Session()
    """, "`model` is used outside the class other than through its attributes")


def test_self_handed_to_other_code_is_refused():
    falls_back("""
    def build(owner):
        owner.x = tf.placeholder(tf.float32, [None])

    class Model(object):
        def __init__(self):
            build(self)
            self.w = tf.Variable(1.0)

    model = Model()
    sess = tf.Session()
    """, "`self` is used in class Model's methods other than through its attributes")


def test_a_method_reading_a_constructor_parameter_is_refused():
    falls_back("""
    class Model(object):
        def __init__(self, scale):
            self.x = tf.placeholder(tf.float32, [None])
            self.w = tf.Variable(1.0)
            self.out = self.w * self.x

        def run(self, sess, xs):
            return sess.run(self.out, {self.x: xs}) * scale

    model = Model(2.0)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(model.run(sess, [1.0]))
    """, "reads a parameter of Model.__init__ (`scale`)")


def test_graph_ops_between_the_class_and_an_instance_in_a_def_are_refused():
    falls_back(MODEL + """
    tf.set_random_seed(1)
    def main():
        model = Model()
        sess = tf.Session()
    main()
    """, "TensorFlow is called between class Model and its instance")


def test_a_method_returning_self_keeps_it():
    code = translated("""
    class Model(object):
        def __init__(self):
            self.graph = tf.Graph()
            with self.graph.as_default():
                self.x = tf.placeholder(tf.float32, [None])
                self.w = tf.Variable(2.0)
                self.out = self.w * self.x
                init = tf.global_variables_initializer()
            self.sess = tf.Session(graph=self.graph)
            self.sess.run(init)

        def show(self, xs):
            print(self.sess.run(self.out, {self.x: xs}))
            return self

    model = Model()
    model.show([1.0]).show([2.0])
    """)
    assert "        print(self.compute_out(xs).numpy())\n        return self\n" in code
    assert "tf.Graph" not in code and "model.show([1.0]).show([2.0])" in code


def test_a_session_handed_to_init_is_the_script_session():
    # the parameter and its argument go, as for a helper def given the session
    check("""
    class Model(object):
        def __init__(self, sess, n):
            self.sess = sess
            self.x = tf.placeholder(tf.float32, [None, n])
            self.w = tf.Variable(tf.ones([n, 1]))
            self.out = tf.matmul(self.x, self.w)

        def predict(self, xs):
            return self.sess.run(self.out, {self.x: xs})

    sess = tf.Session()
    model = Model(sess, n=2)
    sess.run(tf.global_variables_initializer())
    print(model.predict([[1.0, 2.0]]))
    """, """
    class Model(tf.Module):
        def __init__(self, n):
            super().__init__()
            self.w = tf.Variable(tf.ones([n, 1]))

        @tf.function(autograph=False)
        def compute_out(self, x):
            return tf.matmul(x, self.w)

        def predict(self, xs):
            return self.compute_out(xs).numpy()
    model = Model(n=2)
    print(model.predict([[1.0, 2.0]]))
    """)


def test_placeholders_handed_to_init_go_with_their_parameters():
    code = translated("""
    data = tf.placeholder(tf.float32, [None, 2])
    labels = tf.placeholder(tf.float32, [None])

    class Model(object):
        def __init__(self, data, targets, rate=0.1):
            self.w = tf.Variable(tf.ones([2]))
            self.loss = tf.reduce_mean(tf.square(tf.reduce_sum(data * self.w, 1) - targets))
            self.optimize = tf.train.GradientDescentOptimizer(rate).minimize(self.loss)

    model = Model(data, labels, rate=0.5)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(model.optimize, {data: [[1.0, 2.0]], labels: [1.0]})
    """)
    assert "    def __init__(self, rate=0.1):\n" in code
    assert "model = Model(rate=0.5)\n" in code
    assert "model.train_step([[1.0, 2.0]], [1.0])" in code


def test_a_run_executed_once_stays_a_method_of_the_class():
    # run_once.py writes a module-level run in place; a class's run reads the instance's
    # attributes, so it stays its method (a module-level statement would hold no instance)
    code = translated(MODEL + """
    X = np.ones([4], dtype=np.float32)
    model = Model()
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for i in range(3):
        sess.run(model.train_op, feed_dict={model.x: X, model.y: X})
    print("loss", sess.run(model.loss, feed_dict={model.x: X, model.y: X}))
    """)
    assert "    def compute_loss(self, x, y):" in code, code
    assert 'print("loss", model.compute_loss(X, X).numpy())' in code, code
