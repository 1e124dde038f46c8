"""Pattern: TensorBoard summaries built in the graph become `tf.summary` calls written
where the run computes them, with the step the script gave `add_summary`.

    tf.summary.scalar("loss", loss)                      (removed: written by the run)
    tf.summary.histogram("weights", W)
    merged = tf.summary.merge_all()
    writer = tf.summary.FileWriter("logs", sess.graph)   ->  writer = tf.summary.create_file_writer("logs")
    for step in range(40):                                   for step in range(40):
        summary, _ = sess.run([merged, train], ...)              train_step(X, Y, step)
        writer.add_summary(summary, step)

    @tf.function(input_signature=[..., tf.TensorSpec([], tf.int64)])
    def train_step(x, y, step):
        with tf.GradientTape() as tape:
            loss = ...
        grads = tape.gradient(loss, [W, b])
        with writer.as_default():
            tf.summary.scalar("loss", loss, step=step)
            tf.summary.histogram("weights", W, step=step)
        opt.apply_gradients(zip(grads, [W, b]))

    with writer.as_default():                            (the graph the FileWriter was given:
        tf.summary.graph(train_step.get_concrete_function().graph)   the training step's trace)

The fetched summary is only ever handed to `writer.add_summary(summary, step)`: the
step then becomes an argument of the run function (the script's own counter), the
add_summary disappears. Written under `if step % 10 == 0:` (a condition of the step alone),
the summaries are recorded under `tf.summary.record_if(step % 10 == 0)`, computed from the
step argument in the run function; an `if` left with nothing in it goes (emit.py). The summaries are written after the values they read are
computed and before the run's updates, as the graph runs them (a summary's read of a
variable has no input but the variable, so it runs before the update it is not ordered
with). What is not translated: other summary kinds (image, audio, text), a fetched
summary used for anything but one add_summary, a step that may change between the run
and add_summary, a tag another name in the graph took (a second summary's tag is written as graph mode
made it unique: "loss_1") or may have taken (a tag that is an
op's default name, "mean": `tf.reduce_mean` built "Mean" before it, the tag is "mean_1"). Under a name scope
TF 1's tag is the scope's path: `with tf.name_scope("loss"): tf.summary.scalar("loss", l)`
writes "loss/loss" (eager/name_scopes.py). The facts: migrate/tables/summaries.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst
from libcst.metadata import ParentNodeProvider

from migrate.eager import name_scopes
from migrate.eager.code import fresh, statement_with_comments
from migrate.eager.model import Kind
from migrate.eager.pattern import NOT_MINE, Pattern
from migrate.node_helpers import all_names
from migrate.tables import summaries as T
from migrate.tables.op_types import OP_TYPES

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis
    from migrate.eager.translate import Translator

__all__ = ["PATTERN", "handles", "analyse_statement", "analyse_assignment", "note_other", "link", "plan", "lines", "specs",
           "call_arguments", "writer_statement", "consumed_names", "function_name"]

_DEFAULT_OP_NAMES = frozenset({"variable", "placeholder"})  # names the graph has taken before any summary


@dataclass
class SummaryInfo:
    function: str | None = None  # scalar / histogram (None for a merge)
    tag: str = ""  # the tag's code (a string literal)
    value: cst.BaseExpression | None = None
    members: list = field(default_factory=list)  # a merge: the summary GStmts it runs, in creation order
    others: list = field(default_factory=list)  # a merge: (line, what) of members that are not translated
    kept: list = field(default_factory=list)  # (TF 2 keyword, value node) written as they are (max_outputs)
    differs: str | None = None  # what TF 2 writes otherwise (tables/summaries.py SUMMARY_DIFFERENCES)


@dataclass
class WriterInfo:
    arguments: dict = field(default_factory=dict)  # TF 2 argument -> code
    graph: bool = False  # the graph was handed to it (FileWriter(logdir, sess.graph), add_graph): not written


@dataclass
class Written:
    """Where a fetched summary goes: `writer.add_summary(summary, step)`."""

    writer: object  # the writer GStmt
    step: cst.BaseExpression
    call: cst.Call  # the add_summary call (removed)
    target: str | None  # the name the run bound the summary to (None when passed directly)
    condition: cst.BaseExpression | None = None  # `if step % 10 == 0:` around the add_summary


def handles(path: str | None) -> bool:
    return path in T.SUMMARY_OPS or path in (T.MERGE, T.MERGE_ALL, T.FILE_WRITER)


def _state(a: Analysis) -> dict:
    return a.state(PATTERN)


# ---------------------------------------------------------------------------- analysis
def note_other(a: Analysis, path: str | None, node) -> None:
    """A summary op of another kind (image, audio...): merge_all would run it."""
    if path is not None and path.startswith("summary.") and not handles(path):
        _state(a)["others"].append((a.line(node), path))


def analyse_statement(a: Analysis, small: cst.Expr, item, path: str, env: dict) -> bool:
    """`tf.summary.scalar("loss", loss)` written as a statement."""
    if path not in T.SUMMARY_OPS:
        a.problem(small, f"tf.{path}: only scalar, histogram and image summaries are translated")
        return True
    _summary(a, item, [], small.value, path, env)
    item.drop = True
    return True


def analyse_assignment(a: Analysis, small: cst.Assign, names, value: cst.Call, path: str, item, env: dict) -> bool:
    if len(names) != 1:
        a.problem(small, f"tf.{path} unpacked into several names")
        return True
    if path == T.FILE_WRITER:
        g = a.make_gstmt(item, Kind.WRITER, names, None, env)
        g.info = _writer(a, value, env)
        _state(a)["writers"].setdefault(names[0], []).append(g)
    elif path in T.SUMMARY_OPS:
        g = _summary(a, item, names, value, path, env)
        item.drop = True
    else:
        g = _merge(a, item, names, value, path, env)
        item.drop = True
    env[names[0]] = g
    return True


def _summary(a: Analysis, item, names, call: cst.Call, path: str, env: dict):
    function, parameters, value_parameter = T.SUMMARY_OPS[path]
    args = a.args_by_name(call, list(parameters))
    info = SummaryInfo(function, value=args.get(value_parameter), differs=T.SUMMARY_DIFFERENCES.get(path))
    info.kept = [(name, args[name]) for name in T.SUMMARY_KEPT_ARGUMENTS.get(path, ()) if name in args]
    for bad in T.SUMMARY_NOT_TRANSLATED:
        if bad in args:
            a.problem(call, f"tf.{path}({bad}=...) is not translated")
    tag = args.get("name")
    prefix = name_scopes.prefix_at(a, call)
    if not (isinstance(tag, cst.SimpleString) and tag.evaluated_value) or info.value is None:
        a.problem(call, f"tf.{path} with a tag that is not a string literal")
    elif prefix is None:
        a.problem(call, f"tf.{path} under a name scope whose name the translation cannot know: TF 1 prefixes the "
                        "tag with it")
    else:
        written = _check_tag(a, call, tag.evaluated_value, item, prefix)
        info.tag = tag.value if written == tag.evaluated_value and not prefix else f'"{written}"'
    g = a.make_gstmt(item, Kind.SUMMARY, names, info.value if info.value is not None else call, env)
    g.info = info
    return g


def _check_tag(a: Analysis, call, tag: str, item, prefix: str) -> str:
    """TF 1's tag is the summary op's scope: `prefix + tag`, made unique in the graph. A tag
    an earlier summary of the segment took gets graph mode's next name ("loss_1"); one a
    name= or an op's default name may have taken is a problem. Returns the tag written."""
    tags = _state(a)["tags"].setdefault(item.segment, {})
    full = prefix + tag
    key = full.lower()
    given = _names_given(a, item)
    counted = _state(a)["scopes_counted"].setdefault(item.segment, set())
    scoped = {name.lower() for name in name_scopes.scopes_opened_before(a, call)}
    for name in sorted(scoped - counted):  # `with tf.name_scope("accuracy"):` took the name in the graph
        tags[name] = tags.get(name, 0) + 1
        counted.add(name)
    if set(tag) - T.TAG_CHARACTERS:
        a.problem(call, f"summary tag {tag!r}: TF 1 replaces its other characters by '_'")
    elif tag.lower() in _DEFAULT_OP_NAMES or key in given:
        a.problem(call, f"summary tag {full!r} is already a name in the graph: TF 1 makes the tag unique "
                        f"({full}_1)")
    elif tag.lower() in OP_TYPES or tag.lower() in T.PYTHON_OP_NAMES:
        a.problem(call, f"summary tag {full!r} is the name graph mode gives an op of its own "
                        f"({tag.lower()}): TF 1 writes {full}_1 when one was built before it in its scope, "
                        "which the translation cannot see")
    elif key in tags:
        written = name_scopes.unique(tags, full)
        last = written.rpartition("/")[2].lower()
        if written.lower() in given or last in OP_TYPES or last in T.PYTHON_OP_NAMES:
            a.problem(call, f"summary tag {full!r} is used twice: TF 1 writes {written}, a name something else "
                            "in the graph may hold")
        why = "the name of a name scope opened before it" if key in scoped else "used again"
        a.notes.append((a.line(call), "eager-summary", f"summary tag {full!r} {why}: written as {written!r}, "
                                                       "the tag TF 1 made unique"))
        return written
    name_scopes.unique(tags, full)
    return full


