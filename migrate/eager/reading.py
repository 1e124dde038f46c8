"""What the analysis of a block knows and asks: its positions, scopes and problems,
and the questions about expressions every pattern asks (which graph names does this
read? does it call TensorFlow? a random op?). The walk itself is analysis.py.
"""
from __future__ import annotations

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider, ScopeProvider

from migrate.eager import names as N, refused, registry
from migrate.eager.code import fresh
from migrate.eager.model import Edits, GStmt, Item, Kind
from migrate.node_helpers import called_names
from migrate.tables import graph_api as G
from migrate.tables import random_generators as RG
from migrate.tables import variable_collections as V

_PYTHON_OBJECTS = (Kind.SESSION, Kind.SAVER, Kind.WRITER)  # graph statements whose value is no tensor


class BlockReader:
    """One program block being read: the module's top level, or (block=FunctionDef) the
    body of a module-level function such as `def main():`."""

    def __init__(self, module: cst.Module, parent: "BlockReader | None" = None, block: cst.FunctionDef | None = None):
        if parent is None:
            self.wrapper = MetadataWrapper(module, unsafe_skip_copy=True)  # a fresh parse, read by this block only
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
        self._taken_names: set | None = None  # what new_name has handed out, and what the program binds
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
        self.edits = Edits()  # what the output writes differently from the input
        self.global_seed = False
        self.unseeded: list = []  # random op calls without an op seed
        self.helper_random: dict = {}  # variable helpers whose initial values come from random ops
        self.tf_import_added = False
        self.is_session_script = False
        self.hoisted_names: set = set()  # names the translation gives to variables written inside expressions
        self.sub_blocks: list = []  # loops, ifs, withs holding a Session program of their own
        self._states: dict = {}  # pattern name -> its State for this block
        self.derived: dict = {}  # facts computed once from the whole program (name_scopes.py)
        self.stands_for: dict = {}  # id(node a pattern wrote) -> the script's node it is read for (its position)


    def new_name(self, base: str, keep: bool = True) -> str:
        """A name the program binds nowhere (its module, this block) and no pattern was given
        yet; keep=False: a temporary the next request may be given again."""
        if self._taken_names is None:
            self._taken_names = {asg.name for asg in self.module_scope.assignments} | \
                                {asg.name for asg in self.global_scope.assignments}
        name = fresh(base, self._taken_names)
        if keep:
            self._taken_names.add(name)
        return name
    def state(self, pattern):
        """`pattern`'s own state for this block (pattern.py)."""
        found = self._states.get(pattern.name)
        if found is None:
            found = self._states[pattern.name] = pattern.State()
        return found

    # ------------------------------------------------------------------ helpers
    def line(self, node) -> int:
        try:
            return self.pos[self.stands_for.get(id(node), node)].start.line
        except KeyError:
            return 0

    def col(self, node) -> int:
        try:
            return self.pos[self.stands_for.get(id(node), node)].start.column
        except KeyError:
            return 0

    def problem(self, node, reason):
        if isinstance(node, int):
            self.problems.append((node, 0, reason))
        else:
            self.problems.append((self.line(node), self.col(node), reason))

    def ask(self, hook: str, *args):
        """A question to the patterns (a hook of pattern.py), answered by the first that knows."""
        return registry.first(hook, *args)

    def tell(self, hook: str, *args) -> None:
        """News for every pattern (a hook of pattern.py), in registry order."""
        registry.each(hook, *args)

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

    def check_nested(self, value, top_path):
        """Graph constructs inside an expression that the translation cannot take apart."""
        outer = self

        class Nested(cst.CSTVisitor):
            def visit_Call(self, node):
                if node is value:
                    return True
                if outer.fetches_collection(node):  # the list of its variables (patterns/fetch_structure.py)
                    for arg in node.args[1:]:
                        arg.visit(self)
                    return False
                path = outer.call_path(node)
                if path in G.CREATES_STATE or path == G.GRADIENTS or path in N.SESSION:
                    outer.problem(node, f"tf.{path}(...) inside an expression")
                elif path is not None:
                    outer.refuse(path, node)
                if isinstance(node.func, cst.Attribute) and node.func.attr.value == "minimize":
                    outer.problem(node, "minimize() inside an expression")
                return True

        value.visit(Nested())

    def fetches_collection(self, call) -> bool:
        """`sess.run(tf.trainable_variables(), ...)`: a Session.run whose fetch is a collection of variables."""
        return isinstance(call.func, cst.Attribute) and call.func.attr.value == "run" \
            and isinstance(call.func.value, cst.Name) and call.func.value.value in self.session_names \
            and bool(call.args) and call.args[0].keyword is None and isinstance(call.args[0].value, cst.Call) \
            and self.call_path(call.args[0].value) in V.FUNCTIONS and not call.args[0].value.args

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
        if registry.first("python_value", self, node):
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
        registry.each("new_statement", self, g, item, env)
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
            for call in called_names(todo.pop(), defs):
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
                else:
                    drawn, seed = RG.sampled_loss_seed(path, {a.keyword.value: a.value for a in c.args if a.keyword})
                    if drawn:
                        found.append(c)
                        if seed is None:
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
