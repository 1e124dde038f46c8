"""A class that builds the graph in `__init__` on `self` attributes, made once and run by a
Session (`sess.run(model.loss, feed_dict={model.x: X})`, or `self.sess.run(...)` in its own
methods) -> a `tf.Module` holding the variables, its run functions methods.

The stage reads module-level graph programs, so the class is read as one: before stage 2
reads the file (`dissolve_source`), the class's `__init__` body (with the bodies of the
methods it calls once to build the graph, `self.build_graph()`) is written where the
instance is made (a module-level instance) or where the class stands (an instance made in
a def or block), with `self.x` spelled `self__x` and its parameters bound to the
instance's arguments; its methods become module-level defs (`def self__fit(xs)`), and
`model.x` / `model.fit(...)` outside it are those names; a session handed to `__init__`
(`Model(sess)`, `self.sess = sess`) is the script's session. The translation of that
program is folded back (`restore_source`): what stays of `__init__` (variables,
optimizers, layers) is `__init__` again, on `self`; the run functions that read it, and the
class's own methods, are its methods; the instance's uses read its attributes
(`model.train_step(...)`).

Refused, with the reason: a class made more than once (or in a loop, or inside a def or a
block from arguments that are neither literals nor module-level constants), its instance
or `self` used other than through attributes (`return self` aside), class attributes,
decorated methods, a run function that reads a constructor parameter, and TensorFlow
called between the class and an instance made in a def or block (the graph's ops would
be built before it).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import libcst as cst
from libcst.metadata import MetadataWrapper, ParentNodeProvider, PositionProvider

from migrate import imports
from migrate.node_helpers import all_calls, all_names
from migrate.eager.pattern import Pattern

MANGLE = "self__"
BEGIN = "__graph_class_begin__"
END = "__graph_class_end__"
INSTANCE = "__graph_class_instance__"
SELF = "__graph_class_self__"  # `self` returned by a method (`return self`)
PLACE = "__graph_class_place__"  # where the class stands when its graph is read where its instance is made
_SEED_CALLS = {"set_random_seed", "set_seed"}


class Refused(Exception):
    """The class cannot be translated: (line, reason)."""

    def __init__(self, line: int, reason: str):
        super().__init__(reason)
        self.line = line
        self.reason = reason


@dataclass
class GraphClass:
    """The one class of a file that builds the graph, and the program it was read as."""
    name: str = ""
    line: int = 0  # the class statement's line in stage 1's code
    instance: str = ""  # the name its one instance is bound to
    instance_statement: cst.BaseStatement | None = None
    params: list = field(default_factory=list)  # __init__'s parameters (self aside)
    init: cst.FunctionDef | None = None
    node: cst.ClassDef | None = None
    methods: list = field(default_factory=list)  # the class's own methods, by name
    flat: str = ""  # the class read as a module-level program
    lines: dict = field(default_factory=dict)  # flat line -> line of stage 1's code
    refusal: tuple | None = None  # (line, reason) where the class cannot be read as a program
    renamed: dict = field(default_factory=dict)  # a function's flat name -> its method name
    user_defs: set = field(default_factory=set)  # the file's own module-level defs: never methods
    same_names: set = field(default_factory=set)  # parameters given the module-level name they bear
    session_params: dict = field(default_factory=dict)  # a parameter given the Session or a placeholder -> its index

    def original_line(self, line: int) -> int:
        return self.lines.get(line, line) if line > 0 else line

    def message(self, text: str) -> str:
        """A finding's text about the flat program, in the class's words."""
        for flat, method in sorted(self.renamed.items(), key=lambda kv: -len(kv[0])):
            text = text.replace(flat, method)
        return text.replace(MANGLE, "self.")


class GraphClasses(Pattern):
    name = "graph_classes"
    summary = "a class that builds the graph in __init__ (self.x = tf.placeholder(...)) -> a tf.Module, its runs methods"

    def dissolve_source(self, source: str):
        """The GraphClass of `source` (its `flat` program, or its `refusal`), or None."""
        if MANGLE not in source and BEGIN not in source and "class " in source:
            try:
                return _dissolve(source)
            except Refused as refused:
                return GraphClass(refusal=(refused.line, refused.reason))
        return None

    def restore_source(self, code: str, record: GraphClass):
        """(the translation of record.flat folded back into the class, None) or (None, (line, reason))."""
        try:
            return _restore(code, record), None
        except Refused as refused:
            return None, (refused.line, refused.reason)


PATTERN = GraphClasses()


# ---------------------------------------------------------------------------- reading
def _tf_names(module: cst.Module) -> set:
    return {local for local, target in imports.collect(module).cheap_map().items() if imports.is_tf(target)}


def _calls_tf(node, tf_names) -> bool:
    return any((base := imports.chain(call.func)[0]) is not None and base.value in tf_names
               for call in all_calls(node))


def _graph_class(module: cst.Module, tf_names: set):
    found = []
    for stmt in module.body:
        if isinstance(stmt, cst.ClassDef) and isinstance(stmt.body, cst.IndentedBlock):
            inits = [m for m in stmt.body.body if isinstance(m, cst.FunctionDef) and m.name.value == "__init__"]
            if inits and _calls_tf(inits[0], tf_names) and _assigns_self(inits[0]):
                found.append(stmt)
    return found


def _assigns_self(init: cst.FunctionDef) -> bool:
    found = []

    class Targets(cst.CSTVisitor):
        def visit_AssignTarget(self, target):
            if isinstance(target.target, cst.Attribute) and isinstance(target.target.value, cst.Name) \
                    and target.target.value.value == "self":
                found.append(target)

    init.visit(Targets())
    return bool(found)


def _literal(node) -> bool:
    if isinstance(node, (cst.Integer, cst.Float, cst.SimpleString)):
        return True
    if isinstance(node, cst.Name):
        return node.value in ("True", "False", "None")
    return isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus) \
        and isinstance(node.expression, (cst.Integer, cst.Float))


class _SelfAttributes(cst.CSTTransformer):
    """`self.x` -> `self__x` (and `owner.x` for the instance's name outside the class)."""

    def __init__(self, owner: str, line_of, where: str, sessions=None):
        super().__init__()
        self.owner = owner
        self.line_of = line_of
        self.where = where
        self.sessions = sessions or {}  # an attribute holding the session handed to __init__ -> its name

    def visit_Attribute(self, node):
        if isinstance(node.value, cst.Name) and node.value.value == self.owner:
            return False
        return True

    def leave_Attribute(self, original, updated):
        if isinstance(updated.value, cst.Name) and updated.value.value == self.owner:
            if updated.attr.value in self.sessions:
                return cst.Name(self.sessions[updated.attr.value])
            return cst.Name(MANGLE + updated.attr.value)
        return updated

    def visit_Return(self, node):  # `return self` (a fluent method): the instance, written back (SELF)
        if self.owner == "self" and isinstance(node.value, cst.Name) and node.value.value == "self":
            return False
        return True

    def leave_Return(self, original, updated):
        if self.owner == "self" and isinstance(original.value, cst.Name) and original.value.value == "self":
            return updated.with_changes(value=cst.Name(SELF))
        return updated

    def leave_Name(self, original, updated):
        if updated.value == self.owner:
            raise Refused(self.line_of(original), f"`{self.owner}` is used {self.where} other than through its "
                                                  f"attributes (`{self.owner}.x`): the class's graph is read as "
                                                  "a program of its own, its instance as the names it holds")
        return updated


def _dissolve(source: str):
    module = cst.parse_module(source)
    tf_names = _tf_names(module)
    classes = _graph_class(module, tf_names)
    if not classes:
        return None
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    positions = wrapper.resolve(PositionProvider)
    parents = wrapper.resolve(ParentNodeProvider)

    def line_of(node):
        while node not in positions and node in parents:
            node = parents[node]
        return positions[node].start.line if node in positions else 0

    record, members = _read_class(classes, line_of)
    cls, where = record.node, f"class {record.name}"
    instance = _the_instance(module, record, line_of, parents)
    at_instance = record.instance_statement in module.body  # a module-level instance: read where it is made
    bindings = _bindings(module, record, instance.value, line_of, at_instance)
    _check_names(module, record, source, bindings)
    if not at_instance:
        _check_between(module, record, line_of, tf_names)
    sessions, handed = _session_parameters(module, record, bindings, tf_names, at_instance)
    bindings = [(name, value) for name, value in bindings if name not in record.session_params]
    mangle = _SelfAttributes("self", line_of, f"in {where}'s methods", sessions)
    builders = _builders(cls, members, record)
    region = [(_marker(BEGIN, record.name), record.line)]
    for name, value in bindings:
        if isinstance(value, cst.Name) and value.value == name:  # `Model(data)` into `data`: nothing to bind
            record.same_names.add(name)
            continue
        region.append((cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(cst.Name(name))], value)]),
                       line_of(record.instance_statement) if at_instance else record.line))
    for inner in _init_statements(record.init.body.body, builders):
        if inner not in handed:
            region.append((inner.visit(mangle), line_of(inner)))
    region.append((_marker(END, record.name), record.line))
    built_with = set()  # the methods __init__ calls: before the graph they build, the others after it
    for node, _ in region:
        built_with |= _loads(node)
    helpers = []
    for member in members:
        if member is record.init or member.name.value in builders:
            continue
        method = member.with_changes(name=cst.Name(MANGLE + member.name.value),
                                     params=member.params.with_changes(params=member.params.params[1:]),
                                     leading_lines=[cst.EmptyLine()])
        if MANGLE + member.name.value in built_with:
            helpers.append((method.visit(mangle), line_of(member)))
        else:
            region.append((method.visit(mangle), line_of(member)))
    region[:0] = helpers
    flat_nodes = []  # (node, line in stage 1's code of its first line)
    for stmt in module.body:
        if stmt is cls:
            if at_instance:
                flat_nodes.append((_marker(PLACE, record.name, leading=cls.leading_lines), record.line))
            else:
                region[0] = (region[0][0].with_changes(leading_lines=cls.leading_lines), region[0][1])
                flat_nodes += region
            continue
        if at_instance and stmt is record.instance_statement:
            region[0] = (region[0][0].with_changes(leading_lines=stmt.leading_lines), region[0][1])
            flat_nodes += region
            flat_nodes.append((_marker(INSTANCE, record.instance), line_of(stmt)))
            continue
        outside = _SelfAttributes(record.instance, line_of, "outside the class", sessions)
        flat_nodes.append((_replace_instance(stmt, record).visit(outside), line_of(stmt)))
    flat = cst.Module(body=[n for n, _ in flat_nodes], header=module.header, footer=module.footer,
                      default_indent=module.default_indent, default_newline=module.default_newline)
    record.flat = flat.code
    record.user_defs = {s.name.value for s in module.body if isinstance(s, cst.FunctionDef)}
    _map_lines(record, flat, flat_nodes, module)
    return record