def _names_given(a: Analysis, item) -> set:
    """`name="..."` literals of graph statements before `item` in its segment (lower case)."""
    out = set()
    for g in a.gstmts:
        if g.item.segment != item.segment or g.idx >= item.idx or not isinstance(g.value, cst.Call):
            continue
        for arg in g.value.args:
            if arg.keyword is not None and arg.keyword.value == "name" and isinstance(arg.value, cst.SimpleString):
                out.add(((name_scopes.prefix_at(a, g.node) or "") + str(arg.value.evaluated_value)).lower())
    return out


def _merge(a: Analysis, item, names, call: cst.Call, path: str, env: dict):
    info = SummaryInfo()
    if path == T.MERGE_ALL:
        args = a.args_by_name(call, list(T.MERGE_ALL_PARAMETERS))
        if set(args) - {"name"}:
            a.problem(call, "tf.summary.merge_all(key=/scope=) is not translated")
        info.members = [g for g in a.gstmts if g.kind == Kind.SUMMARY and g.item.segment == item.segment
                        and g.info is not None and g.info.function is not None]
        others = [(line, p) for line, p in _state(a)["others"] if a.item_at_line(line) is not None
                  and a.item_at_line(line).segment == item.segment]
        g = a.make_gstmt(item, Kind.SUMMARY, names, call, env)
        g.deps = list(info.members)
        info.others = others
    else:
        args = a.args_by_name(call, list(T.MERGE_PARAMETERS))
        inputs = args.get("inputs")
        if set(args) - {"inputs", "name"} or not isinstance(inputs, (cst.List, cst.Tuple)):
            a.problem(call, "tf.summary.merge of something other than a literal list of summaries")
        g = a.make_gstmt(item, Kind.SUMMARY, names, call, env)
        for el in inputs.elements if isinstance(inputs, (cst.List, cst.Tuple)) else []:
            member = env.get(el.value.value) if isinstance(el.value, cst.Name) else None
            if member is None or member.kind != Kind.SUMMARY:
                info.others.append((a.line(el.value), "a merged value that is not a named summary"))
            else:
                info.members.extend(member.info.members if member.info.function is None else [member])
    g.info = info
    return g


