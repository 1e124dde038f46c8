"""--to eager: the session's graph written to a file -> the traced training step's graph
(patterns/graph_files.py)."""
from tests.migrate.eager.helpers import REGRESSION, check, falls_back, translate

TRAINED = REGRESSION + """
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
"""

STEP = """
    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 1]), tf.TensorSpec([None, 1])])
    def train_step(x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
        grads = tape.gradient(loss, [w])
        optimizer.apply_gradients(zip(grads, [w]))
"""


def test_the_graph_file_holds_the_training_steps_graph_after_its_def():
    outcome = check(TRAINED + """
    tf.train.write_graph(sess.graph_def, "logs", "graph.pbtxt")
    for i in range(3):
        sess.run(train, feed_dict={x: [[1.0]], y: [[2.0]]})
    """, """
    w = tf.Variable(tf.zeros([1, 1]))
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)
    """ + STEP + """
    tf.io.write_graph(train_step.get_concrete_function().graph, "logs", "graph.pbtxt")
    for i in range(3):
        train_step([[1.0]], [[2.0]])
    """)
    said = [(f.line, f.rule, f.message) for f in outcome.findings if f.rule == "eager-summary"]
    assert said == [(13, "eager-summary", "tf.train.write_graph(...) writes train_step's traced graph: the step's "
                                          "ops, the variables as captured inputs, not TF 1's whole graph (initializers, "
                                          "evaluation ops, placeholders by name)")]


def test_a_graph_file_written_after_the_training_stays_where_it_was():
    code = translate(TRAINED + """
    for i in range(3):
        sess.run(train, feed_dict={x: [[1.0]], y: [[2.0]]})
    tf.train.write_graph(tf.get_default_graph().as_graph_def(), "logs", "graph.pb", as_text=False)
    """).code
    assert code.endswith("    train_step([[1.0]], [[2.0]])\ntf.io.write_graph(train_step.get_concrete_function()"
                         ".graph, \"logs\", \"graph.pb\", as_text=False)\n")


def test_a_graph_file_reading_a_folder_named_in_the_block_follows_the_step_written_after_it():
    code = translate(TRAINED + """
    folder = "logs"
    tf.train.write_graph(sess.graph, folder, "graph.pbtxt")
    for i in range(3):
        sess.run(train, feed_dict={x: [[1.0]], y: [[2.0]]})
    """).code
    assert 'folder = "logs"\n\n@tf.function' in code
    assert "    optimizer.apply_gradients(zip(grads, [w]))\n\n" \
           "tf.io.write_graph(train_step.get_concrete_function().graph, folder, \"graph.pbtxt\")\n" in code


def test_a_graph_file_without_a_training_step_is_refused():
    falls_back(REGRESSION + """
    sess = tf.Session()
    tf.train.write_graph(sess.graph_def, "logs", "graph.pbtxt")
    print(sess.run(loss, feed_dict={x: [[1.0]], y: [[2.0]]}))
    """, "no traced training step")


def test_a_graph_file_of_another_graph_is_refused():
    falls_back(TRAINED + """
    g = tf.Graph()
    tf.train.write_graph(g.as_graph_def(), "logs", "graph.pbtxt")
    """, "of a graph other than the session's")


def test_a_graph_file_that_python_code_may_read_before_the_step_is_refused():
    falls_back(TRAINED + """
    tf.train.write_graph(sess.graph_def, "logs", "graph.pbtxt")
    print(open("logs/graph.pbtxt").read()[:10])
    for i in range(3):
        sess.run(train, feed_dict={x: [[1.0]], y: [[2.0]]})
    """, "with code between them that could read the file")
