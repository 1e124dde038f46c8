"""--to eager: feed dicts built away from the call (patterns/feed_sources.py)."""
from tests.migrate.eager.helpers import REGRESSION, check, falls_back, translated

SIGNATURE = """
    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 1]), tf.TensorSpec([None, 1])])
"""


def test_a_feed_dict_kept_in_a_variable_becomes_keyword_arguments():
    check(REGRESSION + """
    sess = tf.Session()
    feed = {x: [[1.0]], y: [[2.0]]}
    for i in range(3):
        print(sess.run(loss, feed_dict=feed))
    """, """
    w = tf.Variable(tf.zeros([1, 1]))
    feed = {"x": [[1.0]], "y": [[2.0]]}
    """ + SIGNATURE + """
    def compute_loss(x, y):
        return tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
    for i in range(3):
        print(compute_loss(**feed).numpy())
    """)


def test_a_feed_built_in_the_loop_and_a_run_that_reads_fewer_placeholders():
    code = translated(REGRESSION + """
    pred = tf.matmul(x, w)
    sess = tf.Session()
    for i in range(3):
        batch = {x: [[float(i)]], y: [[2.0]]}
        l = sess.run(loss, batch)
        p = sess.run(pred, feed_dict=batch)
    """)
    assert '    batch = {"x": [[float(i)]], "y": [[2.0]]}\n' in code
    assert "l = compute_loss(**batch).numpy()" in code
    assert 'p = compute_pred(batch["x"]).numpy()' in code


def test_a_helper_returning_feed_dicts_is_renamed_and_called_with_keywords():
    """The TF tutorials' `def feed_dict(train):` with a keep_prob per branch."""
    code = translated(REGRESSION + """
    keep_prob = tf.placeholder(tf.float32)
    loss = loss * keep_prob
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)

    def feed_dict(train):
        if train:
            xs, ys = [[1.0]], [[2.0]]
            k = 0.5
        else:
            xs, ys = [[3.0]], [[4.0]]
            k = 1.0
        return {x: xs, y: ys, keep_prob: k}

    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for i in range(4):
        sess.run(train, feed_dict=feed_dict(True))
        print(sess.run(loss, feed_dict=feed_dict(False)))
    """)
    assert "def feeds(train):" in code
    assert 'return {"x": xs, "y": ys, "keep_prob": k}' in code
    assert "train_step(**feeds(True))" in code
    assert "print(forward(**feeds(False)).numpy())" in code
    assert "feed_dict" not in code


def test_a_feed_dict_variable_set_from_a_helper_is_renamed():
    code = translated(REGRESSION + """
    def fill_feed_dict(v):
        return {x: [[v]], y: [[2.0 * v]]}

    sess = tf.Session()
    for i in range(3):
        feed_dict = fill_feed_dict(float(i))
        print(sess.run(loss, feed_dict=feed_dict))
    """)
    assert '    return {"x": [[v]], "y": [[2.0 * v]]}' in code
    assert "    feeds = fill_feeds(float(i))\n    print(compute_loss(**feeds).numpy())" in code


def test_zip_comprehensions_of_placeholders():
    code = translated(REGRESSION + """
    sess = tf.Session()
    batch = ([[1.0]], [[2.0]])
    print(sess.run(loss, feed_dict={k: v for k, v in zip([x, y], batch)}))
    print(sess.run(loss, feed_dict=dict(zip((x, y), batch))))
    """)
    assert 'print(compute_loss(**{k: v for k, v in zip(["x", "y"], batch)}).numpy())' in code
    assert 'print(compute_loss(**dict(zip(("x", "y"), batch))).numpy())' in code


def test_a_feed_dict_used_for_anything_but_feeding_falls_back():
    falls_back(REGRESSION + """
    sess = tf.Session()
    feed = {x: [[1.0]], y: [[2.0]]}
    print(len(feed))
    print(sess.run(loss, feed_dict=feed))
    """, "`feed` (a feed dict) is used for something other than feeding")