def _writer(a: Analysis, call: cst.Call, env: dict) -> WriterInfo | None:
    args = a.args_by_name(call, list(T.FILE_WRITER_PARAMETERS))
    info = WriterInfo()
    if "logdir" not in args:
        a.problem(call, "tf.summary.FileWriter without a logdir")
        return None
    for name, value in args.items():
        if name in T.FILE_WRITER_GRAPH:
            _account_graph(a, value)
            info.graph = not (isinstance(value, cst.Name) and value.value == "None")
            continue
        if name not in T.FILE_WRITER_ARGUMENTS:
            a.problem(call, f"tf.summary.FileWriter({name}=...) is not translated")
            continue
        if a.is_graph_expr(value, env):
            a.problem(value, f"tf.summary.FileWriter({name}=...) reads the graph")
        new, form = T.FILE_WRITER_ARGUMENTS[name]
        info.arguments[new] = (form, value)
    return info


def _account_graph(a: Analysis, value) -> None:
    """`sess.graph` / `tf.get_default_graph()` handed to FileWriter: not written in eager."""
    if isinstance(value, cst.Attribute) and value.attr.value in ("graph", "graph_def") \
            and isinstance(value.value, cst.Name) and value.value.value in a.session_names:
        a.accounted.add(value.value)
    elif isinstance(value, cst.Call) and a.call_path(value) == "get_default_graph" and not value.args:
        pass
    elif not (isinstance(value, cst.Name) and value.value == "None"):
        a.problem(value, "tf.summary.FileWriter(graph=...) of something other than the session's graph")


