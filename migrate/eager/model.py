"""The picture of a Session script the eager translator works on.

The analysis (analysis.py) flattens the script's top level into `Item`s, records each
graph-building statement as a `GStmt` of some `Kind`, and each `sess.run(...)`,
`t.eval(...)` and `op.run(...)` as a `Site`. The translator groups the sites that run the
same fetches into one `RunFunction` (a @tf.function of the output).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import libcst as cst


class Kind(StrEnum):
    """What a graph statement builds (and what a fetched element is)."""

    PLACEHOLDER = "placeholder"
    VARIABLE = "variable"
    TENSOR = "tensor"
    ASSIGN = "assign"
    OPTIMIZER = "optimizer"
    TRAIN = "train"  # optimizer.minimize(...)
    GRADIENTS = "gradients"  # tf.gradients(...)
    GROUP = "group"
    INIT = "init"  # a variables initializer
    SESSION = "session"
    INLINE = "inline"  # an expression written inside sess.run(...) (elements only)
    CONSTANT = "constant"  # a tensor of constants only, computed once where it was built (patterns/constants.py)
    SUMMARY = "summary"  # tf.summary.scalar/histogram or a merge of them (patterns/summaries.py)
    WRITER = "writer"  # tf.summary.FileWriter, created at module level (patterns/summaries.py)
    SAVER = "saver"  # tf.train.Saver, created at module level (patterns/checkpoints.py)


# graph statements whose value only exists inside a run function
COMPUTED = frozenset({Kind.TENSOR, Kind.ASSIGN, Kind.GRADIENTS, Kind.TRAIN, Kind.GROUP})
# graph statements that stay where they are in the output
KEPT = frozenset({Kind.VARIABLE, Kind.OPTIMIZER, Kind.WRITER, Kind.SAVER})
# graph statements that are (or are computed) at module level, in source order
MODULE_LEVEL = KEPT | {Kind.CONSTANT}
# fetched elements whose value is None (they are run for their effect)
EFFECT_ONLY = frozenset({Kind.TRAIN, Kind.GROUP, Kind.SUMMARY})


class SiteKind(StrEnum):
    RUN = "run"  # sess.run(fetches, feed_dict)
    EVAL = "eval"  # tensor.eval(feed_dict)
    OPRUN = "oprun"  # op.run(feed_dict)
    CLOSE = "close"  # sess.close()


class Structure(StrEnum):
    """How Session.run's fetches were written, and so what it returned."""

    SINGLE = "single"
    LIST = "list"
    TUPLE = "tuple"
    DICT = "dict"  # patterns/fetch_structure.py


Problem = tuple  # (line, column, reason): why the file cannot be translated
Note = tuple  # (line, rule, message): a change made


@dataclass(eq=False)
class Item:
    """One top-level statement of the (flattened) program block."""

    idx: int
    node: cst.BaseStatement
    segment: int  # graph segment (reset_default_graph / Graph().as_default() start a new one)
    start: int
    end: int
    leading: list = field(default_factory=list)  # comment lines inherited from a removed `with`
    drop: bool = False  # removed from the output (graph statement, session plumbing)
    gstmts: list = field(default_factory=list)


@dataclass(eq=False)
class GStmt:
    """A statement that builds part of the graph: `targets = value`."""

    idx: int  # the Item index
    item: Item
    node: cst.SimpleStatementLine
    kind: Kind
    targets: list
    value: cst.BaseExpression | None
    deps: list = field(default_factory=list)  # GStmts read, in first-use order
    direct_vars: list = field(default_factory=list)  # variable GStmts named directly in the value
    info: object = None  # the pattern's own record (PlaceholderInfo, TrainInfo, ...), None if unreadable
    random: bool = False  # the value calls a random op
    line: int = 0

    @property
    def name(self):
        return self.targets[0] if self.targets else None

    def order(self) -> tuple[int, int]:
        """Source order among graph statements."""
        return self.idx, self.item.gstmts.index(self)


def closure(starts) -> list[GStmt]:
    """The graph statements `starts` depend on, themselves included."""
    seen, stack = [], list(starts)
    while stack:
        g = stack.pop()
        if g in seen:
            continue
        seen.append(g)
        stack.extend(g.deps)
    return seen


