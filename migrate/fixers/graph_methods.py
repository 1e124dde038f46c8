"""graph-methods: method idioms that need TF 1 graph mode on any receiver.

``x.eval()``, ``init.run(feed_dict=...)`` fetch through the default session;
``with self.test_session():`` / ``self.session()`` / ``self.cached_session()`` yield no real
session under eager (generated table ``graph_names.GRAPH_METHODS``).  Their receivers are
rarely TensorFlow names, so every call of the module is looked at (the engine's scan lists
them: no walk of its own), only when the source mentions one.
A call counts when it passes keywords of the method only (``subprocess.run(cmd)`` does not);
the TestCase helpers only on ``self``.  Each one found is a graph use for fixers/graph_mode.py.
"""
from __future__ import annotations

import re

import libcst as cst

from migrate.fixers import module_fixer
from migrate.tables.graph_names import GRAPH_METHODS

_MENTION = re.compile(r"\.\s*(%s)\s*\(" % "|".join(sorted(GRAPH_METHODS)))
# classes whose methods are called on the test itself
SELF_ONLY = ("test.TestCase",)


def _is_tf_chain(node, aliases) -> bool:
    while isinstance(node, cst.Attribute):
        node = node.value
    return isinstance(node, cst.Name) and node.value in aliases


def method_idiom(call: cst.Call, aliases) -> str | None:
    """'Tensor.eval' for x.eval(), None when the call is not the idiom."""
    func = call.func
    if not isinstance(func, cst.Attribute) or func.attr.value not in GRAPH_METHODS:
        return None
    cls, parameters = GRAPH_METHODS[func.attr.value]
    if _is_tf_chain(func.value, aliases):
        return None  # a TensorFlow name: the engine decides
    if cls in SELF_ONLY and not (isinstance(func.value, cst.Name) and func.value.value == "self"):
        return None
    if any(arg.keyword is None or arg.keyword.value not in parameters for arg in call.args):
        return None
    return f"{cls}.{func.attr.value}"


@module_fixer(8)
def graph_methods(module: cst.Module, ctx) -> cst.Module | None:
    if not _MENTION.search(ctx.source):
        return None
    aliases = ctx.info.aliases()
    for node in ctx.scan.calls:
        idiom = method_idiom(node, aliases)
        if idiom is not None:
            ctx.needs_graph(node, f"{idiom}() needs a graph and its default session")
    return None
