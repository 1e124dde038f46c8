"""Pattern: TF 1 RNN cells run by `tf.nn.dynamic_rnn` / `static_rnn` -> Keras cells in
`tf.keras.layers.RNN`, their weights the numbers the graph drew.

    cell = tf.nn.rnn_cell.BasicLSTMCell(64)  ->  gate_i, gate_j, gate_f, gate_o = tf.split(
                                                     tf.keras.initializers.GlorotUniform()([28 + 64, 4 * 64]), 4, axis=1)
                                                 cell_kernel = tf.concat([gate_i, gate_f, gate_j, gate_o], axis=1)
                                                 cell = tf.keras.layers.LSTMCell(
                                                     64, kernel_initializer=tf.keras.initializers.Constant(cell_kernel[:28]),
                                                     recurrent_initializer=tf.keras.initializers.Constant(cell_kernel[28:]))
                                                 cell.build((None, 28))
    outputs, state = tf.nn.dynamic_rnn(      ->  rnn = tf.keras.layers.RNN(cell, return_sequences=True, return_state=True)
        cell, x, dtype=tf.float32)               (in the run functions:)
                                                 outputs, state_h, state_c = rnn(x)

A TF 1 cell draws one kernel over [input depth + units, gates * units] (GRU: two) with
get_variable's default initializer, glorot_uniform; the translation draws the same matrix
with Keras' GlorotUniform (TF 1's initializer under a global seed: rewrite.default_glorot_draw) and
gives its rows to Keras' kernel (the inputs') and recurrent kernel (the state's), its
column blocks in Keras' gate order (migrate/tables/rnn_cells.py). An LSTM's state (c, h)
is read as `state.c`/`state.h`/`state[0]`/`state[1]`: those reads become `state_c`/`state_h`.
A MultiRNNCell becomes a StackedRNNCells (`outputs, *states = rnn(x)`), static_rnn's lists
of steps are stacked and unstacked, sequence_length is Keras' mask (zero outputs past each
length), an initial_state that is the cell's zero_state goes (Keras' default).
LSTMCell's initializer draws its kernel instead of glorot_uniform (a cell at the top level;
a seeded one as its TF 2 random op, tables/initializer_draws.py).
Refused, each with its reason: arguments without a Keras twin here (peepholes,
projections, clipping, GRUCell's initializers, a concatenated state), another initial_state,
time_major, a cell used other than by one driver, gradients other than minimize()'s, a
Saver (it would miss the cell's variables).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

from migrate.runtime import RUNTIME_PACKAGE
from migrate.eager import refused
from migrate.eager.code import as_statements, statement_with_comments
from migrate.eager.model import Kind, closure
from migrate.eager.name_nodes import index_code, name_nodes, names_in
from migrate.eager.pattern import CLAIMED, NOT_MINE, Pattern
from migrate.eager.rewrite import default_glorot_draw, initializer_draw
from migrate.eager.rnn_inputs import input_depth
from migrate.tables.rnn_cells import (CELLS, DRIVER_IGNORED, DRIVERS, IGNORED, MULTI_CELL,
                                      CellRow, keras_bias, keras_order)

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis
    from migrate.eager.translate import Translator

SHIM_MODULE = RUNTIME_PACKAGE
SHIM_NAME = "v1_rnn_cell"  # stage 1 serves tf.nn.rnn_cell from tf_revive_runtime.v1_rnn_cell
CONTRIB_SHIM = "contrib_rnn"  # and `from tensorflow.contrib import rnn` from tf_revive_runtime.contrib_rnn


@dataclass
class CellInfo:
    path: str
    row: CellRow
    args: dict  # parameter -> value node, as written
    name: str  # the Python name of the cell
    driver: object = None  # the call (dynamic_rnn, static_rnn or MultiRNNCell) that runs it
    depth: str = ""  # the code of the input depth (the inputs' last dimension)


@dataclass
class MultiInfo:
    """tf.nn.rnn_cell.MultiRNNCell of named cells (`layers`) or of a comprehension
    `[Cell(n) for _ in range(count)]` (`comprehension`: path, row, args, count node)."""
    name: str
    layers: list | None = None
    comprehension: tuple | None = None
    driver: object = None
    depth: str = ""

    def rows(self) -> list:
        return [g.info.row for g in self.layers] if self.layers is not None else [self.comprehension[1]]


@dataclass
class CellList:
    """`cells = [Cell(n) for _ in range(count)]`, given to a MultiRNNCell."""
    name: str
    comprehension: tuple
    driver: object = None


@dataclass
class ZeroState:
    """`init = cell.zero_state(batch, tf.float32)`: zeros, Keras' RNN's own initial state."""
    cell: object
    driver: object = None


@dataclass
class RnnInfo:
    cell: object  # the cell's GStmt (a cell or a MultiRNNCell)
    inputs: cst.BaseExpression
    targets: list
    static: bool = False  # tf.nn.static_rnn: inputs and outputs are lists of steps
    layer: str = ""  # the Python name of the Keras RNN layer
    state_names: tuple = ()  # one LSTM: (h, c) names written for the state
    multi: bool = False
    lengths: cst.BaseExpression | None = None  # sequence_length: Keras' mask, zero outputs past it


def is_cell(g) -> bool:
    return isinstance(g.info, (CellInfo, MultiInfo, CellList))


def is_rnn(g) -> bool:
    return isinstance(g.info, RnnInfo)


def _code(node) -> str:
    return cst.Module([]).code_for_node(node)


def _check_arguments(a: Analysis, call, path, row: CellRow, args: dict) -> bool:
    allowed = dict(row.translated)
    ok = True
    for key, value in args.items():
        if key in IGNORED:
            continue
        if key not in allowed:
            a.problem(call, f"tf.{path}(..., {key}=...) is not translated (Keras' {row.keras} has no twin of it here)")
            ok = False
        elif allowed[key] is not None and _code(value) not in allowed[key]:
            a.problem(call, f"tf.{path}({key}={_code(value)}) is not translated: only {', '.join(allowed[key])}")
            ok = False
    if "num_units" not in args:
        a.problem(call, f"tf.{path} without num_units")
        ok = False
    return ok


def analyse_cell(a: Analysis, call: cst.Call, path: str, names) -> CellInfo | None:
    a.state(PATTERN).handled.add(id(call.func))
    row = CELLS[path]
    args = a.args_by_name(call, list(row.parameters))
    ok = _check_arguments(a, call, path, row, args)
    if ok and len(names) != 1:
        a.problem(call, f"tf.{path} assigned to several names")
        ok = False
    return CellInfo(path, row, args, names[0]) if ok else None


def analyse_multi(a: Analysis, call: cst.Call, names, env) -> MultiInfo | None:
    a.state(PATTERN).handled.add(id(call.func))
    args = a.args_by_name(call, ["cells", "state_is_tuple"])
    cells = args.get("cells")
    if "state_is_tuple" in args and _code(args["state_is_tuple"]) != "True" or len(names) != 1:
        a.problem(call, f"tf.{MULTI_CELL} with state_is_tuple=False or assigned to several names is not translated")
        return None
    if isinstance(cells, cst.List) and cells.elements and all(
            isinstance(e.value, cst.Name) and e.value.value in env and isinstance(env[e.value.value].info, CellInfo)
            and env[e.value.value].info.driver is None for e in cells.elements):
        layers = [env[e.value.value] for e in cells.elements]
        if len({id(g) for g in layers}) == len(layers):
            for g in layers:
                g.info.driver = call
            return MultiInfo(names[0], layers=layers)
    listed = env.get(cells.value) if isinstance(cells, cst.Name) else None
    if listed is not None and isinstance(listed.info, CellList) and listed.info.driver is None:
        listed.info.driver = call
        return MultiInfo(names[0], comprehension=listed.info.comprehension)
    comprehension = _comprehension(a, cells)
    if comprehension is None:
        a.problem(call, f"tf.{MULTI_CELL} of other than a list of cells made at the top level or "
                        "`[Cell(n) for _ in range(count)]`")
        return None
    return MultiInfo(names[0], comprehension=comprehension)


def _comprehension(a: Analysis, node):
    """(path, row, args, count) of `[Cell(n) for _ in range(count)]`, else None (a problem when the cell is one)."""
    if not isinstance(node, cst.ListComp) or node.for_in.inner_for_in is not None or node.for_in.ifs:
        return None
    loop, call = node.for_in, _helper_cell(a, node.elt) or node.elt
    path = a.call_path(call)
    if path not in CELLS or not isinstance(loop.iter, cst.Call) or a.call_path(loop.iter) is not None \
            or _code(loop.iter.func) != "range" or len(loop.iter.args) != 1:
        return None
    a.state(PATTERN).handled.add(id(call.func))
    used = [n for n in names_in(call) if isinstance(loop.target, cst.Name) and n == loop.target.value]
    row = CELLS[path]
    args = a.args_by_name(call, list(row.parameters))
    if used or not _check_arguments(a, call, path, row, args):
        return None
    if row.initializer in args:
        a.problem(call, f"tf.{path}({row.initializer}=...) in a comprehension is not translated: graph mode drew "
                        "every cell's kernel from the initializer's one seed, eager code would draw on")
        return None
    return path, row, args, loop.iter.args[0].value


def _helper_cell(a: Analysis, call):
    """The cell call of `lstm_cell()`, a module-level def without parameters whose body is
    `return tf.nn.rnn_cell.<Cell>(...)`: the def goes (a.state(PATTERN).helpers), or None."""
    if not isinstance(call, cst.Call) or not isinstance(call.func, cst.Name) or call.args:
        return None
    fn = a.module_defs().get(call.func.value)
    if fn is None or fn.params.params or fn.params.star_arg is not cst.MaybeSentinel.DEFAULT and fn.params.star_arg \
            or not isinstance(fn.body, cst.IndentedBlock) or len(fn.body.body) != 1 or fn.decorators:
        return None
    stmt = fn.body.body[0]
    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1 or not isinstance(stmt.body[0], cst.Return):
        return None
    inner = stmt.body[0].value
    if a.call_path(inner) not in CELLS:
        return None
    a.state(PATTERN).helpers.append((fn, call))
    return inner


def drop_helpers(a: Analysis) -> None:
    """The cell helpers the comprehensions called go, when nothing else names them."""
    for fn, call in a.state(PATTERN).helpers:
        name = fn.name.value
        uses = [n for item in a.items for n in name_nodes(item.node, name)]
        if [n for n in uses if n is not fn.name and n is not call.func]:
            a.problem(fn, f"the cell helper `{name}` is used other than by one MultiRNNCell's comprehension")
            continue
        for item in a.items:
            if item.node is fn:
                item.drop = True


def check_unhandled(a: Analysis) -> None:
    """A cell or driver name anywhere else (a def making cells, a class passed as a value) is
    refused with its reason: the shim stage 1 serves them from is gone in the translation."""
    handled, paths, found = a.state(PATTERN).handled, set(CELLS) | set(DRIVERS) | {MULTI_CELL}, []

    class Names(cst.CSTVisitor):
        def visit_Attribute(self, node):
            if a.r.resolve(node) in paths and id(node) not in handled and not a.ask("reads_name", a, node):
                found.append(node)
            return True

        def visit_Name(self, node):
            if a.r.resolve(node) in paths and id(node) not in handled and not a.ask("reads_name", a, node):
                found.append(node)

    for item in a.items:
        if not (item.drop and isinstance(item.node, cst.FunctionDef)):
            item.node.visit(Names())
    for node in found[:1]:
        path = a.r.resolve(node)
        a.problem(node, f"tf.{path}: {refused.reason(path)} (here a cell made or a driver called other than at "
                        "the top level, by a MultiRNNCell's comprehension or its one-line helper def)")


def analyse_driver(a: Analysis, call: cst.Call, path: str, names, env) -> RnnInfo | None:
    a.state(PATTERN).handled.add(id(call.func))
    args = a.args_by_name(call, list(DRIVERS[path]))
    ok = True
    for key, value in args.items():
        if key in ("cell", "inputs") or key in DRIVER_IGNORED and key != "dtype":
            continue
        if key == "dtype" and _code(value).rpartition(".")[2] == "float32":
            continue
        if key == "time_major" and _code(value) == "False":
            continue
        if key == "initial_state" and _zero_state(env, value, args.get("cell"), call) or key == "sequence_length":
            continue
        a.problem(call, f"tf.{path}(..., {key}=...) is not translated" + (
            " (other than the cell's zero_state)" if key == "initial_state" else ""))
        ok = False
    cell = env.get(args["cell"].value) if isinstance(args.get("cell"), cst.Name) else None
    if cell is None or not is_cell(cell):
        a.problem(call, f"tf.{path} of a cell that is not a tf.nn.rnn_cell cell made at the top level")
        return None
    if cell.info.driver is not None:
        a.problem(call, f"the cell `{cell.name}` is run by two calls (they share its variables)")
        return None
    cell.info.driver = call
    static = path == "nn.static_rnn"
    depth = input_depth(a, args.get("inputs"), env, static)
    if depth is None:
        a.problem(call, f"tf.{path} over inputs whose last dimension is not a placeholder's declared one "
                        "(the kernel's shape depends on it)" + (
                            "; static_rnn's inputs must be `tf.unstack(placeholder, ..., 1)`" if static else ""))
        ok = False
    if len(names) != 2:
        a.problem(call, f"tf.{path} assigned to other than `outputs, state`")
        ok = False
    if not ok:
        return None
    _set_depths(cell, depth)
    return RnnInfo(cell, args["inputs"], list(names), static=static, multi=isinstance(cell.info, MultiInfo),
                   lengths=args.get("sequence_length"))


def _zero_state(env, value, cell, call) -> bool:
    """initial_state is the same cell's zero_state, used by this call only: Keras' default."""
    g = env.get(value.value) if isinstance(value, cst.Name) else None
    if g is None or not isinstance(g.info, ZeroState) or g.info.driver is not None or not isinstance(cell, cst.Name) \
            or g.info.cell.name != cell.value:
        return False
    g.info.driver = call
    return True


def analyse_zero_state(a: Analysis, value, env) -> ZeroState | None:
    """`cell.zero_state(batch_size, tf.float32)` of a cell made at the top level, else None (not ours)."""
    if not isinstance(value, cst.Call) or not isinstance(value.func, cst.Attribute) \
            or value.func.attr.value != "zero_state" or not isinstance(value.func.value, cst.Name):
        return None
    cell = env.get(value.func.value.value)
    if cell is None or not isinstance(cell.info, (CellInfo, MultiInfo)):
        return None
    args = a.args_by_name(value, ["batch_size", "dtype"])
    if "dtype" not in args or _code(args["dtype"]).rpartition(".")[2] != "float32":
        a.problem(value, "zero_state of a dtype other than tf.float32 is not translated")
        return None
    return ZeroState(cell)


def _set_depths(cell, depth: str) -> None:
    """Each layer's input depth: the inputs' for the first, the previous layer's units after."""
    cell.info.depth = depth
    if isinstance(cell.info, MultiInfo) and cell.info.layers is not None:
        for layer in cell.info.layers:
            layer.info.depth = depth
            depth = _code(layer.info.args["num_units"])


