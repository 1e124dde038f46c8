"""The variable scope a statement is in (`with tf.variable_scope("outer", reuse=True):`):
its record, made by patterns/scopes.py and read by the patterns that name variables in it
(tf1_islands, variable_loops), which ask for an item's scope (the `variable_scope` query).
"""
from __future__ import annotations

from dataclasses import dataclass

REUSE, AUTO_REUSE = "reuse", "auto_reuse"


@dataclass(frozen=True)
class Scope:
    prefix: str = ""  # "outer/inner/"
    reuse: str | None = None  # None, REUSE or AUTO_REUSE
    object_name: str | None = None  # `as scope`: the name of the scope object


def is_variable_scope(a, stmt) -> bool:
    """Is the `with` statement `stmt` a `with tf.variable_scope(...)`?"""
    return len(stmt.items) == 1 and a.call_path(stmt.items[0].item) == "variable_scope"
