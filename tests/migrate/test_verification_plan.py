"""migrate/verification/plan.py reads each text with one read-only walk (nodes_of) instead of
libcst visitors: the walk meets the nodes the plans read in the order a visitor meets them."""
from pathlib import Path

import libcst as cst
import pytest

from migrate.verification.plan import nodes_of

FIXTURES = Path(__file__).parent.parent / "fixtures"
# what the plans read (an argument's keyword, a Name, is met after its value: the plans never ask)
READ = (cst.Call, cst.Assign, cst.AnnAssign, cst.AugAssign, cst.WithItem, cst.Attribute)
# a third of the collection (the walk's cost is a libcst visit per file) and the originals
SOURCES = sorted(FIXTURES.glob("session_scripts/*.py"))[::3] + sorted(FIXTURES.glob("originals/*.py"))


def visited(module):
    met = []

    class Every(cst.CSTVisitor):
        def on_visit(self, node):
            if isinstance(node, READ):
                met.append(node)
            return True

    module.visit(Every())
    return met


def test_there_are_scripts_to_read():
    assert len(SOURCES) >= 40


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_the_walk_meets_what_a_visitor_meets_in_the_same_order(path):
    module = cst.parse_module(path.read_text())
    walked = [node for node in nodes_of(module) if isinstance(node, READ)]
    assert [id(node) for node in walked] == [id(node) for node in visited(module)]


def test_a_decorated_function_and_a_conditional_expression_in_source_order():
    module = cst.parse_module("@d(a)\ndef f(x=g()):\n    return h() if c() else k()\n")
    calls = [cst.Module([]).code_for_node(n) for n in nodes_of(module) if isinstance(n, cst.Call)]
    assert calls == ["d(a)", "g()", "h()", "c()", "k()"]
