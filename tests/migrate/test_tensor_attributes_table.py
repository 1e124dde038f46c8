"""Each row of migrate/tables/tensor_attributes.py against the installed TensorFlow: the
same attribute read on a graph tensor (v1 TensorShapes, as the compat form has them) and on
the eager tensor of the same constants."""
import numpy as np
import pytest

from migrate.tables import tensor_attributes as T

tf = pytest.importorskip("tensorflow")
from tensorflow.python.framework import tensor_shape  # noqa: E402

BUILDERS = {
    "float matrix": lambda: tf.matmul(tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), tf.constant([[1.0], [2.0]])),
    "int vector": lambda: tf.range(5) * 2,
    "string scalar": lambda: tf.constant("hello"),
    "reshaped": lambda: tf.reshape(tf.constant(np.arange(12.0)), [-1, 4]),
}


def _graph(builder):
    """(graph tensor, its graph) built with v1 TensorShapes, as under disable_v2_behavior()."""
    tensor_shape.disable_v2_tensorshape()
    try:
        graph = tf.Graph()
        with graph.as_default():
            return builder(), graph
    finally:
        tensor_shape.enable_v2_tensorshape()


def _v1_shapes(fn):
    tensor_shape.disable_v2_tensorshape()
    try:
        return fn()
    finally:
        tensor_shape.enable_v2_tensorshape()


@pytest.mark.parametrize("what", sorted(BUILDERS))
def test_static_reads_are_equal_in_graph_and_eager_mode(what):
    graph_t, _ = _graph(BUILDERS[what])
    eager_t = BUILDERS[what]()
    for attr in T.STATIC:
        g, e = _v1_shapes(lambda: getattr(graph_t, attr)), getattr(eager_t, attr)
        assert g == e and str(g) == str(e), (attr, g, e)
    for method in T.STATIC_METHODS:
        g, e = _v1_shapes(lambda: getattr(graph_t, method)()), getattr(eager_t, method)()
        assert g == e and str(g) == str(e), (method, g, e)
    g_shape, e_shape = graph_t.shape, eager_t.shape
    for attr in T.SHAPE_ATTRIBUTES:
        assert getattr(g_shape, attr) == getattr(e_shape, attr), attr
    for method in T.SHAPE_METHODS:
        g, e = getattr(g_shape, method)(), getattr(e_shape, method)()
        assert g == e and str(g) == str(e), (method, g, e)
    for i in range(len(e_shape)):
        g, e = _v1_shapes(lambda: g_shape[i]), e_shape[i]
        assert g == e and str(g) == str(e) and list(range(9))[g] == list(range(9))[e]
        assert repr(g) == f"Dimension({e})" and g.value == e and not hasattr(e, "value")


def test_graph_only_attributes_are_missing_from_eager_tensors():
    graph_t, graph = _graph(BUILDERS["string scalar"])
    eager_t = BUILDERS["string scalar"]()
    for attr in T.GRAPH_ONLY:
        assert hasattr(graph_t, attr), attr
        with pytest.raises(AttributeError):
            getattr(eager_t, attr)
    assert graph_t.name == "Const:0" and graph_t.graph is graph
    assert str(graph_t) == T.GRAPH_REPR and str(eager_t) == "tf.Tensor(b'hello', shape=(), dtype=string)"


def test_a_graph_variable_prints_its_repr_and_an_eager_one_its_value():
    graph_v, _ = _graph(lambda: tf.compat.v1.Variable([1.0], use_resource=False))  # disable_v2_behavior's kind
    assert str(graph_v) == T.GRAPH_VARIABLE_REPR
    assert "numpy=array([1.], dtype=float32)" in str(tf.Variable([1.0]))


@pytest.mark.parametrize("op", ["unique", "boolean_mask", "where"])
def test_data_dependent_shapes_are_unknown_in_the_graph_and_known_eagerly(op):
    def build():
        x = tf.constant([1, 2, 2, 3])
        return {"unique": lambda: tf.unique(x)[0], "boolean_mask": lambda: tf.boolean_mask(x, x > 1),
                "where": lambda: tf.where(x > 1)}[op]()

    assert op in T.DATA_DEPENDENT_SHAPE
    graph_t, _ = _graph(build)
    assert not graph_t.shape.is_fully_defined()
    assert build().shape.is_fully_defined()


def test_verify_records_a_compat_dimension_as_the_int_eager_gives():
    from migrate.verification.hooks import _dimension_value, encode

    graph_t, _ = _graph(BUILDERS["float matrix"])
    dim = _v1_shapes(lambda: graph_t.shape[0])
    assert repr(dim) == "Dimension(3)"
    assert encode(_dimension_value(dim)) == encode(BUILDERS["float matrix"]().shape[0]) == \
        {"dtype": "int64", "shape": [], "data": [3.0]}
