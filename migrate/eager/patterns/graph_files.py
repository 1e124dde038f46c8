"""Pattern: the session's graph written to a file -> the traced training step's graph.

    tf.train.write_graph(sess.graph_def, logdir, "graph.pbtxt")
        ->  tf.io.write_graph(train_step.get_concrete_function().graph, logdir, "graph.pbtxt")

Eager code builds no graph of the whole program; what runs as a graph is each
`tf.function`. The file gets the graph of the traced training step (the one a
FileWriter given the graph writes: the graph_step_place query), written where the script wrote
it, or after the step's def where the def comes later (what the call reads bound before
it, and no kept statement between them, which could read the file). The file changes: it holds the step's ops (forward pass, gradients, the optimizer's
update), the variables as captured inputs, not TF 1's whole graph (initializers, the
evaluation ops, the placeholders by name): a warning (rule `eager-summary`) says so.
Refused with the reason: a graph other than the session's or the default graph, the
call's value used, no traced training step to take the graph from.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager.pattern import Pattern
from migrate.tables import summaries as T

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis
    from migrate.eager.translate import Translator

__all__ = ["PATTERN"]

RULE = "eager-summary"


@dataclass
class GraphFile:
    """One tf.train.write_graph(graph, logdir, name, as_text) statement."""

    item: object
    call: cst.Call
    args: dict


def _session_graph(a: Analysis, node) -> bool:
    """`sess.graph`, `sess.graph_def`, `tf.get_default_graph()`, or `.as_graph_def()` of those."""
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) \
            and node.func.attr.value == T.GRAPH_DEF_METHOD and not node.args:
        node = node.func.value
    if isinstance(node, cst.Attribute) and node.attr.value in T.SESSION_GRAPH_ATTRIBUTES \
            and isinstance(node.value, cst.Name) and node.value.value in a.session_names:
        a.accounted.add(node.value)
        return True
    return isinstance(node, cst.Call) and a.call_path(node) == T.DEFAULT_GRAPH and not node.args


def _bound_before(a: Analysis, node, line: int) -> bool:
    """Every name `node` reads is bound only on lines before `line`."""
    for name in a.names_in(node):
        for assignment in a.global_scope.assignments[name.value]:
            if a.line(assignment.node) >= line:
                return False
    return True


class GraphFiles(Pattern):
    name = "graph_files"
    summary = "tf.train.write_graph(sess.graph_def, ...) -> the traced training step's graph written to the file"

    @dataclass
    class State:
        files: list = field(default_factory=list)

    def claim_expression(self, a: Analysis, small, item, path, env) -> bool:
        if path != T.WRITE_GRAPH_FILE or not isinstance(small.value, cst.Call):
            return False
        call = small.value
        args = a.args_by_name(call, T.WRITE_GRAPH_FILE_PARAMETERS)
        if not {"graph_or_graph_def", "logdir", "name"} <= set(args):
            a.problem(call, "tf.train.write_graph(...) without a graph, a logdir and a name")
        elif not _session_graph(a, args["graph_or_graph_def"]):
            a.problem(call, "tf.train.write_graph(...) of a graph other than the session's: eager TF 2 builds no "
                            "graph of the program to write")
        else:
            a.state(self).files.append(GraphFile(item, call, args))
        return True

    def functions_placed(self, t: Translator, functions_before: dict) -> None:
        a = t.a
        for f in a.state(self).files:
            place = t.ask("graph_step_place", t, -1, functions_before)
            if place is None:
                a.problem(f.call, "tf.train.write_graph(...) of the session's graph: no traced training step that "
                                  "takes no argument or has an input signature, to take the graph from")
                continue
            idx, i, fn = place
            rest = [t.expr_code(f.args[name]) if name != "as_text" else f"as_text={t.expr_code(f.args[name])}"
                    for name in T.WRITE_GRAPH_FILE_PARAMETERS[1:] if name in f.args]
            code = f"{a.r.primary}.{T.WRITE_GRAPH_FILE}({fn.name}.get_concrete_function().graph, {', '.join(rest)})"
            if idx <= f.item.idx:
                a.edits.expressions[id(f.call)] = code
            elif any(not item.drop for item in a.items[f.item.idx + 1:idx]):
                a.problem(f.call, f"tf.train.write_graph(...) before {fn.name}'s def, with code between them that "
                                  "could read the file: the translation writes the traced graph after the def")
                continue
            elif all(_bound_before(a, f.args[name], a.items[idx].start) for name in f.args):
                a.edits.removed_calls.add(f.call)
                functions_before[idx].insert(i + 1, code + "\n")
            else:
                a.problem(f.call, f"tf.train.write_graph(...) reads a name bound after {fn.name}'s def, where the "
                                  "translation writes the traced graph")
                continue
            t.warnings.append((a.line(f.call), a.col(f.call), RULE,
                               f"tf.train.write_graph(...) writes {fn.name}'s traced graph: the step's ops, the "
                               "variables as captured inputs, not TF 1's whole graph (initializers, evaluation ops, "
                               "placeholders by name)"))


PATTERN = GraphFiles()
