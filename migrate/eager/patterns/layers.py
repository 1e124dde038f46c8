"""Pattern: `tf.layers.dense/conv2d/max_pooling2d/flatten` -> Keras layers made once, called
in the run functions.

    h = tf.layers.dense(x, 64, activation=tf.nn.relu)   ->  h_layer = tf.keras.layers.Dense(64, activation=tf.nn.relu)
                                                           ...
                                                           (in each run function that needs h)
                                                           h = h_layer(x)

A tf.layers call builds its variables once, where the graph built it; the Keras layer is
made there too and builds its variables at its first call; its default kernel initializer is
TF 1's distribution, glorot_uniform (under a global seed the compat.v1 initializer the graph's
get_variable used is written: Keras' ignores tf.random.set_seed; migrate/tables/layers.py
says which arguments map and which defaults differ). Its variables are trained by the minimize()
steps whose loss reads it (`+ h_layer.trainable_variables`). The layers are Keras 3's
(`tf.keras.layers`) unless the file keeps a tf.compat.v1.train optimizer, which can only
update tf.Variables: then tf_keras' (Keras 2), whose layers make tf.Variables.
Arguments without a Keras twin here (regularizers, reuse) and the layers not in the table
are refused. `tf.layers.dropout` is read as what it computes (migrate/tables/layers.py):
with `training=True`, `tf.nn.dropout(x, rate=..., seed=...)`, the same draws (a Keras
Dropout layer would draw from another random stream), then handled as any dropout op; with
`training=False` or none, its inputs; a `training` the graph reads at run time is refused.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

from migrate.runtime import RUNTIME_PACKAGE
from migrate.eager.code import statement_with_comments
from migrate.eager.model import Kind, closure
from migrate.eager.pattern import CLAIMED, NOT_MINE, Pattern
from migrate.eager.rewrite import attr_chain
from migrate.tables.layers import (DEFAULT_KERNEL_INITIALIZER, DROPOUT, DROPOUT_DEFAULT_RATE, DROPOUT_PARAMETERS,
                                   DROPOUT_PASSED, IGNORED, LAYERS, LayerRow)

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis
    from migrate.eager.translate import Translator

SHIM_MODULE = RUNTIME_PACKAGE
SHIM_NAME = "v1_layers"  # stage 1 serves tf.layers from tf_revive_runtime.v1_layers


@dataclass
class LayerInfo:
    path: str
    row: LayerRow
    inputs: cst.BaseExpression
    args: dict = field(default_factory=dict)  # parameter -> value node, as written
    name: str = ""  # the Python name of the Keras layer object


def translates(path: str | None) -> bool:
    return path in LAYERS


def analyse(a: Analysis, call: cst.Call, path: str, target_names, env) -> LayerInfo | None:
    """The layer a `tf.layers.<fn>(inputs, ...)` call builds; None (and a problem) when it is not translated."""
    row = LAYERS[path]
    args = a.args_by_name(call, list(row.parameters))
    ok = True
    for key in args:
        if key == "biases_initializer" and isinstance(args[key], cst.Name) and args[key].value == "None":
            continue  # no bias: use_bias=False
        if key != "inputs" and key not in row.passed and key not in IGNORED:
            a.problem(call, f"tf.{path}(..., {key}=...) is not translated")
            ok = False
    for key in ("inputs",) + row.required:
        if key not in args:
            a.problem(call, f"tf.{path} without `{key}`")
            ok = False
    if not ok or len(target_names) != 1:
        if ok:
            a.problem(call, f"tf.{path} assigned to several names")
        return None
    info = LayerInfo(path, row, args.pop("inputs"), args)
    info.name = a.new_name(f"{target_names[0]}_layer")
    return info


def is_layer(g) -> bool:
    return isinstance(g.info, LayerInfo)


def drop_shim_import(a: Analysis, small, item) -> bool:
    """`from tf_revive_runtime import v1_layers` / `slim` (stage 1's): the translation needs no shim
    (every other use of the shim is refused: tf.layers and tf.contrib)."""
    if not isinstance(small, cst.ImportFrom) or small.module is None or isinstance(small.names, cst.ImportStar):
        return False
    module = cst.Module([]).code_for_node(small.module)
    if module != SHIM_MODULE or [alias.name.value for alias in small.names] not in ([SHIM_NAME], ["slim"]) \
            or any(alias.asname is not None for alias in small.names):
        return False
    a.edits.dropped_imports.add(item.idx)
    a.state(PATTERN).shim_items.append(item.idx)
    return True


def finish_imports(t: Translator) -> None:
    """tf_keras layers need `import tf_keras` where the shim's import was."""
    a = t.a
    items = a.state(PATTERN).shim_items
    if items and t.keras_module() == "tf_keras" and any(is_layer(g) for g in a.gstmts):
        a.edits.dropped_imports.discard(items[0])
        a.edits.replaced_imports[items[0]] = "import tf_keras"


def construction(t: Translator, g, node) -> cst.BaseStatement:
    """`h_layer = tf.keras.layers.Dense(...)` where the graph built the layer."""
    info: LayerInfo = g.info
    row = info.row
    keras = t.keras_module()
    tf = t.a.r.primary
    positional = [t.expr_code(info.args[k]) for k in row.required if k in info.args]
    keywords = [f"{row.keras_name(k)}={t.expr_code(info.args[k])}" for k in row.passed
                if k in info.args and k not in row.required and not _is_none_bias(row, k, info.args[k])]
    given = {row.keras_name(k) for k in info.args}
    keywords += [f"{k}={code.format(tf=tf)}" for k, code in row.written_defaults if k not in given]
    if any(_is_none_bias(row, k, v) for k, v in info.args.items()):
        keywords.append("use_bias=False")
    comment = ""
    if row.kernel and row.kernel_parameter not in info.args and t.a.global_seed:
        # Keras' default is glorot_uniform too, seeded from Python's random module: under
        # tf.set_random_seed the draw that honours the seed is TF 1's (tables/layers.py)
        keywords.append(f"kernel_initializer={t.a.r.primary}.{DEFAULT_KERNEL_INITIALIZER}()")
        if not t.a.state(PATTERN).kernel_comment_written:
            t.a.state(PATTERN).kernel_comment_written = True
            comment = "# TF 1's default kernel initializer, which honours the global seed (Keras' does not)\n"
    t.changes.append((g.line, "eager-layer", f"tf.{info.path} became {keras}.layers.{row.keras} `{info.name}`, made "
                                             "once and called in the run functions"))
    text = f"{comment}{info.name} = {keras}.layers.{row.keras}({', '.join(positional + keywords)})\n"
    return statement_with_comments(text, [ln for ln in node.leading_lines if ln.comment is None])


def _is_none_bias(row, key, value) -> bool:
    return row.keras_name(key) == "bias_initializer" and isinstance(value, cst.Name) and value.value == "None"


def call_code(t: Translator, g) -> str:
    """`h = h_layer(x)` (with the statement's comments) in a run function."""
    info: LayerInfo = g.info
    inherited = list(g.item.leading) if g.item.gstmts and g is g.item.gstmts[0] else []
    comments = "".join(f"{ln.comment.value}\n" for ln in inherited + list(g.node.leading_lines) if ln.comment)
    return f"{comments}{g.name} = {info.name}({t.expr_code(info.inputs)})\n"


def trained_layers(t: Translator, loss_deps) -> list:
    """The layers a loss reads, in the order the graph built them."""
    return sorted((g for g in closure(loss_deps) if g.kind == Kind.TENSOR and is_layer(g) and g.info.row.kernel),
                  key=lambda g: g.order())


def refine_dropout(a: Analysis, value, env: dict):
    """(value, path, None) read in place of `tf.layers.dropout(...)`: `tf.nn.dropout(x, rate=...)`
    in training, else its inputs; None where it is not one."""
    args = a.args_by_name(value, list(DROPOUT_PARAMETERS))
    training = args.get("training")
    flag = cst.Module([]).code_for_node(training) if training is not None else "False"
    if "inputs" not in args or flag not in ("True", "False"):
        a.problem(value, _dropout_problem(a, "inputs" in args, flag, training, env))
        a.primary.add(len(a.problems) - 1)
        a.state(PATTERN).refused.add(id(value.func))
        return value, None, None
    a.state(PATTERN).handled.add(id(value.func))
    if flag == "False":
        return args["inputs"], a.call_path(args["inputs"]), None
    equal = cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))
    keywords = [cst.Arg(args[k], keyword=cst.Name(k), equal=equal) for k in DROPOUT_PASSED if k in args]
    if "rate" not in args:
        keywords.insert(0, cst.Arg(cst.parse_expression(DROPOUT_DEFAULT_RATE), keyword=cst.Name("rate"), equal=equal))
    call = cst.Call(attr_chain(f"{a.r.primary}.nn.dropout"), [cst.Arg(args["inputs"]), *keywords])
    a.state(PATTERN).dropouts.add(id(call))
    a.stands_for[id(call)] = value
    return call, "nn.dropout", None


