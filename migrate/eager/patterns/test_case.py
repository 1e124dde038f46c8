"""Pattern: tf.test.TestCase stays (TF 2 has it); its graph-mode sessions go.

    class SquareTest(tf.test.TestCase):                   class SquareTest(tf.test.TestCase):
        def testSquare(self):                                 def testSquare(self):
            with self.test_session() as sess:      ->             x = tf.square([2.0, 3.0])
                x = tf.square([2.0, 3.0])                         self.assertAllClose(self.evaluate(x), [4.0, 9.0])
                self.assertAllClose(sess.run(x), [4.0, 9.0])      self.assertAllEqual(self.evaluate(x * 0), [0.0, 0.0])
                self.assertAllEqual((x * 0).eval(), [0.0, 0.0])

In a test method, `with self.test_session()` (cached_session, session) only opens the
graph's session: the block is dissolved and each `sess.run(t)` / `t.eval()` becomes
`self.evaluate(t)`, which TF 2's TestCase computes eagerly. A method that feeds
placeholders, creates or initialises variables, draws from a random op (under TestCase's
own global seed graph and eager mode draw different numbers, even with an op seed: found
by migrate verify) or uses its session otherwise keeps the file in compat form.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager import names as N
from migrate.eager.pattern import Pattern
from migrate.tables import graph_api as G

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis
    from migrate.eager.translate import Translator

__all__ = ["PATTERN", "is_test_class", "analyse", "rewrite"]

TEST_CASE = "test.TestCase"
SESSION_METHODS = ("test_session", "cached_session", "session")
_STATE = G.CREATES_STATE + (G.PLACEHOLDER_WITH_DEFAULT,) + tuple(N.INITIALIZERS)


def is_test_class(a: Analysis, node) -> bool:
    return isinstance(node, cst.ClassDef) and any(a.r.resolve(base.value) == TEST_CASE for base in node.bases)


def _session_with(node, receiver: str) -> bool:
    """`with self.test_session():` / `with self.cached_session() as sess:`."""
    if not isinstance(node, cst.With) or len(node.items) != 1:
        return False
    call = node.items[0].item
    return isinstance(call, cst.Call) and not call.args and isinstance(call.func, cst.Attribute) \
        and call.func.attr.value in SESSION_METHODS and isinstance(call.func.value, cst.Name) \
        and call.func.value.value == receiver


def _receiver(method: cst.FunctionDef) -> str | None:
    params = method.params.params
    return params[0].name.value if params else None


def analyse(a: Analysis, item) -> None:
    """Check the test class's session blocks; record the class for rewrite()."""
    found = []
    for stmt in item.node.body.body:
        if isinstance(stmt, cst.FunctionDef):
            found += _analyse_method(a, stmt)
    if found:
        a.is_session_script = True
        a.state(PATTERN).classes.add(item.node)
        a.notes.append((item.start, "eager-test-case", f"tf.test.TestCase `{item.node.name.value}`: its session blocks "
                                                       "removed, sess.run(t) and t.eval() became self.evaluate(t)"))


def _analyse_method(a: Analysis, method) -> list:
    receiver = _receiver(method)
    blocks = []

    class Blocks(cst.CSTVisitor):
        def visit_With(self, node):
            if receiver is not None and _session_with(node, receiver):
                blocks.append(node)
            return True

    method.visit(Blocks())
    for block in blocks:
        _check_block(a, block)
    return blocks