# ---------------------------------------------------------------------------- where summaries go
def link(a: Analysis) -> None:
    """After the walk: each site fetching a summary finds its add_summary; the writers'
    other method calls are checked; add_summary and add_graph calls are removed."""
    state = _state(a)
    writers = {name: gs for name, gs in state["writers"].items()}
    for name, gs in writers.items():
        if len(gs) > 1:
            a.problem(gs[1].node, f"the summary writer `{name}` is created twice")
    if not writers and not any(e.kind == Kind.SUMMARY for s in a.sites for e in s.elements):
        return
    parents = a.wrapper.resolve(ParentNodeProvider)
    consumed = set()
    for site in a.sites:
        fetched = [i for i, e in enumerate(site.elements) if e.kind == Kind.SUMMARY]
        if not fetched:
            continue
        if len(fetched) > 1:
            a.problem(site.call, "several summaries fetched in one Session.run")
            continue
        element = site.elements[fetched[0]]
        _check_members(a, element.gstmt, site)
        written = _find_add_summary(a, parents, site, fetched[0], writers)
        if written is None:
            continue
        element.writer = written.writer.name
        state["writes"][id(site)] = written
        consumed.add(id(written.call))
        a.edits.removed_calls.add(written.call)
        if written.target is None:
            a.edits.unwrapped_calls.add(written.call)
    _check_writer_calls(a, parents, writers, consumed)


def _check_members(a: Analysis, g, site) -> None:
    for line, what in g.info.others if isinstance(g.info, SummaryInfo) else []:
        a.problem(line, f"{what if ' ' in what else 'tf.' + what}: only scalar, histogram and image summaries are "
                        "translated")
    if not g.info.members and g.info.function is None:
        a.problem(site.call, "a merged summary with no summaries in it")


