"""Read a Session script into a dataflow picture the eager emitter can translate.

The module's top-level statements are flattened (the bodies of `with tf.Session() as
sess:`, `with tf.Graph().as_default():` and `with tf.name_scope(...)` become top-level
statements) into `Item`s, split into graph *segments* by `reset_default_graph`. Each
graph-building statement becomes a `GStmt` (placeholder, variable, tensor, assign,
optimizer, train op, tf.gradients, group, initializer, session) with the statements it
reads (`deps`). Every `sess.run(...)`, `t.eval(...)` and `op.run(...)` is a `Site` with
its fetched elements and fed placeholders.

Anything the analysis does not understand is a `Problem` (line, column, reason); the
translator then falls back to migrate's compat output and reports each problem.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst
from libcst.metadata import GlobalScope, MetadataWrapper, PositionProvider, ScopeProvider

from migrate.eager import names as N
from migrate.tables.optimizers import EQUIVALENCE
from migrate.tables.signatures import TF1_OPTIMIZER_PARAMETERS


class Problem(Exception):
    def __init__(self, node_or_line, reason, column=0):
        super().__init__(reason)
        self.where = node_or_line
        self.reason = reason
        self.column = column


# tf.compat.v1 symbols that mean "this graph uses machinery the translation does not model".
REFUSED = {
    "control_dependencies": "tf.control_dependencies orders ops inside the graph; an eager translation would have "
                            "to reproduce that order by hand",
    "get_variable": "tf.get_variable creates or reuses variables by name in a variable scope",
    "variable_scope": "variable scopes share variables by name",
    "placeholder_with_default": "tf.placeholder_with_default has no argument-with-default translation yet",
    "sparse_placeholder": "sparse placeholders are not translated",
    "cond": "tf.cond in a graph runs one branch per Session.run; its eager form depends on which tensors are fed",
    "while_loop": "tf.while_loop is not translated",
    "train.Saver": "tf.train.Saver checkpoints graph variables by name",
    "train.start_queue_runners": "queue runners feed the graph from background threads",
    "train.Coordinator": "queue runners feed the graph from background threads",
    "train.string_input_producer": "input queues are not translated",
    "train.batch": "input queues are not translated",
    "train.shuffle_batch": "input queues are not translated",
    "FIFOQueue": "queues are not translated",
    "queue": "queues are not translated",
    "RandomShuffleQueue": "queues are not translated",
    "PaddingFIFOQueue": "queues are not translated",
    "get_collection": "graph collections are read by name",
    "add_to_collection": "graph collections are read by name",
    "get_default_graph": "the script works on the graph object itself",
    "Graph": "the script works on graph objects",
    "summary.merge_all": "summaries are written from the graph",
    "summary.FileWriter": "summaries are written from the graph",
    "summary.scalar": "summaries are written from the graph",
    "summary.histogram": "summaries are written from the graph",
    "trainable_variables": "graph collections are read by name",
    "global_variables": "graph collections are read by name",
    "py_func": "tf.py_func calls Python inside the graph",
    "layers.dense": "tf.layers creates variables implicitly",
    "layers.conv2d": "tf.layers creates variables implicitly",
    "layers.dropout": "tf.layers creates variables implicitly",
    "contrib": "tf.contrib is gone",
    "train.exponential_decay": "a decayed learning rate tensor is not translated",
    "data.Dataset": "tf.data in a Session script uses iterators the translation does not model",
    "metrics": "tf.metrics keep their state in local variables updated by the graph",
    "nn.rnn_cell": "RNN cells create variables implicitly",
    "nn.dynamic_rnn": "RNN cells create variables implicitly",
    "nn.static_rnn": "RNN cells create variables implicitly",
    "estimator": "tf.estimator runs its own sessions",
    "hessians": "tf.hessians is not translated",
}


GRAPH_KINDS = {"placeholder", "tensor", "assign", "train", "gradients", "group", "init", "session"}


@dataclass(eq=False)
class Item:
    idx: int
    node: cst.BaseStatement
    segment: int
    start: int
    end: int
    leading: list = field(default_factory=list)  # comment lines inherited from a removed `with`
    drop: bool = False  # removed from the output (graph statement, session plumbing)
    gstmts: list = field(default_factory=list)


@dataclass(eq=False)
class GStmt:
    idx: int  # the Item index
    item: Item
    node: cst.SimpleStatementLine
    kind: str  # placeholder variable tensor assign optimizer train gradients group init session
    targets: list
    value: cst.BaseExpression | None
    deps: list = field(default_factory=list)  # GStmts read, in first-use order
    direct_vars: list = field(default_factory=list)  # variable GStmts named directly in the value
    info: dict = field(default_factory=dict)
    random: bool = False
    line: int = 0

    @property
    def name(self):
        return self.targets[0] if self.targets else None


@dataclass(eq=False)
class Element:
    kind: str  # variable tensor assign train group init inline
    gstmt: GStmt | None = None
    name: str | None = None  # the fetched name (tensor target) for named elements
    expr: cst.BaseExpression | None = None  # inline expression
    deps: list = field(default_factory=list)

    def key(self):
        if self.kind == "inline":
            return ("inline", cst.Module([]).code_for_node(self.expr), tuple(id(d) for d in self.deps))
        return (self.kind, id(self.gstmt), self.name)


@dataclass(eq=False)
class Site:
    call: cst.Call  # the original call node
    item: Item
    kind: str  # run eval oprun close
    elements: list = field(default_factory=list)
    structure: str = "single"  # single list tuple
    feeds: list = field(default_factory=list)  # [(placeholder GStmt, value node)] in written order
    statement: bool = False  # the call is a whole expression statement
    line: int = 0
    column: int = 0
    pattern: object = None
    init: bool = False


class Analysis:
    """The analysis of one program block: the module's top level, or (block=FunctionDef)
    the body of a module-level function such as `def main():`."""

    def __init__(self, module: cst.Module, parent: "Analysis | None" = None, block: cst.FunctionDef | None = None,
                 skip_defs=()):
        if parent is None:
            self.wrapper = MetadataWrapper(module)
            self.module = self.wrapper.module
            self.pos = self.wrapper.resolve(PositionProvider)
            self.scopes = self.wrapper.resolve(ScopeProvider)
            self.r = N.Resolver.from_module(self.module)
        else:
            self.wrapper, self.module, self.pos, self.scopes, self.r = (
                parent.wrapper, parent.module, parent.pos, parent.scopes, parent.r)
        self.block = block
        self.skip_defs = set(skip_defs)  # module-level defs translated on their own
        self.items: list[Item] = []
        self.gstmts: list[GStmt] = []
        self.sites: list[Site] = []
        self.problems: list[tuple[int, int, str]] = []
        self.notes: list[tuple[int, str, str]] = []  # (line, rule, message) for change findings
        self.warnings: list[tuple[int, int, str, str]] = []  # translated but a person should look
        self.session_names: set[str] = set()
        self.segment_envs: list[dict] = []
        self.env_at: dict[int, dict] = {}  # item idx -> env before the item
        self.accounted: set = set()  # Name nodes the translation handles
        self.removed_calls: set = set()  # call nodes whose expression statement disappears
        self.global_seed = False
        self.imports_to_drop: set = set()
        self.imports_to_replace: dict = {}
        self.is_session_script = False
        self.unseeded: list = []  # random op calls without an op seed
        self.primary: set = set()  # indexes of problems that explain the others (refused constructs)
        self.helper_random: dict = {}
        self.tf_import_added = False  # variable helpers whose initial values come from random ops

    # ------------------------------------------------------------------ helpers
    def line(self, node) -> int:
        try:
            return self.pos[node].start.line
        except KeyError:
            return 0

    def col(self, node) -> int:
        try:
            return self.pos[node].start.column
        except KeyError:
            return 0

    def problem(self, node, reason):
        self.problems.append((self.line(node) if not isinstance(node, int) else node,
                              self.col(node) if not isinstance(node, int) else 0, reason))

    def code(self, node) -> str:
        return self.module.code_for_node(node)

    def tfpath(self, node):
        return self.r.resolve(node)

    def call_path(self, node):
        if isinstance(node, cst.Call):
            return self.tfpath(node.func)
        return None

    # ------------------------------------------------------------------ flattening
    def flatten(self):
        segment = 0
        self.segment_count = 1

        def new_segment():
            nonlocal segment
            segment = self.segment_count
            self.segment_count += 1

        def walk(body, leading):
            nonlocal segment
            pending = list(leading)
            for stmt in body:
                if isinstance(stmt, cst.With):
                    kind = self.with_kind(stmt)
                    if kind is not None:
                        comments = [ln for ln in stmt.leading_lines if ln.comment is not None]
                        if kind == "graph":
                            new_segment()
                        elif kind == "session":
                            self.session_names.add(stmt.items[0].asname.name.value)
                            self.is_session_script = True
                            for node in (stmt.items[0].asname.name,):
                                self.accounted.add(node)
                        self.notes.append((self.line(stmt), "eager-session",
                                           {"session": "`with Session() as ...:` removed: eager TensorFlow runs "
                                                       "ops at once, no session needed",
                                            "graph": "`with tf.Graph().as_default():` removed: a new graph "
                                                     "segment, variables created eagerly",
                                            "scope": "name scope removed: names do not change the numbers"}[kind]))
                        walk(stmt.body.body, pending + comments)
                        pending = []
                        continue
                item = Item(len(self.items), stmt, segment, self.pos[stmt].start.line, self.pos[stmt].end.line,
                            leading=pending)
                pending = []
                self.items.append(item)
                if self.is_reset(stmt):
                    new_segment()
            if pending and self.items:
                pass  # comments of a with whose body was empty: dropped

        walk(self.block.body.body if self.block is not None else self.module.body, [])

    def with_kind(self, stmt: cst.With):
        if len(stmt.items) != 1:
            for it in stmt.items:
                if self.call_path(it.item) in N.SESSION:
                    self.problem(stmt, "a `with` that opens a Session together with something else")
            return None
        item = stmt.items[0]
        path = self.call_path(item.item)
        if path in N.SESSION:
            if item.asname is None or not isinstance(item.asname.name, cst.Name):
                self.problem(stmt, "`with tf.Session():` without `as name`")
                return None
            call = item.item
            if any(a.keyword is not None and a.keyword.value == "graph" for a in call.args):
                self.problem(stmt, "a Session on an explicit graph object")
            return "session"
        if isinstance(item.item, cst.Call) and isinstance(item.item.func, cst.Attribute) \
                and item.item.func.attr.value == "as_default" and self.call_path(item.item.func.value) == "Graph" \
                and item.asname is None:
            return "graph"
        if path in ("name_scope",) and item.asname is None:
            return "scope"
        return None

    def is_reset(self, stmt) -> bool:
        if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Expr):
            return self.call_path(stmt.body[0].value) in N.RESET
        return False

    # ------------------------------------------------------------------ the walk
    def run(self):
        self.flatten()
        env: dict = {}
        segment = 0
        # the scope whose names this block binds (module, or the function's own scope)
        self.global_scope = self.scopes[self.module] if self.block is None else self.scopes[self.block.body.body[0]]
        self.module_scope = self.scopes[self.module]
        for item in self.items:
            if item.segment != segment:
                segment = item.segment
                env = {}
            self.env_at[item.idx] = dict(env)
            stmt = item.node
            if isinstance(stmt, cst.SimpleStatementLine):
                graphish = [self.classify_small(small, item, env) for small in stmt.body]
                if len(stmt.body) > 1 and any(graphish):
                    self.problem(stmt, "several statements on one line (`;`) build the graph")
                    continue
            else:
                self.python_compound(item, env)
        self.check_accesses()
        self.check_nested_sessions()
        return self

    def from_import_names(self) -> set:
        """Name nodes that read a name imported with `from tensorflow... import name`."""
        out = set()
        for scope in set(s for s in self.scopes.values() if s is not None):
            for access in scope.accesses:
                node = access.node
                if not isinstance(node, cst.Name):
                    continue
                for ref in access.referents:
                    ref_node = getattr(ref, "node", None)
                    if isinstance(ref_node, cst.ImportFrom) and ref_node.module is not None and (
                            N.dotted(ref_node.module) or "").startswith("tensorflow") \
                            and self.r.aliases.get(node.value) not in (None, "", "python.framework.ops"):
                        out.add(node)
        return out

    def check_nested_sessions(self):
        """Session code inside a def or class is not analysed: say so rather than pass it by."""
        outer = self

        class V(cst.CSTVisitor):
            depth = 0

            def visit_FunctionDef(self, node):
                if node in outer.skip_defs:
                    return False
                V.depth += 1

            def leave_FunctionDef(self, node):
                if node not in outer.skip_defs:
                    V.depth -= 1

            def visit_ClassDef(self, node):
                V.depth += 1

            def leave_ClassDef(self, node):
                V.depth -= 1

            def visit_Call(self, node):
                if outer.call_path(node) in N.SESSION | {"placeholder"}:
                    outer.is_session_script = True
                if V.depth and outer.call_path(node) in N.SESSION | {"placeholder"}:
                    outer.problem(node, "Session code inside a function or class: only module-level Session "
                                        "scripts are translated")
                    outer.is_session_script = True

        if self.block is None:
            self.module.visit(V())
        else:
            for stmt in self.block.body.body:
                stmt.visit(V())

    # ------------------------------------------------------------------ simple statements
    def classify_small(self, small, item: Item, env: dict) -> bool:
        """Record what `small` does; True when it is graph plumbing or graph building."""
        if isinstance(small, (cst.Import, cst.ImportFrom)):
            return self.imports(small, item)
        if isinstance(small, cst.Expr):
            return self.expression_statement(small, item, env)
        if isinstance(small, cst.Assign):
            return self.assignment(small, item, env)
        if isinstance(small, cst.AugAssign) and isinstance(small.target, cst.Name) \
                and small.target.value in env and env[small.target.value].kind in ("tensor", "gradients", "assign"):
            name = small.target.value
            self.accounted.add(small.target)
            value = cst.BinaryOperation(left=cst.Name(name), operator=self.binop(small.operator), right=small.value)
            g = self.make_gstmt(item, "tensor", [name], value, env, node_for_deps=small.value)
            g.deps.insert(0, env[name])
            env[name] = g
            return True
        self.python_simple(small, item, env)
        return False

    @staticmethod
    def binop(op):
        table = {cst.AddAssign: cst.Add, cst.SubtractAssign: cst.Subtract, cst.MultiplyAssign: cst.Multiply,
                 cst.DivideAssign: cst.Divide, cst.PowerAssign: cst.Power, cst.MatrixMultiplyAssign: cst.MatrixMultiply}
        for a, b in table.items():
            if isinstance(op, a):
                return b()
        return cst.Add()

    def imports(self, small, item) -> bool:
        if isinstance(small, cst.ImportFrom) and small.module is not None:
            mod = N.dotted(small.module)
            if mod == "tensorflow.python.framework" and not isinstance(small.names, cst.ImportStar) \
                    and [a.name.value for a in small.names] == ["ops"]:
                self.imports_to_drop.add(item.idx)
                return True
            if mod is not None and (mod == "tensorflow" or mod.startswith("tensorflow.")):
                if isinstance(small.names, cst.ImportStar):
                    self.problem(small, "`from tensorflow... import *` hides which names are TensorFlow's")
                    return True
                # from tensorflow import placeholder, Session, nn: every use is rewritten to tf.<name>
                if "" in self.r.aliases.values() and not self.tf_import_added:
                    self.imports_to_drop.add(item.idx)
                elif not self.tf_import_added:
                    self.imports_to_replace[item.idx] = f"import tensorflow as {self.r.primary}"
                    self.tf_import_added = True
                else:
                    self.imports_to_drop.add(item.idx)
                self.notes.append((item.start, "eager-import", "names imported from tensorflow one by one are "
                                                               f"written {self.r.primary}.<name>"))
                return True
        return False

    def expression_statement(self, small: cst.Expr, item, env) -> bool:
        value = small.value
        path = self.call_path(value)
        if path in N.NOISE:
            item.drop = True
            self.notes.append((self.line(small), "eager-graph-mode", f"tf.{path}() removed: the translation runs "
                                                                     "eagerly"))
            return True
        if path in N.RESET:
            item.drop = True
            self.notes.append((self.line(small), "eager-reset", "reset_default_graph() removed: in eager TensorFlow "
                                                                "there is no graph to reset"))
            return True
        if path in N.SESSION:
            item.drop = True
            self.is_session_script = True
            return True
        if path in N.SEED:
            self.global_seed = True
            self.python_simple(small, item, env)
            return False
        if path is not None and not N.is_python_side(path):
            self.refuse(path, value)
            if path not in REFUSED:
                self.problem(value, f"tf.{path}(...) is called for its effect on the graph")
            return True
        self.python_simple(small, item, env)
        return False

    def refuse(self, path, node):
        for key, reason in REFUSED.items():
            if path == key or path.startswith(key + ".") or (key == "contrib" and path.startswith("contrib")):
                self.problem(node, f"tf.{path}: {reason}")
                self.primary.add(len(self.problems) - 1)
                return True
        return False

    def assignment(self, small: cst.Assign, item: Item, env: dict) -> bool:
        value = small.value
        if len(small.targets) != 1:
            if self.is_graph_expr(value, env):
                self.problem(small, "chained assignment of a graph value")
                return True
            self.python_simple(small, item, env)
            return False
        target = small.targets[0].target
        names = self.target_names(target)
        path = self.call_path(value)
        if path in N.SESSION:
            if not isinstance(target, cst.Name):
                self.problem(small, "a Session stored in something other than a name")
                return True
            self.session_names.add(target.value)
            self.accounted.add(target)
            self.is_session_script = True
            self.make_gstmt(item, "session", [target.value], value, env)
            item.drop = True
            self.notes.append((self.line(small), "eager-session",
                               f"tf.{path}() removed: eager TensorFlow runs ops at once, no session needed"))
            env[target.value] = item.gstmts[-1]
            return True
        subscript = None
        if path is None and isinstance(value, cst.Subscript) and self.call_path(value.value) == "gradients":
            subscript = value.slice
            value = value.value
            path = "gradients"
        helper = self.variable_helper(value)
        if helper is not None and isinstance(target, cst.Name) and not self.is_graph_expr(value, env):
            # W = weight_variable([784, 10]): a def that creates and returns one tf.Variable
            self.accounted.add(target)
            g = self.make_gstmt(item, "variable", [target.value], value, env)
            g.info.update({"trainable": helper["trainable"], "helper": helper["name"]})
            if helper["random"]:
                self.helper_random[helper["name"]] = helper["line"]
            env[target.value] = g
            return True
        graph = path is not None and not N.is_python_side(path) or self.is_graph_expr(value, env)
        if graph and self.contains_site(value, env):
            graph = False  # v = sess.run(t): a Python value computed by running the graph
        if not graph:
            self.python_simple(small, item, env)
            if item.idx is not None:
                for name in names or []:
                    env.pop(name, None)
            return False
        if names is None:
            self.problem(small, "a graph value assigned to something other than names")
            return True
        for t in self.target_nodes(target):
            self.accounted.add(t)
        if path is not None and self.refuse(path, value):
            return True
        kind, info = "tensor", {}
        if path == "placeholder":
            kind, info = "placeholder", self.placeholder_info(value)
            self.is_session_script = True
        elif path == "Variable":
            kind, info = "variable", self.variable_info(value, env)
        elif path is not None and path.startswith("train.") and path.endswith("Optimizer"):
            kind, info = "optimizer", self.optimizer_info(value, path, env)
        elif path in N.INITIALIZERS:
            kind = "init"
        elif path == "gradients":
            kind, info = "gradients", self.gradients_info(value, env)
            info["subscript"] = subscript
        elif path == "group":
            kind = "group"
        elif path in ("assign", "assign_add", "assign_sub"):
            kind, info = "assign", self.assign_info(value, env, tf_function=True)
        elif isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute):
            attr = value.func.attr.value
            if attr == "minimize":
                kind, info = "train", self.train_info(value, env)
            elif attr in ("assign", "assign_add", "assign_sub"):
                kind, info = "assign", self.assign_info(value, env, tf_function=False)
            elif attr in ("compute_gradients", "apply_gradients"):
                self.problem(value, f"optimizer.{attr}: only minimize() is translated")
        if kind in ("placeholder", "init", "optimizer", "variable", "train") and len(names) != 1:
            self.problem(small, f"a {kind} unpacked into several names")
            return True
        self.check_nested(value, path)
        if kind == "tensor":
            self.check_helpers(value)
        g = self.make_gstmt(item, kind, names, value, env)
        g.info.update(info)
        if kind != "variable" and kind != "optimizer":
            item.drop = True
        for name in names:
            env[name] = g
        return True

    def check_nested(self, value, top_path):
        """Graph constructs inside an expression that the translation cannot take apart."""
        outer = self

        class V(cst.CSTVisitor):
            def visit_Call(self, node):
                if node is value:
                    return True
                path = outer.call_path(node)
                if path in ("Variable", "placeholder", "get_variable", "gradients") or path in N.SESSION:
                    outer.problem(node, f"tf.{path}(...) inside an expression")
                elif path is not None:
                    outer.refuse(path, node)
                if isinstance(node.func, cst.Attribute) and node.func.attr.value == "minimize":
                    outer.problem(node, "minimize() inside an expression")
                return True

        value.visit(V())

    def module_defs(self):
        body = list(self.module.body) + (list(self.block.body.body) if self.block is not None else [])
        return {stmt.name.value: stmt for stmt in body if isinstance(stmt, cst.FunctionDef)}

    def variable_helper(self, value):
        """{name, trainable, random} when `value` calls a module-level def whose body creates
        exactly one tf.Variable (and no other graph state) and returns it."""
        if not (isinstance(value, cst.Call) and isinstance(value.func, cst.Name)):
            return None
        fn = self.module_defs().get(value.func.value)
        if fn is None:
            return None
        outer = self
        found = {"variables": 0, "other": False, "random": False, "trainable": True, "returns": 0}

        class V(cst.CSTVisitor):
            def visit_Call(self, c):
                p = outer.r.resolve(c.func)
                if p == "Variable":
                    found["variables"] += 1
                    for a in c.args:
                        if a.keyword is not None and a.keyword.value == "trainable":
                            found["trainable"] = not (isinstance(a.value, cst.Name) and a.value.value == "False")
                elif p in ("get_variable", "placeholder") or p in N.SESSION or (p or "").startswith("layers."):
                    found["other"] = True
                elif p in N.SEED_POSITION:
                    found["random"] = True
                return True

            def visit_Return(self, r):
                found["returns"] += 1

        fn.visit(V())
        if found["variables"] != 1 or found["other"] or found["returns"] != 1:
            return None
        return {"name": fn.name.value, "trainable": found["trainable"], "random": found["random"],
                "line": self.line(fn)}

    def check_helpers(self, value):
        """A graph statement calling a module-level def that creates variables or placeholders
        would create them again in every tf.function it is inlined into."""
        defs = self.module_defs()
        if not defs:
            return
        outer = self

        class Creates(cst.CSTVisitor):
            found = None

            def visit_Call(self, c):
                p = outer.r.resolve(c.func)
                if p in ("Variable", "get_variable", "placeholder") or (p or "").startswith("layers."):
                    Creates.found = p
                return True

        class Calls(cst.CSTVisitor):
            def visit_Call(self, c):
                if isinstance(c.func, cst.Name) and c.func.value in defs:
                    Creates.found = None
                    defs[c.func.value].visit(Creates())
                    if Creates.found:
                        outer.problem(c, f"`{c.func.value}()` creates graph state (tf.{Creates.found}) when called: "
                                         "every function the graph statement is inlined into would create it again")
                return True

        value.visit(Calls())

    @staticmethod
    def target_names(target):
        if isinstance(target, cst.Name):
            return [target.value]
        if isinstance(target, (cst.Tuple, cst.List)):
            out = []
            for el in target.elements:
                if isinstance(el, cst.StarredElement) or not isinstance(el.value, cst.Name):
                    return None
                out.append(el.value.value)
            return out
        return None

    @staticmethod
    def target_nodes(target):
        if isinstance(target, cst.Name):
            return [target]
        return [el.value for el in target.elements]

    def names_in(self, node):
        """Name nodes read (loads) in `node`, resolved against module-level bindings."""
        out = []

        class V(cst.CSTVisitor):
            def visit_Attribute(self, n):
                n.value.visit(self)
                return False

            def visit_Arg(self, n):
                n.value.visit(self)
                return False

            def visit_Lambda(self, n):
                return False

            def visit_Name(self, n):
                out.append(n)

        node.visit(V())
        return out

    def contains_site(self, node, env) -> bool:
        found = []
        outer = self

        class V(cst.CSTVisitor):
            def visit_Call(self, c):
                f = c.func
                if isinstance(f, cst.Attribute):
                    recv = f.value
                    if f.attr.value in ("run", "close") and isinstance(recv, cst.Name) \
                            and recv.value in outer.session_names:
                        found.append(c)
                    elif f.attr.value in ("eval", "run") and outer.is_graph_expr(recv, env):
                        found.append(c)
                return True

        node.visit(V())
        return bool(found)

    def is_graph_expr(self, node, env) -> bool:
        for n in self.names_in(node):
            if n.value in env and env[n.value].kind != "session":
                return True
        found = []
        outer = self

        class V(cst.CSTVisitor):
            def visit_Call(self, c):
                p = outer.r.resolve(c.func)
                if p is not None and not N.is_python_side(p):
                    found.append(p)
                return True

        node.visit(V())
        return bool(found)

    def make_gstmt(self, item, kind, targets, value, env, node_for_deps=None) -> GStmt:
        g = GStmt(item.idx, item, item.node, kind, targets, value, line=self.line(item.node))
        deps, direct = [], []
        src = node_for_deps if node_for_deps is not None else value
        if src is not None:
            for n in self.names_in(src):
                if n.value in env:
                    d = env[n.value]
                    self.accounted.add(n)
                    if d.kind == "session":
                        self.problem(n, f"the session `{n.value}` used inside a graph expression")
                        continue
                    if d not in deps:
                        deps.append(d)
                    if d.kind == "variable" and d not in direct:
                        direct.append(d)
            g.random = self.has_random(src)
        g.deps, g.direct_vars = deps, direct
        item.gstmts.append(g)
        self.gstmts.append(g)
        return g

    def has_random(self, node) -> bool:
        found = []
        outer = self

        class V(cst.CSTVisitor):
            def visit_Call(self, c):
                p = outer.r.resolve(c.func)
                if p in N.SEED_POSITION:
                    found.append(c)
                    seed_pos = N.SEED_POSITION[p]
                    positional = [a for a in c.args if a.keyword is None]
                    has_seed = len(positional) > seed_pos or any(
                        a.keyword is not None and a.keyword.value == "seed" for a in c.args)
                    if not has_seed:
                        outer.unseeded.append(c)
                return True

        node.visit(V())
        return bool(found)

    # ------------------------------------------------------------------ kinds
    def args_by_name(self, call: cst.Call, signature: list[str]) -> dict:
        out = {}
        i = 0
        for a in call.args:
            if a.star:
                self.problem(call, "*args/**kwargs in a call the translation must read")
                return out
            if a.keyword is None:
                if i >= len(signature):
                    self.problem(call, "too many positional arguments")
                    return out
                out[signature[i]] = a.value
                i += 1
            else:
                out[a.keyword.value] = a.value
        return out

    def placeholder_info(self, call):
        args = self.args_by_name(call, ["dtype", "shape", "name"])
        if "dtype" not in args:
            self.problem(call, "placeholder without a dtype")
        return {"dtype": args.get("dtype"), "shape": args.get("shape")}

    def variable_info(self, call, env):
        args = self.args_by_name(call, ["initial_value", "trainable", "collections", "validate_shape",
                                        "caching_device", "name", "variable_def", "dtype", "expected_shape",
                                        "import_scope", "constraint", "use_resource", "synchronization",
                                        "aggregation", "shape"])
        for bad in ("collections", "variable_def", "import_scope", "caching_device", "expected_shape"):
            if bad in args:
                self.problem(call, f"tf.Variable(..., {bad}=...) is not translated")
        trainable = True
        if "trainable" in args:
            t = args["trainable"]
            if isinstance(t, cst.Name) and t.value in ("True", "False"):
                trainable = t.value == "True"
            else:
                self.problem(call, "tf.Variable(trainable=...) that is not a literal True/False")
        for n in self.names_in(call):
            if n.value in env and env[n.value].kind not in ("variable", "tensor"):
                self.problem(n, f"a variable initialised from `{n.value}` ({env[n.value].kind})")
        return {"trainable": trainable}

    def optimizer_info(self, call, path, env):
        cls = path.split(".", 1)[1]
        if cls not in EQUIVALENCE:
            self.problem(call, f"tf.{path} has no Keras optimizer known to do the same arithmetic")
            return {}
        args = self.args_by_name(call, list(TF1_OPTIMIZER_PARAMETERS[cls]))
        for name, value in args.items():
            for n in self.names_in(value):
                if n.value in env:
                    self.problem(n, f"optimizer argument {name} is a graph tensor (`{n.value}`)")
        return {"class": cls, "args": args}

    def train_info(self, call: cst.Call, env):
        receiver = call.func.value
        info = {}
        if isinstance(receiver, cst.Name) and receiver.value in env and env[receiver.value].kind == "optimizer":
            info["optimizer"] = env[receiver.value]
            self.accounted.add(receiver)
        else:
            path = self.call_path(receiver)
            if path is not None and path.startswith("train.") and path.endswith("Optimizer"):
                info["inline_optimizer"] = self.optimizer_info(receiver, path, env)
                info["inline_optimizer_node"] = receiver
            else:
                self.problem(call, "minimize() on something that is not a tf.train optimizer")
                return info
        args = self.args_by_name(call, ["loss", "global_step", "var_list", "gate_gradients", "aggregation_method",
                                        "colocate_gradients_with_ops", "name", "grad_loss"])
        if "loss" not in args:
            self.problem(call, "minimize() without a loss")
            return info
        info["loss"] = args["loss"]
        if "grad_loss" in args:
            self.problem(call, "minimize(grad_loss=...) is not translated")
        if "var_list" in args:
            vl = args["var_list"]
            if not isinstance(vl, (cst.List, cst.Tuple)) or not all(
                    isinstance(e.value, cst.Name) and e.value.value in env and env[e.value.value].kind == "variable"
                    for e in vl.elements):
                self.problem(vl, "minimize(var_list=...) that is not a literal list of variables")
            else:
                info["var_list"] = [env[e.value.value] for e in vl.elements]
        if "global_step" in args:
            gs = args["global_step"]
            if isinstance(gs, cst.Name) and gs.value in env and env[gs.value].kind == "variable":
                info["global_step"] = env[gs.value]
            else:
                self.problem(gs, "minimize(global_step=...) that is not a variable")
        return info

    def gradients_info(self, call, env):
        args = self.args_by_name(call, ["ys", "xs", "grad_ys", "name", "colocate_gradients_with_ops",
                                        "gate_gradients", "aggregation_method", "stop_gradients",
                                        "unconnected_gradients"])
        for bad in ("stop_gradients", "aggregation_method", "unconnected_gradients"):
            if bad in args:
                self.problem(call, f"tf.gradients({bad}=...) is not translated")
        if "ys" not in args or "xs" not in args:
            self.problem(call, "tf.gradients without ys and xs")
            return {}
        xs = args["xs"]
        if isinstance(xs, (cst.List, cst.Tuple)):
            elems = [e.value for e in xs.elements]
            single = False
        else:
            elems, single = [xs], True
        xs_g = []
        for e in elems:
            if not (isinstance(e, cst.Name) and e.value in env and env[e.value].kind in ("variable", "placeholder",
                                                                                         "tensor")):
                self.problem(e, "tf.gradients(xs=...) with something other than named variables or tensors")
                return {}
            xs_g.append(env[e.value])
        return {"ys": args["ys"], "xs": elems, "xs_g": xs_g, "xs_single": single, "grad_ys": args.get("grad_ys")}

    def assign_info(self, call, env, tf_function):
        if tf_function:
            positional = [a.value for a in call.args if a.keyword is None]
            if len(positional) != 2 or len(call.args) != 2:
                self.problem(call, "tf.assign with other than (ref, value)")
                return {}
            ref, value = positional
            method = self.call_path(call)
        else:
            ref = call.func.value
            method = call.func.attr.value
            if len(call.args) != 1 or call.args[0].keyword is not None:
                self.problem(call, f"{method}() with other than one value argument")
                return {}
            value = call.args[0].value
        if not (isinstance(ref, cst.Name) and ref.value in env and env[ref.value].kind == "variable"):
            self.problem(call, f"{method}() on something that is not a variable")
            return {}
        return {"var": env[ref.value], "method": method, "rhs": value}

    # ------------------------------------------------------------------ Python statements and call sites
    def python_simple(self, small, item, env):
        self.find_sites(small, item, env, statement_expr=small if isinstance(small, cst.Expr) else None)

    def python_compound(self, item, env):
        # graph construction inside a compound statement is not analysed
        outer = self
        node = item.node
        if node in self.skip_defs:
            return  # analysed as a program of its own

        class V(cst.CSTVisitor):
            def visit_FunctionDef(self, f):
                return f not in outer.skip_defs

            def visit_Assign(self, a):
                p = outer.call_path(a.value)
                if (p is None or N.is_python_side(p)) and outer.is_graph_expr(a.value, env) \
                        and not outer.contains_site(a.value, env) and not outer.inside_def(a, node):
                    outer.problem(a, "graph built inside a block (loop, if, with): an expression of graph tensors")
                    return True
                if p is not None and not N.is_python_side(p) or (
                        isinstance(a.value, cst.Call) and isinstance(a.value.func, cst.Attribute)
                        and a.value.func.attr.value == "minimize"):
                    if p in N.SESSION:
                        outer.problem(a, "a Session created inside a block (loop, if, def)")
                    elif not outer.inside_def(a, node):
                        outer.problem(a, f"graph built inside a block (loop, if, with): tf.{p or 'minimize'}")
                return True

            def visit_With(self, w):
                for it in w.items:
                    p = outer.call_path(it.item)
                    if p in N.SESSION:
                        outer.problem(w, "a Session opened inside a block (loop, if, def)")
                    elif p is not None and outer.refuse(p, w):
                        pass
                return True

        node.visit(V())
        self.find_sites(node, item, env, statement_expr=None)

    def inside_def(self, inner, outer_node) -> bool:
        # graph-building helpers defined by the user (def model(x): ...) are plain Python
        if isinstance(outer_node, cst.FunctionDef):
            return True
        return False

    def find_sites(self, node, item, env, statement_expr):
        outer = self
        stmt_exprs = set()

        class Collect(cst.CSTVisitor):
            def visit_Expr(self, e):
                stmt_exprs.add(e.value)
                return True

        node.visit(Collect())

        class V(cst.CSTVisitor):
            def visit_FunctionDef(self, f):
                return f not in outer.skip_defs

            def visit_Call(self, c):
                f = c.func
                if not isinstance(f, cst.Attribute):
                    return True
                attr = f.attr.value
                recv = f.value
                if attr in ("run", "close") and isinstance(recv, cst.Name) and recv.value in outer.session_names \
                        and recv.value in env and env[recv.value].kind == "session" or (
                        attr in ("run", "close") and isinstance(recv, cst.Name) and recv.value in outer.session_names
                        and item.idx is not None and outer.with_session_active(recv.value, env)):
                    outer.accounted.add(recv)
                    outer.site(c, item, "run" if attr == "run" else "close", env, c in stmt_exprs)
                    return True
                if attr == "eval" and outer.is_graph_expr(recv, env):
                    outer.site(c, item, "eval", env, c in stmt_exprs)
                    return True
                if attr == "run" and (outer.is_graph_expr(recv, env)):
                    outer.site(c, item, "oprun", env, c in stmt_exprs)
                    return True
                return True

        node.visit(V())

    def with_session_active(self, name, env):
        return name in self.session_names

    def site(self, call: cst.Call, item, kind, env, statement):
        s = Site(call, item, kind, statement=statement, line=self.line(call), column=self.col(call))
        self.sites.append(s)
        if kind == "close":
            if not statement:
                self.problem(call, "session.close() used as a value")
            self.removed_calls.add(call)
            return
        if kind == "run":
            args = self.args_by_name(call, ["fetches", "feed_dict", "options", "run_metadata"])
            fetches, feed = args.get("fetches"), args.get("feed_dict")
            for bad in ("options", "run_metadata"):
                if bad in args:
                    self.problem(call, f"Session.run({bad}=...) is not translated")
        else:
            args = self.args_by_name(call, ["feed_dict", "session"])
            fetches, feed = call.func.value, args.get("feed_dict")
            sess = args.get("session")
            if sess is not None:
                if isinstance(sess, cst.Name) and sess.value in self.session_names:
                    self.accounted.add(sess)
                else:
                    self.problem(sess, "eval/run(session=...) with an unknown session")
        if fetches is None:
            self.problem(call, "Session.run without fetches")
            return
        if isinstance(fetches, (cst.List, cst.Tuple)) and kind == "run":
            s.structure = "list" if isinstance(fetches, cst.List) else "tuple"
            elems = []
            for el in fetches.elements:
                if isinstance(el, cst.StarredElement):
                    self.problem(el, "a starred fetch")
                    return
                elems.append(el.value)
        elif isinstance(fetches, cst.Dict):
            self.problem(fetches, "a dict of fetches")
            return
        else:
            elems = [fetches]
        for e in elems:
            el = self.element(e, env)
            if el is None:
                return
            s.elements.append(el)
        inits = [e for e in s.elements if e.kind == "init"]
        if inits:
            if len(s.elements) != 1:
                self.problem(call, "an initializer fetched together with other things")
                return
            if not statement:
                self.problem(call, "the result of running an initializer is used")
            s.init = True
            self.removed_calls.add(call)
            return
        if feed is not None:
            if not isinstance(feed, cst.Dict):
                self.problem(feed, "feed_dict that is not a literal dict {placeholder: value}")
                return
            for el in feed.elements:
                if not isinstance(el, cst.DictElement) or not isinstance(el.key, cst.Name) \
                        or el.key.value not in env or env[el.key.value].kind != "placeholder":
                    self.problem(el, "a feed_dict key that is not a placeholder name")
                    return
                self.accounted.add(el.key)
                s.feeds.append((env[el.key.value], el.value))

    def element(self, e, env) -> Element | None:
        if isinstance(e, cst.Name) and e.value in env:
            g = env[e.value]
            self.accounted.add(e)
            if g.kind in ("variable", "tensor", "assign", "train", "group", "init"):
                return Element(g.kind, g, e.value, deps=[g])
            if g.kind == "gradients":
                if len(g.targets) == 1 and g.info.get("subscript") is None:
                    self.problem(e, "fetching the whole list returned by tf.gradients")
                    return None
                return Element("tensor", g, e.value, deps=[g])
            self.problem(e, f"fetching a {g.kind} (`{e.value}`)")
            return None
        path = self.call_path(e)
        if path in N.INITIALIZERS:
            return Element("init")
        if not self.is_graph_expr(e, env):
            self.problem(e, "a fetch the translation cannot see as a graph tensor")
            return None
        self.check_nested(e, None)
        if isinstance(e, cst.Call) and isinstance(e.func, cst.Attribute) and e.func.attr.value in (
                "assign", "assign_add", "assign_sub", "minimize"):
            self.problem(e, f"an inline {e.func.attr.value}() fetched by Session.run")
            return None
        deps = []
        for n in self.names_in(e):
            if n.value in env:
                self.accounted.add(n)
                if env[n.value] not in deps:
                    deps.append(env[n.value])
        for d in deps:
            if d.kind not in ("variable", "tensor", "placeholder", "gradients", "assign"):
                self.problem(e, f"an inline fetch that uses a {d.kind}")
                return None
        return Element("inline", None, None, expr=e, deps=deps)

    # ------------------------------------------------------------------ accesses of graph names
    def item_at_line(self, line):
        for item in self.items:
            if item.start <= line <= item.end:
                return item
        return None

    def check_accesses(self):
        kept = {"variable", "optimizer"}
        for scope in set(s for s in self.scopes.values() if s is not None):
            for access in scope.accesses:
                node = access.node
                if not isinstance(node, cst.Name) or node in self.accounted:
                    continue
                if not any(r.scope is self.global_scope for r in access.referents):
                    continue
                item = self.item_at_line(self.line(node))
                if item is None:
                    continue
                env = dict(self.env_at.get(item.idx, {}))
                name = node.value
                if name in self.session_names and name in env and env[name].kind == "session":
                    self.problem(node, f"the session `{name}` is used for something other than run/close")
                    continue
                if name not in env:
                    continue
                kind = env[name].kind
                if kind in kept:
                    if kind == "optimizer":
                        self.problem(node, f"the optimizer `{name}` is used for something other than minimize()")
                    continue
                if scope is not self.global_scope and not isinstance(item.node, cst.SimpleStatementLine):
                    self.problem(node, f"`{name}` ({kind}) is used inside a function or class body")
                    continue
                self.problem(node, f"`{name}` ({kind}) is used outside Session.run")
        # graph names rebound by Python code inside a block (for x in ..., x = ... in a loop)
        for assignment in self.global_scope.assignments:
            node = getattr(assignment, "node", None)
            if node is None or node in self.accounted:
                continue
            item = self.item_at_line(self.line(node))
            if item is None or isinstance(item.node, cst.SimpleStatementLine):
                continue
            env = self.env_at.get(item.idx, {})
            if assignment.name in env:
                self.problem(node, f"`{assignment.name}` ({env[assignment.name].kind}) is rebound inside a block")

    def assigned_in(self, name, first_idx, last_idx) -> bool:
        """Is module-level `name` (re)bound by an item with first_idx < idx <= last_idx?"""
        for assignment in self.global_scope.assignments[name]:
            node = getattr(assignment, "node", None)
            if node is None:
                continue
            item = self.item_at_line(self.line(node))
            if item is not None and first_idx < item.idx <= last_idx:
                return True
        return False

    def free_names(self, node, env) -> list[str]:
        """Module-level Python names (not graph names, not builtins) read by `node`."""
        out = []
        for n in self.names_in(node):
            if n.value in env or n.value in out:
                continue
            if self.global_scope.assignments[n.value]:
                out.append(n.value)
        return out
