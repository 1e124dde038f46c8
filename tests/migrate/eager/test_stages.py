"""--to eager: eager as stage 2 over migrate_source: names, imports, findings (stages.py, names.py, rewrite.py)."""
import pytest

from migrate.eager import FALLBACK_RULE, translate_source
from migrate.findings import WARNING
from tests.migrate.eager.helpers import HEADER, check, translate, translated


def test_tf0_and_v1_names_are_written_the_tf2_way():
    code = translated("""
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.placeholder(tf.float32, [None, 3])
    W = tf.Variable(tf.zeros([3, 3]))
    pred = tf.nn.softmax(tf.mul(x, 2.0) + tf.matmul(x, W), dim=1)
    xent = tf.nn.sigmoid_cross_entropy_with_logits(pred, y)
    total = tf.reduce_sum(-tf.log(pred) * tf.to_float(y), reduction_indices=[1], keep_dims=True)
    best = tf.argmax(pred, dimension=1)
    sess = tf.Session()
    sess.run(tf.initialize_all_variables())
    print(sess.run([xent, total, best], {x: [[1.0, 2.0, 3.0]], y: [[0.0, 1.0, 0.0]]}))
    """)
    assert "tf.nn.softmax(tf.multiply(x, 2.0) + tf.matmul(x, W), axis=1)" in code
    assert "tf.nn.sigmoid_cross_entropy_with_logits(logits=pred, labels=y)" in code
    assert "tf.reduce_sum(-tf.math.log(pred) * tf.cast(y, tf.float32), axis=[1], keepdims=True)" in code
    assert "tf.argmax(pred, axis=1)" in code


def test_lower_cased_names_and_compat_v1_module_are_understood():
    code = translated("""
    x = tf.placeholder(tf.float32, [1])
    a = tf.variable(tf.random_normal(shape=[1], seed=1))
    loss = tf.square(x * a)
    train = tf.train.gradientdescentoptimizer(0.1).minimize(loss)
    sess = tf.session()
    sess.run(train, feed_dict={x: [1.0]})
    """)
    assert "a = tf.Variable(tf.random.normal(shape=[1], seed=1))" in code
    compat = translated("""
    tf.disable_v2_behavior()
    x = tf.placeholder(tf.float32, [1])
    a = tf.Variable(1.0)
    sess = tf.Session()
    print(sess.run(a * x, {x: [2.0]}))
    """, header="import tensorflow.compat.v1 as tf\n")
    assert compat.startswith("import tensorflow as tf\n")
    assert "disable_v2_behavior" not in compat and "compat.v1" not in compat


def test_mnist_input_data_comes_from_the_offline_shim():
    code = translated("""
    from tensorflow.examples.tutorials.mnist import input_data
    mnist = input_data.read_data_sets("/tmp/data/", one_hot=True)
    x = tf.placeholder(tf.float32, [None, 784])
    W = tf.Variable(tf.zeros([784, 10]))
    sess = tf.Session()
    print(sess.run(tf.reduce_sum(tf.matmul(x, W)), {x: mnist.test.images[:10]}))
    """)
    assert "from tf_revive_runtime import input_data" in code


def test_names_imported_one_by_one_from_tensorflow_are_written_tf_name():
    code = translated("""
    from tensorflow import Session, Variable, float32, mul, nn, placeholder, train
    x = placeholder(float32, [None])
    w = Variable(1.0)
    loss = nn.l2_loss(mul(w, x))
    step = train.GradientDescentOptimizer(0.1).minimize(loss)
    sess = Session()
    sess.run(step, {x: [1.0]})
    """, header="import numpy as np\n")
    assert "import tensorflow as tf\n" in code and "from tensorflow" not in code
    assert "loss = tf.nn.l2_loss(tf.multiply(w, x))" in code
    assert "w = tf.Variable(1.0)" in code
    assert "tf.TensorSpec([None])" in code


def test_a_script_without_sessions_is_left_alone():
    source = HEADER + "x = tf.constant(3.0)\nprint(x + 1)\n"
    outcome = translate_source(source)
    assert outcome.code == source and not outcome.changed and outcome.findings == []


@pytest.mark.parametrize("original", ["seed000_backprop.py", "seed002_backprop_tf0.py", "seed003_mnist_formula.py"])
def test_migrate_s_compat_output_translates_to_the_same_eager_code(original):
    from pathlib import Path

    from migrate.engine import migrate_source

    source = (Path(__file__).parents[2] / "fixtures" / "originals" / original).read_text()
    direct = translate_source(source)
    via_compat = translate_source(migrate_source(source).code)
    assert not [f for f in via_compat.findings if f.rule == FALLBACK_RULE]
    assert via_compat.code == direct.code


def test_positional_weighted_cross_entropy_is_never_swapped_and_gets_compat_s_warning():
    """TF 0.x took (logits, targets, pos_weight), TF 1.x (targets, logits, pos_weight): the
    eager stage works on compat's output, so it can no longer pick an order silently."""
    outcome = translate("""
    t = tf.placeholder(tf.float32, [None])
    l = tf.placeholder(tf.float32, [None])
    loss = tf.reduce_sum(tf.nn.weighted_cross_entropy_with_logits(t, l, pos_weight=2.0))
    sess = tf.Session()
    print(sess.run(loss, {t: [1.0], l: [0.5]}))
    """)
    assert "weighted_cross_entropy_with_logits(t, l, pos_weight=2.0)" in outcome.code
    assert "logits=t" not in outcome.code and "labels=l" not in outcome.code
    [warning] = [f for f in outcome.findings if f.rule == "xent-positional"]
    assert warning.severity == WARNING and warning.line == 6 and "by keyword" in warning.message


@pytest.mark.parametrize("expression, written", [
    ("tf.inv(x)", "tf.math.reciprocal(x)"),
    ("tf.complex_abs(x)", "tf.abs(x)"),
    ("tf.listdiff(x, x)[0]", "tf.compat.v1.setdiff1d(x, x)[0]"),
])
def test_tf0_names_that_compat_renames_no_longer_make_eager_fall_back(expression, written):
    outcome = check(f"""
    x = tf.placeholder(tf.float32, [None])
    y = {expression}
    sess = tf.Session()
    print(sess.run(y, {{x: [2.0]}}))
    """, f"""
    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None])])
    def compute_y(x):
        return {written}

    print(compute_y([2.0]).numpy())
    """)
    assert "tf0-name" in {f.rule for f in outcome.findings}


def test_tf0_summary_names_that_compat_renames_no_longer_make_eager_fall_back():
    code = translated("""
    x = tf.placeholder(tf.float32, [1, 4, 4, 1])
    w = tf.Variable(1.0)
    y = tf.reduce_sum(x * w)
    images = tf.image_summary("x", x)
    sound = tf.audio_summary("s", tf.reshape(x, [1, 16]), 8000)
    merged = tf.merge_summary([images, sound])
    sess = tf.Session()
    print(sess.run(y, {x: np.ones((1, 4, 4, 1))}))
    """)
    assert "def compute_y(x):" in code and "summary" not in code


def test_findings_of_both_stages_point_at_the_lines_of_the_file_as_given():
    outcome = translate("""
    x = tf.placeholder(tf.float32, [None])
    y = tf.mul(x, 2.0)
    sess = tf.Session()
    print(sess.run(y, {x: [1.0]}))
    """)
    by_rule = {f.rule: f.line for f in outcome.findings}
    assert by_rule["tf0-name"] == 5 and by_rule["eager-run"] == 7 and by_rule["eager-placeholder"] == 4
    assert "graph-mode" not in by_rule  # stage 1's graph mode is what stage 2 removes
