"""Pattern: an RNN cell made and run inside a model def the graph calls once (the
tutorials' `def RNN(x, weights, biases)`) -> the Keras cell and its RNN layer made before
the def, the def calling the layer.

    def RNN(x, weights, biases):                ->  # BasicRNNCell's kernel as Keras' kernel and recurrent_kernel
        x = tf.unstack(x, n_steps, 1)                rnn_cell_kernel = tf.keras.initializers.GlorotUniform()(...)
        rnn_cell = BasicRNNCell(n_hidden)            rnn_cell = tf.keras.layers.SimpleRNNCell(n_hidden, ...)
        outputs, states = static_rnn(                rnn_cell.build((None, n_input))
            rnn_cell, x, dtype=tf.float32)           rnn = tf.keras.layers.RNN(rnn_cell, return_sequences=True)
        return tf.matmul(outputs[-1], ...)
                                                     def RNN(x, weights, biases):
    logits = RNN(x, weights, biases)                     x = tf.unstack(x, n_steps, 1)
                                                         outputs = rnn(tf.stack(x, axis=1))
                                                         outputs = tf.unstack(outputs, axis=1)
                                                         return tf.matmul(outputs[-1], ...)

The graph drew the cell's kernel once, when the def ran (it runs once: one graph
statement calls it); the translation draws it once too, before the def, as
patterns/rnn_cells.py draws a top-level cell (the same table, the same kernel lines),
and every run function's call of the def runs the one layer. The input depth is the
placeholder's the call passes for the driver's inputs (through `tf.unstack(x, n, 1)`
for static_rnn). An LSTM's state read in the def as `.h`/`.c`/`[0]`/`[1]` is `state_h`/`state_c`;
a state nobody reads is not returned (`return_state` left off).
Refused, each with its reason: a def called other than once by one top-level graph
statement, several cells or drivers in it, a driver argument other than dtype, inputs
other than a parameter given a placeholder, the cell's arguments reading the def's own
names or names bound after the def, gradients through the cell, a Saver.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager.code import as_statements
from migrate.eager.model import Kind, closure
from migrate.eager.pattern import Pattern
from migrate.eager.name_nodes import index_code, name_nodes, names_in
from migrate.eager.rnn_inputs import input_depth
from migrate.tables.rnn_cells import CELLS, DRIVER_IGNORED, DRIVERS

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis
    from migrate.eager.translate import Translator


@dataclass
class ModelDef:
    fn: cst.FunctionDef
    cell_stmt: cst.SimpleStatementLine
    driver_stmt: cst.SimpleStatementLine
    cell: object  # the cell's record (patterns/rnn_cells.py: the `rnn_cell` query)
    inputs: str  # the code of the driver's inputs (a name of the def)
    targets: list  # outputs, state
    static: bool
    call: object = None  # the GStmt whose value calls the def
    layer: str = ""
    state_names: tuple = ()  # an LSTM's (h, c) names, where the def reads its state
    state_read: bool = False


def _code(node) -> str:
    return cst.Module([]).code_for_node(node)


def _assign(stmt):
    """The one `Assign` of a simple statement line, else None."""
    if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Assign) \
            and len(stmt.body[0].targets) == 1:
        return stmt.body[0]
    return None


def _bound(stmt) -> set:
    """The names a statement of the def's body binds (its assignment targets)."""
    asg = _assign(stmt)
    return set() if asg is None else set(names_in(asg.targets[0].target))


def _statements(a: Analysis, fn) -> tuple:
    """(cell lines, driver lines) among the def body's own statements."""
    body = fn.body.body if isinstance(fn.body, cst.IndentedBlock) else []
    cells = [s for s in body if _assign(s) is not None and a.call_path(_assign(s).value) in CELLS]
    drivers = [s for s in body if _assign(s) is not None and a.call_path(_assign(s).value) in DRIVERS]
    return list(body), cells, drivers


