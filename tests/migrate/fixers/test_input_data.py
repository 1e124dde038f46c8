"""Before/after tests of migrate/fixers/input_data.py.

Most snippets call ``disable_v2_behavior`` themselves or use no graph-only API, so that the
graph-mode rule stays out of the way (its own tests: tests/migrate/fixers/test_graph_mode.py).
"""
from tests.migrate.helpers import check_transformed


def test_input_data_import_styles():
    check_transformed(
        """
        from tensorflow.examples.tutorials.mnist import input_data
        import tensorflow.examples.tutorials.mnist.input_data as mnist_data
        from tensorflow.examples.tutorials.mnist.input_data import read_data_sets
        m = input_data.read_data_sets("d", one_hot=True)
        """,
        """
        from tf_revive_runtime import input_data
        from tf_revive_runtime import input_data as mnist_data
        from tf_revive_runtime.input_data import read_data_sets
        m = input_data.read_data_sets("d", one_hot=True)
        """,
    )


def test_contrib_learn_mnist_chain():
    check_transformed(
        """
        import tensorflow as tf
        mnist = tf.contrib.learn.datasets.mnist.read_data_sets("MNIST_data", one_hot=True)
        """,
        """
        import tensorflow as tf
        from tf_revive_runtime import input_data
        mnist = input_data.read_data_sets("MNIST_data", one_hot=True)
        """,
    )
