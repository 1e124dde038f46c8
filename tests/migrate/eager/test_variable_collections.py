"""--to eager: graph collections of variables -> the lists they held (patterns/variable_collections.py)."""
from tests.migrate.eager.helpers import falls_back, translated

TWO_SCOPES = """
    x = tf.placeholder(tf.float32, [None, 2])
    with tf.variable_scope("body"):
        W1 = tf.get_variable("W", [2, 2], initializer=tf.zeros_initializer())
    with tf.variable_scope("head"):
        W2 = tf.get_variable("W", [2, 1], initializer=tf.ones_initializer())
    steps = tf.Variable(0, trainable=False)
    loss = tf.reduce_sum(tf.matmul(tf.matmul(x, W1), W2))
"""
RUN = """
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(train, {x: [[1.0, 2.0]]})
"""


def test_a_collection_bound_to_a_name_is_the_list_of_the_variables_it_held():
    code = translated(TWO_SCOPES + """
    all_vars = tf.trainable_variables()
    every_var = tf.global_variables()
    head_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope="head")
    body_vars = tf.trainable_variables("bod")
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, var_list=head_vars)
    print(len(all_vars), len(every_var), len(body_vars))
    """ + RUN)
    assert "\nall_vars = [W1, W2]\nevery_var = [W1, W2, steps]\nhead_vars = [W2]\nbody_vars = [W1]\n" in code
    assert ("    grads = tape.gradient(loss, head_vars)\n"
            "    optimizer.apply_gradients(zip(grads, head_vars))\n") in code
    assert "collection" not in code and "trainable_variables" not in code


def test_a_collection_written_as_the_var_list_is_listed_in_place():
    code = translated(TWO_SCOPES + """
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, var_list=tf.trainable_variables())
    """ + RUN)
    assert "grads = tape.gradient(loss, [W1, W2])" in code


def test_a_collection_holds_only_the_variables_created_before_it():
    code = translated("""
    x = tf.placeholder(tf.float32, [None])
    a = tf.Variable(1.0)
    first = tf.trainable_variables()
    b = tf.Variable(2.0)
    loss = tf.reduce_sum(a * b * x)
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, var_list=first)
    """ + RUN.replace("[[1.0, 2.0]]", "[1.0]"))
    assert "first = [a]" in code and "grads = tape.gradient(loss, first)" in code


def test_collections_the_translation_cannot_list_are_refused():
    falls_back(TWO_SCOPES + """
    vs = tf.trainable_variables()
    for v in vs:
        print(v.name)
    """, "`vs`, the list of a graph collection's variables, used for more than a var_list or len()")
    falls_back("""
    x = tf.placeholder(tf.float32, [None, 2])
    h = tf.layers.dense(x, 3)
    loss = tf.reduce_sum(h)
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, var_list=tf.trainable_variables())
    """ + RUN, "a collection of variables read after tf.layers.dense")
    falls_back(TWO_SCOPES + """
    train = tf.train.AdamOptimizer(0.1).minimize(loss)
    saved = tf.global_variables()
    print(len(saved))
    """ + RUN, "a collection of variables read after AdamOptimizer created its slot variables")
    falls_back("""
    x = tf.placeholder(tf.float32, [None])
    with tf.variable_scope("head"):
        a = tf.Variable(1.0)
    loss = tf.reduce_sum(a * x)
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, var_list=tf.trainable_variables("head"))
    """ + RUN.replace("[[1.0, 2.0]]", "[1.0]"), "the graph name of `a` is not known")
    falls_back(TWO_SCOPES + """
    name = "head"
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, var_list=tf.trainable_variables(name))
    """ + RUN, "a collection of variables read with a scope other than a literal name")


def test_a_scope_objects_name_is_the_literal_it_held_also_as_a_collections_scope():
    code = translated("""
    x = tf.placeholder(tf.float32, [None, 2])
    with tf.variable_scope("body"):
        W1 = tf.get_variable("W", [2, 2], initializer=tf.zeros_initializer())
    with tf.variable_scope("head") as head_scope:
        W2 = tf.get_variable("W", [2, 1], initializer=tf.ones_initializer())
    loss = tf.reduce_sum(tf.matmul(tf.matmul(x, W1), W2))
    head_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope=head_scope.name)
    print("training", head_scope.name, len(head_vars))
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, var_list=head_vars)
    """ + RUN)
    assert "\nhead_vars = [W2]\nprint(\"training\", \"head\", len(head_vars))\n" in code
    assert "head_scope" not in code


def test_a_scope_objects_name_is_refused_where_the_name_holds_several_scopes():
    falls_back("""
    x = tf.placeholder(tf.float32, [None, 2])
    with tf.variable_scope("body") as scope:
        W1 = tf.get_variable("W", [2, 2], initializer=tf.zeros_initializer())
    with tf.variable_scope("head") as scope:
        W2 = tf.get_variable("W", [2, 1], initializer=tf.ones_initializer())
    loss = tf.reduce_sum(tf.matmul(tf.matmul(x, W1), W2))
    head_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope=scope.name)
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, var_list=head_vars)
    """ + RUN, "`scope.name` read where `scope` names several variable scopes")
