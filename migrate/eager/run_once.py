"""A run executed once is plain eager code where the `sess.run` stood, no tf.function:

    print("final accuracy", sess.run(accuracy, {x: X, y: Y}))
->
    correct = tf.equal(tf.argmax(forward(X), 1), tf.argmax(Y, 1))
    print("final accuracy", tf.reduce_mean(tf.cast(correct, tf.float32)).numpy())

A hand port writes the evaluation so: a `tf.function` called once is traced once for
that one call (slower than running its ops eagerly) and costs a decorator, a def and a
return. "Once" is a run whose only site is a simple statement at the top level of the
block (no loop, `if` or `with` around it), that fetches one tensor, updates nothing, draws
no random number (a function's op and an eager op draw from streams of their own), and
writes no summary. Each placeholder is replaced by the value fed for it: a name or
attribute, a slice of a name read once (anything else, written more than once, would be
evaluated more than once), or a placeholder's default when it is not fed; the value must have the placeholder's dtype
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

from migrate.eager import inline_calls, run_rarely
from migrate.eager.code import returned_directly
from migrate.eager.random_ops import draws_random
from migrate.eager.model import Kind, RunFunction, Structure
from migrate.eager.patterns import placeholders, shared_forward

if TYPE_CHECKING:  # annotations only
    from migrate.eager.translate import Translator

ATOMS = (cst.Name, cst.Attribute, cst.Integer, cst.Float)
ORDER_ONLY = ("argmax", "argmin", "arg_max", "arg_min")  # tf.argmax(y, 1): the same index in any float dtype
MNIST_IMAGES = re.compile(r"^\w+\.(train|test|validation)\.images$")


@dataclass
class OnceRun:
    statements: list  # code lines (no indent) written before the site's statement
    value: str  # the expression written in place of the call
    statement: object = None  # a nested statement they are written before (run_rarely.py); None: the block's


def plan(t: Translator, fn: RunFunction, lines: list[str]) -> dict | None:
    """id(site call) -> its OnceRun, each site written in place; None when the run stays a
    function. `lines`: the function's body lines (indented), ending in its `return`
    (functions.body_lines)."""
    places = _places(t, fn)
    if places is None:
        return None
    if not lines or not lines[-1].strip().startswith("return "):
        return None
    try:
        module = cst.parse_module(returned_directly("def _once():\n" + "\n".join(lines) + "\n"))
    except cst.ParserSyntaxError:
        return None
    if draws_random(t.a.r, module):  # a random op draws from its own stream
        return None
    stmts = list(module.body[0].body.body)
    *before, last = stmts
    if not (isinstance(last, cst.SimpleStatementLine) and isinstance(last.body[0], cst.Return)):
        return None
    bound = _bound_names(before)
    if bound is None or bound & _taken(t, fn) or bound & {ph.name for ph in fn.params}:
        return None
    if _calls_script_code(t, fn, lines):  # a helper of the script may read its argument as a tensor (x.get_shape())
        return None
    runs = {}
    for site in fn.sites:
        once = _at_site(t, fn, site, stmts)
        if once is None:
            return None
        once.statement = places[id(site.call)]
        once.statements, once.value = inline_calls.inlined_statements(
            once.statements, once.value, shared_forward.callees(t, fn), *_site_columns(site, once))
        runs[id(site.call)] = once
    return runs


def _at_site(t: Translator, fn: RunFunction, site, stmts) -> OnceRun | None:
    """The run's statements with each placeholder replaced by what `site` feeds it."""
    substitutes = _substitutes(t, fn, site)
    if substitutes is None:
        return None
    if not _dtypes_known(t, fn, site, _reading_code(t, fn, cst.Module(body=stmts).code), substitutes):
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