def _find_add_summary(a: Analysis, parents, site, position, writers) -> Written | None:
    call = site.call
    parent = parents.get(call)
    if isinstance(parent, cst.Arg):  # writer.add_summary(sess.run(merged, ...), step)
        outer = parents.get(parent)
        written = _add_summary_call(a, outer, writers)
        if written is None or outer.args[0] is not parent:
            a.problem(call, "a summary fetched and used otherwise than by writer.add_summary(summary, step)")
            return None
        if not isinstance(parents.get(outer), cst.Expr):
            a.problem(outer, "the value of writer.add_summary(...) is used")
            return None
        if not _plain(written.step):
            a.problem(written.step, "an add_summary step computed by a call")
            return None
        return written
    target = _bound_name(parent, call, position)
    if target is None:
        a.problem(call, "a summary fetched and used otherwise than by writer.add_summary(summary, step)")
        return None
    statement = parents.get(parent)
    block = parents.get(statement)
    body = list(block.body) if isinstance(block, (cst.IndentedBlock, cst.Module)) else []
    if statement not in body:
        a.problem(call, "a summary fetched on a line with other statements")
        return None
    uses = [acc.node for acc in _accesses(a, target)]
    start = body.index(statement)
    for j in range(start + 1, len(body)):
        found, before = _statement_add_summary(a, body[j], writers), []
        if found is None and isinstance(body[j], cst.If) and body[j].orelse is None:
            found, before = _conditional_add_summary(a, body[j], writers, target)
        if found is not None and isinstance(found.call.args[0].value, cst.Name) \
                and found.call.args[0].value.value == target:
            if len(uses) != 1 or uses[0] is not found.call.args[0].value:
                a.problem(call, f"the summary `{target}` is used otherwise than by one writer.add_summary")
                return None
            if found.condition is not None and not _step_condition(found):
                a.problem(found.condition, "add_summary under a condition that reads more than its step (a Python "
                                           "value the run function would freeze at its first trace)")
                return None
            rebound = _bound_names(body[start:j] + before) & (_names(found.step) | {found.writer.name})
            if rebound or not _plain(found.step):
                a.problem(found.call, f"the step of add_summary may change between the run (line {site.line}) and "
                                      "the add_summary")
                return None
            found.target = target
            return found
    a.problem(call, f"the summary `{target}` is not written by a writer.add_summary(...) after the run in the "
                    "same block")
    return None


def _conditional_add_summary(a: Analysis, branch: cst.If, writers, target) -> tuple:
    """`if step % 10 == 0: ... writer.add_summary(summary, step)`: (the add_summary with the
    `if`'s test as its condition, the statements before it in the branch); (None, [])."""
    inner = list(branch.body.body)
    for k, stmt in enumerate(inner):
        found = _statement_add_summary(a, stmt, writers)
        if found is not None and isinstance(found.call.args[0].value, cst.Name) \
                and found.call.args[0].value.value == target:
            found.condition = branch.test
            return found, inner[:k]
    return None, []


def _step_condition(written: Written) -> bool:
    """A condition tf.summary.record_if can compute in the run function: plain arithmetic of
    add_summary's step (a name) and literals."""
    step = written.step
    return isinstance(step, cst.Name) and _plain(written.condition) \
        and _names(written.condition) <= {step.value, "True", "False", "None"}


def _bound_name(parent, call, position) -> str | None:
    """The name the run's summary is bound to: `summary = sess.run(merged)`, `summary, _ = ...`."""
    if not isinstance(parent, cst.Assign) or parent.value is not call or len(parent.targets) != 1:
        return None
    target = parent.targets[0].target
    if isinstance(target, cst.Name):
        return target.value if position == 0 else None
    if isinstance(target, (cst.Tuple, cst.List)) and position < len(target.elements):
        el = target.elements[position].value
        return el.value if isinstance(el, cst.Name) else None
    return None


def _accesses(a: Analysis, name):
    scope = a.global_scope
    return sorted((acc for acc in scope.accesses[name]), key=lambda acc: a.line(acc.node))


def _statement_add_summary(a: Analysis, stmt, writers) -> Written | None:
    if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Expr):
        return _add_summary_call(a, stmt.body[0].value, writers)
    return None


def _add_summary_call(a: Analysis, node, writers) -> Written | None:
    if not (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute)
            and node.func.attr.value == T.ADD_SUMMARY and isinstance(node.func.value, cst.Name)
            and node.func.value.value in writers):
        return None
    args = {}
    for i, arg in enumerate(node.args):
        if arg.star:
            return None
        key = arg.keyword.value if arg.keyword is not None else (T.ADD_SUMMARY_PARAMETERS[i] if i < 2 else None)
        if key is None:
            return None
        args[key] = arg.value
    if "global_step" not in args or "summary" not in args or node.args[0].keyword is not None:
        a.problem(node, "writer.add_summary without a step (TF 1 writes step 0; tf.summary needs one)")
        return None
    return Written(writers[node.func.value.value][0], args["global_step"], node, None)


