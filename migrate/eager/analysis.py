"""Read a Session script (stage 1's output) into the picture of model.py.

The block's top-level statements are flattened (patterns/segments.py) into Items. Each
simple statement is classified: graph building becomes a GStmt whose kind and record come
from the pattern that knows it (placeholders, variables, minimize, gradients,
initializers, session_run), with the statements it reads (`deps`); every sess.run,
.eval() and .run() becomes a Site (patterns/session_run.py, interactive.py).

Anything the analysis does not understand is a Problem (line, column, reason); the
translator then falls back to migrate's compat output and reports each problem.
"""
from __future__ import annotations

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider, ScopeProvider

from migrate.eager import checks, names as N, refused
from migrate.eager.model import KEPT, GStmt, Item, Kind
from migrate.eager.patterns import (appended_variables, apply_gradients, checkpoints, constants, control, feed_sources,
                                     global_step, gradients, graph_loops, group, initializers, inline_variables,
                                     layers, minimize, placeholders, schedules, scopes, segments, session_blocks,
                                     session_run, static_shapes, summaries, test_case, tf1_islands,
                                     variable_containers, variable_loops, variables)
from migrate.tables import graph_api as G

_AUG_OPERATORS = {cst.AddAssign: cst.Add, cst.SubtractAssign: cst.Subtract, cst.MultiplyAssign: cst.Multiply,
                  cst.DivideAssign: cst.Divide, cst.PowerAssign: cst.Power,
                  cst.MatrixMultiplyAssign: cst.MatrixMultiply}
_PYTHON_OBJECTS = (Kind.SESSION, Kind.SAVER, Kind.WRITER)  # graph statements whose value is no tensor
_SINGLE_NAME_KINDS = (Kind.PLACEHOLDER, Kind.INIT, Kind.OPTIMIZER, Kind.VARIABLE, Kind.TRAIN)


