"""--to eager: a tf.losses cross entropy with its two arguments only is the mean of the TF 2
op (migrate/tables/mean_losses.py, migrate/eager/rewrite.py); anything else stays compat."""
from tests.migrate.eager.helpers import translated

PROGRAM = """
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.placeholder({label_dtype}, {label_shape})
    W = tf.Variable(tf.zeros([3, 4]))
    logits = tf.matmul(x, W)
    loss = {loss}
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    X = np.ones([2, 3], np.float32)
    print(sess.run([train, loss], feed_dict={{x: X, y: {label_value}}})[1])
"""
SPARSE = dict(label_dtype="tf.int32", label_shape="[None]", label_value="[0, 1]")
ONEHOT = dict(label_dtype="tf.float32", label_shape="[None, 4]", label_value="np.eye(4)[:2]")


def _loss_line(code):
    return next(line.strip() for line in code.splitlines() if line.strip().startswith("loss ="))


def test_sparse_cross_entropy_is_the_mean_of_the_tf2_op():
    code = translated(PROGRAM.format(loss="tf.losses.sparse_softmax_cross_entropy(labels=y, logits=logits)", **SPARSE))
    assert _loss_line(code) == ("loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits("
                                "labels=y, logits=logits))")


def test_positional_arguments_become_the_ops_keywords():
    code = translated(PROGRAM.format(loss="tf.losses.softmax_cross_entropy(y, logits)", **ONEHOT))
    assert _loss_line(code) == "loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=logits))"


def test_softmax_labels_computed_in_the_graph_keep_tf1s_loss():
    # TF 1 stops the gradient of the labels: only a placeholder's (an argument's) has none anyway
    code = translated(PROGRAM.format(loss="tf.losses.softmax_cross_entropy(tf.nn.softmax(y), logits)", **ONEHOT))
    assert "tf.compat.v1.losses.softmax_cross_entropy(" in code


def test_weights_or_a_reduction_keep_tf1s_loss():
    code = translated(PROGRAM.format(
        loss="tf.losses.sparse_softmax_cross_entropy(labels=y, logits=logits, weights=2.0)", **SPARSE))
    assert "tf.compat.v1.losses.sparse_softmax_cross_entropy(" in code
