"""Pattern: placeholders become arguments of the run functions.

    x = tf.placeholder(tf.float32, [None, 1])     ->  (removed)
    sess.run(loss, feed_dict={x: data})           ->  compute_loss(data)

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 1])])
    def compute_loss(x): ...

The input signature is the placeholder's dtype and shape, so fed lists and float64
arrays are converted as feed_dict converted them.

    keep_prob = tf.placeholder_with_default(1.0, shape=[])   ->  def train_step(x, keep_prob=1.0)
    sess.run(accuracy, feed_dict={x: data})                 ->  compute_accuracy(data)

A placeholder with a default (a Python literal: its dtype is the one TensorFlow gives the
literal, tables/graph_api.py LITERAL_DTYPES) is an argument with that default, after the
others; a run that does not feed it passes nothing. A default that is NumPy data bound once
to a name (`placeholder_with_default(X_train, [None, 4])`, numpy_defaults.py) is the
argument `x=X_train` with the spec `tf.TensorSpec([None, 4], X_train.dtype)`: fed values are
converted to the array's dtype, as feed_dict converted them to the placeholder's.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager import numpy_defaults
from migrate.eager.code import packed
from migrate.eager.model import GStmt, Kind, Site
from migrate.eager.pattern import Pattern
from migrate.node_helpers import all_calls
from migrate.tables import graph_api as G

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis
    from migrate.eager.translate import Translator

PARAMETERS = G.PLACEHOLDER_PARAMETERS


@dataclass
class PlaceholderInfo:
    dtype: cst.BaseExpression | None
    shape: cst.BaseExpression | None
    default: str | None = None  # placeholder_with_default: the code of its default (a literal or a NumPy name)


def analyse(a: Analysis, call: cst.Call) -> PlaceholderInfo:
    a.is_session_script = True
    args = a.args_by_name(call, PARAMETERS)
    if "dtype" not in args:
        a.problem(call, "placeholder without a dtype")
    return PlaceholderInfo(args.get("dtype"), args.get("shape"))


def analyse_with_default(a: Analysis, call: cst.Call, env: dict) -> PlaceholderInfo:
    """`tf.placeholder_with_default(0.5, [])`: an argument with a default (its dtype the literal's);
    `tf.placeholder_with_default(X_train, [None, 4])`, X_train NumPy data: `x=X_train` (X_train.dtype)."""
    a.is_session_script = True
    args = a.args_by_name(call, G.PLACEHOLDER_WITH_DEFAULT_PARAMETERS)
    default, literal = args.get("input"), _literal_type(args.get("input"))
    code = cst.Module([]).code_for_node(default) if default is not None else ""
    if literal is not None and "shape" in args:
        dtype = cst.parse_expression(f"{a.r.primary}.{G.LITERAL_DTYPES[literal]}")
        return PlaceholderInfo(dtype, args["shape"], code)
    if "shape" in args and numpy_defaults.unchanged_numpy_name(a.module, default, call) and code not in env:
        return PlaceholderInfo(cst.parse_expression(f"{code}.dtype"), args["shape"], code)
    a.problem(call, _default_problem(a, args, default, code, env))
    return PlaceholderInfo(None, args.get("shape"))


def _default_problem(a: Analysis, args: dict, default, code: str, env: dict) -> str:
    """Why this placeholder_with_default is not an argument with its default."""
    head = "tf.placeholder_with_default: "
    if "shape" not in args:
        return head + "a default without a shape is not translated (the argument's input_signature is that shape)"
    if code in env or a.is_graph_expr(default, env):
        return head + f"the default `{code}` is a tensor the graph computes; only a Python number or bool, or " \
                      "NumPy data bound once to a name, becomes an argument with that default"
    return head + f"the default `{code}` is not a Python number or bool, nor a name bound once at the top level " \
                  "to a NumPy call and left unchanged after (the argument's default is read where the function " \
                  "is defined, the graph's where the placeholder was built)"


def _literal_type(node) -> str | None:
    """"float", "int" or "bool" for a Python literal (`-1.5` too), else None."""
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        node = node.expression
    if isinstance(node, cst.Float):
        return "float"
    if isinstance(node, cst.Integer):
        return "int"
    if isinstance(node, cst.Name) and node.value in ("True", "False"):
        return "bool"
    return None


def has_default(ph: GStmt) -> bool:
    return isinstance(ph.info, PlaceholderInfo) and ph.info.default is not None


def parameter_code(ph: GStmt) -> str:
    """A run function's parameter: `x`, or `keep_prob=1.0` for a placeholder with a default."""
    return f"{ph.name}={ph.info.default}" if has_default(ph) else ph.name


def check_feeds(a: Analysis, site: Site, params: list[GStmt]) -> None:
    """Every placeholder the function needs is fed; unused feeds have no side effects."""
    fed = [ph for ph, _ in site.feeds] + (a.ask("fed_placeholders", site) or [])
    for ph in params:
        if ph not in fed and not has_default(ph):
            a.problem(site.call, f"placeholder `{ph.name}` is needed but not fed")
    for ph, value in site.feeds:
        if ph not in params and all_calls(value):
            a.problem(value, f"a fed value for `{ph.name}`, which this run does not use, has side effects")


# TensorSpec's own default dtype: a float32 placeholder's spec is written without one.
DEFAULT_SPEC_DTYPES = {"float32", "'float'", '"float"', "'float32'", '"float32"'}


def spec_code(t: Translator, ph: GStmt) -> str:
    """`tf.TensorSpec(shape, dtype)` of a placeholder (`tf.TensorSpec(shape)` for float32)."""
    tf = t.a.r.primary
    info: PlaceholderInfo = ph.info
    dtype = t.expr_code(info.dtype) if info.dtype is not None else f"{tf}.float32"
    shape = t.expr_code(info.shape) if info.shape is not None else "None"
    if dtype in DEFAULT_SPEC_DTYPES or dtype == f"{tf}.float32":
        return f"{tf}.TensorSpec({shape})"
    return f"{tf}.TensorSpec({shape}, {dtype})"


def decorator(t: Translator, params: list[GStmt], extra=(), width=100) -> str:
    """The run function's decorator; `extra`: the specs of arguments that are not placeholders.

    autograph=False: the body is graph-building code that TF 1 ran as plain Python (a
    Python `if` on a tensor fails in graph mode), so the trace builds the graph's ops
    without autograph's conversion of the source, which was most of each function's
    first call (and, the first time, of the script's run: docs/eager.md, Speed)."""
    tf = t.a.r.primary
    head = f"@{tf}.function(autograph=False"
    if not params and not extra:
        return head + ")"
    specs = [spec_code(t, ph) for ph in params] + list(extra)
    one_line = f"{head}, input_signature=[{', '.join(specs)}])"
    if len(one_line) <= width:
        return one_line
    two_lines = f"{head},\n{' ' * (len(tf) + 11)}input_signature=[{', '.join(specs)}])"
    if max(len(line) for line in two_lines.splitlines()) <= width:
        return two_lines
    return f"{head}, input_signature=[\n" + "\n".join(packed(specs, width)) + "])"


def change_note(function) -> tuple | None:
    """The finding that says which placeholders became arguments of `function`."""
    if not function.params:
        return None
    names = ", ".join(f"`{g.name}`" for g in function.params)
    return (function.params[0].line, "eager-placeholder",
            f"placeholder(s) {names} became argument(s) of {function.name} (input_signature = their dtype and shape)")


def parameters(closure: list[GStmt]) -> list[GStmt]:
    """The placeholders a run reads, in source order, those with a default last."""
    found = [g for g in closure if g.kind == Kind.PLACEHOLDER]
    return [g for g in found if not has_default(g)] + [g for g in found if has_default(g)]


class Placeholders(Pattern):
    name = "placeholders"
    summary = "placeholders -> function arguments, input_signature"

    def graph_kind(self, a: Analysis, value, path, subscript, names, env):
        if path == G.PLACEHOLDER_WITH_DEFAULT:
            return Kind.PLACEHOLDER, analyse_with_default(a, value, env)
        return (Kind.PLACEHOLDER, analyse(a, value)) if path == G.PLACEHOLDER else None


PATTERN = Placeholders()
