"""Pattern: `tf.group(...)` runs everything it groups, assigns written inside it included.

    train = tf.group(W.assign(W - 0.1 * grad_W),     ->  (in the run function, after the values
                     b.assign(b - 0.1 * grad_b))          it needs are computed)
                                                          W.assign(W - 0.1 * grad_W)
                                                          b.assign(b - 0.1 * grad_b)

Named members (train ops, assigns, other groups) are dependencies and run from their own
statements. Inline members must be assigns (`v.assign(x)`, `tf.assign(v, x)`,
`assign_add`, `assign_sub`); anything else is refused. A group in which one assign reads
a variable another of its assigns writes is refused too: the graph does not order the
two, so the TF1 program itself has no single answer.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager.model import GStmt, Kind
from migrate.eager.pattern import Pattern
from migrate.eager import assign_record

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis
    from migrate.eager.translate import Translator

__all__ = ["PATTERN", "GroupInfo", "analyse", "writes", "lines"]


@dataclass
class GroupInfo:
    inline: list = field(default_factory=list)  # [AssignInfo] of the assigns written inside tf.group(...)


def analyse(a: Analysis, call: cst.Call, env: dict) -> GroupInfo:
    info = GroupInfo()
    for arg in call.args:
        if arg.keyword is not None:
            if arg.keyword.value != "name":
                a.problem(arg, f"tf.group({arg.keyword.value}=...) is not translated")
            continue
        value = arg.value
        if arg.star:
            a.problem(value, "tf.group(*ops): a group of ops listed at run time")
        elif isinstance(value, cst.Name):
            continue  # a named op: a dependency, run from its own statement
        elif a.call_path(value) in assign_record.ASSIGNS:  # tf.assign(v, x): before v.assign(x), which it looks like
            assign = assign_record.analyse_assign(a, value, env, function=True)
            if assign is not None:
                info.inline.append(assign)
        elif assign_record.is_assign_method(value):
            assign = assign_record.analyse_assign(a, value, env, function=False)
            if assign is not None:
                info.inline.append(assign)
        else:
            a.problem(value, "tf.group of an inline op other than an assign")
    _check_unordered(a, call, info)
    return info


def _check_unordered(a: Analysis, call, info: GroupInfo) -> None:
    written = {id(x.var): x.var.name for x in info.inline}
    for x in info.inline:
        read = {n.value for n in a.names_in(x.rhs)}
        for other in info.inline:
            if other is not x and other.var.name in read and id(other.var) in written:
                a.problem(call, f"tf.group: the assign to `{x.var.name}` reads `{other.var.name}`, which another "
                                "assign of the group writes, and the graph does not order the two")
                return


def writes(g: GStmt) -> list[GStmt]:
    return [x.var for x in g.info.inline] if g.info is not None else []


def has_updates(g: GStmt) -> bool:
    return g.info is not None and bool(g.info.inline)


def lines(t: Translator, body, g: GStmt) -> None:
    """The group's inline assigns, as method calls, in the order written."""
    for x in g.info.inline:
        body.add(f"{x.var.name}.{x.method}({t.expr_code(x.rhs)})")


class Group(Pattern):
    name = "group"
    summary = "tf.group of updates -> their calls in the step"

    def graph_kind(self, a: Analysis, value, path, subscript, names, env):
        return (Kind.GROUP, analyse(a, value, env)) if path == "group" else None

    def writes(self, t: Translator, g):
        return writes(g) if g.kind == Kind.GROUP else None

    def is_update(self, g):
        return has_updates(g) if g.kind == Kind.GROUP else None

    def update_lines(self, t: Translator, body, g) -> bool:
        if g.kind != Kind.GROUP or not has_updates(g):
            return False
        lines(t, body, g)
        return True


PATTERN = Group()
