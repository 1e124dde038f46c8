"""Pattern: graph segments and the blocks that only set up graph mode.

    with tf.Graph().as_default():       (body kept, one new segment; also `as graph`)
    graph = tf.Graph()                  (removed, when `graph` is only used as below)
    with graph.as_default():            (body kept, one new segment)
    graph.finalize()                    (removed: eager code builds no graph to freeze)
        with tf.name_scope("model"):    (body kept; also `as scope` when `scope` is never read;
                                         tf.device(...) likewise)
            ...
    with tf.Session() as sess:          (body kept; `sess` is a session name; also with graph=graph)
        ...
    with sess.as_default():             (body kept: `t.eval()` needs no default session in eager code)
    tf.reset_default_graph()            (removed; a new segment starts after it)
    tf.config.set_soft_device_placement(True)   (removed: eager TF 2's default, tables/hand.py)
    tf.compat.v1.disable_v2_behavior()  (removed)

The program block is flattened into Items; each segment is one graph, so a name built
in one segment is unknown in the next and each segment gets its own run functions.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager import names as N
from migrate.eager.model import Item, Kind
from migrate.eager.pattern import Pattern
from migrate.tables.hand import RUNTIME_DEFAULTS

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis

SESSION, GRAPH, SCOPE, DEVICE = "session", "graph", "scope", "device"  # the `with` blocks that are dissolved
DEFAULT_SESSION = "default_session"
WITH_NOTES = {
    SESSION: "`with Session() as ...:` removed: eager TensorFlow runs ops at once, no session needed",
    GRAPH: "`with tf.Graph().as_default():` removed: a new graph segment, variables created eagerly",
    SCOPE: "name scope removed: names do not change the numbers",
    DEVICE: "tf.device block removed: eager TensorFlow places ops itself, the numbers do not change",
    DEFAULT_SESSION: "`with sess.as_default():` removed: eager TensorFlow evaluates at once, no default session",
}


def flatten(a: Analysis) -> None:
    """Fill a.items from the block's statements, dissolving the blocks above."""
    _Flattener(a).walk(a.block.body.body if a.block is not None else a.module.body, [])


class _Flattener:
    def __init__(self, a: Analysis):
        self.a = a
        self.segment = 0
        self.graph_segments: dict = {}  # graph object name -> its segment
        # pattern name -> the context of the statements (patterns/scopes.py: the variable scope they are
        # in, patterns/control.py: their control inputs), from the blocks the patterns dissolve (enter_block)
        self.contexts: dict = {}

    def new_segment(self):
        self.segment = self.a.segment_count
        self.a.segment_count += 1

    def walk(self, body, leading):
        a = self.a
        pending = list(leading)
        for stmt in body:
            entered = a.ask("enter_block", a, stmt, self.contexts) if isinstance(stmt, cst.With) else None
            if entered is not None:  # a block another pattern dissolves: its context for the statements inside
                comments = [ln for ln in stmt.leading_lines if ln.comment is not None]
                outer, self.contexts = self.contexts, {**self.contexts, entered[0]: entered[1]}
                self.walk(stmt.body.body, pending + comments)
                self.contexts, pending = outer, []
                continue
            kind = with_kind(a, stmt) if isinstance(stmt, cst.With) else None
            if kind is not None:
                comments = [ln for ln in stmt.leading_lines if ln.comment is not None]
                if kind == GRAPH:
                    receiver, bound = stmt.items[0].item.func.value, stmt.items[0].asname
                    graph = receiver.value if isinstance(receiver, cst.Name) else None
                    if bound is not None:  # `with tf.Graph().as_default() as graph:`
                        graph = bound.name.value
                        a.state(PATTERN).graph_names.add(graph)
                    if graph in self.graph_segments:  # the same graph object entered again
                        self.segment = self.graph_segments[graph]
                    else:
                        self.new_segment()
                        if graph is not None:
                            self.graph_segments[graph] = self.segment
                elif kind == SESSION:
                    name = stmt.items[0].asname.name
                    a.session_names.add(name.value)
                    a.is_session_script = True
                    a.accounted.add(name)
                a.notes.append((a.line(stmt), "eager-session", WITH_NOTES[kind]))
                self.walk(stmt.body.body, pending + comments)
                pending = []
                continue
            changed = a.ask("block_statement", a, stmt, self.contexts)
            if changed is not None:  # scope.reuse_variables(): the rest of the block reuses
                self.contexts = {**self.contexts, changed[0]: changed[1]}
                pending += [ln for ln in stmt.leading_lines if ln.comment is not None]
                continue
            if graph_object(a, stmt) is not None:
                a.state(PATTERN).graph_names.add(graph_object(a, stmt))
            pos = a.pos[stmt]
            item = Item(len(a.items), stmt, self.segment, pos.start.line, pos.end.line, leading=pending)
            pending = []  # comments of a `with` whose body was empty are dropped
            a.items.append(item)
            a.tell("flattened_item", a, item, self.contexts)
            if is_reset(a, stmt):
                self.new_segment()


