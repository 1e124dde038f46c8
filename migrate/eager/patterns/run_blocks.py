"""Pattern: a loop, `if`, `with` or module-level def that opens a Session on the module's
graph (it builds no graph of its own) -> the Session block is dissolved, its runs are the
script's.

    x = tf.placeholder(tf.float32, [None, 1])          W = tf.Variable(...)
    W = tf.Variable(...)                               ...
    ...                                                @tf.function(...)
    if __name__ == "__main__":                     ->  def compute_out(x): ...
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())    if __name__ == "__main__":
            print(sess.run(out, {x: X}))                       print(compute_out(X).numpy())

Read where the block holds one `with tf.Session() as name:` (no other argument than
`config=`), outside nested defs and classes (a def: `def main():` read with the module
instead of on its own, translate.session_defs); graph building anywhere in the block is
still refused (analysis._GraphInsideBlock), and a block that builds its own graph is a
Session program of its own (patterns/session_blocks.py).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager import names as N
from migrate.eager.pattern import Pattern

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis

__all__ = ["PATTERN"]

_BLOCKS = (cst.For, cst.While, cst.If, cst.With, cst.FunctionDef)
_BUILDS = ("reset_default_graph", "Graph", "placeholder", "Variable", "get_variable")


def _session_withs(a: Analysis, node) -> tuple[list, bool]:
    """The `with Session() as name:` statements below `node`, and whether the block builds a graph."""
    withs, builds = [], []

    class Visitor(cst.CSTVisitor):
        def visit_FunctionDef(self, fn):
            return False

        def visit_ClassDef(self, cls):
            return False

        def visit_With(self, stmt):
            if any(a.call_path(it.item) in N.SESSION for it in stmt.items):
                withs.append(stmt)

        def visit_Call(self, call):
            path = a.call_path(call)
            if path is not None and (path in _BUILDS or path.endswith("Optimizer")):
                builds.append(call)

    node.body.visit(Visitor())
    return withs, bool(builds)


def _dissolvable(a: Analysis, stmt: cst.With) -> str | None:
    """The session's name for `with tf.Session() as name:` with no argument but config=, else None."""
    if len(stmt.items) != 1 or stmt.items[0].asname is None or not isinstance(stmt.items[0].asname.name, cst.Name):
        return None
    call = stmt.items[0].item
    if any(arg.keyword is None or arg.keyword.value != "config" for arg in call.args):
        return None
    return stmt.items[0].asname.name.value


def _runs_module_graph(a: Analysis, node) -> bool:
    if not isinstance(node, _BLOCKS) or not isinstance(node.body, cst.IndentedBlock):
        return False
    withs, builds = _session_withs(a, node)
    return len(withs) == 1 and not builds and _dissolvable(a, withs[0]) is not None


class RunBlocks(Pattern):
    name = "run_blocks"
    summary = "a loop / if / with opening a Session on the module's graph -> the Session dissolved, its runs the script's"

    def claim_compound(self, a: Analysis, item, env) -> bool:
        node = item.node
        if not env or not _runs_module_graph(a, node):
            return False
        withs, _ = _session_withs(a, node)
        a.session_names.add(_dissolvable(a, withs[0]))
        a.is_session_script = True
        a.edits.unwrapped_withs.add(withs[0])
        a.notes.append((a.line(withs[0]), "eager-session", "`with Session() as ...:` removed: eager TensorFlow runs "
                                                          "ops at once, no session needed"))
        return False  # the block is read as Python code running the module's graph

    def runs_module_graph(self, a: Analysis, node):
        return True if _runs_module_graph(a, node) else None


PATTERN = RunBlocks()