def _dropout_problem(a: Analysis, has_inputs: bool, flag: str, training, env: dict) -> str:
    """Why this tf.layers.dropout is not translated (the others are: tf.nn.dropout or its inputs)."""
    if not has_inputs:
        return "tf.layers.dropout without its inputs is not translated"
    fed = isinstance(training, cst.Name) and training.value in env and env[training.value].kind == Kind.PLACEHOLDER
    why = (f"`{flag}` is a placeholder fed at each run, so the graph chose between the dropout and its inputs "
           "at run time" if fed else f"`{flag}` is not the literal True or False, so the translation cannot tell "
           "whether the dropout or its inputs is computed")
    return (f"tf.layers.dropout(..., training={flag}): {why}; a tf.layers.dropout is translated only with "
            "training=True (tf.nn.dropout) or False or none (its inputs)")


def _reads_dropout_inputs(a: Analysis, item, value) -> bool:
    """`h = tf.layers.dropout(x)` outside training, read as `h = x`."""
    small = item.node.body[0] if isinstance(item.node, cst.SimpleStatementLine) and item.node.body else None
    return isinstance(small, cst.Assign) and isinstance(small.value, cst.Call) \
        and id(small.value.func) in a.state(PATTERN).handled and small.value is not value


def check_dropouts(a: Analysis) -> None:
    """A tf.layers.dropout not read as a top-level graph statement (in a def, an expression) is refused."""
    handled, found = a.state(PATTERN).handled | a.state(PATTERN).refused, []

    class Names(cst.CSTVisitor):
        def visit_Attribute(self, node):
            if a.r.resolve(node) == DROPOUT and id(node) not in handled:
                found.append(node)
            return True

        def visit_Name(self, node):
            if a.r.resolve(node) == DROPOUT and id(node) not in handled:
                found.append(node)

    for item in a.items:
        item.node.visit(Names())
    for node in found[:1]:
        a.problem(node, f"tf.{DROPOUT} here is not translated: it is translated as the value of a top-level graph "
                        "statement only (`h = tf.layers.dropout(x, ...)`), not in a def, a loop or an expression")
        a.primary.add(len(a.problems) - 1)


