"""--to eager's own name facts (migrate/tables/hand.py EAGER_V2_NAMES, V1_CASTS), one test
per row against the installed TensorFlow, and how names.py reads stage 1's spellings."""
import libcst as cst
import numpy as np
import pytest

from migrate.eager import names as N
from migrate.eager.stages import compat_v1_as_tf1
from migrate.tables.hand import EAGER_V2_NAMES, V1_CASTS
from tests.migrate.eager.helpers import falls_back, translated

tf = pytest.importorskip("tensorflow")


def _lookup(root, path):
    for part in path.split("."):
        root = getattr(root, part)
    return root


@pytest.mark.parametrize("v1, v2", sorted(EAGER_V2_NAMES.items()))
def test_eager_v2_name_row_sets_the_same_global_seed(v1, v2):
    _lookup(tf.compat.v1, v1)(7)
    first = tf.random.uniform([3], seed=1).numpy()
    _lookup(tf, v2)(7)
    assert np.array_equal(first, tf.random.uniform([3], seed=1).numpy())
    code = translated(f"""
    tf.{v1}(7)
    w = tf.Variable(tf.random_normal([1], seed=1))
    sess = tf.Session()
    print(sess.run(w))
    """)
    assert f"tf.{v2}(7)" in code


@pytest.mark.parametrize("v1, dtype", sorted(V1_CASTS.items()))
def test_v1_cast_row_is_a_cast(v1, dtype):
    value = tf.constant([1.5, -2.0])
    assert np.array_equal(_lookup(tf.compat.v1, v1)(value).numpy(), tf.cast(value, getattr(tf, dtype)).numpy())
    code = translated(f"""
    x = tf.placeholder(tf.float32, [2])
    y = tf.{v1}(x)
    sess = tf.Session()
    print(sess.run(y, {{x: [1.5, -2.0]}}))
    """)
    assert f"return tf.cast(x, tf.{dtype})" in code


def test_the_resolver_reads_stage_one_spellings_through_migrate_s_import_resolver():
    module = cst.parse_module("import tensorflow as tf\nfrom tensorflow.compat.v1 import Session\n"
                              "from tensorflow import multiply as mul\nfrom tensorflow.python.framework import ops\n")
    r = N.Resolver(module)
    assert r.primary == "tf"
    exprs = {"tf.compat.v1.placeholder": ("compat.v1.placeholder", "placeholder"),
             "tf.random.normal": ("random.normal", "random.normal"),
             "Session": ("compat.v1.Session", "Session"), "mul": ("multiply", "multiply"),
             "ops.reset_default_graph": ("python.framework.ops.reset_default_graph", "reset_default_graph"),
             "np.zeros": (None, None)}
    for text, (written, path) in exprs.items():
        node = cst.parse_expression(text)
        assert (r.written(node), r.resolve(node)) == (written, path), text


def test_tf1_path_reads_originals_the_way_stage_one_does():
    module = cst.parse_module("import tensorflow as tf\n")
    r = N.Resolver(module)
    assert r.tf1_path(cst.parse_expression("tf.session")) == "Session"
    assert r.tf1_path(cst.parse_expression("tf.initialize_all_variables")) == "global_variables_initializer"


def test_tensorflow_compat_v1_is_spelled_as_tf1_before_stage_one_line_for_line():
    source = ("import tensorflow.compat.v1 as tf\nfrom tensorflow.compat.v1 import placeholder\n"
              "from tensorflow.compat import v1 as tf1\nimport tensorflow as real\n"
              "x = real.compat.v1.placeholder(tf.float32)\n")
    assert compat_v1_as_tf1(source) == (
        "import tensorflow as tf\nfrom tensorflow import placeholder\nimport tensorflow as tf1\n"
        "import tensorflow as real\nx = real.placeholder(tf.float32)\n")


def test_a_dtype_reached_through_tensorflow_python_framework_dtypes_is_written_tf_dtype():
    code = translated("""
    from tensorflow.python.framework import dtypes
    x = tf.placeholder(dtypes.float32, [2])
    y = tf.cast(x, dtypes.int32)
    sess = tf.Session()
    print(sess.run(y, {x: [1.5, -2.0]}))
    """)
    assert "return tf.cast(x, tf.int32)" in code and "dtypes" not in code
    falls_back("""
    from tensorflow.python.framework import dtypes
    x = tf.placeholder(tf.float32, [2])
    y = tf.cast(x, dtypes.as_dtype("int32").base_dtype)
    sess = tf.Session()
    print(sess.run(y, {x: [1.5, -2.0]}))
    """, "tf internals (python.framework.dtypes.as_dtype) are not translated")