class Analysis:
    """The analysis of one program block: the module's top level, or (block=FunctionDef)
    the body of a module-level function such as `def main():`."""

    def __init__(self, module: cst.Module, parent: "Analysis | None" = None, block: cst.FunctionDef | None = None):
        if parent is None:
            self.wrapper = MetadataWrapper(module)
            self.module = self.wrapper.module
            self.pos = self.wrapper.resolve(PositionProvider)
            self.scopes = self.wrapper.resolve(ScopeProvider)
            self.r = N.Resolver(self.module)
        else:
            self.wrapper, self.module, self.pos, self.scopes, self.r = (
                parent.wrapper, parent.module, parent.pos, parent.scopes, parent.r)
        self.block = block
        # the scope whose names this block binds (module, or the function's own scope)
        self.global_scope = self.scopes[self.module] if block is None else self.scopes[block.body.body[0]]
        self.module_scope = self.scopes[self.module]
        self.skip_defs: set = set()  # module-level defs translated on their own
        self.items: list[Item] = []
        self.segment_count = 1
        self.gstmts: list[GStmt] = []
        self.sites: list = []
        self.problems: list[tuple[int, int, str]] = []
        self.primary: set = set()  # indexes of problems that explain the others (refused constructs)
        self.notes: list[tuple[int, str, str]] = []  # (line, rule, message) for change findings
        self.session_names: set[str] = set()
        self.env_at: dict[int, dict] = {}  # item idx -> graph names bound before the item
        self.accounted: set = set()  # Name nodes the translation handles
        self.removed_calls: set = set()  # call nodes whose expression statement disappears
        self.unwrapped_calls: set = set()  # calls replaced by their first argument (writer.add_summary(run, step))
        self.none_names: set = set()  # session Name nodes written None (saver.save(sess, ...))
        self.test_classes: set = set()  # tf.test.TestCase classes whose session blocks go (patterns/test_case.py)
        self.global_seed = False
        self.unseeded: list = []  # random op calls without an op seed
        self.helper_random: dict = {}  # variable helpers whose initial values come from random ops
        self.imports_to_drop: set = set()
        self.imports_to_replace: dict = {}
        self.tf_import_added = False
        self.is_session_script = False
        self.hoisted_names: set = set()  # names given to tf.Variable(...) written inside expressions
        self.replacements: dict = {}  # id(node) -> code written instead (patterns/static_shapes.py)
        self.graph_names: set = set()  # names bound to tf.Graph() (patterns/segments.py)
        self.graph_uses: set = set()  # their Name nodes in `with g.as_default()` and Session(graph=g)
        self.sub_blocks: list = []  # loops, ifs, withs holding a Session program of their own (patterns/session_blocks.py)
        self.feed_keys: dict = {}  # placeholder Name nodes keying a feed dict -> the argument name (feed_sources)
        self.feed_renames: dict = {}  # Name nodes of `feed_dict` names -> new name (feed_sources)

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
        if isinstance(node, int):
            self.problems.append((node, 0, reason))
        else:
            self.problems.append((self.line(node), self.col(node), reason))

    def call_path(self, node):
        """The TensorFlow path of a call's function (None for anything else)."""
        return self.r.resolve(node.func) if isinstance(node, cst.Call) else None

    def refuse(self, path, node) -> bool:
        why = refused.reason(path)
        if why is None:
            return False
        self.problem(node, f"tf.{path}: {why}")
        self.primary.add(len(self.problems) - 1)
        return True

    # ------------------------------------------------------------------ the walk
    def run(self):
        segments.flatten(self)
        env: dict = {}
        segment = 0
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
            else:
                self.python_compound(item, env)
        segments.check_graph_uses(self)
        feed_sources.resolve_sites(self)
        summaries.link(self)
        checkpoints.link(self)
        global_step.link(self)
        constants.classify(self)
        checks.check_accesses(self)
        checks.check_nested_sessions(self)
        return self

    def classify_small(self, small, item: Item, env: dict) -> bool:
        """Record what `small` does; True when it is graph plumbing or graph building."""
        if isinstance(small, (cst.Import, cst.ImportFrom)):
            return self.imports(small, item)
        if isinstance(small, cst.Expr):
            return self.expression_statement(small, item, env)
        if isinstance(small, cst.Assign):
            return self.assignment(small, item, env)
        if isinstance(small, cst.AugAssign) and isinstance(small.target, cst.Name) and small.target.value in env \
                and env[small.target.value].kind in (Kind.TENSOR, Kind.GRADIENTS, Kind.ASSIGN):
            return self.augmented(small, item, env)
        session_run.find_sites(self, small, item, env)
        return False

    def augmented(self, small: cst.AugAssign, item, env) -> bool:
        """`loss += penalty` on a graph tensor: a new tensor `loss = loss + penalty`."""
        name = small.target.value
        self.accounted.add(small.target)
        operator = _AUG_OPERATORS.get(type(small.operator), cst.Add)()
        value = cst.BinaryOperation(left=cst.Name(name), operator=operator, right=small.value)
        g = self.make_gstmt(item, Kind.TENSOR, [name], value, env, node_for_deps=small.value)
        g.deps.insert(0, env[name])
        env[name] = g
        return True

    def imports(self, small, item) -> bool:
        """`from tensorflow import name`: every use is written tf.<name>; the import goes."""
        if not isinstance(small, cst.ImportFrom) or small.module is None:
            return False
        if layers.drop_shim_import(self, small, item):
            return True
        mod = N.dotted(small.module)
        if mod == "tensorflow.python.framework" and not isinstance(small.names, cst.ImportStar) \
                and [alias.name.value for alias in small.names] == ["ops"]:
            self.imports_to_drop.add(item.idx)
            return True
        if mod is None or not (mod == "tensorflow" or mod.startswith("tensorflow.")):
            return False
        if isinstance(small.names, cst.ImportStar):
            self.problem(small, "`from tensorflow... import *` hides which names are TensorFlow's")
            return True
        if "" in self.r.aliases.values() or self.tf_import_added:
            self.imports_to_drop.add(item.idx)
        else:
            self.imports_to_replace[item.idx] = f"import tensorflow as {self.r.primary}"
            self.tf_import_added = True
        self.notes.append((item.start, "eager-import", "names imported from tensorflow one by one are written "
                                                       f"{self.r.primary}.<name>"))
        return True

    def expression_statement(self, small: cst.Expr, item, env) -> bool:
        value = small.value
        path = self.call_path(value)
        if segments.removed_statement(self, small, item, path):
            return True
        if session_run.is_session(path):
            item.drop = True
            self.is_session_script = True
            return True
        reads = static_shapes.find(self, value, env, item)
        if reads and not self.is_graph_expr(static_shapes.substitute(value, reads), env):
            static_shapes.record(self, reads, value, env)
        if path is None and appended_variables.analyse_statement(self, small, item, env):
            return True
        if path is None or N.is_python_side(path):  # Python code that creates graph state is not seen
            self.check_nested(value, None)
        if path in N.SEED:
            self.global_seed = True
        elif (path or "").startswith("summary."):
            return summaries.analyse_statement(self, small, item, path, env)
        elif path is not None and not N.is_python_side(path):
            if not self.refuse(path, value):
                self.problem(value, f"tf.{path}(...) is called for its effect on the graph")
            return True
        session_run.find_sites(self, small, item, env)
        return False

    def assignment(self, small: cst.Assign, item: Item, env: dict) -> bool:
        value = small.value
        if len(small.targets) != 1:
            if self.is_graph_expr(value, env):
                self.problem(small, "chained assignment of a graph value")
                return True
            session_run.find_sites(self, small, item, env)
            return False
        target = small.targets[0].target
        path = self.call_path(value)
        if session_run.is_session(path):
            return session_run.session_assignment(self, small, target, item, path, env)
        if segments.graph_assignment(self, small, item):
            return True
        if variables.helper_variable(self, small, target, item, env):
            return True
        if scopes.get_variable(self, small, target, item, env):
            return True
        reads = static_shapes.find(self, value, env, item)
        if reads:
            substituted = static_shapes.substitute(value, reads)
            if not self.is_graph_expr(substituted, env):  # a Python value computed from a static shape
                static_shapes.record(self, reads, value, env)
                session_run.find_sites(self, small, item, env)
                for name in self.target_names(target) or []:
                    env.pop(name, None)
                return False
            if path == "Variable":
                static_shapes.record(self, reads, value, env)
                value = substituted
        value, subscript = gradients.split_subscript(self, value) if path is None else (value, None)
        if subscript is not None:
            path = "gradients"
        graph = path is not None and not N.is_python_side(path) or self.is_graph_expr(value, env)
        if not graph or session_run.contains_site(self, value, env) or feed_sources.is_feed_literal(self, value, env):
            # a Python value (v = sess.run(t) is one: computed by running the graph)
            session_run.find_sites(self, small, item, env)
            for name in self.target_names(target) or []:
                env.pop(name, None)
            return False
        return self.graph_assignment(small, target, value, path, subscript, item, env)

    def graph_assignment(self, small, target, value, path, subscript, item, env) -> bool:
        names = self.target_names(target)
        if names is None:
            self.problem(small, "a graph value assigned to something other than names")
            return True
        for node in self.target_nodes(target):
            self.accounted.add(node)
        if summaries.handles(path):
            return summaries.analyse_assignment(self, small, names, value, path, item, env)
        if checkpoints.handles(path):
            return checkpoints.analyse_assignment(self, small, names, value, item, env)
        if schedules.handles(path):
            return schedules.analyse_assignment(self, small, names, value, path, item, env)
        if global_step.creates(path):
            return global_step.analyse_assignment(self, small, names, value, path, item, env)
        if apply_gradients.handles(self, value, path, env):
            return apply_gradients.analyse_assignment(self, small, names, value, path, item, env)
        summaries.note_other(self, path, value)
        if layers.translates(path):
            kind, info = Kind.TENSOR, layers.analyse(self, value, path, names, env)
            if info is None:
                return True
        elif path is not None and self.refuse(path, value):
            return True
        else:
            kind, info = self.graph_kind(value, path, subscript, env)
        if kind in _SINGLE_NAME_KINDS and len(names) != 1:
            self.problem(small, f"a {kind} unpacked into several names")
            return True
        statement = None
        if kind == Kind.TENSOR:
            value, statement = inline_variables.hoist(self, item, names, value, env)
        for checked in variable_containers.checked_parts(self, value, info, env):
            self.check_nested(checked, path)
        if kind == Kind.TENSOR:
            island = tf1_islands.mark(self, value, item) if info is None else None
            if island is None:
                variables.check_helpers(self, value)
            info = island or info
        g = self.make_gstmt(item, kind, names, value, env)
        g.info = info
        if statement is not None:
            g.node = statement
        if kind not in KEPT:
            item.drop = True
        for name in names:
            env[name] = g
        return True

    def graph_kind(self, value, path, subscript, env) -> tuple[Kind, object]:
        """(kind, the pattern's record) of a graph value; each pattern reads its own."""
        if path == "placeholder":
            return Kind.PLACEHOLDER, placeholders.analyse(self, value)
        if path == "Variable":
            return Kind.VARIABLE, variables.analyse(self, value, env)
        container = variable_containers.leaves(self, value, env)
        if container is not None:
            return Kind.VARIABLE, variable_containers.analyse(self, value, *container, env)
        if minimize.is_optimizer(path):
            return Kind.OPTIMIZER, minimize.analyse_optimizer(self, value, path, env)
        if initializers.is_initializer(path):
            return Kind.INIT, None
        if path == "gradients":
            return Kind.GRADIENTS, gradients.analyse_gradients(self, value, env, subscript)
        if path == "group":
            return Kind.GROUP, group.analyse(self, value, env)
        if path in gradients.ASSIGNS:
            return Kind.ASSIGN, gradients.analyse_assign(self, value, env, function=True)
        if isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute):
            attr = value.func.attr.value
            if attr == "minimize":
                return Kind.TRAIN, minimize.analyse_minimize(self, value, env)
            if attr in gradients.ASSIGNS:
                return Kind.ASSIGN, gradients.analyse_assign(self, value, env, function=False)
            if attr in ("compute_gradients", "apply_gradients"):
                self.problem(value, f"optimizer.{attr}: only minimize() is translated")
        return Kind.TENSOR, None

    def python_compound(self, item, env):
        """A loop, if, with, def...: Python code that may run the graph but must not build it."""
        if item.node in self.skip_defs:
            return  # analysed as a program of its own
        if test_case.is_test_class(self, item.node):
            test_case.analyse(self, item)
            return
        if session_blocks.is_session_block(self, item.node):
            self.sub_blocks.append(item.node)  # translated by a Translator of its own
            return
        if appended_variables.analyse_loop(self, item, env) or variable_loops.analyse(self, item, env) \
                or graph_loops.analyse(self, item, env):
            return
        item.node.visit(_GraphInsideBlock(self, item.node, env))
        session_run.find_sites(self, item.node, item, env)

    def check_nested(self, value, top_path):
        """Graph constructs inside an expression that the translation cannot take apart."""
        outer = self

        class Nested(cst.CSTVisitor):
            def visit_Call(self, node):
                if node is value:
                    return True
                path = outer.call_path(node)
                if path in G.CREATES_STATE or path == G.GRADIENTS or path in N.SESSION:
                    outer.problem(node, f"tf.{path}(...) inside an expression")
                elif path is not None:
                    outer.refuse(path, node)
                if isinstance(node.func, cst.Attribute) and node.func.attr.value == "minimize":
                    outer.problem(node, "minimize() inside an expression")
                return True

        value.visit(Nested())

    # ------------------------------------------------------------------ expressions
    def module_defs(self):
        body = list(self.module.body) + (list(self.block.body.body) if self.block is not None else [])
        return {stmt.name.value: stmt for stmt in body if isinstance(stmt, cst.FunctionDef)}

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

    @staticmethod
    def names_in(node):
        """Name nodes read (loads) in `node`: attributes and keywords are not names, lambdas are not entered."""
        out = []

        class Names(cst.CSTVisitor):
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

        node.visit(Names())
        return out

    def is_graph_expr(self, node, env) -> bool:
        """Does `node` read a graph name or call TensorFlow (other than its Python-side helpers)?"""
        func = node.func if isinstance(node, cst.Call) else None
        if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.value.value in env \
                and env[func.value.value].kind in _PYTHON_OBJECTS:
            return False  # saver.save(sess, path, global_step=step): run at once, in both forms
        if global_step.is_read(self, node):
            return False  # tf.train.global_step(sess, v): a Python int
        for n in self.names_in(node):
            if n.value in env and env[n.value].kind not in _PYTHON_OBJECTS:
                return True
        found = []
        outer = self

        class Calls(cst.CSTVisitor):
            def visit_Call(self, c):
                path = outer.r.resolve(c.func)
                if path is not None and not N.is_python_side(path):
                    found.append(path)
                return True

        node.visit(Calls())
        return bool(found)

    def make_gstmt(self, item, kind: Kind, targets, value, env, node_for_deps=None) -> GStmt:
        g = GStmt(item.idx, item, item.node, kind, targets, value, line=self.line(item.node))
        src = node_for_deps if node_for_deps is not None else value
        if src is not None:
            direct = self.names_in(src)
            for n in direct + self.helper_globals(src, env):
                if n.value not in env:
                    continue
                d = env[n.value]
                if n in direct:
                    self.accounted.add(n)
                if d.kind == Kind.SESSION:
                    self.problem(n, f"the session `{n.value}` used inside a graph expression")
                    continue
                if d not in g.deps:
                    g.deps.append(d)
                if d.kind == Kind.VARIABLE and d not in g.direct_vars:
                    g.direct_vars.append(d)
            g.random = self.has_random(src)
        control.attach(self, g, item, env)
        item.gstmts.append(g)
        self.gstmts.append(g)
        return g

    def helper_globals(self, node, env) -> list:
        """Variables that the module-level defs `node` calls read as globals (`def model(x):
        return tf.matmul(x, W)`): the graph statement depends on them as if written in it
        (other graph names read there are refused by checks.check_accesses)."""
        defs = self.module_defs()
        out, seen, todo = [], set(), [node]
        while todo:
            for call in _calls_of_defs(todo.pop(), defs):
                fn = defs[call]
                if call in seen or not isinstance(fn.body, cst.IndentedBlock) or not fn.body.body:
                    continue
                seen.add(call)
                local = self.scopes[fn.body.body[0]]
                out += [n for n in self.names_in(fn.body) if n.value in env and env[n.value].kind == Kind.VARIABLE
                        and not local.assignments[n.value]]
                todo.append(fn.body)
        return out

    def has_random(self, node) -> bool:
        """Does `node` call a random op? Those without an op seed are remembered (eager-seed)."""
        found = []
        outer = self

        class Random(cst.CSTVisitor):
            def visit_Call(self, c):
                path = outer.r.resolve(c.func)
                if path in N.SEED_POSITION:
                    found.append(c)
                    positional = [a for a in c.args if a.keyword is None]
                    if len(positional) <= N.SEED_POSITION[path] and not any(
                            a.keyword is not None and a.keyword.value == "seed" for a in c.args):
                        outer.unseeded.append(c)
                return True

        node.visit(Random())
        return bool(found)

    def args_by_name(self, call: cst.Call, signature: list[str]) -> dict:
        """{parameter: value node} of a call, positional arguments named by `signature`."""
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

    # ------------------------------------------------------------------ Python names
    def item_at_line(self, line):
        for item in self.items:
            if item.start <= line <= item.end:
                return item
        return None

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


