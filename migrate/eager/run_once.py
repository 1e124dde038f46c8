"""A run executed once is plain eager code where the `sess.run` stood, no tf.function:

    print("final accuracy", sess.run(accuracy, {x: X, y: Y}))
->
    logits = forward(X)
    correct = tf.equal(tf.argmax(logits, 1), tf.argmax(Y, 1))
    print("final accuracy", tf.reduce_mean(tf.cast(correct, tf.float32)).numpy())

A hand port writes the evaluation so: a `tf.function` called once is traced once for
that one call (slower than running its ops eagerly) and costs a decorator, a def and a
return. "Once" is a run whose only site is a simple statement at the top level of the
block (no loop, `if` or `with` around it), that fetches one tensor, updates nothing, draws
no random number (a function's op and an eager op draw from streams of their own), and
writes no summary. Each placeholder is replaced by the value fed for it: a name or
attribute (anything else, written more than once, would be evaluated more than once), or
a placeholder's default when it is not fed; the value must have the placeholder's dtype
where the file shows it (feed_dict converted it; an eager op would compute in the value's
dtype), or be read by `tf.argmax` only (the order of a value is its dtype's). The names
the statements bind are new at that place (the module uses them for nothing else).
Otherwise the run stays a function.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager.code import returned_directly
from migrate.eager.model import Kind, RunFunction, Structure
from migrate.eager.patterns import placeholders

if TYPE_CHECKING:  # annotations only
    from migrate.eager.translate import Translator

ATOMS = (cst.Name, cst.Attribute, cst.Integer, cst.Float)
ORDER_ONLY = ("argmax", "argmin", "arg_max", "arg_min")  # tf.argmax(y, 1): the same index in any float dtype
MNIST_IMAGES = re.compile(r"^\w+\.(train|test|validation)\.images$")


@dataclass
class OnceRun:
    statements: list  # code lines (no indent) written before the site's statement
    value: str  # the expression written in place of the call


def plan(t: Translator, fn: RunFunction, lines: list[str]) -> OnceRun | None:
    """The run written at its site, or None when it stays a function. `lines`: the
    function's body lines (indented), ending in its `return` (functions.body_lines)."""
    if not _runs_once(t, fn):
        return None
    site = fn.sites[0]
    substitutes = _substitutes(t, fn, site)
    if substitutes is None:
        return None
    if not lines or not lines[-1].strip().startswith("return "):
        return None
    if any("random" in ln or "dropout" in ln for ln in lines):  # a random op draws from its own stream
        return None
    try:
        module = cst.parse_module(returned_directly("def _once():\n" + "\n".join(lines) + "\n"))
    except cst.ParserSyntaxError:
        return None
    fn_def = module.body[0]
    stmts = list(fn_def.body.body)
    *before, last = stmts
    if not (isinstance(last, cst.SimpleStatementLine) and isinstance(last.body[0], cst.Return)):
        return None
    bound = _bound_names(before)
    if bound is None or bound & _taken(t, fn) or bound & set(substitutes):
        return None
    if not _dtypes_known(t, fn, site, cst.Module(body=stmts).code, substitutes):
        return None
    renamer = _Substitute({k: cst.parse_expression(v) for k, v in substitutes.items()})
    try:
        new = [s.visit(renamer) for s in stmts]
    except _Unsafe:
        return None
    value = new[-1].body[0].value
    text = cst.Module([]).code_for_node(value)
    if not isinstance(value, (cst.Name, cst.Attribute, cst.Call, cst.Subscript)):
        text = f"({text})"
    return OnceRun([cst.Module(body=[s]).code for s in new[:-1]], text)


def _runs_once(t: Translator, fn: RunFunction) -> bool:
    if len(fn.sites) != 1 or fn.eager or fn.tapes or fn.updates or fn.step_param or fn.keys or fn.shared_random:
        return False
    site = fn.sites[0]
    if site.statement or site.structure != Structure.SINGLE or site.feed_source is not None or len(fn.elements) != 1:
        return False
    e = fn.elements[0]
    if e.effect_only or e.kind not in (Kind.TENSOR, Kind.INLINE) or e.assigns is not None:
        return False
    if any(g.random or g.kind != Kind.TENSOR for g in fn.body):
        return False
    if sum(1 for s in t.a.sites if s.item is site.item) != 1:  # another run's statements would come between
        return False
    return isinstance(site.item.node, cst.SimpleStatementLine)