def with_kind(a: Analysis, stmt: cst.With) -> str | None:
    """SESSION, GRAPH or SCOPE for a `with` that only sets up graph mode, else None."""
    if len(stmt.items) != 1:
        for it in stmt.items:
            if a.call_path(it.item) in N.SESSION:
                a.problem(stmt, "a `with` that opens a Session together with something else")
        return None
    item = stmt.items[0]
    path = a.call_path(item.item)
    if path in N.SESSION:
        if item.asname is None or not isinstance(item.asname.name, cst.Name):
            a.problem(stmt, "`with tf.Session():` without `as name`")
            return None
        for arg in item.item.args:
            if arg.keyword is not None and arg.keyword.value == "graph":
                if isinstance(arg.value, cst.Name) and arg.value.value in a.state(PATTERN).graph_names:
                    a.state(PATTERN).graph_uses.add(arg.value)
                else:
                    a.problem(stmt, "a Session on an explicit graph object")
        return SESSION
    call = item.item
    if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) and call.func.attr.value == "as_default":
        receiver = call.func.value
        if item.asname is None and not call.args and _is_session_name(a, receiver):
            a.accounted.add(receiver)
            return DEFAULT_SESSION
        if a.call_path(receiver) == "Graph" and not receiver.args \
                and (item.asname is None or isinstance(item.asname.name, cst.Name)):
            return GRAPH
        if item.asname is None and isinstance(receiver, cst.Name) and receiver.value in a.state(PATTERN).graph_names:
            a.state(PATTERN).graph_uses.add(receiver)
            return GRAPH
        return None
    if path == "device" and item.asname is None:
        return DEVICE
    if path == "name_scope" and (item.asname is None or _unused_name(a, stmt, item.asname.name)):
        return SCOPE
    return None


def _is_session_name(a: Analysis, node) -> bool:
    """Is `node` the name of a Session the block opens (`with tf.Session() as sess:`, `sess = tf.Session()`)?"""
    if not isinstance(node, cst.Name):
        return False
    if node.value in a.session_names:
        return True
    found = []

    class Sessions(cst.CSTVisitor):
        def visit_Assign(self, asg):
            if len(asg.targets) == 1 and isinstance(asg.targets[0].target, cst.Name) \
                    and asg.targets[0].target.value == node.value and a.call_path(asg.value) in N.SESSION:
                found.append(asg)

    (a.block if a.block is not None else a.module).visit(Sessions())
    return bool(found)


def _unused_name(a: Analysis, stmt, name) -> bool:
    """`with tf.name_scope("layer") as scope:` whose `scope` is never read."""
    if not isinstance(name, cst.Name):
        return False
    scope = a.scopes.get(stmt)
    if scope is None:
        return False
    return not any(assignment.references for assignment in scope.assignments[name.value])


def graph_object(a: Analysis, stmt) -> str | None:
    """`graph` for the statement `graph = tf.Graph()`."""
    if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Assign):
        asg = stmt.body[0]
        if len(asg.targets) == 1 and isinstance(asg.targets[0].target, cst.Name) \
                and isinstance(asg.value, cst.Call) and not asg.value.args and a.call_path(asg.value) == "Graph":
            return asg.targets[0].target.value
    return None


def graph_assignment(a: Analysis, small, item) -> bool:
    """Drop `graph = tf.Graph()` when the graph object is only entered (`with graph.as_default():`)
    and given to Sessions (`graph=graph`); True when `small` is that statement."""
    name = graph_object(a, item.node)
    if name is None:
        return False
    a.accounted.add(small.targets[0].target)
    item.drop = True
    a.notes.append((a.line(small), "eager-graph", f"`{name} = tf.Graph()` removed: eager TensorFlow has no graph "
                                                  "objects; its `as_default()` block is a new graph segment"))
    return True


