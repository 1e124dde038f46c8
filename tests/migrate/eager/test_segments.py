"""--to eager: reset_default_graph segments, Graph().as_default and name_scope blocks (patterns/segments.py)."""
from tests.migrate.eager.helpers import REGRESSION, falls_back, translated


def test_two_graphs_separated_by_reset_default_graph_are_translated_each():
    code = translated(REGRESSION + """
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    sess = tf.Session()
    sess.run(train, feed_dict={x: [[1.0]], y: [[2.0]]})
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [None])
    v = tf.Variable(5.0)
    loss = tf.reduce_sum(tf.square(v * x))
    train = tf.train.AdamOptimizer(0.1).minimize(loss)
    sess = tf.Session()
    sess.run(train, feed_dict={x: [1.0]})
    """)
    assert "reset_default_graph" not in code
    assert code.count("def train_step(") == 2  # one per graph, the second after the first's last call
    assert "tape.gradient(loss, [w])" in code and "tape.gradient(loss, [v])" in code


def test_tf_graph_as_default_and_name_scope_blocks_are_dissolved():
    code = translated("""
    with tf.Graph().as_default():
        with tf.name_scope("model"):
            x = tf.placeholder(tf.float32, [2])
            w = tf.Variable(tf.ones([2]))
            out = tf.reduce_sum(w * x)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            print(sess.run(out, {x: [1.0, 2.0]}))
    """)
    assert "Graph" not in code and "name_scope" not in code
    assert "\nw = tf.Variable(tf.ones([2]))\n" in code


def test_a_graph_object_entered_and_given_to_its_session_is_removed():
    code = translated("""
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, [2])
        with tf.device("/cpu:0"):
            w = tf.Variable(tf.ones([2]))
        out = tf.reduce_sum(w * x)
    sess = tf.Session(graph=graph)
    sess.run(tf.variables_initializer([w]))
    print(sess.run(out, {x: [1.0, 2.0]}))
    """)
    assert "Graph" not in code and "graph" not in code.replace("autograph", "") and "device" not in code
    assert "\nw = tf.Variable(tf.ones([2]))\n" in code


def test_a_graph_object_used_for_anything_else_is_refused():
    falls_back("""
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, [2])
        out = tf.reduce_sum(x)
    print(len(graph.get_operations()))
    with tf.Session(graph=graph) as sess:
        print(sess.run(out, {x: [1.0, 2.0]}))
    """, "the graph object `graph` is used for something other than as_default() and Session(graph=...) "
         "(`graph.get_operations`): eager TF 2 builds no graph whose operations, tensors or definition the script "
         "could read")
    falls_back("""
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [2])
        out = tf.reduce_sum(x)
        print(g.as_graph_def())
        with tf.Session(graph=g) as sess:
            print(sess.run(out, {x: [1.0, 2.0]}))
    """, "the graph object `g` is used for something other than as_default() and Session(graph=...) "
         "(`g.as_graph_def`)")


def test_a_graph_bound_by_as_default_as_and_given_to_its_session_is_dissolved():
    code = translated("""
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [2])
        w = tf.Variable(tf.ones([2]))
        out = tf.reduce_sum(w * x)
        with tf.Session(graph=g) as sess:
            sess.run(tf.global_variables_initializer())
            print(sess.run(out, {x: [1.0, 2.0]}))
    """)
    assert "Graph" not in code and "graph=g" not in code and " g" not in code
    assert "\nw = tf.Variable(tf.ones([2]))\n" in code and "print(compute_out([1.0, 2.0]).numpy())" in code


def test_finalize_of_the_graph_is_removed_eager_code_builds_no_graph():
    program = """
    x = tf.placeholder(tf.float32, [2])
    w = tf.Variable(tf.ones([2]))
    out = tf.reduce_sum(w * x)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    FINALIZE
    print(sess.run(out, {x: [1.0, 2.0]}))
    """
    for finalize in ["tf.get_default_graph().finalize()", "sess.graph.finalize()"]:
        code = translated(program.replace("FINALIZE", finalize))
        assert "finalize" not in code and "print(compute_out([1.0, 2.0]).numpy())" in code
    code = translated("""
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, [2])
        out = tf.reduce_sum(x)
    graph.finalize()
    with tf.Session(graph=graph) as sess:
        print(sess.run(out, {x: [1.0, 2.0]}))
    """)
    assert "finalize" not in code and "graph" not in code.replace("autograph", "")


def test_a_name_scope_bound_to_a_name_nobody_reads_is_dissolved_too():
    code = translated("""
    x = tf.placeholder(tf.float32, [2])
    with tf.name_scope("hidden") as scope:
        w = tf.Variable(tf.ones([2]))
        out = tf.reduce_sum(w * x)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(out, {x: [1.0, 2.0]}))
    """)
    assert "name_scope" not in code and "scope" not in code
    falls_back("""
    x = tf.placeholder(tf.float32, [2])
    with tf.name_scope("hidden") as scope:
        w = tf.Variable(tf.ones([2]), name=scope + "w")
        out = tf.reduce_sum(w * x)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(out, {x: [1.0, 2.0]}))
    """, "graph built inside a block")


def test_entering_the_same_graph_object_again_continues_its_segment():
    code = translated("""
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [2])
        w = tf.Variable(tf.ones([2]))
        out = tf.reduce_sum(w * x)
    sess = tf.Session(graph=g)
    with g.as_default():
        sess.run(tf.global_variables_initializer())
    print(sess.run(out, {x: [1.0, 2.0]}))
    """)
    assert "print(compute_out([1.0, 2.0]).numpy())" in code


def test_a_block_making_the_session_the_default_one_is_dissolved():
    for opening in ["sess = tf.Session()", "sess = tf.InteractiveSession()"]:
        code = translated(f"""
        x = tf.placeholder(tf.float32, [2])
        w = tf.Variable(tf.ones([2]))
        out = tf.reduce_sum(w * x)
        {opening}
        sess.run(tf.global_variables_initializer())
        with sess.as_default():
            print(out.eval(feed_dict={{x: [1.0, 2.0]}}))
        """)
        assert "as_default" not in code and "sess" not in code
        assert "\nprint(compute_out([1.0, 2.0]).numpy())" in code
    code = translated("""
    x = tf.placeholder(tf.float32, [2])
    out = tf.reduce_sum(x)
    other = Context()
    sess = tf.Session()
    with other.as_default():
        print(sess.run(out, {x: [1.0, 2.0]}))
    """)
    assert "\nwith other.as_default():\n    print(compute_out([1.0, 2.0]).numpy())" in code  # not a session: kept
