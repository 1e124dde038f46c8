"""Pattern: TF 1 RNN cells run by `tf.nn.dynamic_rnn` -> a Keras cell in `tf.keras.layers.RNN`,
its weights the numbers the graph drew.

    cell = tf.nn.rnn_cell.BasicLSTMCell(64)         ->  cell_gates = tf.split(
                                                            tf.compat.v1.glorot_uniform_initializer()([28 + 64, 4 * 64]), 4, axis=1)
                                                        cell_kernel = tf.concat([cell_gates[0], cell_gates[2], ...], axis=1)
                                                        cell = tf.keras.layers.LSTMCell(64,
                                                            kernel_initializer=tf.keras.initializers.Constant(cell_kernel[:28]),
                                                            recurrent_initializer=tf.keras.initializers.Constant(cell_kernel[28:]))
    outputs, state = tf.nn.dynamic_rnn(cell, x, ...) -> rnn = tf.keras.layers.RNN(cell, return_sequences=True, return_state=True)
                                                        (in the run functions:)
                                                        outputs, state_h, state_c = rnn(x)

A TF 1 cell draws one kernel over [input depth + units, gates * units] (GRU: two) with
get_variable's default initializer; the translation draws the same matrix the same way and
gives its rows to Keras' kernel (the inputs') and recurrent kernel (the state's), its
column blocks in Keras' gate order (migrate/tables/rnn_cells.py). An LSTM's state (c, h)
is read as `state.c`/`state.h`/`state[0]`/`state[1]`: those reads become `state_c`/`state_h`.
Refused, each with its reason: arguments without a Keras twin here (peepholes,
projections, clipping, initializers, a concatenated state), sequence_length, an
initial_state, time_major, a cell used other than by one dynamic_rnn, gradients other than
minimize()'s, a Saver (it would miss the cell's variables).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager.code import fresh, statement_with_comments
from migrate.eager.model import Kind, closure
from migrate.eager.pattern import CLAIMED, NOT_MINE, Pattern
from migrate.tables.optimizers import EQUIVALENCE
from migrate.tables.rnn_cells import (CELLS, DEFAULT_KERNEL_INITIALIZER, DRIVER_IGNORED, DYNAMIC_RNN_PARAMETERS,
                                      IGNORED, CellRow, keras_bias, keras_order)

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis
    from migrate.eager.translate import Translator

SHIM_MODULE = "migrate.shims"
SHIM_NAME = "v1_rnn_cell"  # stage 1 serves tf.nn.rnn_cell from migrate.shims.v1_rnn_cell
DRIVER = "nn.dynamic_rnn"


@dataclass
class CellInfo:
    path: str
    row: CellRow
    args: dict  # parameter -> value node, as written
    name: str  # the Python name of the cell
    driver: object = None  # the dynamic_rnn GStmt that runs it
    depth: str = ""  # the code of the input depth (the inputs' last dimension)


@dataclass
class RnnInfo:
    cell: object  # the cell's GStmt
    inputs: cst.BaseExpression
    targets: list
    layer: str = ""  # the Python name of the Keras RNN layer
    state_names: tuple = ()  # LSTM: (h, c) names written for the state


def is_cell(g) -> bool:
    return isinstance(g.info, CellInfo)


def is_rnn(g) -> bool:
    return isinstance(g.info, RnnInfo)


def _code(node) -> str:
    return cst.Module([]).code_for_node(node)


def analyse_cell(a: Analysis, call: cst.Call, path: str, names) -> CellInfo | None:
    row = CELLS[path]
    args = a.args_by_name(call, list(row.parameters))
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
    if ok and len(names) != 1:
        a.problem(call, f"tf.{path} assigned to several names")
        ok = False
    return CellInfo(path, row, args, names[0]) if ok else None


def _input_depth(a: Analysis, inputs, env) -> str | None:
    """The code of the inputs' last dimension: a placeholder's declared one."""
    g = env.get(inputs.value) if isinstance(inputs, cst.Name) else None
    if g is None or g.kind != Kind.PLACEHOLDER or g.info is None or g.info.shape is None:
        return None
    shape = g.info.shape
    if not isinstance(shape, (cst.List, cst.Tuple)) or len(shape.elements) != 3:
        return None
    last = shape.elements[-1].value
    if isinstance(last, cst.Name) and last.value == "None":
        return None
    return _code(last)


def analyse_driver(a: Analysis, call: cst.Call, path: str, names, env) -> RnnInfo | None:
    args = a.args_by_name(call, list(DYNAMIC_RNN_PARAMETERS))
    ok = True
    for key, value in args.items():
        if key in ("cell", "inputs") or key in DRIVER_IGNORED and key != "dtype":
            continue
        if key == "dtype" and _code(value).rpartition(".")[2] == "float32":
            continue
        if key == "time_major" and _code(value) == "False":
            continue
        a.problem(call, f"tf.{path}(..., {key}=...) is not translated")
        ok = False
    cell = env.get(args["cell"].value) if isinstance(args.get("cell"), cst.Name) else None
    if cell is None or not is_cell(cell):
        a.problem(call, f"tf.{path} of a cell that is not a tf.nn.rnn_cell cell made at the top level")
        return None
    if cell.info.driver is not None:
        a.problem(call, f"the cell `{cell.name}` is run by two tf.{path} calls (they share its variables)")
        return None
    cell.info.driver = call
    depth = _input_depth(a, args.get("inputs"), env)
    if depth is None:
        a.problem(call, f"tf.{path} over inputs whose last dimension is not a placeholder's declared one "
                        "(the kernel's shape depends on it)")
        ok = False
    if len(names) != 2:
        a.problem(call, f"tf.{path} assigned to other than `outputs, state`")
        ok = False
    if not ok:
        return None
    cell.info.depth = depth
    info = RnnInfo(cell, args["inputs"], list(names))
    return info


def link_state_reads(a: Analysis, g) -> None:
    """An LSTM's state (c, h) read as `.c`/`.h`/`[0]`/`[1]`: written `state_c`/`state_h`."""
    info: RnnInfo = g.info
    state = info.targets[1]
    taken = _names_taken(a)
    h, c = fresh(f"{state}_h", taken), fresh(f"{state}_c", taken)
    taken += [h, c]
    info.state_names = (h, c)
    which = {"h": h, "c": c, "1": h, "-1": h, "0": c}
    replaced, bad = set(), []

    class Reads(cst.CSTVisitor):
        def visit_Attribute(self, node):
            if isinstance(node.value, cst.Name) and node.value.value == state and node.attr.value in which:
                a.edits.expressions[id(node)] = which[node.attr.value]
                replaced.add(id(node.value))

        def visit_Subscript(self, node):
            if isinstance(node.value, cst.Name) and node.value.value == state and len(node.slice) == 1:
                index = node.slice[0].slice
                key = _code(index.value) if isinstance(index, cst.Index) else None
                if key in which:
                    a.edits.expressions[id(node)] = which[key]
                    replaced.add(id(node.value))

        def visit_Name(self, node):
            if node.value == state and id(node) not in replaced:
                bad.append(node)

    for item in a.items[g.idx + 1:]:
        item.node.visit(Reads())
    for node in bad[:1]:
        a.problem(node, f"the LSTM state `{state}` (c, h) read as a whole: Keras' RNN returns h and c, only "
                        f"`{state}.h`, `{state}.c`, `{state}[0]` and `{state}[1]` are translated")


