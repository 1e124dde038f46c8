"""Pattern: a traced Session.run written to TensorBoard -> tf.summary.trace_on / trace_export.

    run_options = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)   ->  (removed)
    run_metadata = tf.RunMetadata()                 ->  tf.summary.trace_on(graph=True)
    sess.run(train, feed, options=run_options, run_metadata=run_metadata)
                                                    ->  train_step(...)
    writer.add_run_metadata(run_metadata, "step%d" % i)
                                                    ->  with writer.as_default():
                                                            tf.summary.trace_export("step%d" % i, step=0)

The trace starts where the RunMetadata was made and is written, and stopped, where TF 1
wrote it (tables/run_traces.py), so the RunMetadata, the runs given it and the
add_run_metadata must stand in that order in one block, the metadata written once. The
event file then holds the traced function's graph under the tag, where TF 1 wrote the run's
partition graphs and, under FULL_TRACE, each op's timings and memory: a warning
(rule `eager-summary`) says so at the add_run_metadata. Refused with the reason: RunOptions
other than `trace_level`, a RunOptions or RunMetadata bound twice or used for anything else
(`run_metadata.step_stats`), an add_run_metadata on a writer the translation does not
write, or away from its RunMetadata's block.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager.pattern import Pattern
from migrate.tables import run_traces as T

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis
    from migrate.eager.translate import Translator

__all__ = ["PATTERN"]

RULE = "eager-summary"


@dataclass
class Export:
    """One writer.add_run_metadata(run_metadata, tag, global_step) statement."""

    stmt: cst.SimpleStatementLine
    call: cst.Call
    writer: str
    tag: str
    step: str


def _bodies(root) -> list:
    """Every statement list of `root` (the module's or a block's, and each indented block)."""
    found = [root.body] if isinstance(root, cst.Module) else []

    class Blocks(cst.CSTVisitor):
        def visit_IndentedBlock(self, node):
            found.append(node.body)

    root.visit(Blocks())
    return found


def _bound(a: Analysis, stmt) -> tuple | None:
    """(name, class path, call) of `name = tf.RunOptions(...)` / `tf.RunMetadata()`."""
    if not (isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Assign)):
        return None
    small = stmt.body[0]
    path = a.call_path(small.value)
    if path not in (T.RUN_OPTIONS, T.RUN_METADATA) or len(small.targets) != 1 \
            or not isinstance(small.targets[0].target, cst.Name):
        return None
    return small.targets[0].target.value, path, small.value


def _export_call(stmt) -> cst.Call | None:
    if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Expr):
        call = stmt.body[0].value
        if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) \
                and call.func.attr.value == T.ADD_RUN_METADATA:
            return call
    return None


def _reads(root, names) -> list:
    """The Name nodes reading `names` (keywords and attribute names left out)."""
    found = []

    class Reads(cst.CSTVisitor):
        def visit_Name(self, node):
            if node.value in names:
                found.append(node)

        def visit_Attribute(self, node):
            node.value.visit(self)
            return False

        def visit_Arg(self, node):
            node.value.visit(self)
            return False

        def visit_AssignTarget(self, node):
            return False

    root.visit(Reads())
    return found


def _code(node) -> str:
    return cst.Module([]).code_for_node(node)


class RunTraces(Pattern):
    name = "run_traces"
    summary = "a traced Session.run written by add_run_metadata -> tf.summary.trace_on / trace_export"

    @dataclass
    class State:
        bound: dict | None = None  # name -> [(statement, class path, call)] binding it
        asked: dict = field(default_factory=dict)  # id(node) -> (node, the keyword or method it was asked for)
        removed: set = field(default_factory=set)  # ids of the RunOptions statements
        started: set = field(default_factory=set)  # ids of the RunMetadata statements
        exports: dict = field(default_factory=dict)  # id(add_run_metadata statement) -> Export
        carried: dict = field(default_factory=dict)  # id(statement) -> comment lines of a removed one before it

    def _bound_names(self, a: Analysis) -> dict:
        state = a.state(self)
        if state.bound is None:
            state.bound = {}
            for body in _bodies(a.block if a.block is not None else a.module):
                for stmt in body:
                    found = _bound(a, stmt)
                    if found is not None:
                        state.bound.setdefault(found[0], []).append((stmt, found[1], found[2]))
        return state.bound

    def traced_run(self, a: Analysis, node, keyword: str):
        """Session.run's options=/run_metadata= of a bound name, or a writer's add_run_metadata."""
        if keyword == T.ADD_RUN_METADATA or isinstance(node, cst.Name) and node.value in self._bound_names(a):
            a.state(self).asked[id(node)] = (node, keyword)
            return True
        return None

    def link(self, a: Analysis) -> None:
        bound = self._bound_names(a)
        if not bound:
            return
        state = a.state(self)
        for name, bindings in bound.items():
            if _check_binding(a, name, bindings, state):
                (state.removed if bindings[0][1] == T.RUN_OPTIONS else state.started).add(id(bindings[0][0]))
        root = a.block if a.block is not None else a.module
        for body in _bodies(root):
            for i, stmt in enumerate(body):
                found = _bound(a, stmt)
                if found is not None and found[1] == T.RUN_METADATA and id(stmt) in state.started:
                    _link_metadata(a, state, found[0], body, i)
        _carry_comments(state, root)
        items = {id(item.node): item for item in a.items}
        for node_id in state.removed | state.started | set(state.exports):
            if node_id in items:  # a statement of the block itself: emit.py writes it, statements_before replaces it
                items[node_id].drop = True
        exported = {id(e.call) for e in state.exports.values()}
        for node, keyword in state.asked.values():
            if keyword == T.ADD_RUN_METADATA and id(node) not in exported:
                a.problem(node, "writer.add_run_metadata(...) of something other than a tf.RunMetadata() made "
                                "before it in its block")

    def replace_statement(self, t: Translator, node):
        if any(item.node is node for item in t.a.items):
            return None
        code = self._code(t, node)
        if code is None:
            return None
        if not code:
            return []
        lines = t.a.state(self).carried.get(id(node), []) + list(node.leading_lines)
        return [cst.parse_statement(code).with_changes(leading_lines=lines)]

    def statements_before(self, t: Translator, item):
        code = self._code(t, item.node)
        return [cst.parse_statement(code)] if code else None

    def _code(self, t: Translator, node) -> str | None:
        """The statement written for `node` ("" where it goes), or None: not one of the trace's."""
        state = t.a.state(self)
        tf = t.a.r.primary
        if id(node) in state.removed:
            return ""
        if id(node) in state.started:
            return f"{tf}.{T.TRACE_ON}\n"
        export = state.exports.get(id(node))
        if export is None:
            return None
        return (f"with {export.writer}.as_default():\n"
                f"    {tf}.{T.TRACE_EXPORT}({export.tag}, step={export.step})\n")

    def finish(self, t: Translator) -> None:
        for export in t.a.state(self).exports.values():
            line = t.a.line(export.call)
            t.warnings.append((line, 0, RULE, f"{export.writer}.add_run_metadata(...) became tf.summary.trace_export: "
                                              "the event file holds the traced function's graph under the tag, not "
                                              "TF 1's run metadata (the partition graphs, each op's timings and "
                                              "memory under FULL_TRACE)"))


