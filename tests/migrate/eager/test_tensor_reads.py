"""--to eager: a graph tensor read by Python code outside Session.run (patterns/tensor_reads.py)."""
from tests.migrate.eager.helpers import check, falls_back, translate


def test_static_properties_of_a_tensor_of_constants_are_kept_and_a_shape_read_is_a_python_value():
    outcome = check("""
    a = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    b = tf.matmul(a, tf.constant([[1.0], [2.0]]))
    rows = b.shape[0]
    cols = b.get_shape()[1].value
    print("rows", rows, "cols", cols)
    print(b.get_shape().as_list(), b.dtype, b.shape.ndims, b.shape)
    for i in range(b.shape[0]):
        print(i)
    sess = tf.Session()
    print(sess.run(b))
    """, """
    a = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    b = tf.matmul(a, tf.constant([[1.0], [2.0]]))
    rows = b.shape[0]
    cols = b.get_shape()[1]
    print("rows", rows, "cols", cols)
    print(b.get_shape().as_list(), b.dtype, b.shape.ndims, b.shape)
    for i in range(b.shape[0]):
        print(i)
    print(b.numpy())
    """)
    notes = [f.message for f in outcome.findings if f.rule == "eager-shape"]
    assert "`b.shape[0]` is kept: a static property of a tensor of constants, the same in eager TF 2 (a dimension " \
           "is an int eagerly, a Dimension in the graph: same value, another repr)" in notes
    assert "`b.dtype` is kept: a static property of a tensor of constants, the same in eager TF 2" in notes
    assert len(notes) == 7


def test_printing_a_tensor_of_constants_or_a_variable_itself_is_kept_with_a_warning():
    outcome = check("""
    hello = tf.constant("Hello, TensorFlow!")
    print(hello)
    w = tf.Variable([1.0, 2.0])
    print('w is', w)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(hello))
    """, """
    hello = tf.constant("Hello, TensorFlow!")
    print(hello)
    w = tf.Variable([1.0, 2.0])
    print('w is', w)
    print(hello.numpy())
    """)
    warnings = [(f.line, f.message) for f in outcome.findings if f.rule == "eager-printed-repr"]
    assert warnings == [
        (5, "`print(hello)` prints a tensor itself: TF 1 printed the graph's repr (like `Tensor(\"Const:0\", "
            "shape=(), dtype=string)`), eager TF 2 prints its value, so the printed line changes (migrate verify "
            "does not compare it)"),
        (7, "`print(w)` prints a variable itself: TF 1 printed the graph's repr (like `<tf.Variable 'Variable:0' "
            "shape=(1,) dtype=float32_ref>`), eager TF 2 prints its value, so the printed line changes (migrate "
            "verify does not compare it)")]
    assert all(f.severity == "warning" for f in outcome.findings if f.rule == "eager-printed-repr")


def test_the_graph_tensor_made_a_string_is_refused_with_its_reason():
    for line in ("print('tensor:', str(hello))", "print(f'{hello}')", "print('{}'.format(hello))"):
        falls_back(f"""
        hello = tf.constant("Hello, TensorFlow!")
        sess = tf.Session()
        print(sess.run(hello))
        {line}
        """, "`hello` is printed as a graph tensor (TF 1 prints its repr, like "
             "`Tensor(\"Const:0\", shape=(), dtype=string)`); an eager tensor prints its value")


def test_graph_only_attributes_are_refused():
    falls_back("""
    c = tf.constant(3.0, name="three")
    print(c.name, c.op.type)
    sess = tf.Session()
    print(sess.run(c))
    """, "`c.name`: an eager tensor has no name in eager TF 2")


def test_a_static_read_of_a_tensor_inside_the_run_functions_is_refused():
    falls_back("""
    x = tf.placeholder(tf.float32, [None, 2])
    w = tf.Variable(tf.ones([2, 3]))
    y = tf.matmul(x, w)
    print(y.get_shape().as_list())
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(y, {x: np.ones([4, 2])}))
    """, "`y.get_shape().as_list()` reads a static property of `y`, a tensor that exists only inside the run "
         "functions of the translation")


def test_the_shape_of_a_data_dependent_op_is_refused():
    falls_back("""
    u = tf.unique(tf.constant([1, 2, 2, 3]))[0]
    print(u.shape, u.dtype)
    sess = tf.Session()
    print(sess.run(u))
    """, "`u.shape`: the graph did not know the shape tf.unique gives, an eager tensor does")


def test_other_uses_keep_the_general_reason():
    outcome = translate("""
    c = tf.constant([1.0, 2.0])
    assert c is not None
    sess = tf.Session()
    print(sess.run(c))
    """)
    assert any("`c` (constant) is used outside Session.run" in f.message for f in outcome.findings)


def test_a_tensor_computed_in_the_print_argument_from_constants_and_variables_is_kept_with_a_warning():
    outcome = check("""
    a = tf.constant(2.0)
    w = tf.Variable([1.0])
    print(a + 1.0, tf.add(a, a), w * 2)
    print(w.name)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(a))
    """, """
    a = tf.constant(2.0)
    w = tf.Variable([1.0])
    print(a + 1.0, tf.add(a, a), w * 2)
    print(w.name)
    print(a.numpy())
    """)
    warned = [f.message.split(" prints ")[0] for f in outcome.findings if f.rule == "eager-printed-repr"]
    assert warned == ["`print(a + 1.0)`", "`print(tf.add(a, a))`", "`print(w * 2)`"]


def test_a_printed_expression_that_draws_or_reads_a_placeholder_is_refused():
    for line in ("print(a + tf.random_normal([1]))", "print(a * x)"):
        falls_back(f"""
        a = tf.constant(2.0)
        x = tf.placeholder(tf.float32)
        {line}
        sess = tf.Session()
        print(sess.run(a * x, {{x: 1.0}}))
        """, "is used outside Session.run")