def link_state_reads(a: Analysis, g) -> None:
    """An LSTM's state (c, h) read as `.c`/`.h`/`[0]`/`[1]`: written `state_c`/`state_h`;
    a MultiRNNCell's read per layer, `states[i].h`/`.c` (LSTM layers) or `states[i]`."""
    info: RnnInfo = g.info
    state = info.targets[1]
    if info.multi:
        rows = info.cell.info.rows()
        if len({r.state_is_tuple for r in rows}) == 1:
            _state_reads(a, g, state, _multi_reads(a, state, rows[0].state_is_tuple))
        else:
            _state_reads(a, g, state, {})
        return
    if not info.cell.info.row.state_is_tuple:
        return
    h, c = _fresh(a, f"{state}_h"), _fresh(a, f"{state}_c")
    info.state_names = (h, c)
    which = {"h": h, "c": c, "1": h, "-1": h, "0": c}

    def read(node):
        if isinstance(node, cst.Attribute) and node.attr.value in which:
            return which[node.attr.value]
        key = index_code(node)
        return which.get(key) if key is not None else None

    _state_reads(a, g, state, {"read": read, "what": f"only `{state}.h`, `{state}.c`, `{state}[0]` and "
                                                       f"`{state}[1]` are translated"})


def _multi_reads(a: Analysis, state: str, lstm: bool) -> dict:
    """`states[i].h` -> `states[i][0]`, `.c` -> `[1]` (Keras' h, c); `states[i]` stays (plan: Keras 3's [h])."""
    def read(node):
        if lstm and isinstance(node, cst.Attribute) and node.attr.value in ("h", "c") \
                and isinstance(node.value, cst.Subscript) and index_code(node.value) is not None:
            return f"{state}[{index_code(node.value)}][{0 if node.attr.value == 'h' else 1}]"
        if not lstm and isinstance(node, cst.Subscript) and index_code(node) is not None:
            return _SINGLE
        return None

    return {"read": read, "what": f"only `{state}[i].h` and `{state}[i].c`" if lstm else f"only `{state}[i]`"}