def _names_taken(a: Analysis) -> list:
    state = a.state(PATTERN)
    if state.names is None:
        state.names = [asg.name for asg in a.module_scope.assignments] + \
                      [asg.name for asg in a.global_scope.assignments]
    return state.names


def check_uses(a: Analysis) -> None:
    """What the translation cannot see of the cells: another statement reading a cell, gradients
    other than minimize()'s, a Saver, a cell without its dynamic_rnn."""
    rnns = [g for g in a.gstmts if is_rnn(g)]
    for g in a.gstmts:
        if is_cell(g) and g.info.driver is None:
            a.problem(g.node, f"the cell `{g.name}` is not run by one tf.nn.dynamic_rnn at the top level")
        elif not is_rnn(g) and any(is_cell(d) for d in g.deps):
            a.problem(g.node, "an RNN cell used other than by tf.nn.dynamic_rnn (zero_state, state_size, ...) "
                              "is not translated")
        elif g.kind == Kind.GRADIENTS and any(r in closure(g.deps) for r in rnns):
            a.problem(g.node, "gradients through an RNN cell are translated for minimize() only (the cell's "
                              "variables are Keras weights)")
        elif g.kind == Kind.SAVER and rnns:
            a.problem(g.node, "tf.train.Saver in a file with RNN cells: the cells' variables are Keras weights, "
                              "which the Saver's translation does not key by graph name")