def _read_class(classes, line_of) -> tuple:
    """The one graph class's record and its members (docstring aside), or Refused."""
    cls = classes[0]
    if len(classes) > 1:
        raise Refused(line_of(classes[1]), "two classes build the graph in __init__: one class is read as the "
                                           "program")
    record = GraphClass(name=cls.name.value, line=line_of(cls), node=cls)
    where = f"class {record.name}"
    if cls.decorators:
        raise Refused(record.line, f"{where} is decorated")
    bases = [b.value for b in cls.bases]
    if cls.keywords or any(not (isinstance(b, cst.Name) and b.value == "object") for b in bases):
        raise Refused(record.line, f"{where} derives from another class: only its own __init__ is read")
    members = list(cls.body.body)
    if members and _is_docstring(members[0]):
        members = members[1:]
    for member in members:
        if not isinstance(member, cst.FunctionDef):
            raise Refused(line_of(member), f"{where} has class attributes: only methods are read")
        if member.decorators:
            raise Refused(line_of(member), f"method `{member.name.value}` of {where} is decorated")
        params = member.params
        if params.star_arg not in (None, cst.MaybeSentinel.DEFAULT) or params.star_kwarg or params.kwonly_params \
                or params.posonly_params or not params.params or params.params[0].name.value != "self":
            raise Refused(line_of(member), f"method `{member.name.value}` of {where} takes parameters other than "
                                           "self and plain ones")
        if member.name.value == "__init__":
            record.init = member
        elif member.name.value.startswith("__"):
            raise Refused(line_of(member), f"{where} defines `{member.name.value}`")
        else:
            record.methods.append(member.name.value)
    record.params = [p.name.value for p in record.init.params.params[1:]]
    return record, members