_SINGLE = object()  # a single-state layer's `states[i]`: its code depends on the Keras package (plan)


def _state_reads(a: Analysis, g, state: str, how: dict) -> None:
    """Record the replacements of the reads of `state` that `how['read']` knows; a problem for any other."""
    read, records, bad = how.get("read"), a.state(PATTERN).reads, []
    outer: set = set()

    class Reads(cst.CSTVisitor):
        def on_visit(self, node):
            if id(node) in outer:
                return False
            if read is not None and isinstance(node, (cst.Attribute, cst.Subscript)) and _reads_state(node, state):
                code = read(node)
                if code is not None:
                    records.append((g, node, code))
                    return False
            if isinstance(node, cst.Name) and node.value == state:
                bad.append(node)
            return True

    for item in a.items[g.idx + 1:]:
        item.node.visit(Reads())
    for node in bad[:1]:
        what = how.get("what", "the layers' states of different kinds are not translated")
        a.problem(node, f"the RNN state `{state}` read as a whole or otherwise: Keras' RNN returns its states "
                        f"in another structure, {what}")


def _reads_state(node, state: str) -> bool:
    inner = node.value
    while isinstance(inner, (cst.Attribute, cst.Subscript)):
        inner = inner.value
    return isinstance(inner, cst.Name) and inner.value == state


