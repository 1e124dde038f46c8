"""migrate/tables/fetch_results.py against the installed TensorFlow: the eager form the
translation writes (`tf.nest.map_structure(lambda t: t.numpy(), f(...))`) gives what TF 1's
Session.run gave, type and values."""
import numpy as np
import pytest

from migrate.tables import generate_fetches as G
from migrate.tables.fetch_results import EFFECT_ATTRIBUTES, FETCH_RESULTS

tf = pytest.importorskip("tensorflow")


def _eager(path):
    return eval(f"f({G.SAMPLES[path]})", {"tf": tf, "f": G.lookup(tf, path)})  # noqa: S307 (our samples)


@pytest.mark.parametrize("path", sorted(FETCH_RESULTS))
def test_the_eager_conversion_gives_the_type_session_run_gave(path):
    value = _eager(path)
    if FETCH_RESULTS[path] == "None":  # run for its effect: eager gives None, as Session.run did
        assert value is None
        return
    value = tf.nest.map_structure(lambda t: t.numpy(), value)
    assert G.kind_of(value) == FETCH_RESULTS[path]
    assert all(isinstance(v, (np.ndarray, np.generic)) for v in tf.nest.flatten(value))


def test_the_eager_values_are_the_graphs():
    graph = tf.Graph()
    with graph.as_default():
        fetched = G.lookup(tf, "linalg.eigh")(tf.constant([[2.0, 1.0], [1.0, 3.0]]))
        with tf.compat.v1.Session(graph=graph) as sess:
            graph_value = sess.run(fetched)
    eager_value = tf.nest.map_structure(lambda t: t.numpy(), _eager("linalg.eigh"))
    assert type(eager_value) is type(graph_value) is tuple
    np.testing.assert_array_equal(eager_value[0], graph_value[0])


def test_a_one_tensor_function_is_not_in_the_table():
    assert "matmul" in G.SAMPLES and "matmul" not in FETCH_RESULTS
    assert FETCH_RESULTS["nn.top_k"] == "TopKV2" and FETCH_RESULTS["split"] == "list"
    assert FETCH_RESULTS["group"] == FETCH_RESULTS["no_op"] == "None"
    assert EFFECT_ATTRIBUTES == ("initializer", "op")