def _check_block(a: Analysis, block: cst.With) -> None:
    asname = block.items[0].asname
    session = asname.name.value if asname is not None and isinstance(asname.name, cst.Name) else None
    outer = a

    class Check(cst.CSTVisitor):
        def visit_Call(self, call):
            path = outer.call_path(call)
            if path in _STATE:
                outer.problem(call, f"tf.{path} in a tf.test.TestCase session block: variables and placeholders "
                                    "are not translated there")
            elif path in N.SEED_POSITION:
                outer.problem(call, f"tf.{path} in a test: TestCase sets its own global seed, and graph and eager "
                                    "mode draw different numbers under it, even with an op seed")
            func = call.func
            if isinstance(func, cst.Attribute) and func.attr.value == "eval" and call.args:
                outer.problem(call, "t.eval(...) with a feed or a session in a test")
            elif isinstance(func, cst.Attribute) and func.attr.value == "run":
                if not _is_name(func.value, session):
                    outer.problem(call, "op.run() in a test's session block")
                elif len(call.args) != 1 or call.args[0].keyword is not None or call.args[0].star:
                    outer.problem(call, "sess.run(...) with a feed or options in a test")
            return True

    block.body.visit(Check())
    if session is not None:
        uses = _session_uses(block, session)
        if uses:
            a.problem(uses[0], f"the test's session `{session}` is used for something other than run(t)")


def _is_name(node, name) -> bool:
    return name is not None and isinstance(node, cst.Name) and node.value == name


def _session_uses(block, session) -> list:
    """Reads of the session name other than `session.run(x)`."""
    bad = []

    class Uses(cst.CSTVisitor):
        def visit_Call(self, call):
            func = call.func
            if isinstance(func, cst.Attribute) and _is_name(func.value, session) and func.attr.value == "run":
                for arg in call.args:
                    arg.visit(self)
                return False
            return True

        def visit_Name(self, node):
            if node.value == session:
                bad.append(node)

    block.body.visit(Uses())
    return bad


# ---------------------------------------------------------------------------- the code
def rewrite(cls: cst.ClassDef) -> cst.ClassDef:
    """The class with its methods' session blocks dissolved."""
    body = []
    for stmt in cls.body.body:
        if isinstance(stmt, cst.FunctionDef) and _receiver(stmt) is not None:
            stmt = stmt.visit(_Method(_receiver(stmt)))
        body.append(stmt)
    return cls.with_changes(body=cls.body.with_changes(body=body))


class _Method(cst.CSTTransformer):
    def __init__(self, receiver: str):
        super().__init__()
        self.receiver = receiver
        self.sessions: list = []

    def visit_With(self, node):
        if _session_with(node, self.receiver):
            asname = node.items[0].asname
            self.sessions.append(asname.name.value if asname is not None else None)
        return True

    def leave_With(self, original_node, updated_node):
        if not _session_with(original_node, self.receiver):
            return updated_node
        self.sessions.pop()
        statements = list(updated_node.body.body)
        if statements:
            first = statements[0]
            statements[0] = first.with_changes(leading_lines=list(original_node.leading_lines)
                                               + list(first.leading_lines))
        return cst.FlattenSentinel(statements)

    def leave_Call(self, original_node, updated_node):
        if not self.sessions:
            return updated_node
        func = updated_node.func
        if not isinstance(func, cst.Attribute):
            return updated_node
        if func.attr.value == "eval" and not updated_node.args:
            value = func.value
        elif func.attr.value == "run" and isinstance(func.value, cst.Name) and func.value.value in self.sessions \
                and len(updated_node.args) == 1:
            value = updated_node.args[0].value
        else:
            return updated_node
        return cst.Call(func=cst.Attribute(value=cst.Name(self.receiver), attr=cst.Name("evaluate")),
                        args=[cst.Arg(value=value)])


class TestCasePattern(Pattern):
    name = "test_case"
    summary = "tf.test.TestCase session blocks -> self.evaluate"

    @dataclass
    class State:
        classes: set = field(default_factory=set)  # the TestCase classes whose session blocks go

    def claim_compound(self, a: Analysis, item, env) -> bool:
        if not is_test_class(a, item.node):
            return False
        analyse(a, item)
        return True

    def rewrite_class(self, t: Translator, original, updated):
        return rewrite(updated) if original in t.a.state(self).classes else None


PATTERN = TestCasePattern()