def _plain(node) -> bool:
    """No calls, no attribute reads: the value cannot change when it is read earlier."""
    found = []

    class Impure(cst.CSTVisitor):
        def visit_Call(self, n):
            found.append(n)

        def visit_Attribute(self, n):
            found.append(n)

        def visit_Subscript(self, n):
            found.append(n)

    node.visit(Impure())
    return not found


def _names(node) -> set:
    return {n.value for n in all_names(node)}


def _bound_names(statements) -> set:
    out = set()

    class Targets(cst.CSTVisitor):
        def visit_AssignTarget(self, n):
            out.update(_names(n.target))

        def visit_AugAssign(self, n):
            out.update(_names(n.target))

        def visit_AnnAssign(self, n):
            out.update(_names(n.target))

        def visit_For(self, n):
            out.update(_names(n.target))

        def visit_NamedExpr(self, n):
            out.update(_names(n.target))

        def visit_AsName(self, n):
            out.update(_names(n.name))

    for s in statements:
        s.visit(Targets())
    return out


def _check_writer_calls(a: Analysis, parents, writers, consumed) -> None:
    """writer.flush()/close() stay, writer.add_graph(sess.graph) goes; anything else is refused."""
    names = set(writers)

    class Calls(cst.CSTVisitor):
        def visit_Call(self, call):
            func = call.func
            if not (isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.value.value in names):
                return True
            method = func.attr.value
            if method in T.WRITER_KEPT_METHODS or id(call) in consumed:
                return True
            if method in T.WRITER_REMOVED_METHODS and isinstance(parents.get(call), cst.Expr):
                for arg in call.args:
                    _account_graph(a, arg.value)
                writer = writers[func.value.value][0]
                if writer.info is not None:
                    writer.info.graph = True
                a.edits.removed_calls.add(call)
                a.notes.append((a.line(call), "eager-summary", f"{func.value.value}.{method}(...) removed: eager "
                                                               "code has no graph to write"))
            elif a.ask("traced_run", a, call, method):
                pass
            elif method == T.ADD_SUMMARY:
                a.problem(call, "writer.add_summary of a summary the translation does not see run")
            else:
                a.problem(call, f"the summary writer's {method}() is not translated")
            return True

    if a.block is None:
        a.module.visit(Calls())
    else:
        for stmt in a.block.body.body:
            stmt.visit(Calls())


# ---------------------------------------------------------------------------- the run function
def consumed_names(t: Translator, site) -> set:
    written = _state(t.a)["writes"].get(id(site))
    return {written.target} if written is not None and written.target else set()


def plan(t: Translator, fn) -> None:
    """The step argument of a run function that writes summaries."""
    a = t.a
    writes = [_state(a)["writes"].get(id(s)) for s in fn.sites]
    if not any(e.kind == Kind.SUMMARY for e in fn.elements):
        return
    if any(w is None for w in writes):
        return  # link() reported why
    step = writes[0].step
    base = step.value if isinstance(step, cst.Name) else "step"
    taken = {g.name for g in fn.params} | {n for g in fn.body for n in g.targets}
    fn.step_param = fresh(base, taken | t.forbidden - {base})
    a.notes.append((fn.sites[0].line, "eager-summary",
                    "the summaries are written by tf.summary inside the run function, with add_summary's step as "
                    f"its argument `{fn.step_param}` (tf.summary needs the tensorboard package)"))
    _warn_unordered_reads(t, fn)
    conditions = {None if w.condition is None else cst.Module([]).code_for_node(w.condition) for w in writes}
    if len(conditions) > 1:
        a.problem(fn.sites[0].call, "the runs of one function write their summaries under different conditions")
    for site, w in zip(fn.sites, writes):
        if w.writer.idx >= fn.insert_before:
            a.problem(site.call, f"the summary writer `{w.writer.name}` is created after the first run")
        a.notes.append((a.line(w.call), "eager-summary", "writer.add_summary(...) removed: the run function "
                                                          "writes the summaries"))