def check_uses(a: Analysis) -> None:
    """What the translation cannot see of the cells: another statement reading a cell, gradients
    other than minimize()'s, a Saver, a cell without its dynamic_rnn."""
    rnns = [g for g in a.gstmts if is_rnn(g)]
    for g in a.gstmts:
        if is_cell(g) and g.info.driver is None:
            a.problem(g.node, f"the cell `{g.name}` is not run by one tf.nn.dynamic_rnn/static_rnn at the top level")
        elif isinstance(g.info, ZeroState) and g.info.driver is None:
            a.problem(g.node, "a cell's zero_state used other than as one dynamic_rnn/static_rnn's initial_state")
        elif not is_rnn(g) and any(isinstance(d.info, ZeroState) for d in g.deps):
            a.problem(g.node, "a cell's zero_state used other than as one dynamic_rnn/static_rnn's initial_state")
        elif not is_rnn(g) and any(is_cell(d) for d in g.deps) and \
                not isinstance(g.info, (MultiInfo, CellList, ZeroState)):
            a.problem(g.node, "an RNN cell used other than by tf.nn.dynamic_rnn (zero_state, state_size, ...) "
                              "is not translated")
        elif g.kind == Kind.GRADIENTS and any(r in closure(g.deps) for r in rnns):
            a.problem(g.node, "gradients through an RNN cell are translated for minimize() only (the cell's "
                              "variables are Keras weights)")
        elif g.kind == Kind.SAVER and rnns:
            a.problem(g.node, "tf.train.Saver in a file with RNN cells: the cells' variables are Keras weights, "
                              "which the Saver's translation does not key by graph name")


