"""--to eager: tf.test.TestCase stays, its session blocks go (patterns/test_case.py)."""
import textwrap

import pytest

from migrate import verify
from tests.migrate.eager.helpers import check, falls_back

TESTS = """
class MathTest(tf.test.TestCase):
    def setUp(self):
        self.data = np.array([[1.0, -2.0], [3.0, 0.5]], dtype=np.float32)

    def testSoftmaxRows(self):
        with self.cached_session() as sess:
            # each row sums to one
            probabilities = tf.nn.softmax(self.data)
            sums = sess.run(tf.reduce_sum(probabilities, axis=1))
            print("sums", sums)
            self.assertAllClose(sums, [1.0, 1.0])

    def testShiftedRamp(self):
        with self.cached_session():
            noise = tf.linspace(-0.1, 0.1, 3)
            value = (noise + self.data[0, 0]).eval()
            print("noisy", value)
            self.assertEqual(value.shape, (3,))


if __name__ == "__main__":
    tf.test.main()
"""


def test_session_blocks_are_dissolved_and_runs_become_evaluate():
    check(TESTS, """
    class MathTest(tf.test.TestCase):
        def setUp(self):
            self.data = np.array([[1.0, -2.0], [3.0, 0.5]], dtype=np.float32)

        def testSoftmaxRows(self):
            # each row sums to one
            probabilities = tf.nn.softmax(self.data)
            sums = self.evaluate(tf.reduce_sum(probabilities, axis=1))
            print("sums", sums)
            self.assertAllClose(sums, [1.0, 1.0])

        def testShiftedRamp(self):
            noise = tf.linspace(-0.1, 0.1, 3)
            value = self.evaluate((noise + self.data[0, 0]))
            print("noisy", value)
            self.assertEqual(value.shape, (3,))


    if __name__ == "__main__":
        tf.test.main()
    """)


@pytest.mark.parametrize("body, reason", [
    ("x = tf.placeholder(tf.float32)\n            print(sess.run(x * 2, {x: 1.0}))",
     "tf.placeholder in a tf.test.TestCase session block"),
    ("v = tf.Variable(1.0)\n            sess.run(tf.global_variables_initializer())\n            print(sess.run(v))",
     "variables and placeholders are not translated there"),
    ("print(sess.run(tf.random_uniform([2], seed=1)))", "TestCase sets its own global seed"),
    ("print(sess.graph)", "the test's session `sess` is used for something other than run(t)"),
])
def test_test_methods_the_translation_cannot_follow_keep_the_file_in_compat_form(body, reason):
    falls_back(textwrap.dedent(f"""
    class OneTest(tf.test.TestCase):
        def testIt(self):
            with self.test_session() as sess:
                {body}
    """), reason)


def test_the_eager_tests_pass_and_compute_what_the_graph_tests_computed(tmp_path):
    # (under TF 2.21, tf.test.TestCase runs `t.eval()` eagerly even in the compat form: the
    # compat side of the comparison uses sess.run only)
    path = tmp_path / "math_test.py"
    tests = TESTS.replace("with self.cached_session():", "with self.cached_session() as sess:")
    tests = tests.replace("value = (noise + self.data[0, 0]).eval()", "value = sess.run(noise + self.data[0, 0])")
    path.write_text("import numpy as np\nimport tensorflow as tf\n" + tests)
    [report] = verify.verify_scripts([str(path)], seed=3)
    assert report.status == "same", verify.format_report(report)  # a failed test exits 1: status failed
    assert report.printed_compared == 2 and report.fetches_compared == 2