def _map_lines(record: GraphClass, flat: cst.Module, flat_nodes, module: cst.Module):
    """record.lines: each line of the flat program -> its line in stage 1's code."""
    line = _header_lines(module) + 1
    for node, start in flat_nodes:
        text = flat.code_for_node(node)
        leading = len(node.leading_lines) if hasattr(node, "leading_lines") else 0
        for i in range(text.count("\n")):
            record.lines[line + i] = max(1, start - leading + i) if i < leading else start + (i - leading)
        line += text.count("\n")


def _builders(cls: cst.ClassDef, members, record: GraphClass) -> dict:
    """Methods that only build the graph: called once, `self.build()` alone on a line of
    __init__ (or of another such method), self their only parameter; their bodies are read
    as __init__'s."""
    calls: dict = {}

    class SelfCalls(cst.CSTVisitor):
        def visit_Attribute(self, node):
            if isinstance(node.value, cst.Name) and node.value.value == "self":
                calls[node.attr.value] = calls.get(node.attr.value, 0) + 1

    cls.visit(SelfCalls())
    by_name = {m.name.value: m for m in members if m is not record.init}
    builders = {}
    pending = [record.init]
    while pending:
        fn = pending.pop()
        for stmt in fn.body.body:
            name = _self_call(stmt)
            if name in by_name and calls.get(name) == 1 and len(by_name[name].params.params) == 1 \
                    and name not in builders and not _returns(by_name[name]):
                builders[name] = by_name[name]
                pending.append(by_name[name])
    for name in builders:
        record.methods.remove(name)
    return builders