def read_def(a: Analysis, fn) -> ModelDef | None:
    """The record of `def model(x)` making one cell and running it by one driver, else None
    (a problem says why where the def makes a cell)."""
    body, cells, drivers = _statements(a, fn)
    name = fn.name.value
    if len(cells) != 1 or len(drivers) != 1 or body.index(drivers[0]) < body.index(cells[0]):
        a.problem(cells[0] if cells else fn, f"`def {name}()` makes or runs RNN cells other than one cell "
                                             "run by one dynamic_rnn/static_rnn after it")
        return None
    cell_asg, driver_asg = _assign(cells[0]), _assign(drivers[0])
    path = a.call_path(cell_asg.value)
    info = a.ask("rnn_cell", a, cell_asg.value, path, a.target_names(cell_asg.targets[0].target) or [])
    if info is None:
        return None
    driver = driver_asg.value
    a.state(PATTERN).handled.add(id(driver.func))  # not refused by rnn_cells (reads_name)
    dpath = a.call_path(driver)
    args = a.args_by_name(driver, list(DRIVERS[dpath]))
    targets = a.target_names(driver_asg.targets[0].target)
    for key, value in args.items():
        if key in ("cell", "inputs") or key in DRIVER_IGNORED and key != "dtype" \
                or key == "dtype" and _code(value).rpartition(".")[2] == "float32" \
                or key == "time_major" and _code(value) == "False":
            continue
        a.problem(driver, f"tf.{dpath}(..., {key}=...) in `def {name}()` is not translated")
        return None
    cell, inputs = args.get("cell"), args.get("inputs")
    if not isinstance(cell, cst.Name) or cell.value != info.name or not isinstance(inputs, cst.Name) \
            or targets is None or len(targets) != 2:
        a.problem(driver, f"tf.{dpath} in `def {name}()` of other than the def's cell and a name of its "
                          "inputs, assigned to other than `outputs, state`")
        return None
    return ModelDef(fn, cells[0], drivers[0], info, inputs.value, targets, dpath == "nn.static_rnn")


def _calls(a: Analysis, record: ModelDef):
    """The one graph statement calling the def and the call, else None (a problem)."""
    name = record.fn.name.value
    uses = [n for item in a.items for n in name_nodes(item.node, name) if n is not record.fn.name]
    found = []
    for g in a.gstmts:
        for node in _call_nodes(g.value):
            if isinstance(node.func, cst.Name) and any(node.func is u for u in uses):
                found.append((g, node))
    if len(uses) != 1 or len(found) != 1:
        a.problem(record.fn, f"an RNN cell made in `def {name}()`, which is not called once by one graph "
                             "statement at the top level (the graph drew the cell's kernel once per call)")
        return None
    return found[0]


def _call_nodes(node) -> list:
    found = []

    class Calls(cst.CSTVisitor):
        def visit_Call(self, call):
            found.append(call)

    if node is not None:
        node.visit(Calls())
    return found


def _parameter_value(fn, call, parameter: str):
    """The argument the call gives the def's `parameter`, else None."""
    params = list(fn.params.params)
    names = [p.name.value for p in params]
    if parameter not in names or any(arg.star for arg in call.args):
        return None
    for i, arg in enumerate(call.args):
        if arg.keyword is None and i == names.index(parameter) or arg.keyword is not None \
                and arg.keyword.value == parameter:
            return arg.value
    return None


def _depth(a: Analysis, record: ModelDef, g, call) -> str | None:
    """The code of the inputs' last dimension: the placeholder the call gives the parameter
    the driver reads (static_rnn: through the def's `x = tf.unstack(x, n, 1)`)."""
    fn = record.fn
    body = list(fn.body.body)
    before = body[:body.index(record.driver_stmt)]
    binds = [s for s in before if record.inputs in _bound(s)]
    parameter = record.inputs
    if record.static:
        value = _assign(binds[-1]).value if len(binds) == 1 else None
        if a.call_path(value) != "unstack":
            return None
        args = a.args_by_name(value, ["value", "num", "axis", "name"])
        if "axis" not in args or _code(args["axis"]) != "1" or not isinstance(args.get("value"), cst.Name):
            return None
        parameter = args["value"].value
        if parameter != record.inputs and [s for s in before if parameter in _bound(s)]:
            return None
    elif binds:
        return None
    argument = _parameter_value(fn, call, parameter)
    if not isinstance(argument, cst.Name):
        return None
    return input_depth(a, argument, a.env_at.get(g.item.idx, {}), False)


