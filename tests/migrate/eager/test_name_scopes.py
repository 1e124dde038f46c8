"""migrate/eager/name_scopes.py: the name-scope prefix graph mode gives a statement
(checkpoint keys and summary tags keep it), made unique as tf.Graph.unique_name does."""
import libcst as cst
import pytest

from migrate.eager import name_scopes
from migrate.eager.analysis import Analysis


@pytest.mark.parametrize("names, expected", [
    (["a"], ["a"]),
    (["a", "a", "a"], ["a", "a_1", "a_2"]),
    (["Hidden", "hidden"], ["Hidden", "hidden_1"]),  # case-insensitive, as the graph's
    (["a", "a_1", "a"], ["a", "a_1", "a_2"]),  # a name taken by hand is skipped
])
def test_unique_names_as_the_graph_makes_them(names, expected):
    in_use: dict = {}
    assert [name_scopes.unique(in_use, n) for n in names] == expected


def _prefixes(source: str) -> dict:
    """{the first word of each simple statement: its prefix}."""
    a = Analysis(cst.parse_module(source))
    out = {}

    class Statements(cst.CSTVisitor):
        def visit_SimpleStatementLine(self, node):
            text = cst.Module([]).code_for_node(node).strip()
            out[text.split(" ")[0]] = name_scopes.prefix_at(a, node)

    a.module.visit(Statements())
    return out


def test_prefixes_of_nested_and_repeated_scopes():
    source = '''import tensorflow as tf
top = tf.Variable(0.0)
with tf.name_scope("hidden1"):
    w1 = tf.Variable(1.0)
    with tf.name_scope("inner"):
        w2 = tf.Variable(2.0)
with tf.name_scope("hidden1"):
    w3 = tf.Variable(3.0)
'''
    assert _prefixes(source) == {"import": "", "top": "", "w1": "hidden1/", "w2": "hidden1/inner/",
                                 "w3": "hidden1_1/"}


def test_a_computed_scope_name_has_no_known_prefix():
    source = '''import tensorflow as tf
name = "layer"
with tf.name_scope(name):
    w = tf.Variable(1.0)
    with tf.name_scope("inner"):
        v = tf.Variable(2.0)
'''
    prefixes = _prefixes(source)
    assert prefixes["w"] is None and prefixes["v"] is None


def test_a_scope_named_like_an_op_has_no_known_prefix():
    source = '''import tensorflow as tf
x = tf.constant(1.0, name="loss")
with tf.name_scope("loss"):
    y = tf.identity(x)
'''
    assert _prefixes(source)["y"] is None