def _site_columns(site, once: OnceRun) -> tuple[int, int]:
    """(depth, width): the indentation depth of the statement that holds the site (a
    dissolved `with` counted) and the columns its line takes with `once.value` (and
    `.numpy()`) in the run's place."""
    statement = site.item.node if once.statement is None else once.statement
    path = run_rarely.path_to(site.item.node, statement) or []
    depth = sum(1 for node in path if isinstance(node, cst.IndentedBlock))
    line = cst.Module([]).code_for_node(statement).strip().split("\n")[-1]
    call = cst.Module([]).code_for_node(site.call)
    return depth, 4 * depth + len(line) - len(call) + len(once.value) + len(".numpy()")


def _places(t: Translator, fn: RunFunction) -> dict | None:
    """id(site call) -> the nested statement its code is written before (None: the block's
    own statement, a run executed once), or None when the run stays a function."""
    if t.class_program:  # a graph class's run is its method (folded back by patterns/graph_classes.py)
        return None
    if fn.eager or fn.tapes or fn.updates or fn.step_param or fn.keys or fn.shared_random or len(fn.elements) != 1:
        return None
    if any(s.statement or s.structure != Structure.SINGLE or s.feed_source is not None for s in fn.sites):
        return None
    e = fn.elements[0]
    if e.effect_only or e.kind not in (Kind.TENSOR, Kind.INLINE) or e.assigns is not None:
        return None
    if any(g.random or g.kind != Kind.TENSOR for g in fn.body):
        return None
    site = fn.sites[0]
    if len(fn.sites) == 1 and isinstance(site.item.node, cst.SimpleStatementLine):
        if sum(1 for s in t.a.sites if s.item is site.item) != 1:  # another run's statements would come between
            return None
        return {id(site.call): None}
    return run_rarely.site_statements(t, fn)


def _calls_script_code(t: Translator, fn: RunFunction, lines: list[str]) -> bool:
    """Does the run's code, or the shared forward part it calls, call a def of the script or a lambda?"""
    record = t.a.state(shared_forward.PATTERN).calls.get(id(fn))
    code = "\n".join(lines) + ("\n" + shared_forward.code(t, record) if record is not None else "")
    defs = set(re.findall(r"^\s*def (\w+)", t.source, re.M))
    called = set(re.findall(r"(?<![\w.])(\w+)\s*\(", code))
    return "lambda" in code or bool(called & defs)


def _reading_code(t: Translator, fn: RunFunction, code: str) -> str:
    """The code that reads the placeholders: the run's, its call of a shared forward part
    replaced by that part's statements (whose parameters are the placeholders' names)."""
    record = t.a.state(shared_forward.PATTERN).calls.get(id(fn))
    if record is None:
        return code
    call = shared_forward.call_line(record, fn)
    inner = "\n".join(t.stmt_code(g) for g in record.statements)
    return "\n".join(inner if ln.strip() == call else ln for ln in code.splitlines())


def _substitutes(t: Translator, fn: RunFunction, site) -> dict | None:
    """placeholder name -> the code written for it."""
    fed = {ph.name: value for ph, value in site.feeds}
    out = {}
    for ph in fn.params:
        if ph.name in fed:
            value = fed[ph.name]
            if not isinstance(value, ATOMS) and not (isinstance(value, cst.Subscript) and isinstance(value.value, cst.Name)):
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
            continue  # its default: a Python number, or NumPy data whose dtype the placeholder took
        if _order_only(code, ph.name):
            continue
        if isinstance(fed[ph.name], cst.Subscript) and len(re.findall(rf"(?<![\w.]){ph.name}\b", code)) != 1:
            return False  # a slice written once, not computed again at each read
        if _placeholder_dtype(t, ph) is None or _placeholder_dtype(t, ph) != _value_dtype(t, fed[ph.name], 0):
            return False
    return True


def _order_only(code: str, name: str) -> bool:
    """Is every read of `name` in `code` the first argument of tf.argmax / argmin?"""
    reads = len(re.findall(rf"(?<![\w.]){name}\b(?!\s*=[^=])", code))
    ordered = len(re.findall(rf"\.(?:{'|'.join(ORDER_ONLY)})\(\s*{name}\s*[,)]", code))
    return reads > 0 and reads == ordered