def keras_module(t: Translator) -> str:
    """`tf.keras` (Keras 3), or `tf_keras` where a tf.compat.v1.train optimizer stays (it updates tf.Variables only)."""
    for g in t.a.gstmts:
        cls = t.ask("optimizer_class", g)
        if cls in EQUIVALENCE and EQUIVALENCE[cls].eager == "tf1":
            return "tf_keras"
    return f"{t.a.r.primary}.keras"


def _draw(tf: str, depth: str, units: str, gates: int) -> str:
    columns = units if gates == 1 else f"{gates} * {units}"
    return f"{tf}.{DEFAULT_KERNEL_INITIALIZER}()([{depth} + {units}, {columns}])"


def kernel_lines(t: Translator, info: CellInfo, kernel: str) -> list:
    """The lines drawing TF 1's kernel(s) as TF 1 drew them, in Keras' gate order as `kernel`:
    `gate_i, gate_j, gate_f, gate_o = tf.split(<draw>, 4, axis=1)`, then their concat."""
    tf, row = t.a.r.primary, info.row
    units = t.expr_code(info.args["num_units"])
    order = keras_order(row)
    if len(row.kernels) == 1 and order == tuple(range(row.width)):
        return [f"{kernel} = {_draw(tf, info.depth, units, row.width)}"]
    lines, blocks, gates = [], [], iter(row.gates)
    for _name, count in row.kernels:
        names = [_fresh(t.a, f"gate_{next(gates)}") for _ in range(count)]
        blocks += names
        draw = _draw(tf, info.depth, units, count)
        lines.append(f"{', '.join(names)} = {tf}.split(\n    {draw}, {count}, axis=1)" if count > 1
                     else f"{names[0]} = {draw}")
    lines.append(f"{kernel} = {tf}.concat([{', '.join(blocks[i] for i in order)}], axis=1)")
    return lines


def _fresh(a: Analysis, base: str) -> str:
    name = fresh(base, _names_taken(a))
    _names_taken(a).append(name)
    return name


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


def cell_construction(t: Translator, g, node) -> list:
    """The kernel's lines and `cell = tf.keras.layers.LSTMCell(...)` where the graph made the cell."""
    info: CellInfo = g.info
    row, tf, keras = info.row, t.a.r.primary, keras_module(t)
    kernel = _fresh(t.a, f"{info.name}_kernel")
    units = t.expr_code(info.args["num_units"])
    arguments = [units]
    if "activation" in info.args:
        arguments.append(f"activation={t.expr_code(info.args['activation'])}")
    if row.forget_bias and _code(info.args.get("forget_bias", cst.Float("1.0"))) in ("0", "0.0"):
        arguments.append("unit_forget_bias=False")
    arguments += [f"{k}={v}" for k, v in row.keras_defaults]
    arguments += [f"kernel_initializer={keras}.initializers.Constant({kernel}[:{info.depth}])",
                  f"recurrent_initializer={keras}.initializers.Constant({kernel}[{info.depth}:])"]
    bias, bias_lines = _bias_code(tf, keras, row, units), []
    if bias is not None:
        bias_name = _fresh(t.a, f"{info.name}_bias")
        bias_lines.append(f"{bias_name} = {bias}")
        arguments.append(f"bias_initializer={keras}.initializers.Constant({bias_name})")
    cls = info.path.rpartition(".")[2]
    blocks = " and ".join(f"[inputs + units, {n} * units]" if n > 1 else "[inputs + units, units]"
                          for _k, n in row.kernels)
    comment = (f"# {cls} drew {'one kernel' if len(row.kernels) == 1 else 'its kernels'} over {blocks} "
               f"(glorot_uniform); Keras' {row.keras} takes the same numbers as kernel (the inputs' rows) and "
               f"recurrent_kernel")
    if keras_order(row) != tuple(range(row.width)):
        comment += f", gates {', '.join(row.gates)} in its order {', '.join(row.keras_gates)}"
    text = "\n".join([_wrap(comment)] + kernel_lines(t, info, kernel) + bias_lines +
                     [f"{info.name} = {keras}.layers.{row.keras}(\n    " + _arguments(arguments) + ")",
                      f"{info.name}.build((None, {info.depth}))"]) + "\n"
    t.changes.append((g.line, "eager-rnn-cell", f"tf.{info.path} became {keras}.layers.{row.keras} `{info.name}`, "
                                                 "its kernels drawn as the graph drew them, built where the graph "
                                                 "built them (not in a tf.function's first call)"))
    leading = [ln for ln in node.leading_lines if ln.comment is None]
    statements = []
    for part in _statements(text):
        statements.append(statement_with_comments(part, leading if not statements else []))
    return statements


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