def _check_binding(a: Analysis, name: str, bindings: list, state) -> bool:
    """A RunOptions or RunMetadata bound once, of trace_level only, read only where asked."""
    stmt, path, call = bindings[0]
    if len(bindings) > 1:
        a.problem(bindings[1][0], f"`{name}`, a tf.{path}, bound twice")
        return False
    if path == T.RUN_OPTIONS and any(arg.keyword is None or arg.keyword.value != "trace_level" for arg in call.args):
        a.problem(call, "tf.RunOptions(...) with options other than trace_level is not translated")
        return False
    if path == T.RUN_METADATA and call.args:
        a.problem(call, "tf.RunMetadata(...) with arguments is not translated")
        return False
    root = a.block if a.block is not None else a.module
    wanted = {kw for kw, cls in T.RUN_KEYWORDS.items() if cls == path}
    allowed = {id(node) for node, keyword in state.asked.values() if keyword in wanted}
    if path == T.RUN_METADATA:
        allowed |= {id(node.args[0].value) for node, keyword in state.asked.values()
                    if keyword == T.ADD_RUN_METADATA and node.args}
    for read in _reads(root, {name}):
        if id(read) not in allowed:
            a.problem(read, f"`{name}`, a tf.{path}, used for something other than Session.run's "
                            f"{'options' if path == T.RUN_OPTIONS else 'run_metadata'} and add_run_metadata")
            return False
    return True


def _carry_comments(state, root) -> None:
    """The comments of a removed RunOptions statement go to the statement after it, when that
    one is written (a RunMetadata's trace_on)."""
    for body in _bodies(root):
        for stmt, after in zip(body, body[1:]):
            if id(stmt) in state.removed and id(after) in state.started:
                state.carried[id(after)] = [ln for ln in stmt.leading_lines if ln.comment is not None]


def _link_metadata(a: Analysis, state, name: str, body, i: int) -> None:
    """The one add_run_metadata of `name` after it in its block, the runs given it between."""
    calls = {id(node) for node, keyword in state.asked.values() if keyword == T.ADD_RUN_METADATA}
    at = [j for j in range(i + 1, len(body)) if (call := _export_call(body[j])) is not None and id(call) in calls
          and call.args and isinstance(call.args[0].value, cst.Name) and call.args[0].value.value == name]
    if len(at) != 1:
        state.started.discard(id(body[i]))
        a.problem(body[i], f"tf.RunMetadata() `{name}` not written by one writer.add_run_metadata(...) after it in "
                           "its block")
        return
    j = at[0]
    between = {id(read) for stmt in body[i + 1:j] for read in _reads(stmt, {name})}
    runs = [node for node, keyword in state.asked.values() if keyword == "run_metadata" and node.value == name]
    if not runs or any(id(node) not in between for node in runs):
        state.started.discard(id(body[i]))
        a.problem(body[i], f"tf.RunMetadata() `{name}`: the runs given it do not all stand between it and its "
                           "add_run_metadata")
        return
    call = _export_call(body[j])
    args = a.args_by_name(call, T.ADD_RUN_METADATA_PARAMETERS)
    if "tag" not in args:
        a.problem(call, "writer.add_run_metadata(...) without a tag")
        return
    step = args.get("global_step")
    state.exports[id(body[j])] = Export(body[j], call, _code(call.func.value), _code(args["tag"]),
                                        _code(step) if step is not None else T.STEP_WITHOUT_GLOBAL_STEP)


PATTERN = RunTraces()