def _returns(fn: cst.FunctionDef) -> bool:
    found = []

    class Returns(cst.CSTVisitor):
        def visit_FunctionDef(self, node):
            return node is fn

        def visit_Return(self, node):
            found.append(node)

    fn.visit(Returns())
    return bool(found)


def _self_call(stmt):
    """`name` for a line `self.name()`, else None."""
    if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Expr):
        call = stmt.body[0].value
        if isinstance(call, cst.Call) and not call.args and isinstance(call.func, cst.Attribute) \
                and isinstance(call.func.value, cst.Name) and call.func.value.value == "self":
            return call.func.attr.value
    return None


def _init_statements(body, builders):
    for stmt in body:
        if _is_docstring(stmt) or _is_super_init(stmt):
            continue
        name = _self_call(stmt)
        if name in builders:
            yield from _init_statements(builders[name].body.body, builders)
        else:
            yield stmt


def _header_lines(module: cst.Module) -> int:
    return sum(1 for _ in module.header)


def _is_docstring(stmt) -> bool:
    return isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Expr) \
        and isinstance(stmt.body[0].value, (cst.SimpleString, cst.ConcatenatedString))


def _is_super_init(stmt) -> bool:
    if not (isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Expr)):
        return False
    call = stmt.body[0].value
    return isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) and call.func.attr.value == "__init__" \
        and isinstance(call.func.value, cst.Call) and isinstance(call.func.value.func, cst.Name) \
        and call.func.value.func.value == "super"


def _marker(name: str, value: str, leading=()) -> cst.SimpleStatementLine:
    return cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(cst.Name(name))], cst.SimpleString(f'"{value}"'))],
                                   leading_lines=list(leading))


def _the_instance(module, record: GraphClass, line_of, parents) -> cst.Call:
    uses, made = [], []

    class Uses(cst.CSTVisitor):
        def visit_Name(self, node):
            if node.value == record.name:
                uses.append(node)

        def visit_Assign(self, asg):
            if isinstance(asg.value, cst.Call) and isinstance(asg.value.func, cst.Name) \
                    and asg.value.func.value == record.name:
                made.append(asg)

    module.visit(Uses())
    uses = [u for u in uses if u is not record.node.name]
    if len(uses) != 1 or len(made) != 1 or made[0].value.func is not uses[0]:
        line = line_of(uses[1]) if len(uses) > 1 else record.line
        raise Refused(line, f"class {record.name} is used other than made once (`model = {record.name}(...)`): "
                            "each instance would build its own graph ops")
    asg = made[0]
    if len(asg.targets) != 1 or not isinstance(asg.targets[0].target, cst.Name):
        raise Refused(line_of(asg), f"the instance of class {record.name} is not bound to one name")
    record.instance = asg.targets[0].target.value
    node = asg
    while node in parents:
        node = parents[node]
        if isinstance(node, (cst.For, cst.While, cst.Lambda, cst.ListComp, cst.GeneratorExp, cst.ClassDef)):
            raise Refused(line_of(asg), f"class {record.name} is made inside a loop: each pass builds another graph")
        if isinstance(node, cst.SimpleStatementLine) and record.instance_statement is None:
            if len(node.body) != 1:
                raise Refused(line_of(asg), f"the instance of class {record.name} shares its line")
            record.instance_statement = node
    return asg


def _bindings(module, record: GraphClass, call: cst.Call, line_of, at_instance: bool):
    """[(parameter, value)] of __init__ for the one instance: any arguments where the graph is
    read where the instance is made (a module-level instance), else literals and names bound
    once to a literal before the class."""
    params = record.init.params.params[1:]
    values = {}
    for i, arg in enumerate(call.args):
        if arg.star:
            raise Refused(line_of(call), f"class {record.name} is made with *args or **kwargs")
        name = arg.keyword.value if arg.keyword is not None else (params[i].name.value if i < len(params) else None)
        if name is None or name not in record.params:
            raise Refused(line_of(call), f"class {record.name} is made with an argument __init__ does not take")
        values[name] = arg.value
    constants = _module_constants(module, record.node)
    bindings = []
    for p in params:
        value = values.get(p.name.value, p.default)
        if value is None:
            raise Refused(line_of(call), f"class {record.name} is made without its parameter `{p.name.value}`")
        given = p.name.value in values
        if _literal(value) or given and at_instance and not _loads(value) & {record.instance, "self"} \
                or isinstance(value, cst.Name) and value.value in constants:
            bindings.append((p.name.value, value))
            continue
        raise Refused(line_of(call), f"class {record.name} is made inside a def or a block with `{p.name.value}` "
                                     "neither a literal nor a module-level constant: its graph is read where the "
                                     "class stands, with its parameters' values")
    return bindings


