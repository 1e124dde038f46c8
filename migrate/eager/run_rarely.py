"""Where a run executed rarely stands: every site a simple statement inside an `if` of a
loop's body (an evaluation printed every N steps), which run_once.py writes as plain
eager code before that statement, as it writes a run executed once:

    for step in range(1000):                          for step in range(1000):
        sess.run(train, {x: X, y: Y})                     train_step(X, Y)
        if step % 100 == 0:                   ->          if step % 100 == 0:
            print(sess.run(acc, {x: T, y: L}))                pred = forward(T)
                                                              print(tf.reduce_mean(...).numpy())

A tf.function called under such an `if` is traced for its first call and costs a
decorator, a def and a return; run eagerly it costs neither. The path from the block's
statement to the site goes through loops, `if`/`else` blocks and dissolved `with
Session()` blocks only (a def, a class, a `try` or another `with` stops it), and the
site's statement holds no other site (another run's statements would come between).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

if TYPE_CHECKING:  # annotations only
    from migrate.eager.model import RunFunction
    from migrate.eager.translate import Translator

LOOPS = (cst.For, cst.While)


def site_statements(t: Translator, fn: RunFunction) -> dict | None:
    """id(site call) -> the simple statement that holds it, where every site of `fn` is
    the only site of a simple statement inside an `if` of a loop's body; else None."""
    found = {}
    for site in fn.sites:
        path = path_to(site.item.node, site.call)
        if path is None:
            return None
        statements = [i for i, node in enumerate(path) if isinstance(node, cst.SimpleStatementLine)]
        if not statements or not _under_if_in_loop(t, path[:statements[-1] + 1]):
            return None
        statement = path[statements[-1]]
        if sum(1 for s in t.a.sites if s.item is site.item and path_to(statement, s.call) is not None) != 1:
            return None
        found[id(site.call)] = statement
    return found


def _under_if_in_loop(t: Translator, path: list) -> bool:
    """Does the path (a block statement down to a simple statement) enter a loop's body,
    then an `if`'s body or `else`, through nothing but loops, ifs and dissolved withs?"""
    in_loop = under_if = False
    for node, child in zip(path, path[1:]):
        if isinstance(node, LOOPS):
            if child is not node.body:
                return False  # a loop's `else` runs once
            in_loop = True
        elif isinstance(node, cst.If):
            under_if = under_if or in_loop
        elif isinstance(node, cst.With):
            if node not in t.a.edits.unwrapped_withs:
                return False
        elif not isinstance(node, (cst.IndentedBlock, cst.Else)):
            return False
    return in_loop and under_if


def path_to(root, target) -> list | None:
    """The nodes from `root` down to `target` (by identity), or None when it is not inside."""
    if root is target:
        return [root]
    for child in root.children:
        found = path_to(child, target)
        if found is not None:
            return [root] + found
    return None