def _draw(t: Translator, depth: str, units: str, gates: int, initializer: str | None = None) -> str:
    columns = units if gates == 1 else f"{gates} * {units}"
    shape = f"[{depth} + {units}, {columns}]"
    if initializer is None:
        return default_glorot_draw(t.a.r.primary, t.keras_module(), shape, t.a.global_seed)
    call = cst.parse_expression(f"{initializer}({shape})")
    written = t.a.r.written(call.func.func) if isinstance(call.func, cst.Call) else None
    drawn = initializer_draw(call, written, t.a.r.primary) if written else None  # seeded: its TF 2 random op
    return cst.Module([]).code_for_node(drawn or call)


def kernel_lines(t: Translator, row: CellRow, units: str, depth: str, kernel: str, namer,
                 initializer: str | None = None) -> list:
    """The lines drawing TF 1's kernel(s) as TF 1 drew them, in Keras' gate order as `kernel`:
    `gate_i, gate_j, gate_f, gate_o = tf.split(<draw>, 4, axis=1)`, then their concat."""
    tf = t.a.r.primary
    order = keras_order(row)
    if len(row.kernels) == 1 and order == tuple(range(row.width)):
        return [f"{kernel} = {_draw(t, depth, units, row.width, initializer)}"]
    lines, blocks, gates = [], [], iter(row.gates)
    for _name, count in row.kernels:
        names = [namer(f"gate_{next(gates)}", True) for _ in range(count)]
        blocks += names
        draw = _draw(t, depth, units, count, initializer)
        lines.append(f"{', '.join(names)} = {tf}.split(\n    {draw}, {count}, axis=1)" if count > 1
                     else f"{names[0]} = {draw}")
    lines.append(f"{kernel} = {tf}.concat([{', '.join(blocks[i] for i in order)}], axis=1)")
    return lines


def _fresh(a: Analysis, base: str, temporary: bool = False) -> str:
    """A name the script does not bind; a temporary (a gate block) may be bound again by the next cell."""
    return a.new_name(base, keep=not temporary)