def _substitutes(t: Translator, fn: RunFunction, site) -> dict | None:
    """placeholder name -> the code written for it."""
    fed = {ph.name: value for ph, value in site.feeds}
    out = {}
    for ph in fn.params:
        if ph.name in fed:
            value = fed[ph.name]
            if not isinstance(value, ATOMS):
                return None
            out[ph.name] = t.expr_code(value)
        elif placeholders.has_default(ph):
            out[ph.name] = str(ph.info.default)
        else:
            return None
    return out


def _bound_names(stmts) -> set | None:
    """The names the statements bind (simple assignments only), None for anything else."""
    names = set()
    for s in stmts:
        if not isinstance(s, cst.SimpleStatementLine):
            return None
        for small in s.body:
            if not isinstance(small, cst.Assign):
                return None
            for target in small.targets:
                found = _target_names(target.target)
                if found is None:
                    return None
                names |= found
    names.discard("_")
    return names


def _target_names(node) -> set | None:
    if isinstance(node, cst.Name):
        return {node.value}
    if isinstance(node, (cst.Tuple, cst.List)):
        out = set()
        for el in node.elements:
            inner = _target_names(el.value)
            if inner is None:
                return None
            out |= inner
        return out
    return None


def _taken(t: Translator, fn: RunFunction) -> set:
    """Names the block uses otherwise: its Python bindings and module-level graph values
    (t.forbidden), placeholders, the run functions, and a graph name bound more than once."""
    names = set(t.forbidden) | set(t.placeholder_names) | {f.name for f in t.functions.values() if f.name}
    for name in {n for g in fn.body for n in g.targets}:
        if sum(1 for g in t.a.gstmts if name in g.targets) != 1:
            names.add(name)
    return names


def _dtypes_known(t: Translator, fn: RunFunction, site, code: str, substitutes: dict) -> bool:
    """Every fed value has its placeholder's dtype where the file shows it, or is only
    read by an op whose result is the same in any float dtype (tf.argmax)."""
    fed = {ph.name: value for ph, value in site.feeds}
    for ph in fn.params:
        if ph.name not in fed:
            continue  # its default: a Python number, converted by the op as feed_dict did
        if _order_only(code, ph.name):
            continue
        if not _known_float32(t, ph, fed[ph.name]):
            return False
    return True


def _order_only(code: str, name: str) -> bool:
    """Is every read of `name` in `code` the first argument of tf.argmax / argmin?"""
    reads = len(re.findall(rf"(?<![\w.]){name}\b(?!\s*=[^=])", code))
    ordered = len(re.findall(rf"\.(?:{'|'.join(ORDER_ONLY)})\(\s*{name}\s*[,)]", code))
    return reads > 0 and reads == ordered


def _known_float32(t: Translator, ph, value) -> bool:
    """A float32 placeholder fed a value the file makes float32: a name bound once to
    `....astype(np.float32)` (or a call given `np.float32`), or MNIST's images (float32
    unless read_data_sets is given another dtype)."""
    dtype = t.expr_code(ph.info.dtype) if ph.info.dtype is not None else "float32"
    if not (dtype.endswith("float32") or dtype in placeholders.DEFAULT_SPEC_DTYPES):
        return False
    code = cst.Module([]).code_for_node(value)
    if MNIST_IMAGES.match(code) and "uint8" not in t.source:
        return True
    if not isinstance(value, cst.Name):
        return False
    bindings = re.findall(rf"^[ \t]*{value.value}\s*=(?!=)(.*)$", t.source, re.M)
    other = re.findall(rf"^[ \t]*(?:for\s+)?[\w, ]*\b{value.value}\b[\w, ]*\s*(?:=(?!=)|\+=|-=|\*=|/=|\bin\b)",
                       t.source, re.M)
    return len(bindings) == 1 and len(other) == 1 and re.search(r"float32\W*\)?\s*$", bindings[0].strip()) is not None


class _Unsafe(Exception):
    pass


class _Substitute(cst.CSTTransformer):
    """Each read of a placeholder's name -> the value fed for it (attribute names and
    keywords are not reads)."""

    def __init__(self, values: dict):
        super().__init__()
        self.values = values

    def visit_Attribute(self, node):
        return False  # the attribute's own name is no read: leave_Attribute rewrites the value

    def leave_Attribute(self, original_node, updated_node):
        return updated_node.with_changes(value=original_node.value.visit(self))

    def visit_Lambda(self, node):
        if any(p.name.value in self.values for p in node.params.params):
            raise _Unsafe
        return True

    def leave_Arg(self, original_node, updated_node):
        return updated_node.with_changes(keyword=original_node.keyword)

    def leave_Name(self, original_node, updated_node):
        return self.values.get(original_node.value, updated_node)
