"""One Python parse per TensorFlow file: the pipeline's check lends its tree to the
positions of the findings (migrate/python_tree.py)."""
from __future__ import annotations

import ast

import pytest

from migrate import python_tree
from migrate.pipeline import convert_text

SOURCE = "import tensorflow as tf\n\nx = tf.mul(1, 2)\ny = tf.sub(x, 1)\n"


def test_the_shared_tree_is_returned_for_that_very_text():
    tree = ast.parse(SOURCE)
    with python_tree.sharing(SOURCE, tree):
        assert python_tree.tree_of(SOURCE) is tree
        copy = SOURCE[:5] + SOURCE[5:]  # equal, but another text: parsed anew
        assert python_tree.tree_of(copy) is not tree
        assert ast.dump(python_tree.tree_of(copy)) == ast.dump(tree)
    assert python_tree.tree_of(SOURCE) is not tree  # dropped when the conversion ends


def test_tree_of_raises_as_ast_parse_does():
    with pytest.raises(SyntaxError):
        python_tree.tree_of("def f(:\n")


def test_a_converted_file_is_parsed_by_python_once_and_its_findings_placed(monkeypatch):
    calls = []
    real = ast.parse
    monkeypatch.setattr(ast, "parse", lambda *a, **k: calls.append(a) or real(*a, **k))
    outcome = convert_text(SOURCE)
    assert calls == []  # locate() used the pipeline's tree
    assert "tf.multiply(1, 2)" in outcome.code and "tf.subtract(x, 1)" in outcome.code
    places = sorted((f.line, f.column) for f in outcome.findings)
    assert (3, 4) in places and (4, 4) in places


def test_findings_are_placed_the_same_without_a_shared_tree():
    from migrate.engine import migrate_source

    shared = convert_text(SOURCE).findings
    alone = migrate_source(SOURCE).findings
    assert [(f.line, f.column, f.message) for f in shared] == \
        [(f.line, f.column, f.message) for f in alone]