def _statements(text: str) -> list:
    """Split code into statements, each with the comment lines above it."""
    out, pending = [], []
    for line in text.rstrip("\n").split("\n"):
        if line.startswith(" ") and out and not pending:  # a continuation line
            out[-1] += line + "\n"
            continue
        pending.append(line)
        if not line.startswith("#"):
            out.append("\n".join(pending) + "\n")
            pending = []
    return out


def rnn_construction(t: Translator, g, node) -> cst.BaseStatement:
    info: RnnInfo = g.info
    t.changes.append((g.line, "eager-rnn", f"tf.nn.dynamic_rnn became {keras_module(t)}.layers.RNN `{info.layer}`, "
                                           "called in the run functions"))
    text = f"{info.layer} = {keras_module(t)}.layers.RNN({info.cell.name}, return_sequences=True, return_state=True)\n"
    return statement_with_comments(text, [ln for ln in node.leading_lines if ln.comment is None])


def call_code(t: Translator, g) -> str:
    info: RnnInfo = g.info
    inherited = list(g.item.leading) if g.item.gstmts and g is g.item.gstmts[0] else []
    comments = "".join(f"{ln.comment.value}\n" for ln in inherited + list(g.node.leading_lines) if ln.comment)
    targets = [info.targets[0], *info.state_names] if info.state_names else info.targets
    return f"{comments}{', '.join(targets)} = {info.layer}({t.expr_code(info.inputs)})\n"


def drop_shim_import(a: Analysis, small, item) -> bool:
    if not isinstance(small, cst.ImportFrom) or small.module is None or isinstance(small.names, cst.ImportStar):
        return False
    if _code(small.module) != SHIM_MODULE or [alias.name.value for alias in small.names] != [SHIM_NAME] \
            or any(alias.asname is not None for alias in small.names):
        return False
    a.edits.dropped_imports.add(item.idx)
    a.state(PATTERN).shim_items.append(item.idx)
    return True


class RnnCells(Pattern):
    name = "rnn_cells"
    summary = "tf.nn.rnn_cell cells + dynamic_rnn -> Keras cells in tf.keras.layers.RNN, weights drawn as the graph drew them"

    @dataclass
    class State:
        names: list | None = None
        shim_items: list = field(default_factory=list)

    def claim_import(self, a: Analysis, small, item) -> bool:
        return drop_shim_import(a, small, item)

    def graph_kind(self, a: Analysis, value, path, subscript, names, env):
        if path in CELLS:
            info = analyse_cell(a, value, path, names)
        elif path == DRIVER:
            info = analyse_driver(a, value, path, names, env)
        else:
            return None
        return CLAIMED if info is None else (Kind.TENSOR, info)

    def link(self, a: Analysis) -> None:
        for g in a.gstmts:
            if is_rnn(g):
                g.info.layer = fresh("rnn", _names_taken(a))
                _names_taken(a).append(g.info.layer)
                if g.info.cell.info.row.state_is_tuple:
                    link_state_reads(a, g)
        check_uses(a)

    def translates_name(self, path):
        return (path in CELLS or path == DRIVER) or None

    def trained_variables(self, t: Translator, g):
        return f"{g.info.layer}.trainable_variables" if is_rnn(g) else None

    def in_function_body(self, t: Translator, g, fn):
        return False if is_cell(g) else None

    def statement_code(self, t: Translator, g):
        if is_cell(g):
            return ""
        return call_code(t, g) if is_rnn(g) else None

    def kept_statement(self, t: Translator, g, node):
        if is_cell(g):
            return cell_construction(t, g, node)
        return rnn_construction(t, g, node) if is_rnn(g) else NOT_MINE

    def finish(self, t: Translator) -> None:
        items = t.a.state(self).shim_items
        if items and keras_module(t) == "tf_keras" and any(is_rnn(g) for g in t.a.gstmts):
            t.a.edits.dropped_imports.discard(items[0])
            t.a.edits.replaced_imports[items[0]] = "import tf_keras"


PATTERN = RnnCells()