def _calls_of_defs(node, defs) -> list[str]:
    found = []

    class Calls(cst.CSTVisitor):
        def visit_Call(self, call):
            if isinstance(call.func, cst.Name) and call.func.value in defs:
                found.append(call.func.value)
            return True

    node.visit(Calls())
    return found


class _GraphInsideBlock(cst.CSTVisitor):
    """Graph construction inside a compound statement is not analysed: report it."""

    def __init__(self, a: Analysis, node, env):
        super().__init__()
        self.a = a
        self.node = node
        self.env = env

    def visit_FunctionDef(self, fn):
        return fn not in self.a.skip_defs

    def visit_Assign(self, asg):
        a, env = self.a, self.env
        inside_def = isinstance(self.node, cst.FunctionDef)  # user helpers (def model(x): ...) are Python
        if feed_sources.is_feed_literal(a, asg.value, env):  # a feed dict: Python (patterns/feed_sources.py)
            return True
        path = a.call_path(asg.value)
        if (path is None or N.is_python_side(path)) and a.is_graph_expr(asg.value, env) \
                and not session_run.contains_site(a, asg.value, env) and not inside_def:
            a.problem(asg, "graph built inside a block (loop, if, with): an expression of graph tensors")
            return True
        minimize_call = isinstance(asg.value, cst.Call) and isinstance(asg.value.func, cst.Attribute) \
            and asg.value.func.attr.value == "minimize"
        if path is not None and not N.is_python_side(path) or minimize_call:
            if path in N.SESSION:
                a.problem(asg, "a Session created inside a block (loop, if, def)")
            elif not inside_def:
                a.problem(asg, f"graph built inside a block (loop, if, with): tf.{path or 'minimize'}")
        return True

    def visit_Expr(self, node):
        """`weights.append(tf.Variable(...))` and the like: graph state created by Python code in a block."""
        if isinstance(self.node, cst.FunctionDef):
            return True
        found = []
        a = self.a

        class Creates(cst.CSTVisitor):
            def visit_Call(self, call):
                if a.call_path(call) in G.CREATES_STATE:
                    found.append(call)
                return True

        node.visit(Creates())
        if found:
            a.problem(found[0], f"graph built inside a block (loop, if, with): tf.{a.call_path(found[0])}")
        return True

    def visit_With(self, node):
        for it in node.items:
            path = self.a.call_path(it.item)
            if path in N.SESSION:
                self.a.problem(node, "a Session opened inside a block (loop, if, def)")
            elif path is not None:
                self.a.refuse(path, node)
        return True