def _outside_names(a: Analysis, record: ModelDef, depth: str) -> list:
    """The names the construction before the def reads that the def binds, or that the
    module binds at or after the def: they would not hold what the graph read."""
    nodes = [n for value in record.cell.args.values() for n in a.names_in(value)]
    nodes += a.names_in(cst.parse_expression(depth))
    local = a.scopes[record.fn.body.body[0]] if isinstance(record.fn.body, cst.IndentedBlock) else None
    line, bad = a.line(record.fn), []
    for n in nodes:
        if local is not None and local.assignments[n.value] and local is not a.module_scope:
            bad.append(n.value)
            continue
        for asg in a.module_scope.assignments[n.value]:
            node = getattr(asg, "node", None)
            if node is not None and a.line(node) >= line:
                bad.append(n.value)
    return sorted(set(bad))


def _link_state(a: Analysis, record: ModelDef) -> bool:
    """The def's reads of the state after the driver: an LSTM's `.h`/`.c`/`[0]`/`[1]`
    become `state_h`/`state_c`; False (a problem) for another read."""
    state = record.targets[1]
    body = list(record.fn.body.body)
    after = body[body.index(record.driver_stmt) + 1:]
    reads = [n for s in after for n in name_nodes(s, state)]
    record.state_read = bool(reads)
    if not reads or not record.cell.row.state_is_tuple:
        return True
    h, c = a.new_name(f"{state}_h"), a.new_name(f"{state}_c")
    record.state_names = (h, c)
    which, found = {"h": h, "c": c, "1": h, "-1": h, "0": c}, []

    class Reads(cst.CSTVisitor):
        def on_visit(self, node):
            if isinstance(node, (cst.Attribute, cst.Subscript)) and isinstance(node.value, cst.Name) \
                    and node.value.value == state:
                key = node.attr.value if isinstance(node, cst.Attribute) else index_code(node)
                if key in which:
                    a.edits.expressions[id(node)] = which[key]
                    found.append(node.value)
                    return False
            return True

    for s in after:
        s.visit(Reads())
    if len(found) != len(reads):
        a.problem(record.driver_stmt, f"the LSTM state `{state}` read in `def {record.fn.name.value}()` other than "
                                      f"as `{state}.h`, `{state}.c`, `{state}[0]` or `{state}[1]`: Keras' RNN "
                                      "returns h and c")
        return False
    return True


def link_def(a: Analysis, record: ModelDef) -> bool:
    found = _calls(a, record)
    if found is None:
        return False
    g, call = found
    depth = _depth(a, record, g, call)
    name = record.fn.name.value
    if depth is None:
        a.problem(record.driver_stmt, f"the inputs of the RNN in `def {name}()` are not a parameter the call gives "
                                      "a placeholder of declared last dimension (the kernel's shape depends on it)" + (
                                          "; static_rnn's must be the def's `tf.unstack(x, n, 1)` of one" if record.static
                                          else ""))
        return False
    outside = _outside_names(a, record, depth)
    if outside:
        a.problem(record.cell_stmt, f"the RNN cell of `def {name}()` reads {', '.join(outside)}, bound in the def or "
                                    "after it: the cell is made before the def in the translation")
        return False
    if not _link_state(a, record):
        return False
    record.cell.depth, record.call = depth, g
    record.layer = a.new_name("rnn")
    for other in a.gstmts:
        if other.kind == Kind.GRADIENTS and g in closure(other.deps) | {other}:
            a.problem(other.node, "gradients through an RNN cell are translated for minimize() only (the cell's "
                                  "variables are Keras weights)")
            return False
        if other.kind == Kind.SAVER:
            a.problem(other.node, "tf.train.Saver in a file with RNN cells: the cells' variables are Keras weights, "
                                  "which the Saver's translation does not key by graph name")
            return False
    return True