@dataclass(eq=False)
class Element:
    """One fetched thing of a Site."""

    kind: Kind
    gstmt: GStmt | None = None
    name: str | None = None  # the fetched name (tensor target) for named elements
    expr: cst.BaseExpression | None = None  # inline expression
    deps: list = field(default_factory=list)
    writer: str | None = None  # a fetched summary: the writer its add_summary writes to
    effect: bool = False  # an Operation (`tf.group(...)` inline, `update.op`): run, Session.run gave None
    assigns: "GStmt | None" = None  # an inline `W.assign(...)` / `tf.assign(W, ...)`: the variable it writes

    @property
    def effect_only(self) -> bool:
        """Is the element run for its effect only (Session.run gave None for it)?"""
        return self.effect or self.kind in EFFECT_ONLY

    def key(self):
        if self.kind == Kind.INLINE:
            return (Kind.INLINE, cst.Module([]).code_for_node(self.expr), tuple(id(d) for d in self.deps), self.effect)
        return (self.kind, id(self.gstmt), self.name, self.writer, self.effect)


@dataclass(eq=False)
class FeedSource:
    """What a site's non-literal feed_dict expression resolves to."""

    expr: cst.BaseExpression
    key_sets: list  # one set of placeholder GStmts per literal the expression may give


@dataclass(eq=False)
class Site:
    """A sess.run / .eval() / .run() / sess.close() call."""

    call: cst.Call  # the original call node
    item: Item
    kind: SiteKind
    elements: list = field(default_factory=list)
    structure: Structure = Structure.SINGLE
    keys: tuple = ()  # the keys' code of a dict of fetches (Structure.DICT)
    feeds: list = field(default_factory=list)  # [(placeholder GStmt, value node)] in written order
    feed_source: FeedSource | None = None  # a feed_dict built away from the call (patterns/feed_sources.py)
    statement: bool = False  # the call is a whole expression statement
    line: int = 0
    column: int = 0
    function: "RunFunction | None" = None
    init: bool = False  # runs a variables initializer (removed)
    pick: int | None = None  # its one fetch's position in what the wider function it calls returns (merged_runs.py)


@dataclass(eq=False)
class RunFunction:
    """The @tf.function that replaces every Site running the same fetches in one segment."""

    key: tuple
    segment: int
    elements: list
    keys: tuple = ()  # a dict fetch's keys: the function returns a dict
    sites: list = field(default_factory=list)
    name: str | None = None
    variables_only: bool = False  # fetches only variables: `v.numpy()`, no function
    params: list = field(default_factory=list)  # placeholder GStmts = the function's arguments
    body: list = field(default_factory=list)  # computed GStmts, in source order
    tapes: list = field(default_factory=list)  # the train / gradients GStmt (at most one)
    updates: list = field(default_factory=list)  # train and assign GStmts
    insert_before: int = 0  # the function is defined before this Item
    last_call: int = 0  # the Item of its last call
    returns: list = field(default_factory=list)  # element positions the function returns
    step_param: str | None = None  # the summary step argument (patterns/summaries.py)
    eager: bool = False  # a plain Python function, run eagerly (patterns/shared_random.py)
    shared_random: list = field(default_factory=list)  # the random ops it shares with other functions, as its comment names them


@dataclass(eq=False)
class Edits:
    """What the output writes differently from the input, collected by the patterns while
    they read the block and applied by emit.py."""

    removed_calls: set = field(default_factory=set)  # call nodes whose expression statement disappears
    unwrapped_calls: set = field(default_factory=set)  # calls replaced by their first argument
    names: dict = field(default_factory=dict)  # Name node -> the node written instead
    expressions: dict = field(default_factory=dict)  # id(node) -> the code written instead
    dropped_imports: set = field(default_factory=set)  # Item indexes of imports that go
    replaced_imports: dict = field(default_factory=dict)  # Item index -> the import written instead
    removed_nodes: set = field(default_factory=set)  # Param and Arg nodes that go (a session parameter)
    unwrapped_withs: set = field(default_factory=set)  # `with tf.Session() as sess:` in a block: its body stays