def test_a_feed_that_is_a_loop_variable_falls_back():
    falls_back(REGRESSION + """
    sess = tf.Session()
    for feed in [{x: [[1.0]], y: [[2.0]]}]:
        print(sess.run(loss, feed_dict=feed))
    """, "feed_dict that is not a dict {placeholder: value}")


def test_a_helper_call_feeding_placeholders_the_run_does_not_read_falls_back():
    falls_back(REGRESSION + """
    pred = tf.matmul(x, w)
    def batch():
        return {x: [[1.0]], y: [[2.0]]}
    sess = tf.Session()
    print(sess.run(pred, feed_dict=batch()))
    """, "a feed_dict built by a call feeds placeholders this run does not read")


def test_a_placeholder_a_feed_needs_but_not_every_source_feeds_falls_back():
    falls_back(REGRESSION + """
    sess = tf.Session()
    for i in range(2):
        if i:
            feed = {x: [[1.0]], y: [[2.0]]}
        else:
            feed = {x: [[1.0]]}
        print(sess.run(loss, feed_dict=feed))
    """, "placeholder `y` is needed but not fed")


def test_a_helper_parameter_named_like_a_placeholder_is_not_a_placeholder_key():
    falls_back(REGRESSION + """
    def make_feed(x, y, xs, ys):
        return {x: xs, y: ys}

    sess = tf.Session()
    print(sess.run(loss, feed_dict=make_feed(x, y, [[1.0]], [[2.0]])))
    """, "feed_dict that is not a dict {placeholder: value}")


def test_a_feed_dict_filled_key_by_key_is_keyed_by_the_argument_names():
    check(REGRESSION + """
    sess = tf.Session()
    feed = {x: [[1.0]]}
    feed[y] = [[2.0]]
    print(sess.run(loss, feed_dict=feed))
    """, """
    w = tf.Variable(tf.zeros([1, 1]))
    feed = {"x": [[1.0]]}
    feed["y"] = [[2.0]]
    """ + SIGNATURE + """
    def compute_loss(x, y):
        return tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
    print(compute_loss(**feed).numpy())
    """)


def test_a_helper_adding_a_key_on_one_path_feeds_a_placeholder_with_a_default():
    code = translated("""
    x = tf.placeholder(tf.float32, [None, 1])
    scale = tf.placeholder_with_default(1.0, shape=[])
    y = x * scale
    def feeds(training):
        fd = {x: [[1.0]]}
        if training:
            fd[scale] = 0.5
        return fd
    sess = tf.Session()
    print(sess.run(y, feed_dict=feeds(True)), sess.run(y, feed_dict=feeds(False)))
    """)
    assert 'fd = {"x": [[1.0]]}' in code and 'fd["scale"] = 0.5' in code
    assert "def compute_y(x, scale=1.0):" in code
    assert "print(compute_y(**feeds(True)).numpy(), compute_y(**feeds(False)).numpy())" in code


def test_an_empty_feed_filled_a_copy_and_an_update_are_sources():
    check(REGRESSION + """
    sess = tf.Session()
    base = {x: [[1.0]]}
    feed = {}
    feed[x] = [[3.0]]
    feed[y] = [[4.0]]
    full = dict(base)
    full.update({y: [[2.0]]})
    again = base.copy()
    again[y] = [[5.0]]
    print(sess.run(loss, feed), sess.run(loss, full), sess.run(loss, again))
    """, """
    w = tf.Variable(tf.zeros([1, 1]))
    base = {"x": [[1.0]]}
    feed = {}
    feed["x"] = [[3.0]]
    feed["y"] = [[4.0]]
    full = dict(base)
    full.update({"y": [[2.0]]})
    again = base.copy()
    again["y"] = [[5.0]]
    """ + SIGNATURE + """
    def compute_loss(x, y):
        return tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
    print(compute_loss(**feed).numpy(), compute_loss(**full).numpy(), compute_loss(**again).numpy())
    """)