def _session_parameters(module, record: GraphClass, bindings, tf_names, at_instance):
    """A Session handed to __init__ (`Model(sess)`, `self.sess = sess`): the attribute is the
    script's session itself, the parameter and its argument go (as for a helper def given the
    session: patterns/session_parameters.py). ({attribute: session name}, the statements kept)."""
    sessions = set()
    for stmt in module.body:
        if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Assign) \
                and isinstance(stmt.body[0].targets[0].target, cst.Name) and isinstance(stmt.body[0].value, cst.Call):
            base, attrs = imports.chain(stmt.body[0].value.func)
            if base is not None and base.value in tf_names and attrs and attrs[-1] in ("Session", "InteractiveSession"):
                sessions.add(stmt.body[0].targets[0].target.value)
    attributes, handed = {}, set()
    names = [p.name.value for p in record.init.params.params[1:]]
    for name, value in bindings:
        if not (at_instance and isinstance(value, cst.Name) and value.value in sessions):
            continue
        stores = [stmt for stmt in record.init.body.body if isinstance(stmt, cst.SimpleStatementLine)
                  and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Assign)
                  and isinstance(stmt.body[0].value, cst.Name) and stmt.body[0].value.value == name
                  and isinstance(stmt.body[0].targets[0].target, cst.Attribute)
                  and isinstance(stmt.body[0].targets[0].target.value, cst.Name)
                  and stmt.body[0].targets[0].target.value.value == "self"]
        if len(stores) != 1 or name in _loads(cst.Module(body=[s for s in record.init.body.body
                                                               if s is not stores[0]])):
            continue
        attributes[stores[0].body[0].targets[0].target.attr.value] = value.value
        handed.add(stores[0])
        record.session_params[name] = names.index(name)
    record.params = [p for p in record.params if p not in record.session_params]
    return attributes, handed


def _module_constants(module, before) -> set:
    """Names bound once at module level, to a literal, before the statement `before`."""
    constants = set()
    for stmt in module.body[:module.body.index(before)]:
        if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Assign) \
                and len(stmt.body[0].targets) == 1 and isinstance(stmt.body[0].targets[0].target, cst.Name) \
                and _literal(stmt.body[0].value):
            constants.add(stmt.body[0].targets[0].target.value)
    stored = _stored_names(module)
    return {n for n in constants if sum(1 for s in module.body if n in _stored_names(s)) == 1 and n in stored}


def _check_names(module, record: GraphClass, source: str, bindings):
    bound = set()

    class Bound(cst.CSTVisitor):
        def visit_Arg(self, node):  # a keyword is no name
            node.value.visit(self)
            return False

        def visit_Attribute(self, node):  # nor an attribute
            node.value.visit(self)
            return False

        def visit_Name(self, node):
            bound.add(node.value)

    for stmt in module.body:
        if stmt is not record.node:
            stmt.visit(Bound())
    same = {name for name, value in bindings if isinstance(value, cst.Name) and value.value == name}
    clash = sorted(set(record.params) & bound - same)
    if clash:
        raise Refused(record.line, f"the parameter `{clash[0]}` of {record.name}.__init__ is also a module-level "
                                   "name: its graph is read at module level")
    if INSTANCE in source or END in source or SELF in source:
        raise Refused(record.line, "the file already uses the names the class is read with")


def _check_between(module, record: GraphClass, line_of, tf_names):
    """Graph ops or a global seed between the class and its instance: built in another order."""
    start = module.body.index(record.node)
    top = record.instance_statement
    for stmt in module.body[start + 1:]:
        if stmt is top or _contains(stmt, top):
            return
        if _calls_tf(stmt, tf_names):
            raise Refused(line_of(stmt), f"TensorFlow is called between class {record.name} and its instance: the "
                                         "class's graph is read where the class stands, before it")


def _contains(outer, inner) -> bool:
    found = []

    class Find(cst.CSTVisitor):
        def on_visit(self, node):
            if node is inner:
                found.append(node)
            return not found

    outer.visit(Find())
    return bool(found)