def function_name(fn) -> str | None:
    """`write_train_summaries` for a run that only writes summaries to `train_writer`;
    `compute_loss_and_write_summaries` for one that also returns `loss`."""
    writers = {e.writer for e in fn.elements if e.kind == Kind.SUMMARY}
    if len(writers) != 1 or None in writers:
        return None
    others = [e.name for e in fn.elements if e.kind != Kind.SUMMARY]
    if others:
        if fn.updates or len(others) > 2 or not all(others):
            return None
        return "compute_" + "_and_".join(others) + "_and_write_summaries"
    prefix = writers.pop().lower().replace("writer", "").strip("_")
    return f"write_{prefix}_summaries" if prefix.isidentifier() else "write_summaries"


def _warn_unordered_reads(t: Translator, fn) -> None:
    """A summary of a variable the same run updates: the graph does not order the read and
    the update (TensorBoard may show either value, even a mix); the eager form writes the
    value before the update, the one this run's forward pass used. Said, not hidden."""
    written = {id(v) for u in fn.updates for v in t.writes(u)}
    for e in fn.elements:
        if e.kind != Kind.SUMMARY:
            continue
        for m in e.gstmt.info.members if e.gstmt.info.function is None else [e.gstmt]:
            for v in m.direct_vars:
                if id(v) in written:
                    t.warnings.append((m.line, 0, "eager-summary",
                                       f"the summary {m.info.tag} reads `{v.name}`, which the same run updates, and "
                                       "the graph does not order the two (TensorBoard may show either value); the "
                                       "eager form writes the value before the update"))


def specs(t: Translator, fn) -> list[str]:
    return [f"{t.a.r.primary}.TensorSpec([], {t.a.r.primary}.{T.STEP_DTYPE})"] if fn.step_param else []


def call_arguments(t: Translator, site) -> list[str]:
    written = _state(t.a)["writes"].get(id(site))
    if written is None or not site.function.step_param:
        return []
    return [cst.Module([]).code_for_node(written.step)]


def lines(t: Translator, body, fn) -> None:
    """`with writer.as_default():` and one tf.summary call per summary the run fetches."""
    tf = t.a.r.primary
    for e in fn.elements:
        if e.kind != Kind.SUMMARY or not fn.step_param:
            continue
        g = e.gstmt
        members = g.info.members if g.info.function is None else [g]
        written = _state(t.a)["writes"].get(id(fn.sites[0]))
        if written is not None and written.condition is not None:  # add_summary under `if step % 10 == 0:`
            condition = _renamed(written.condition, written.step.value, fn.step_param)
            body.add(f"with {e.writer}.as_default(), {tf}.summary.record_if({condition}):")
        else:
            body.add(f"with {e.writer}.as_default():")
        for m in members:
            for ln in m.node.leading_lines:
                if ln.comment is not None:
                    body.add(ln.comment.value, 2)
            kept = "".join(f", {name}={t.expr_code(value)}" for name, value in m.info.kept)
            body.add(f"{tf}.summary.{m.info.function}({m.info.tag}, {t.expr_code(m.info.value)}, "
                     f"step={fn.step_param}{kept})", 2)
            warning = (m.line, 0, "eager-summary", f"tf.summary.{m.info.function}: {m.info.differs}")
            if m.info.differs is not None and warning not in t.warnings:
                t.warnings.append(warning)


def _renamed(node, old: str, new: str) -> str:
    """The code of `node` with the name `old` written `new` (the step, the run function's argument)."""

    class Rename(cst.CSTTransformer):
        def leave_Name(self, original, updated):
            return updated.with_changes(value=new) if updated.value == old else updated

    return cst.Module([]).code_for_node(node.visit(Rename()))