def _bias_code(tf: str, keras: str, row: CellRow, units: str) -> str | None:
    """Keras' bias initializer where TF 1's bias does not start at zeros (GRU's gates: 1.0)."""
    values = keras_bias(row)
    if not any(values):
        return None
    parts, i = [], 0
    while i < len(values):
        j = i
        while j < len(values) and values[j] == values[i]:
            j += 1
        size = units if j - i == 1 else f"{j - i} * {units}"
        parts.append(f"{tf}.zeros([{size}])" if values[i] == 0 else
                     f"{tf}.ones([{size}])" if values[i] == 1 else f"{tf}.fill([{size}], {values[i]!r})")
        i = j
    return f"{tf}.concat([{', '.join(parts)}], 0)"


def cell_lines(t: Translator, row: CellRow, args: dict, name: str, depth: str, namer) -> list:
    """The kernel's lines, `name = tf.keras.layers.LSTMCell(...)` and its build."""
    tf, keras = t.a.r.primary, t.keras_module()
    kernel = namer(f"{name}_kernel")
    units = t.expr_code(args["num_units"])
    arguments = [units]
    if "activation" in args:
        arguments.append(f"activation={t.expr_code(args['activation'])}")
    if row.forget_bias and _code(args.get("forget_bias", cst.Float("1.0"))) in ("0", "0.0"):
        arguments.append("unit_forget_bias=False")
    arguments += [f"{k}={v}" for k, v in row.keras_defaults]
    arguments += [f"kernel_initializer={keras}.initializers.Constant({kernel}[:{depth}])",
                  f"recurrent_initializer={keras}.initializers.Constant({kernel}[{depth}:])"]
    bias, bias_lines = _bias_code(tf, keras, row, units), []
    if bias is not None:
        bias_name = namer(f"{name}_bias")
        bias_lines.append(f"{bias_name} = {bias}")
        arguments.append(f"bias_initializer={keras}.initializers.Constant({bias_name})")
    initializer = t.expr_code(args[row.initializer]) if row.initializer in args else None
    return kernel_lines(t, row, units, depth, kernel, namer, initializer) + bias_lines + [
        f"{name} = {keras}.layers.{row.keras}(\n    " + _arguments(arguments) + ")",
        f"{name}.build((None, {depth}))"]


def kernel_comment(t: Translator, path: str, row: CellRow) -> str:
    """Why the kernel is drawn so, once per cell class in a file ("" after the first): the
    graph's kernel split into Keras' two, and the gates' new order."""
    cls = path.rpartition(".")[2]
    written = t.a.state(PATTERN).commented
    if cls in written:
        return ""
    written.add(cls)
    comment = f"# {cls}'s {'kernel' if len(row.kernels) == 1 else 'kernels'} as Keras' kernel and recurrent_kernel"
    if keras_order(row) != tuple(range(row.width)):
        comment += f", gates {', '.join(row.gates)} -> {', '.join(row.keras_gates)}"
    return _wrap(comment)


def cell_construction(t: Translator, g, node) -> list:
    """The kernel's lines and `cell = tf.keras.layers.LSTMCell(...)` where the graph made the cell."""
    info: CellInfo = g.info
    keras = t.keras_module()
    text = "\n".join([kernel_comment(t, info.path, info.row)] +
                     cell_lines(t, info.row, info.args, info.name, info.depth, lambda base, temporary=False: _fresh(t.a, base, temporary))) + "\n"
    t.changes.append((g.line, "eager-rnn-cell", f"tf.{info.path} became {keras}.layers.{info.row.keras} `{info.name}`, "
                                                 "its kernels drawn as the graph drew them, built where the graph "
                                                 "built them (not in a tf.function's first call)"))
    return as_statements(text, node)


def multi_construction(t: Translator, g, node) -> list:
    """`stacked = tf.keras.layers.StackedRNNCells([...])`, a comprehension's cells made by a def."""
    info: MultiInfo = g.info
    keras = t.keras_module()
    lines = []
    if info.layers is not None:
        cells = "[" + ", ".join(layer.name for layer in info.layers) + "]"
    else:
        path, row, args, count = info.comprehension
        units = t.expr_code(args["num_units"])
        make = _fresh(t.a, "make_cell")
        body = cell_lines(t, row, args, "cell", "depth", lambda base, temporary=False: base)
        lines += [kernel_comment(t, path, row), f"def {make}(depth):"]
        lines += ["    " + line.replace("\n", "\n    ") for line in body] + ["    return cell", ""]
        cells = f"[{make}(depth) for depth in [{info.depth}] + [{units}] * ({t.expr_code(count)} - 1)]"
    lines.append(f"{info.name} = {keras}.layers.StackedRNNCells(" +
                 (f"\n    {cells})" if len(cells) + len(info.name) > 60 else f"{cells})"))
    t.changes.append((g.line, "eager-rnn-cell", f"tf.nn.rnn_cell.MultiRNNCell became {keras}.layers.StackedRNNCells "
                                                 f"`{info.name}`"))
    return as_statements("\n".join(lines) + "\n", node)