def construction(t: Translator, record: ModelDef) -> list:
    """The statements before the def: the kernel's lines, the cell, its RNN layer."""
    info, keras = record.cell, t.keras_module()
    comments = [ln.comment.value for ln in record.cell_stmt.leading_lines if ln.comment is not None]
    lines = comments + t.ask("cell_lines", t, info, lambda base, temporary=False: t.a.new_name(base, keep=not temporary))
    state = ", return_state=True" if record.state_read else ""
    lines.append(f"{record.layer} = {keras}.layers.RNN({info.name}, return_sequences=True{state})")
    t.changes.append((t.a.line(record.cell_stmt), "eager-rnn-cell",
                      f"tf.{info.path} in `def {record.fn.name.value}()` became {keras}.layers.{info.row.keras} "
                      f"`{info.name}` in {keras}.layers.RNN `{record.layer}`, made before the def (the graph "
                      "drew its kernel once, when the def ran)"))
    return as_statements("\n".join(ln for ln in lines if ln) + "\n", record.fn)


def driver_code(t: Translator, record: ModelDef) -> str:
    tf, outputs, state = t.a.r.primary, record.targets[0], record.targets[1]
    if not record.state_read:
        targets = [outputs]
    else:
        targets = [outputs, *record.state_names] if record.state_names else [outputs, state]
    inputs = f"{tf}.stack({record.inputs}, axis=1)" if record.static else record.inputs
    code = f"{', '.join(targets)} = {record.layer}({inputs})\n"
    if record.static:
        code += f"{outputs} = {tf}.unstack({outputs}, axis=1)\n"
    return code


class RnnModelDefs(Pattern):
    name = "rnn_model_defs"
    summary = ("an RNN cell made and run inside a model def called once by the graph -> the Keras cell and RNN layer "
               "made before the def, the def calling the layer")

    @dataclass
    class State:
        defs: list = field(default_factory=list)  # [ModelDef] translated
        handled: set = field(default_factory=set)  # id() of the driver names the pattern reads (reads_name)

    def link(self, a: Analysis) -> None:
        """Before rnn_cells' link, which refuses the cell and driver names no pattern read."""
        if a.block is not None:
            return  # a def inside a block (def main():) is refused by rnn_cells
        for item in a.items:
            fn = item.node
            if not isinstance(fn, cst.FunctionDef) or fn in a.skip_defs or not _statements(a, fn)[1] or fn.decorators:
                continue
            record = read_def(a, fn)
            if record is not None and link_def(a, record):
                a.state(self).defs.append(record)

    def trained_variables(self, t: Translator, g):
        for record in t.a.state(self).defs:
            if record.call is g:
                return f"{record.layer}.trainable_variables"
        return None

    def statements_before(self, t: Translator, item):
        for record in t.a.state(self).defs:
            if record.fn is item.node:
                return construction(t, record)
        return None

    def replace_statement(self, t: Translator, node):
        for record in t.a.state(self).defs:
            if node is record.cell_stmt:
                return []
            if node is record.driver_stmt:
                lines = driver_code(t, record).rstrip("\n").split("\n")
                statements = [cst.parse_statement(line + "\n") for line in lines]
                statements[0] = statements[0].with_changes(leading_lines=node.leading_lines)
                t.changes.append((t.a.line(node), "eager-rnn", f"tf.{'nn.static_rnn' if record.static else 'nn.dynamic_rnn'}"
                                                               f" became a call of `{record.layer}`"))
                return statements
        return None

    def finish(self, t: Translator) -> None:
        items = t.ask("shim_imports", t)
        if items and t.a.state(self).defs and t.keras_module() == "tf_keras":
            t.a.edits.dropped_imports.discard(items[0])
            t.a.edits.replaced_imports[items[0]] = "import tf_keras"

    def reads_name(self, a: Analysis, node):
        return True if id(node) in a.state(self).handled else None


PATTERN = RnnModelDefs()