class Layers(Pattern):
    name = "layers"
    summary = "tf.layers.dense & co -> Keras layers made once"

    @dataclass
    class State:
        shim_items: list = field(default_factory=list)  # Item indexes of the layers shim's imports
        kernel_comment_written: bool = False
        handled: set = field(default_factory=set)  # id() of the tf.layers.dropout names read
        dropouts: set = field(default_factory=set)  # id() of the tf.nn.dropout calls read in their place
        refused: set = field(default_factory=set)  # id() of the tf.layers.dropout names refused with their reason

    def refine_value(self, a: Analysis, small, target, value, path, item, env):
        return refine_dropout(a, value, env) if path == DROPOUT else None

    def tensor_statement(self, a: Analysis, item, names, value, env):
        """The statement of a tf.layers.dropout read as another value: written with that value."""
        if id(value) not in a.state(self).dropouts and not _reads_dropout_inputs(a, item, value):
            return None
        small = item.node.body[0] if isinstance(item.node, cst.SimpleStatementLine) else None
        if not isinstance(small, cst.Assign) or len(item.node.body) != 1:
            return None
        return value, item.node.with_changes(body=[small.with_changes(value=value)])

    def claim_import(self, a: Analysis, small, item) -> bool:
        return drop_shim_import(a, small, item)

    def graph_kind(self, a: Analysis, value, path, subscript, names, env):
        if not translates(path):
            return None
        info = analyse(a, value, path, names, env)
        return CLAIMED if info is None else (Kind.TENSOR, info)

    def translates_name(self, path):
        return translates(path) or path == DROPOUT or None

    def link(self, a: Analysis) -> None:
        check_dropouts(a)

    def statement_code(self, t: Translator, g):
        return call_code(t, g) if is_layer(g) else None

    def kept_statement(self, t: Translator, g, node):
        return construction(t, g, node) if is_layer(g) else NOT_MINE

    def finish(self, t: Translator) -> None:
        finish_imports(t)

    def scope_named_variables(self, g):
        return True if is_layer(g) else None

    def loss_variables(self, t: Translator, deps):
        return [f"{g.info.name}.trainable_variables" for g in trained_layers(t, deps)] or None


PATTERN = Layers()
