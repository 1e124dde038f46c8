"""migrate/tables/variable_collections.py against the installed TensorFlow: each collection
function reads its collection, get_collection's keys name them, a scope is `re.match`ed."""
import re

import pytest

from migrate.tables import variable_collections as T

tf = pytest.importorskip("tensorflow")
v1 = tf.compat.v1


def _graph():
    graph = tf.Graph()
    with graph.as_default():
        with v1.variable_scope("head"):
            v1.get_variable("W", [1], initializer=v1.zeros_initializer())
        v1.Variable(1.0, name="headless")
        v1.Variable(0, trainable=False, name="steps")
    return graph


EXPECTED = {T.TRAINABLE: ["head/W:0", "headless:0"], T.GLOBAL: ["head/W:0", "headless:0", "steps:0"]}


@pytest.mark.parametrize("function", sorted(T.FUNCTIONS))
def test_each_function_reads_its_collection_in_creation_order(function):
    with _graph().as_default():
        assert [v.name for v in getattr(v1, function)()] == EXPECTED[T.FUNCTIONS[function]]
        # a scope keeps the names it re.match-es (a prefix: "head" keeps "headless" too)
        assert [v.name for v in getattr(v1, function)("head")] == \
            [n for n in EXPECTED[T.FUNCTIONS[function]] if re.match("head", n)]
    assert list(getattr(v1, function).__code__.co_varnames[:1]) == T.FUNCTION_PARAMETERS


@pytest.mark.parametrize("key", sorted(T.KEYS))
def test_each_key_names_its_collection(key):
    with _graph().as_default():
        value = getattr(v1.GraphKeys, key.split(".")[1])
        assert [v.name for v in v1.get_collection(value)] == EXPECTED[T.KEYS[key]]
    assert list(v1.get_collection.__code__.co_varnames[:2]) == T.GET_COLLECTION_PARAMETERS
