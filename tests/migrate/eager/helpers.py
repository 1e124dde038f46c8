"""Before/after helpers for the eager pattern tests: Session code in, the eager TF 2 code out.

Pure translations (no TensorFlow is imported); that the translations compute the same
numbers as the compat form is test_eager_verify.py's business.
"""
import textwrap

from migrate.eager import FALLBACK_RULE, translate_source
from migrate.findings import WARNING

HEADER = "import numpy as np\nimport tensorflow as tf\n"
# the training loop of the RNN tests (test_rnn_cells.py, test_rnn_model_defs.py): x [None, 5, 3], y [None, 1]
RNN_TRAINING_RUN = """
sess = tf.Session()
sess.run(tf.global_variables_initializer())
for i in range(3):
    print(sess.run([train, loss], feed_dict={x: np.ones((2, 5, 3)), y: np.ones((2, 1))})[1])
"""


def translate(body, header=HEADER):
    return translate_source(header + textwrap.dedent(body))


def lines(code):
    return [line.rstrip() for line in code.splitlines() if line.strip()]


def check(before, after, header=HEADER):
    """The translation of `before` is `after`, line for line (blank lines aside)."""
    outcome = translate(before, header)
    assert not [f for f in outcome.findings if f.rule == FALLBACK_RULE], outcome.findings
    expected = header + textwrap.dedent(after)
    assert lines(outcome.code) == lines(expected), "\n" + outcome.code
    return outcome


def translated(body, header=HEADER):
    outcome = translate(body, header)
    reasons = [f.message for f in outcome.findings if f.rule == FALLBACK_RULE]
    assert not reasons, reasons
    return outcome.code


def falls_back(body, reason, header=HEADER):
    outcome = translate(body, header)
    warnings = [f for f in outcome.findings if f.rule == FALLBACK_RULE]
    assert warnings, outcome.code
    assert all(f.severity == WARNING for f in warnings)
    assert any(reason in f.message for f in warnings), [f.message for f in warnings]
    assert "GradientTape" not in outcome.code and "@tf.function" not in outcome.code
    return outcome


REGRESSION = """
    x = tf.placeholder(tf.float32, [None, 1])
    y = tf.placeholder(tf.float32, [None, 1])
    w = tf.Variable(tf.zeros([1, 1]))
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
"""