def writer_statement(t: Translator, g, node) -> str:
    """`writer = tf.summary.create_file_writer(logdir, ...)`."""
    tf = t.a.r.primary
    args = []
    for name, (form, value) in (g.info.arguments.items() if g.info is not None else []):
        code = form.format(t.expr_code(value))
        args.append(code if name == "logdir" else f"{name}={code}")
    t.changes.append((g.line, "eager-summary", f"tf.summary.FileWriter became {tf}.summary.create_file_writer"))
    return f"{g.name} = {tf}.{T.CREATE_FILE_WRITER}({', '.join(args)})\n"


def write_graphs(t: Translator, functions_before: dict) -> None:
    """A writer given the graph (FileWriter(logdir, sess.graph), add_graph) gets the graph of
    the traced training step, written after its def, where the writer exists and the step
    can be traced without arguments (an input signature, or none to take):

        with writer.as_default():
            tf.summary.graph(train_step.get_concrete_function().graph)

    Else the event file holds no graph, and the report says so (a warning)."""
    tf = t.a.r.primary
    for name, gs in _state(t.a)["writers"].items():
        g = gs[0]
        if g.info is None or not g.info.graph:
            continue
        place = graph_place(t, g.idx, functions_before)
        if place is None:
            t.warnings.append((g.line, 0, "eager-summary", f"the graph handed to {name} is not written: no traced "
                                                           "training step to take it from (TensorBoard shows no "
                                                           "graph for these logs)"))
            continue
        idx, i, fn = place
        functions_before[idx].insert(i + 1, f"with {name}.as_default():\n"
                                            f"    {tf}.{T.WRITE_GRAPH}({fn.name}.get_concrete_function().graph)\n")
        t.changes.append((g.line, "eager-summary", f"the graph handed to {name}: {fn.name}'s traced graph, written "
                                                   f"with {tf}.{T.WRITE_GRAPH} after its def"))


def graph_place(t: Translator, after: int, functions_before: dict):
    """(Item index, position in functions_before, fn) of the training step whose graph a
    writer (made at Item `after`) or a graph file takes, or None."""
    for idx in sorted(functions_before):
        for i, code in enumerate(functions_before[idx]):
            for fn in t.functions.values():
                if fn.tapes and not fn.eager and idx > after and re.search(rf"^def {fn.name}\(", code, re.M) \
                        and (not fn.params or "input_signature=" in code):
                    return idx, i, fn
    return None


class Summaries(Pattern):
    name = "summaries"
    summary = "summaries + FileWriter -> tf.summary with the step"

    class State(dict):
        """others: summary ops of other kinds; tags; scopes_counted: the name scopes counted in tags;
        writes: id(site) -> its add_summary; writers."""

        def __init__(self):
            super().__init__(others=[], tags={}, scopes_counted={}, writes={}, writers={})

    def claim_expression(self, a: Analysis, small, item, path, env) -> bool:
        return (path or "").startswith("summary.") and analyse_statement(a, small, item, path, env)

    def claim_graph_assignment(self, a: Analysis, small, names, value, path, item, env) -> bool:
        return handles(path) and analyse_assignment(a, small, names, value, path, item, env)

    def observe_graph_value(self, a: Analysis, path, value) -> None:
        note_other(a, path, value)

    def link(self, a: Analysis) -> None:
        link(a)

    def function_name(self, t: Translator, fn):
        return function_name(fn)

    def plan(self, t: Translator) -> None:
        for fn in t.functions.values():
            plan(t, fn)

    def function_lines(self, t: Translator, body, fn) -> None:
        lines(t, body, fn)

    def input_specs(self, t: Translator, fn):
        return specs(t, fn)

    def functions_placed(self, t: Translator, functions_before: dict) -> None:
        write_graphs(t, functions_before)

    def graph_step_place(self, t: Translator, after: int, functions_before: dict):
        return graph_place(t, after, functions_before)

    def kept_statement(self, t: Translator, g, node):
        if g.kind != Kind.WRITER:
            return NOT_MINE
        return statement_with_comments(writer_statement(t, g, node), node.leading_lines)

    def consumed_names(self, t: Translator, site):
        return consumed_names(t, site)

    def step_arguments(self, t: Translator, site):
        return call_arguments(t, site)


PATTERN = Summaries()
