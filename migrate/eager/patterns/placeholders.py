"""Pattern: placeholders become arguments of the run functions.

    x = tf.placeholder(tf.float32, [None, 1])     ->  (removed)
    sess.run(loss, feed_dict={x: data})           ->  compute_loss(data)

    @tf.function(input_signature=[tf.TensorSpec([None, 1], tf.float32)])
    def compute_loss(x): ...

The input signature is the placeholder's dtype and shape, so fed lists and float64
arrays are converted as feed_dict converted them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager.model import GStmt, Kind, Site
from migrate.eager.pattern import Pattern
from migrate.eager.patterns import feed_sources
from migrate.tables import graph_api as G

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis
    from migrate.eager.translate import Translator

PARAMETERS = G.PLACEHOLDER_PARAMETERS


@dataclass
class PlaceholderInfo:
    dtype: cst.BaseExpression | None
    shape: cst.BaseExpression | None


def analyse(a: Analysis, call: cst.Call) -> PlaceholderInfo:
    a.is_session_script = True
    args = a.args_by_name(call, PARAMETERS)
    if "dtype" not in args:
        a.problem(call, "placeholder without a dtype")
    return PlaceholderInfo(args.get("dtype"), args.get("shape"))


def check_feeds(a: Analysis, site: Site, params: list[GStmt]) -> None:
    """Every placeholder the function needs is fed; unused feeds have no side effects."""
    fed = [ph for ph, _ in site.feeds] + (feed_sources.fed(site) if site.feed_source is not None else [])
    for ph in params:
        if ph not in fed:
            a.problem(site.call, f"placeholder `{ph.name}` is needed but not fed")
    for ph, value in site.feeds:
        if ph not in params and _calls_something(value):
            a.problem(value, f"a fed value for `{ph.name}`, which this run does not use, has side effects")


def _calls_something(node) -> bool:
    found = []

    class Calls(cst.CSTVisitor):
        def visit_Call(self, call):
            found.append(call)

    node.visit(Calls())
    return bool(found)


def spec_code(t: Translator, ph: GStmt) -> str:
    """`tf.TensorSpec(shape, dtype)` of a placeholder."""
    tf = t.a.r.primary
    info: PlaceholderInfo = ph.info
    dtype = t.expr_code(info.dtype) if info.dtype is not None else f"{tf}.float32"
    shape = t.expr_code(info.shape) if info.shape is not None else "None"
    return f"{tf}.TensorSpec({shape}, {dtype})"


def decorator(t: Translator, params: list[GStmt], extra=(), width=100) -> str:
    """The run function's decorator; `extra`: the specs of arguments that are not placeholders."""
    tf = t.a.r.primary
    if not params and not extra:
        return f"@{tf}.function"
    specs = [spec_code(t, ph) for ph in params] + list(extra)
    one_line = f"@{tf}.function(input_signature=[{', '.join(specs)}])"
    if len(one_line) <= width:
        return one_line
    return f"@{tf}.function(input_signature=[\n" + "".join(f"    {s},\n" for s in specs) + "])"


def change_note(function) -> tuple | None:
    """The finding that says which placeholders became arguments of `function`."""
    if not function.params:
        return None
    names = ", ".join(f"`{g.name}`" for g in function.params)
    return (function.params[0].line, "eager-placeholder",
            f"placeholder(s) {names} became argument(s) of {function.name} (input_signature = their dtype and shape)")


def parameters(closure: list[GStmt]) -> list[GStmt]:
    return [g for g in closure if g.kind == Kind.PLACEHOLDER]


class Placeholders(Pattern):
    name = "placeholders"
    summary = "placeholders -> function arguments, input_signature"

    def graph_kind(self, a: Analysis, value, path, subscript, names, env):
        return (Kind.PLACEHOLDER, analyse(a, value)) if path == "placeholder" else None


PATTERN = Placeholders()