def finalized_graph(a: Analysis, small: cst.Expr, item: Item) -> bool:
    """Drop `graph.finalize()` (a graph object of the script's, `sess.graph`, `tf.get_default_graph()`):
    it makes a graph read-only, and eager code adds no ops to one; True when `small` was that call."""
    call = small.value
    if not (isinstance(call, cst.Call) and not call.args and isinstance(call.func, cst.Attribute)
            and call.func.attr.value == "finalize"):
        return False
    receiver = call.func.value
    if isinstance(receiver, cst.Name) and receiver.value in a.state(PATTERN).graph_names:
        a.state(PATTERN).graph_uses.add(receiver)
    elif isinstance(receiver, cst.Attribute) and receiver.attr.value == "graph" \
            and isinstance(receiver.value, cst.Name) and receiver.value.value in a.session_names:
        a.accounted.add(receiver.value)
    elif a.call_path(receiver) != "get_default_graph":
        return False
    item.drop = True
    a.notes.append((a.line(small), "eager-graph", "graph.finalize() removed: eager TensorFlow builds no graph "
                                                  "that ops could be added to"))
    return True


def check_graph_uses(a: Analysis) -> None:
    """A graph object used for anything else (get_tensor_by_name, as_graph_def, ...) is refused."""
    state = a.state(PATTERN)
    for g in a.gstmts:  # `sess = tf.Session(graph=graph)`: the Session went (patterns/session_run.py)
        if g.kind == Kind.SESSION and isinstance(g.value, cst.Call):
            state.graph_uses.update(arg.value for arg in g.value.args if arg.keyword is not None
                                    and arg.keyword.value == "graph" and isinstance(arg.value, cst.Name)
                                    and arg.value.value in state.graph_names)
    for name in a.state(PATTERN).graph_names:
        for assignment in a.global_scope.assignments[name]:
            for access in assignment.references:
                if access.node not in a.state(PATTERN).graph_uses:
                    a.problem(access.node, f"the graph object `{name}` is used for something other than "
                                           f"as_default() and Session(graph=...){_use_of(a, access.node)}: "
                                           "eager TF 2 builds no graph whose operations, tensors or definition "
                                           "the script could read")


def _use_of(a: Analysis, node) -> str:
    """` (`g.get_operations`)` for the attribute read of `node`, else ""."""
    found = []

    class Reads(cst.CSTVisitor):
        def visit_Attribute(self, attribute):
            if attribute.value is node:
                found.append(attribute.attr.value)
            return not found

    a.module.visit(Reads())
    return f" (`{node.value}.{found[0]}`)" if found else ""


def is_reset(a: Analysis, stmt) -> bool:
    if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Expr):
        return a.call_path(stmt.body[0].value) in N.RESET
    return False


def removed_statement(a: Analysis, small: cst.Expr, item: Item, path: str | None) -> bool:
    """Drop `tf.reset_default_graph()` and graph-mode switches; True when `small` was one."""
    if path in N.NOISE:
        a.notes.append((a.line(small), "eager-graph-mode", f"tf.{path}() removed: the translation runs eagerly"))
    elif path in N.RESET:
        a.notes.append((a.line(small), "eager-reset", "reset_default_graph() removed: in eager TensorFlow there "
                                                      "is no graph to reset"))
    elif path in RUNTIME_DEFAULTS and _sets_default(small.value, RUNTIME_DEFAULTS[path]):
        a.notes.append((a.line(small), "eager-runtime-default", f"tf.{path}({RUNTIME_DEFAULTS[path]}) removed: "
                                                                 "it is eager TensorFlow's default"))
    else:
        return False
    item.drop = True
    return True


def _sets_default(call: cst.Call, default: str) -> bool:
    """`tf.config.set_soft_device_placement(True)`: one argument, written as the default."""
    return len(call.args) == 1 and call.args[0].star == "" and call.args[0].keyword is None \
        and cst.Module([]).code_for_node(call.args[0].value) == default


class Segments(Pattern):
    name = "segments"
    summary = "reset_default_graph segments, Graph/name_scope/Session blocks"

    @dataclass
    class State:
        graph_names: set = field(default_factory=set)  # names bound to tf.Graph()
        graph_uses: set = field(default_factory=set)  # their Name nodes in `with g.as_default()` and Session(graph=g)

    def flatten(self, a: Analysis) -> bool:
        flatten(a)
        return True

    def claim_expression(self, a: Analysis, small, item, path, env) -> bool:
        return removed_statement(a, small, item, path) or finalized_graph(a, small, item)

    def claim_assignment(self, a: Analysis, small, target, item, path, env) -> bool:
        return graph_assignment(a, small, item)

    def link(self, a: Analysis) -> None:
        check_graph_uses(a)


PATTERN = Segments()