def _replace_instance(stmt, record: GraphClass):
    class Replace(cst.CSTTransformer):
        def leave_SimpleStatementLine(self, original, updated):
            if original is record.instance_statement:
                return _marker(INSTANCE, record.instance, leading=updated.leading_lines)
            return updated

    if stmt is record.instance_statement:
        return _marker(INSTANCE, record.instance, leading=stmt.leading_lines)
    return stmt.visit(Replace())


# ---------------------------------------------------------------------------- folding back
def _method_names(body, functions: dict, attributes: set, record: GraphClass) -> list:
    """The flat program's functions that are the class's methods, in order: its own methods and
    the run functions that read its attributes or methods."""
    flat_defs = {MANGLE + m for m in record.methods}
    method_names = [n for n in functions if n in flat_defs]
    changed = True
    while changed:
        changed = False
        for name, fn in functions.items():
            if name not in method_names and name not in record.user_defs \
                    and _loads(fn) & (attributes | set(method_names)):
                method_names.append(name)
                changed = True
    method_names = [s.name.value for s in body if isinstance(s, cst.FunctionDef) and s.name.value in method_names]
    return method_names


def _init_method(region, members: dict, record: GraphClass) -> cst.FunctionDef:
    """__init__ again: super().__init__() and what stays of the graph (variables, optimizers,
    layers) on self, without the parameters that were graph inputs."""
    init_body = [cst.SimpleStatementLine([cst.Expr(cst.parse_expression("super().__init__()"))])]
    to_self = _ToSelf(members, set(), record)
    for stmt in region:
        init_body.append(stmt.visit(to_self))
    params = record.init.params.params
    kept_params = [p for i, p in enumerate(params) if i - 1 not in record.session_params.values()]
    read = _loads(cst.Module(body=init_body))
    for name in record.session_params:
        if name in read:
            raise Refused(record.line, f"the parameter `{name}` of {record.name}.__init__ is given a graph value "
                                       "that __init__ also reads as Python")
    if len(kept_params) != len(params):
        kept_params[-1] = kept_params[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    init = record.init.with_changes(body=record.init.body.with_changes(body=init_body),
                                    params=record.init.params.with_changes(params=kept_params),
                                    leading_lines=record.init.leading_lines)
    return init


def _class_leading_lines(cls: cst.ClassDef, body, place: int, begin: int, method_names) -> tuple:
    """The class with the leading lines of where it stands (two blank lines above it), and the
    index of the first statement of its program (its helper methods stand before its graph)."""
    first = begin  # the class's helper methods stand before its graph, the first holding its leading lines
    while first > 0 and isinstance(body[first - 1], cst.FunctionDef) and body[first - 1].name.value in method_names:
        first -= 1
    if place != begin:
        cls = cls.with_changes(leading_lines=body[place].leading_lines)
    else:
        cls = cls.with_changes(leading_lines=body[first].leading_lines)
    blank = 0
    while blank < len(cls.leading_lines) and cls.leading_lines[blank].comment is None:
        blank += 1
    if blank < 2 and place > 0:  # two blank lines above a top-level class
        cls = cls.with_changes(leading_lines=[cst.EmptyLine()] * (2 - blank) + list(cls.leading_lines))
    return cls, first


def _restore(code: str, record: GraphClass) -> str:
    module = cst.parse_module(code)
    body = list(module.body)
    begin = _marker_index(body, BEGIN, record)
    end = _marker_index(body, END, record)
    region = body[begin + 1:end]
    kept = set()
    while region and _stored_names(region[0]) & set(record.params):  # the parameters' bindings (those kept)
        kept |= _stored_names(region[0])
        region = region[1:]
    module_names = set().union(*(_stored_names(s) for s in body if not isinstance(s, cst.FunctionDef)))
    kept |= record.same_names & module_names
    names = [p.name.value for p in record.init.params.params[1:]]
    for name in set(record.params) - kept:  # a graph input (a placeholder handed to __init__): it goes
        record.session_params[name] = names.index(name)
    attributes = set().union(*(_stored_names(stmt) for stmt in region))
    flat_defs = {MANGLE + m for m in record.methods}
    functions = {s.name.value: s for s in body if isinstance(s, cst.FunctionDef)}
    method_names = _method_names(body, functions, attributes, record)
    renamed = {}
    for name in method_names:
        renamed[name] = name[len(MANGLE):] if name in flat_defs else name.replace(MANGLE, "")
    attr_names = {a: a.replace(MANGLE, "", 1) if a.startswith(MANGLE) else a for a in attributes}
    taken = list(renamed.values()) + list(attr_names.values())
    if len(set(taken)) != len(taken):
        twice = sorted(n for n in set(taken) if taken.count(n) > 1)[0]
        raise Refused(record.line, f"class {record.name} would hold two members named `{twice}`")
    record.renamed = {k: v for k, v in renamed.items() if k != v}
    members = {**attr_names, **renamed}
    tf_name = sorted(_tf_names(module))[0] if _tf_names(module) else "tf"
    # module-level statements the translation wrote after the class's program that only its
    # methods' decorators read (`signature = [...]`): before the class; one reading a
    # constructor parameter is left out with the input_signature that read it
    decorated = set()
    for name in method_names:
        for d in functions[name].decorators:
            decorated |= _loads(d)
    params = set(record.params)
    moved_before, dropped = [], []
    for stmt in body[end + 1:]:
        targets = _stored_names(stmt) if isinstance(stmt, cst.SimpleStatementLine) else set()
        if targets and targets <= decorated and not _reads_any(_outside_methods(body, stmt, method_names), targets):
            (dropped if _loads(stmt) & params else moved_before).append(stmt)
    param_names = params | {n for s in dropped for n in _stored_names(s)}
    methods = [_method(functions[name], renamed[name], members, record, param_names) for name in method_names]
    init = _init_method(region, members, record)
    members_code = []
    first = record.node.body.body[0]
    if _is_docstring(first):
        members_code.append(first)
    members_code.append(init)
    for method in methods:
        members_code.append(method.with_changes(leading_lines=[cst.EmptyLine(indent=False)]))
    cls = record.node.with_changes(bases=[cst.Arg(cst.parse_expression(f"{tf_name}.Module"))],
                                   lpar=cst.MaybeSentinel.DEFAULT, rpar=cst.MaybeSentinel.DEFAULT,
                                   body=record.node.body.with_changes(body=members_code))
    outside = _ToInstance(members, record)
    written = []
    place = _marker_index(body, PLACE, record) if any(_is_marker(s, PLACE) for s in body) else begin
    cls, first = _class_leading_lines(cls, body, place, begin, method_names)
    for i, stmt in enumerate(body):
        if i == place:
            written += [s.visit(outside) for s in moved_before]
            written.append(cls)
        elif begin <= i <= end or stmt in moved_before or stmt in dropped \
                or isinstance(stmt, cst.FunctionDef) and stmt.name.value in method_names:
            continue
        elif place != begin and _is_marker(stmt, INSTANCE):  # the instance, where it was
            written.append(stmt.visit(outside).with_changes(leading_lines=body[first].leading_lines))
        else:
            written.append(stmt.visit(outside))
    result = module.with_changes(body=written).code
    left = re.search(MANGLE + r"(\w+)", result)
    if left or INSTANCE in result:
        what = f"`self.{left.group(1)}`" if left else "its instance"
        raise Refused(record.line, f"{what} of class {record.name} is read where the translation holds no "
                                   "instance (a module-level value computed from it)")
    return result


def _is_marker(stmt, name) -> bool:
    return isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Assign) \
        and isinstance(stmt.body[0].targets[0].target, cst.Name) and stmt.body[0].targets[0].target.value == name


