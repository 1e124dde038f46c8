"""Which names are TensorFlow (migrate/imports.py): every import style, aliases, and the
look-alikes (parameters, loop variables, strings, other packages) that must stay untouched.

Most snippets call ``disable_v2_behavior`` themselves or use no graph-only API, so that the
graph-mode rule stays out of the way (its own tests: tests/migrate/fixers/test_graph_mode.py).
"""
import pytest

from tests.migrate.helpers import check_noop, check_transformed, rules


def test_own_alias_is_used():
    check_transformed(
        """
        import tensorflow as T
        T.compat.v1.disable_v2_behavior()
        s = T.Session()
        m = T.mul(a, b)
        """,
        """
        import tensorflow as T
        T.compat.v1.disable_v2_behavior()
        s = T.compat.v1.Session()
        m = T.multiply(a, b)
        """,
    )


def test_plain_import_tensorflow():
    check_transformed(
        """
        import tensorflow
        tensorflow.compat.v1.disable_v2_behavior()
        s = tensorflow.Session()
        m = tensorflow.mul(a, b)
        """,
        """
        import tensorflow
        tensorflow.compat.v1.disable_v2_behavior()
        s = tensorflow.compat.v1.Session()
        m = tensorflow.multiply(a, b)
        """,
    )


def test_private_framework_import_is_kept_and_counts_as_graph_code():
    check_transformed(
        """
        import tensorflow as tf
        from tensorflow.python.framework import ops
        ops.reset_default_graph()
        """,
        """
        import tensorflow as tf
        from tensorflow.python.framework import ops
        tf.compat.v1.disable_v2_behavior()
        ops.reset_default_graph()
        """,
    )


def test_code_on_compat_v1_is_left_as_it_is():
    check_noop(
        """
        import tensorflow.compat.v1 as tf
        tf.disable_v2_behavior()
        x = tf.placeholder(tf.float32)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
        """
    )
    check_noop(
        """
        import tensorflow as tf
        tf.compat.v1.disable_eager_execution()
        sess = tf.compat.v1.Session()
        """
    )


def test_compat_v1_alias_still_gets_tf0_names_fixed():
    check_transformed(
        """
        import tensorflow.compat.v1 as tf
        tf.disable_v2_behavior()
        y = tf.mul(a, b)
        init = tf.initialize_all_variables()
        """,
        """
        import tensorflow.compat.v1 as tf
        tf.disable_v2_behavior()
        y = tf.multiply(a, b)
        init = tf.global_variables_initializer()
        """,
    )


def test_import_inside_a_function():
    check_transformed(
        """
        def build():
            import tensorflow as tf
            return tf.mul(1, 2)
        """,
        """
        def build():
            import tensorflow as tf
            return tf.multiply(1, 2)
        """,
    )


def test_try_import_compat_v1_else_tensorflow_means_compat_v1():
    check_noop(
        """
        try:
            import tensorflow.compat.v1 as tf
        except ImportError:
            import tensorflow as tf
        tf.disable_v2_behavior()
        x = tf.placeholder(tf.float32)
        """
    )


def test_parameter_named_tf_is_not_tensorflow():
    check_transformed(
        """
        import tensorflow as tf
        def f(tf):
            return tf.mul(1, 2)
        y = tf.mul(3, 4)
        """,
        """
        import tensorflow as tf
        def f(tf):
            return tf.mul(1, 2)
        y = tf.multiply(3, 4)
        """,
    )


def test_no_import_no_change():
    check_noop(
        """
        def f(tf):
            return tf.mul(1, 2)
        tf = load()
        tf.Session()
        """
    )


def test_rebound_alias_is_left_with_a_warning():
    outcome = check_noop(
        """
        import tensorflow as tf
        tf = MyThing()
        tf.mul(1, 2)
        """
    )
    assert rules(outcome, "warning") == ["needs-attention"]


@pytest.mark.parametrize("decoy", [
    "lambda tf: tf.mul(1, 2)",
    "[tf.mul(1, 2) for tf in things]",
    "{k: tf.mul(k, 1) for k, tf in pairs}",
])
def test_local_bindings_named_tf_are_not_tensorflow(decoy):
    check_transformed(
        f"import tensorflow as tf\nf = {decoy}\nz = tf.mul(3, 4)\n",
        f"import tensorflow as tf\nf = {decoy}\nz = tf.multiply(3, 4)\n",
    )


def test_loop_variable_named_tf_in_a_function():
    check_transformed(
        """
        import tensorflow as tf
        def g(items):
            for tf in items:
                tf.mul(1, 2)
        a = tf.mul(1, 2)
        """,
        """
        import tensorflow as tf
        def g(items):
            for tf in items:
                tf.mul(1, 2)
        a = tf.multiply(1, 2)
        """,
    )


def test_strings_comments_and_other_objects_are_untouched():
    check_noop(
        '''
        import tensorflow as tf
        s = "tf.mul(1, 2) and tf.Session()"  # tf.mul here, tf.placeholder there
        doc = """tf.initialize_all_variables()"""
        y = obj.tf.mul(1, 2)
        z = self.tf.Session()
        class A:
            tf = None
            def m(self):
                return self.tf.mul(1, 2)
        '''
    )


def test_a_name_from_another_package_is_untouched():
    check_noop(
        """
        import numpy as np
        import mylib as tf2
        from tensorflow import nn
        mul = np.multiply
        y = tf2.mul(1, 2) + mul(1, 2)
        """
    )


def test_module_imports_of_tensorflow_parts():
    outcome = check_transformed(
        """
        import tensorflow.layers as L, tensorflow.compat.v1 as tf1
        import tensorflow.contrib.slim as slim
        import tensorflow.contrib.learn as learn
        y = L.dense(x, 3)
        """,
        """
        import tensorflow.compat.v1 as tf1
        from tf_revive_runtime import v1_layers as L
        from tf_revive_runtime import slim
        from tf_revive_runtime import contrib_learn as learn
        tf1.disable_v2_behavior()
        y = L.dense(x, 3)
        """,
    )
    assert [f.line for f in outcome.findings if f.severity == "warning"] == []
