"""Before/after tests of migrate/fixers/graph_methods.py: method idioms that need graph mode."""
from tests.migrate.helpers import check_noop, check_transformed

GRAPH = "import tensorflow as tf\ntf.compat.v1.disable_v2_behavior()\n"


def _graph_message(outcome) -> str:
    return next(f.message for f in outcome.findings if f.rule == "graph-mode")


def test_tensor_eval_needs_graph_mode():
    outcome = check_transformed("import tensorflow as tf\nx = tf.constant(1.0)\nprint(x.eval())\n",
                                f"{GRAPH}x = tf.constant(1.0)\nprint(x.eval())\n")
    assert _graph_message(outcome).startswith(
        "line 3: Tensor.eval() needs a graph and its default session: inserted")


def test_operation_run_with_its_keywords_needs_graph_mode():
    check_transformed("import tensorflow as tf\ninit.run(feed_dict={x: 1})\n",
                      f"{GRAPH}init.run(feed_dict={{x: 1}})\n")


def test_test_case_session_helpers_on_self():
    for helper in ("test_session", "session", "cached_session"):
        outcome = check_transformed(
            # (a tf.test.TestCase subclass needs graph mode by its class already)
            f"import tensorflow as tf\nclass T(Base):\n    def test_a(self):\n"
            f"        with self.{helper}():\n            pass\n",
            f"{GRAPH}class T(Base):\n    def test_a(self):\n"
            f"        with self.{helper}():\n            pass\n")
        assert _graph_message(outcome).startswith(f"line 4: test.TestCase.{helper}() needs a graph")


def test_other_receivers_and_shapes_are_not_the_idiom():
    check_noop("import subprocess\nimport tensorflow as tf\nsubprocess.run(['ls'])\n")
    check_noop("import tensorflow as tf\nthread.run(timeout=3)\n")  # not a keyword of Operation.run
    check_noop("import requests\nimport tensorflow as tf\ns = requests.session()\n")  # not on self
    check_noop("x.eval()\n")  # not a TensorFlow file