def _arguments(arguments: list, width: int = 96) -> str:
    """The arguments of a call, wrapped at `width` on 4-space continuation lines."""
    lines, line = [], ""
    for argument in arguments:
        if line and len(line) + len(argument) + 2 > width:
            lines.append(line + ",")
            line = argument
        else:
            line = f"{line}, {argument}" if line else argument
    return "\n    ".join(lines + [line])


def _wrap(comment: str, width: int = 100) -> str:
    words, lines, line = comment[2:].split(), [], "#"
    for word in words:
        if len(line) + 1 + len(word) > width and line != "#":
            lines.append(line)
            line = "#  "
        line += " " + word
    return "\n".join(lines + [line])


def rnn_construction(t: Translator, g, node) -> cst.BaseStatement:
    info: RnnInfo = g.info
    driver = "static_rnn" if info.static else "dynamic_rnn"
    t.changes.append((g.line, "eager-rnn", f"tf.nn.{driver} became {t.keras_module()}.layers.RNN `{info.layer}`, "
                                           "called in the run functions"))
    masked = ",\n    zero_output_for_mask=True" if info.lengths is not None else ""
    text = (f"{info.layer} = {t.keras_module()}.layers.RNN({info.cell.name}, return_sequences=True, "
            f"return_state=True{masked})\n")
    return statement_with_comments(text, [ln for ln in node.leading_lines if ln.comment is None])


def call_code(t: Translator, g) -> str:
    """`outputs, state = rnn(x)` (an LSTM: `outputs, state_h, state_c`, stacked cells:
    `outputs, *states`); static_rnn's lists of steps are stacked and unstacked."""
    info: RnnInfo = g.info
    inherited = list(g.item.leading) if g.item.gstmts and g is g.item.gstmts[0] else []
    comments = "".join(f"{ln.comment.value}\n" for ln in inherited + list(g.node.leading_lines) if ln.comment)
    outputs, state = info.targets
    targets = [outputs, *info.state_names] if info.state_names else [outputs, f"*{state}" if info.multi else state]
    tf, inputs = t.a.r.primary, t.expr_code(info.inputs)
    steps = f"len({inputs})" if info.static else f"{tf}.shape({inputs})[1]"
    mask = f", mask={tf}.sequence_mask({t.expr_code(info.lengths)}, {steps})" if info.lengths is not None else ""
    if not info.static:
        return f"{comments}{', '.join(targets)} = {info.layer}({inputs}{mask})\n"
    return (f"{comments}{', '.join(targets)} = {info.layer}({tf}.stack({inputs}, axis=1){mask})\n"
            f"{outputs} = {tf}.unstack({outputs}, axis=1)\n")


def plan_reads(t: Translator) -> None:
    """The state reads recorded while reading, written now that the Keras package is known:
    a single-state layer of stacked cells gives Keras 3 `[h]`, tf_keras `h`."""
    for _g, node, code in t.a.state(PATTERN).reads:
        if code is _SINGLE:
            code = _code(node) + ("[0]" if t.keras_module() != "tf_keras" else "")
        t.a.edits.expressions[id(node)] = code


def drop_shim_import(a: Analysis, small, item) -> bool:
    if not isinstance(small, cst.ImportFrom) or small.module is None or isinstance(small.names, cst.ImportStar):
        return False
    names = [alias.name.value for alias in small.names]
    if _code(small.module) != SHIM_MODULE or names not in ([SHIM_NAME], [CONTRIB_SHIM]) \
            or names == [SHIM_NAME] and any(alias.asname is not None for alias in small.names):
        return False
    a.edits.dropped_imports.add(item.idx)
    a.state(PATTERN).shim_items.append(item.idx)
    return True


