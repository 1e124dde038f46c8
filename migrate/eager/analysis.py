"""Read a Session script (stage 1's output) into the picture of model.py.

The block's top-level statements are flattened into Items (patterns/segments.py). Each
simple statement is offered to the patterns in registry order (registry.py): the first
that claims it owns it; a graph value no pattern claims gets its kind and record from
the pattern that knows it (`graph_kind`), with the statements it reads (`deps`); every
sess.run, .eval() and .run() becomes a Site (patterns/session_run.py, interactive.py).

Anything the analysis does not understand is a Problem (line, column, reason); the
translator then falls back to migrate's compat output and reports each problem.
"""
from __future__ import annotations

import libcst as cst

from migrate.eager import checks, names as N, registry
from migrate.eager.model import Item, KEPT, Kind
from migrate.eager.pattern import CLAIMED, PYTHON_VALUE
from migrate.eager.reading import BlockReader
from migrate.tables import graph_api as G

_AUG_OPERATORS = {cst.AddAssign: cst.Add, cst.SubtractAssign: cst.Subtract, cst.MultiplyAssign: cst.Multiply,
                  cst.DivideAssign: cst.Divide, cst.PowerAssign: cst.Power,
                  cst.MatrixMultiplyAssign: cst.MatrixMultiply}
_SINGLE_NAME_KINDS = (Kind.PLACEHOLDER, Kind.INIT, Kind.OPTIMIZER, Kind.VARIABLE, Kind.TRAIN)


class Analysis(BlockReader):
    """The walk over one program block (reading.py has what it knows and asks)."""

    def run(self):
        registry.first("flatten", self)
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
        registry.each("link", self)
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
        registry.each("read_python", self, small, item, env)
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
        if registry.claimed("claim_import", self, small, item):
            return True
        mod = N.dotted(small.module)
        if mod == "tensorflow.python.framework" and not isinstance(small.names, cst.ImportStar) \
                and [alias.name.value for alias in small.names] == ["ops"]:
            self.edits.dropped_imports.add(item.idx)
            return True
        if mod is None or not (mod == "tensorflow" or mod.startswith("tensorflow.")):
            return False
        if isinstance(small.names, cst.ImportStar):
            self.problem(small, "`from tensorflow... import *` hides which names are TensorFlow's")
            return True
        if "" in self.r.aliases.values() or self.tf_import_added:
            self.edits.dropped_imports.add(item.idx)
        else:
            self.edits.replaced_imports[item.idx] = f"import tensorflow as {self.r.primary}"
            self.tf_import_added = True
        self.notes.append((item.start, "eager-import", "names imported from tensorflow one by one are written "
                                                       f"{self.r.primary}.<name>"))
        return True

    def expression_statement(self, small: cst.Expr, item, env) -> bool:
        value = small.value
        path = self.call_path(value)
        if registry.claimed("claim_expression", self, small, item, path, env):
            return True
        if path is None or N.is_python_side(path):  # Python code that creates graph state is not seen
            self.check_nested(value, None)
        if path in N.SEED:
            self.global_seed = True
        elif path is not None and not N.is_python_side(path):
            if not self.refuse(path, value):
                self.problem(value, f"tf.{path}(...) is called for its effect on the graph")
            return True
        registry.each("read_python", self, small, item, env)
        return False

    def assignment(self, small: cst.Assign, item: Item, env: dict) -> bool:
        value = small.value
        if len(small.targets) != 1:
            if self.is_graph_expr(value, env):
                self.problem(small, "chained assignment of a graph value")
                return True
            registry.each("read_python", self, small, item, env)
            return False
        target = small.targets[0].target
        path = self.call_path(value)
        if registry.claimed("claim_assignment", self, small, target, item, path, env):
            return True
        subscript = None
        for pattern in registry.PATTERNS:
            refined = pattern.refine_value(self, small, target, value, path, item, env)
            if refined is PYTHON_VALUE:
                return self.python_assignment(small, target, item, env)
            if refined is not None:
                value, path, subscript = refined
        graph = path is not None and not N.is_python_side(path) or self.is_graph_expr(value, env)
        python = registry.first("runs_graph", self, value, env) or registry.first("feeds_graph", self, value, env)
        if not graph or python:
            # a Python value (v = sess.run(t) is one: computed by running the graph)
            return self.python_assignment(small, target, item, env)
        return self.graph_assignment(small, target, value, path, subscript, item, env)

    def python_assignment(self, small, target, item, env) -> bool:
        """`target = <Python value>`: the sites it runs are read, its names are no graph names."""
        registry.each("read_python", self, small, item, env)
        for name in self.target_names(target) or []:
            env.pop(name, None)
        return False

    def graph_assignment(self, small, target, value, path, subscript, item, env) -> bool:
        names = self.target_names(target)
        if names is None:
            kept = target.target if isinstance(target, cst.AssignTarget) else target
            if isinstance(kept, cst.Attribute):
                self.problem(small, f"a graph value assigned to an attribute (`{cst.Module([]).code_for_node(kept)}`): "
                                    "graph values kept in an object (a class that builds the graph) are not followed")
            else:
                self.problem(small, "a graph value assigned to something other than names")
            return True
        for node in self.target_nodes(target):
            self.accounted.add(node)
        if registry.claimed("claim_graph_assignment", self, small, names, value, path, item, env):
            return True
        registry.each("observe_graph_value", self, path, value)
        read = registry.first("graph_kind", self, value, path, subscript, names, env)
        if read is CLAIMED or read is None and path is not None and self.refuse(path, value):
            return True
        kind, info = read if read is not None else (Kind.TENSOR, None)
        if kind in _SINGLE_NAME_KINDS and len(names) != 1:
            self.problem(small, f"a {kind} unpacked into several names")
            return True
        statement = None
        if kind == Kind.TENSOR:
            value, statement = registry.first("tensor_statement", self, item, names, value, env) or (value, None)
        for checked in registry.first("nested_parts", self, value, info, env) or [value]:
            self.check_nested(checked, path)
        if kind == Kind.TENSOR:
            taken = registry.first("tensor_record", self, value, item) if info is None else None
            if taken is None:
                registry.each("check_tensor", self, value)
            info = taken or info
        g = self.make_gstmt(item, kind, names, value, env)
        g.info = info
        if statement is not None:
            g.node = statement
        if kind not in KEPT:
            item.drop = True
        for name in names:
            env[name] = g
        return True

    def python_compound(self, item, env):
        """A loop, if, with, def...: Python code that may run the graph but must not build it."""
        if item.node in self.skip_defs:
            return  # analysed as a program of its own
        if registry.claimed("claim_compound", self, item, env):
            return
        item.node.visit(_GraphInsideBlock(self, item.node, env))
        registry.each("read_python", self, item.node, item, env)


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
        if registry.first("feeds_graph", a, asg.value, env):  # a feed dict: Python (patterns/feed_sources.py)
            return True
        path = a.call_path(asg.value)
        if (path is None or N.is_python_side(path)) and a.is_graph_expr(asg.value, env) \
                and not registry.first("runs_graph", a, asg.value, env) and not inside_def:
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
            if path in N.SESSION and node in self.a.edits.unwrapped_withs:
                continue  # a Session on the module's graph, dissolved (patterns/run_blocks.py)
            if path in N.SESSION:
                self.a.problem(node, "a Session opened inside a block (loop, if, def)")
            elif path == G.VARIABLE_SCOPE and isinstance(self.node, cst.FunctionDef):
                continue  # a helper def's own scope: its get_variable calls decide (patterns/tf1_islands.py)
            elif path is not None:
                self.a.refuse(path, node)
        return True