def _marker_index(body, name, record) -> int:
    for i, stmt in enumerate(body):
        if _is_marker(stmt, name):
            return i
    raise Refused(record.line, f"the translation of class {record.name}'s graph is not a module-level program")


def _stored_names(node) -> set:
    found = set()

    class Stores(cst.CSTVisitor):
        def visit_FunctionDef(self, fn):
            return False

        def visit_AssignTarget(self, target):
            for n in _target_names(target.target):
                found.add(n)

        def visit_AugAssign(self, asg):
            found.update(_target_names(asg.target))

        def visit_AnnAssign(self, asg):
            found.update(_target_names(asg.target))

    node.visit(Stores())
    return found


def _target_names(target):
    if isinstance(target, cst.Name):
        return [target.value]
    if isinstance(target, (cst.Tuple, cst.List)):
        return [n for el in target.elements for n in _target_names(el.value)]
    return []


def _loads(fn) -> set:
    return {n.value for n in all_names(fn)}


def _reads_any(node, names) -> bool:
    return bool(_loads(node) & set(names))


def _outside_methods(body, stmt, method_names):
    """The module's statements other than `stmt` and the methods' defs (a Module to read)."""
    return cst.Module(body=[s for s in body if s is not stmt and not (isinstance(s, cst.FunctionDef)
                                                                         and s.name.value in method_names)])


def _local_names(fn: cst.FunctionDef) -> set:
    names = {p.name.value for p in fn.params.params}
    return names | _stored_names(fn.body)


