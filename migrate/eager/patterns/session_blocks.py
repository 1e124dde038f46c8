"""Pattern: a loop, `if` or `with` that builds a graph and runs it in a Session of its own
is a Session program of its own; it is translated in place, like the body of `def main()`.

    for learning_rate in [0.05, 0.5]:                  for learning_rate in [0.05, 0.5]:
        tf.reset_default_graph()                           W = tf.Variable(tf.zeros([1, 1]))
        x = tf.placeholder(tf.float32, [None, 1])          optimizer = tf.keras.optimizers.SGD(
        W = tf.Variable(tf.zeros([1, 1]))                      learning_rate=learning_rate, ...)
        loss = ...                                  ->
        train = tf.train.GradientDescentOptimizer(         @tf.function(input_signature=[...])
            learning_rate).minimize(loss)                  def train_step(x): ...
        with tf.Session() as sess:
            ...                                            for _ in range(25):
                                                               train_step(X)

Each pass of the loop builds a new graph and starts a new Session; each pass of the
translation creates new variables and defines (and traces) new functions, so each
model is trained from its own start, as before. The block must not read graph values
built outside it (checks.check_accesses refuses those), and what the translation
removes from it (placeholders, tensors, the session) must not be read after it.

A random op in a loop is a new op on every pass in graph mode: with the same seed it
draws the same numbers each pass. Eager mode continues one random stream per seed, unless
`tf.random.set_seed` resets it: a loop whose random ops are not preceded, in the loop,
by `tf.set_random_seed(...)` is refused.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager import names as N
from migrate.eager.model import MODULE_LEVEL
from migrate.eager.pattern import Pattern

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis
    from migrate.eager.translate import Translator

__all__ = ["PATTERN", "NOTE", "check_names_after", "check_random_ops", "is_session_block"]

NOTE = "{what} that builds its own graph and Session translated in place: its tf.functions are defined inside it"
_BLOCKS = (cst.For, cst.While, cst.If, cst.With)


def is_session_block(a: Analysis, node) -> bool:
    """A compound statement (no `else`) whose body creates a Session."""
    if not isinstance(node, _BLOCKS) or getattr(node, "orelse", None) is not None:
        return False
    if not isinstance(node.body, cst.IndentedBlock) or not node.body.body:
        return False
    found = []

    class Sessions(cst.CSTVisitor):
        def visit_FunctionDef(self, fn):
            return False

        def visit_ClassDef(self, cls):
            return False

        def visit_With(self, stmt):
            return stmt not in a.edits.unwrapped_withs  # a Session on the module's graph (patterns/run_blocks.py)

        def visit_Call(self, call):
            if a.call_path(call) in N.SESSION:
                found.append(call)
            return True

    node.body.visit(Sessions())
    return bool(found)


def describe(node) -> str:
    return {cst.For: "a for loop", cst.While: "a while loop", cst.If: "an `if` block", cst.With: "a `with` block"}[type(node)]


def check_names_after(a: Analysis, sub, node) -> None:
    """Names the block's translation removes must not be read outside the block."""
    removed = {n: g.kind for g in sub.gstmts if g.kind not in MODULE_LEVEL for n in g.targets}
    removed.update({n: "session" for n in sub.session_names})
    if not removed:
        return
    pos = a.pos[node]
    for scope in set(s for s in a.scopes.values() if s is not None):
        for access in scope.accesses:
            name = access.node
            if not isinstance(name, cst.Name) or name.value not in removed:
                continue
            if not any(r.scope is sub.global_scope for r in access.referents):
                continue
            line = a.line(name)
            if not pos.start.line <= line <= pos.end.line:
                a.problem(name, f"`{name.value}` ({removed[name.value]}), built inside {describe(node)} "
                                f"at line {pos.start.line}, is used after it")


def check_random_ops(a: Analysis, node) -> None:
    """In a loop, every random op must come after a global seed set in the same pass."""
    if not isinstance(node, (cst.For, cst.While)):
        return
    seeded = []

    class Calls(cst.CSTVisitor):
        def visit_Call(self, call):
            path = a.call_path(call)
            if path in N.SEED:
                seeded.append(call)
            elif path in N.SEED_POSITION and not seeded:
                a.problem(call, f"tf.{path} in {describe(node)} that builds a graph per pass: graph mode draws "
                                "the same numbers on every pass (a new op with the same seed), eager mode would "
                                "continue one random stream; set the seed in the loop (tf.set_random_seed)")
            return True

    node.body.visit(Calls())


class SessionBlocks(Pattern):
    name = "session_blocks"
    summary = "a loop / if / with holding a Session program of its own"

    def claim_compound(self, a: Analysis, item, env) -> bool:
        if not is_session_block(a, item.node):
            return False
        a.sub_blocks.append(item.node)  # translated by a Translator of its own
        return True

    def translate_blocks(self, t: Translator) -> None:
        for node in t.a.sub_blocks:
            check_random_ops(t.a, node)
            sub = t.translate_block(node)
            if sub is None:
                continue
            check_names_after(t.a, sub.a, node)
            t.a.notes.append((t.a.line(node), "eager-block", NOTE.format(what=describe(node))))


PATTERN = SessionBlocks()
