"""The graph's name-scope prefix of a statement, for the names that outlive the graph: a
question patterns ask of the program (summaries, checkpoints), not a pattern.

The translation dissolves `with tf.name_scope("hidden1"):` blocks (patterns/segments.py):
names do not change the numbers. Two names do outlive the graph: a checkpoint key (a
variable "hidden1/weights") and a summary tag ("loss/loss"). This module says which
prefix graph mode gave a statement: the enclosing scopes' literal names, each made
unique as tf.Graph.unique_name does (a second `name_scope("hidden1")` is "hidden1_1",
case-insensitively). None where it cannot be known: a computed scope name, a scope name
that is also a name given to an op or variable, a program with several graphs.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis

__all__ = ["prefix_at", "scopes_opened_before", "unique"]


def unique(in_use: dict, name: str) -> str:
    """tf.Graph.unique_name: case-insensitive, `name_1`, `name_2`... for a name in use."""
    key = name.lower()
    i = in_use.get(key, 0)
    in_use[key] = i + 1
    if i == 0:
        return name
    base = key
    while key in in_use:
        key = f"{base}_{i}"
        i += 1
    in_use[key] = 1
    return f"{name}_{i - 1}"


def prefix_at(a: Analysis, node) -> str | None:
    """"hidden1/" for a statement inside `with tf.name_scope("hidden1"):`, "" outside any
    scope, None when the prefix is not known."""
    scopes = _scopes(a)
    line = a.line(node)
    inside = [s for s in scopes if s[0] <= line <= s[1]]
    if not inside:
        return ""
    innermost = max(inside, key=lambda s: s[0])
    return innermost[2]


def scopes_opened_before(a: Analysis, node) -> list:
    """The names graph mode gave the name scopes opened before `node`'s line ("accuracy",
    "train/loss"): names in use in the graph, which a later op or summary tag of the same
    name is made unique against ("accuracy_1")."""
    line = a.line(node)
    return [p[:-1] for s, _, p in _scopes(a) if p is not None and s < line]


def _scopes(a: Analysis) -> list:
    """[(first line, last line, prefix or None)] of every name_scope block, computed once."""
    cached = a.derived.get("name_scopes")
    if cached is not None:
        return cached
    out = []
    in_use: dict = {}
    several_graphs = a.segment_count > 1
    outer = a

    class Scopes(cst.CSTVisitor):
        def __init__(self):
            super().__init__()
            self.stack = [""]

        def visit_With(self, node):
            item = node.items[0].item if len(node.items) == 1 else None
            if not (isinstance(item, cst.Call) and outer.call_path(item) == "name_scope"):
                return True
            name = item.args[0].value if item.args and item.args[0].keyword is None else None
            parent = self.stack[-1]
            if parent is None or several_graphs or not isinstance(name, cst.SimpleString) \
                    or not name.evaluated_value:
                prefix = None
            else:
                prefix = unique(in_use, parent + str(name.evaluated_value)) + "/"
            pos = outer.pos[node]
            out.append((pos.start.line, pos.end.line, prefix))
            self.stack.append(prefix)
            return True

        def leave_With(self, node):
            item = node.items[0].item if len(node.items) == 1 else None
            if isinstance(item, cst.Call) and outer.call_path(item) == "name_scope":
                self.stack.pop()

    a.module.visit(Scopes())
    given = _given_names(a)
    out = [(s, e, None if p is not None and p[:-1].split("/")[-1].lower() in given else p) for s, e, p in out]
    a.derived["name_scopes"] = out
    return out


def _given_names(a: Analysis) -> set:
    """Every `name="..."` literal of the program (lower case): an op may take a scope's name."""
    found = set()

    class Names(cst.CSTVisitor):
        def visit_Arg(self, arg):
            if arg.keyword is not None and arg.keyword.value == "name" and isinstance(arg.value, cst.SimpleString):
                found.add(str(arg.value.evaluated_value).lower())
            return True

    a.module.visit(Names())
    return found