def _placeholder_dtype(t: Translator, ph) -> str | None:
    """"float32", "int64", ... of a placeholder (None for a dtype written otherwise)."""
    if ph.info.dtype is None:
        return "float32"
    code = t.expr_code(ph.info.dtype)
    if code in placeholders.DEFAULT_SPEC_DTYPES:
        return "float32"
    found = re.fullmatch(r"\w+\.(float32|float64|int32|int64|bool)", code)
    return found.group(1) if found else None


def _value_dtype(t: Translator, value, depth: int) -> str | None:
    """The numpy dtype the file gives a fed value: a name bound once to `....astype(np.T)`
    (or a call given `np.T` / `dtype=np.T`), a slice of such a name (also bound by
    unpacking, `a, b = X[:n], X[n:]`), MNIST's images (float32 unless read_data_sets is
    given another dtype); None when the file does not show it."""
    if depth > 3:
        return None
    if isinstance(value, cst.Subscript):
        return _value_dtype(t, value.value, depth + 1)
    code = cst.Module([]).code_for_node(value)
    if MNIST_IMAGES.match(code) and "uint8" not in t.source:
        return "float32"
    if not isinstance(value, cst.Name):
        return None
    bound = _binding(t.source, value.value)
    return None if bound is None else _expression_dtype(t, bound, depth + 1)


NUMPY_DTYPES = ("float32", "float64", "int32", "int64", "bool")


def _expression_dtype(t: Translator, node, depth: int) -> str | None:
    """The dtype of a NumPy expression where it shows: `....astype(np.T)`, a call given
    `np.T` or `dtype=np.T` (np.array, np.zeros...), an arithmetic of two such values of one
    dtype, a slice or a name of one."""
    if isinstance(node, (cst.Name, cst.Subscript, cst.Attribute)):
        return _value_dtype(t, node, depth)
    if isinstance(node, cst.BinaryOperation) and not isinstance(node.operator, (cst.Divide, cst.Power)):
        left, right = _expression_dtype(t, node.left, depth), _expression_dtype(t, node.right, depth)
        return left if left == right else None
    if isinstance(node, cst.Call):
        for arg in node.args:
            is_astype = isinstance(node.func, cst.Attribute) and node.func.attr.value == "astype"
            if arg.keyword is None and not (is_astype or arg is node.args[-1]) or \
                    arg.keyword is not None and arg.keyword.value != "dtype":
                continue
            named = _dtype_name(arg.value)
            if named is not None:
                return named
    return None


def _dtype_name(node) -> str | None:
    """"float32" for `np.float32`, `numpy.float32`, `"float32"`."""
    if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value in ("np", "numpy") \
            and node.attr.value in NUMPY_DTYPES:
        return node.attr.value
    if isinstance(node, cst.SimpleString) and node.evaluated_value in NUMPY_DTYPES:
        return node.evaluated_value
    return None


def _binding(source: str, name: str):
    """The value of the one statement that binds `name` in `source` (`name = v`, or its
    element of `a, b = va, vb`); None when it is bound otherwise or more than once."""
    lines = [ln for ln in source.splitlines()
             if re.match(rf"^\s*(?:for\s+|with\s+.*\bas\s+)?[\w, ()\[\]]*(?<![\w.]){name}\b[\w, ()\[\]]*\s*(?:[-+*/]?=(?!=)|\bin\b)", ln)]
    if len(lines) != 1:
        return None
    try:
        stmt = cst.parse_statement(lines[0].strip() + "\n")
    except cst.ParserSyntaxError:
        return None
    if not isinstance(stmt, cst.SimpleStatementLine) or not isinstance(stmt.body[0], cst.Assign) \
            or len(stmt.body[0].targets) != 1:
        return None
    target, value = stmt.body[0].targets[0].target, stmt.body[0].value
    if isinstance(target, cst.Name):
        return value if target.value == name else None
    if isinstance(target, cst.Tuple) and isinstance(value, cst.Tuple) and len(target.elements) == len(value.elements):
        for te, ve in zip(target.elements, value.elements):
            if isinstance(te.value, cst.Name) and te.value.value == name:
                return ve.value
    return None


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