class RnnCells(Pattern):
    name = "rnn_cells"
    summary = ("tf.nn.rnn_cell cells (MultiRNNCell of them) + dynamic_rnn/static_rnn -> Keras cells in "
               "tf.keras.layers.RNN, weights drawn as the graph drew them")

    @dataclass
    class State:
        shim_items: list = field(default_factory=list)
        reads: list = field(default_factory=list)  # (rnn GStmt, node, code) of the state reads
        commented: set = field(default_factory=set)  # the cell classes whose kernel comment is written
        helpers: list = field(default_factory=list)  # (def, call) of the cell helpers comprehensions call
        handled: set = field(default_factory=set)  # id() of the cell and driver names the pattern reads

    def claim_import(self, a: Analysis, small, item) -> bool:
        return drop_shim_import(a, small, item)

    def graph_kind(self, a: Analysis, value, path, subscript, names, env):
        if path in CELLS:
            info = analyse_cell(a, value, path, names)
        elif path == MULTI_CELL:
            info = analyse_multi(a, value, names, env)
        elif path in DRIVERS:
            info = analyse_driver(a, value, path, names, env)
        elif isinstance(value, cst.ListComp) and len(names) == 1 and a.call_path(_helper_cell(a, value.elt)
                                                                                   or value.elt) in CELLS:
            comprehension = _comprehension(a, value)
            info = None if comprehension is None else CellList(names[0], comprehension)
            if info is None and not a.problems:
                a.problem(value, "a list of RNN cells other than `[Cell(n) for _ in range(count)]`")
        else:
            info = analyse_zero_state(a, value, env)
            if info is None:
                return None
        return CLAIMED if info is None else (Kind.TENSOR, info)

    def claim_assignment(self, a: Analysis, small, target, item, path, env) -> bool:
        """`cells = [lstm_cell() for _ in range(n)]` of a cell helper def: Python to the reader, a cell list here."""
        value = small.value
        if not isinstance(target, cst.Name) or not isinstance(value, cst.ListComp) \
                or _helper_cell(a, value.elt) is None:
            return False
        a.state(PATTERN).helpers.pop()  # _comprehension records it again
        comprehension = _comprehension(a, value)
        if comprehension is None:
            return False
        a.accounted.add(target)
        g = a.make_gstmt(item, Kind.TENSOR, [target.value], value, env, node_for_deps=comprehension[3])
        g.info = CellList(target.value, comprehension)
        item.drop = True
        env[target.value] = g
        return True

    def nested_parts(self, a: Analysis, value, record, env):
        """A comprehension of cells: only its count is read as an expression."""
        if isinstance(record, (CellList, MultiInfo)) and record.comprehension is not None:
            return [record.comprehension[3]]
        return None

    def link(self, a: Analysis) -> None:
        for g in a.gstmts:
            if is_rnn(g):
                g.info.layer = a.new_name("rnn")
                link_state_reads(a, g)
        drop_helpers(a)
        check_uses(a)
        check_unhandled(a)

    def plan(self, t: Translator) -> None:
        plan_reads(t)

    def translates_name(self, path):
        return (path in CELLS or path in DRIVERS or path == MULTI_CELL) or None

    def trained_variables(self, t: Translator, g):
        return f"{g.info.layer}.trainable_variables" if is_rnn(g) else None

    def value_code(self, t: Translator, element, code):
        """static_rnn's outputs fetched whole: Session.run gave a list of arrays, one per step."""
        g = element.gstmt
        if g is None or not is_rnn(g) or not g.info.static or element.name != g.info.targets[0]:
            return None
        return f"{t.a.r.primary}.nest.map_structure(lambda t: t.numpy(), {code})"  # right for a tensor too

    def in_function_body(self, t: Translator, g, fn):
        return False if is_cell(g) or isinstance(g.info, ZeroState) else None

    def statement_code(self, t: Translator, g):
        if is_cell(g) or isinstance(g.info, ZeroState):
            return ""
        return call_code(t, g) if is_rnn(g) else None

    def kept_statement(self, t: Translator, g, node):
        if isinstance(g.info, MultiInfo):
            return multi_construction(t, g, node)
        if isinstance(g.info, (CellList, ZeroState)):
            return None
        if is_cell(g):
            return cell_construction(t, g, node)
        return rnn_construction(t, g, node) if is_rnn(g) else NOT_MINE

    def finish(self, t: Translator) -> None:
        items = t.a.state(self).shim_items
        if items and t.keras_module() == "tf_keras" and any(is_rnn(g) for g in t.a.gstmts):
            t.a.edits.dropped_imports.discard(items[0])
            t.a.edits.replaced_imports[items[0]] = "import tf_keras"

    def rnn_cell(self, a: Analysis, call, path, names):
        return analyse_cell(a, call, path, names) if path in CELLS else None

    def cell_lines(self, t: Translator, record, namer):
        if not isinstance(record, CellInfo):
            return None
        return [kernel_comment(t, record.path, record.row)] + cell_lines(t, record.row, record.args, record.name,
                                                                           record.depth, namer)

    def shim_imports(self, t: Translator):
        return t.a.state(self).shim_items


PATTERN = RnnCells()