class _ToSelf(cst.CSTTransformer):
    """Inside the class: a member's name -> `self.<member>`; a flat local -> its own name."""

    def __init__(self, members: dict, local: set, record: GraphClass):
        super().__init__()
        self.members = members
        self.local = local
        self.record = record

    def leave_Param(self, original, updated):
        if updated.name.value.startswith(MANGLE):
            return updated.with_changes(name=cst.Name(updated.name.value[len(MANGLE):]))
        return updated

    def leave_Name(self, original, updated):
        name = updated.value
        if name == SELF:
            return updated.with_changes(value="self")
        if name in self.local:
            return updated.with_changes(value=name.replace(MANGLE, "", 1)) if name.startswith(MANGLE) else updated
        if name in self.members:
            return cst.Attribute(cst.Name("self"), cst.Name(self.members[name]))
        return updated

    def leave_Attribute(self, original, updated):  # keep `x.name` attribute names as they are
        if isinstance(original.attr, cst.Name) and original.attr.value != getattr(updated.attr, "value", None):
            return updated.with_changes(attr=original.attr)
        return updated

    def leave_SimpleString(self, original, updated):  # a feed's key, an argument's name (`"self__x"`)
        quote = updated.value[0]
        if updated.value.startswith(quote + MANGLE) and updated.value[1:-1].isidentifier():
            return updated.with_changes(value=quote + updated.value[1 + len(MANGLE):])
        return updated

    def leave_Arg(self, original, updated):  # keywords are not names
        if original.keyword is not None:
            return updated.with_changes(keyword=original.keyword)
        return updated


class _ToInstance(_ToSelf):
    """Outside the class: a member's name -> `<instance>.<member>`; the instance's marker -> its statement."""

    def __init__(self, members: dict, record: GraphClass):
        super().__init__(members, set(), record)

    def leave_SimpleStatementLine(self, original, updated):
        if len(original.body) == 1 and isinstance(original.body[0], cst.Assign) \
                and isinstance(original.body[0].targets[0].target, cst.Name) \
                and original.body[0].targets[0].target.value == INSTANCE:
            return _without_session_arguments(self.record).with_changes(leading_lines=updated.leading_lines)
        return updated

    def leave_Name(self, original, updated):
        if updated.value in self.members:
            return cst.Attribute(cst.Name(self.record.instance), cst.Name(self.members[updated.value]))
        return updated

    def leave_FunctionDef(self, original, updated):
        return updated

    def leave_Param(self, original, updated):
        return updated


def _without_session_arguments(record: GraphClass):
    """The instance's statement without the arguments that handed __init__ the session."""
    statement = record.instance_statement
    if not record.session_params:
        return statement
    names = [p.name.value for p in record.init.params.params[1:]]
    asg = statement.body[0]
    args = [a for i, a in enumerate(asg.value.args)
            if (a.keyword.value if a.keyword is not None else names[i]) not in record.session_params]
    if args:
        args[-1] = args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return statement.with_changes(body=[asg.with_changes(value=asg.value.with_changes(args=args))])


def _method(fn: cst.FunctionDef, name: str, members: dict, record: GraphClass, param_names) -> cst.FunctionDef:
    params = set(record.params)
    local = _local_names(fn)
    if _loads(fn.body) & params - local:
        raise Refused(record.line, f"`{name}` reads a parameter of {record.name}.__init__ "
                                   f"(`{sorted(_loads(fn.body) & params)[0]}`), which only __init__ holds")
    unmangled = [n.replace(MANGLE, "", 1) for n in local]
    if len(set(unmangled)) != len(unmangled) or "self" in unmangled:
        raise Refused(record.line, f"`{name}` would have two locals of one name once `self.` is taken off")
    body = fn.body.visit(_ToSelf(members, local, record))
    new_params = [p.visit(_ToSelf(members, local, record)) for p in fn.params.params]
    decorators = [_without_parameter_signature(d, param_names) for d in fn.decorators]
    return fn.with_changes(name=cst.Name(name), body=body, decorators=decorators,
                           params=fn.params.with_changes(params=[cst.Param(cst.Name("self"))] + new_params))


def _without_parameter_signature(decorator: cst.Decorator, params: set) -> cst.Decorator:
    """`input_signature=[...]` reading a constructor parameter (`[None, n_features]`) is left out:
    the class's decorators cannot read it; the function then traces per input shape."""
    call = decorator.decorator
    if not isinstance(call, cst.Call):
        return decorator
    args = [a for a in call.args if not (a.keyword is not None and a.keyword.value == "input_signature"
                                         and _loads(a.value) & params)]
    if len(args) == len(call.args):
        return decorator
    if args:
        args[-1] = args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return decorator.with_changes(decorator=call.with_changes(args=args))
