"""Pattern: gradients computed, changed (clipped) and applied by hand become a tape step
doing the same: the gradients from the tape, the script's own clipping, apply_gradients
on the optimizer of the one optimizer table (migrate/tables/optimizers.py).

    tvars = [W, b]                                     ->  tvars = [W, b]          (module level)
    grads, _ = tf.clip_by_global_norm(                 ->  (in the step, after the tape:)
        tf.gradients(loss, tvars), 5.0)                     grads, _ = tf.clip_by_global_norm(tape.gradient(loss, tvars), 5.0)
    train = opt.apply_gradients(zip(grads, tvars))          opt.apply_gradients(zip(grads, tvars))

    params = [W1, b1, W2, b2]                          ->  params = [W1, b1, W2, b2]   (or a collection's list)
    grads = tf.gradients(loss, params)                 ->  grads = tape.gradient(loss, params)
    clipped, _ = tf.clip_by_global_norm(grads, 5.0)        clipped, _ = tf.clip_by_global_norm(grads, 5.0)
    train = opt.apply_gradients(zip(clipped, params))       opt.apply_gradients(zip(clipped, params))

    gvs = opt.compute_gradients(loss)                  ->  gvs = list(zip(tape.gradient(loss, [W, b]), [W, b]))
    capped = [(tf.clip_by_value(g, -1., 1.), v)             capped = [(tf.clip_by_value(g, -1., 1.), v) for g, v in gvs]
              for g, v in gvs]
    train = opt.apply_gradients(capped, global_step=s)      opt.apply_gradients(capped); s.assign_add(1)

compute_gradients pairs the trainable variables the loss depends on (or its var_list)
with their gradients, in creation order; TF 1 also pairs the other trainable variables
with None, which apply_gradients skips, so the updates are the same. A `tf.gradients(...)`
call nested in an expression (the clipping) is computed by the tape in its place.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager import names as N
from migrate.eager.model import GStmt, Kind, closure
from migrate.eager.pattern import Pattern
from migrate.eager import variable_record
from migrate.eager import gradient_record
from migrate.tables import graph_api as G

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis
    from migrate.eager.translate import Translator

__all__ = ["PATTERN", "VariableList", "ApplyInfo", "handles", "analyse_assignment", "is_apply", "apply_lines"]

COMPUTE_PARAMETERS = G.COMPUTE_GRADIENTS_PARAMETERS
COMPUTE_NOT_TRANSLATED = ("aggregation_method", "grad_loss")
APPLY_PARAMETERS = G.APPLY_GRADIENTS_PARAMETERS
_STATEFUL = G.CREATES_STATE + (G.GRADIENTS,)


@dataclass
class VariableList:
    """`tvars = [W, b]`: a Python list of variables (module level, Kind.CONSTANT)."""

    variables: list


@dataclass
class ApplyInfo:
    """`opt.apply_gradients(grads_and_vars, global_step=...)` (Kind.TRAIN): what minimize's
    TrainInfo has, without a loss (the gradients are computed by their own statement)."""

    optimizer: GStmt | None
    grads_and_vars: cst.BaseExpression
    var_list: list  # the variables updated
    global_step: GStmt | None = None
    inline = None  # an optimizer written inline: its OptimizerInfo and call (TrainInfo's fields)
    inline_node = None
    loss = None


def handles(a: Analysis, value, path, env) -> bool:
    """Does this pattern read the graph statement `... = value`?"""
    if _variables_of_list(value, env) is not None:
        return True
    if path == "gradients":  # `grads = tf.gradients(loss, params)`: params a variable list's name
        xs = a.args_by_name(value, gradient_record.PARAMETERS).get("xs")
        return isinstance(xs, cst.Name) and _variables(a, xs, env) is not None
    if path != "gradients" and _nested_gradients(a, value) is not None:
        return True
    if not (isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute)):
        return False
    if value.func.attr.value == "apply_gradients" and isinstance(value.func.value, cst.Call):
        return True  # `tf.train.GradientDescentOptimizer(0.1).apply_gradients(...)`: written at module level
    return value.func.attr.value in ("compute_gradients", "apply_gradients") \
        and isinstance(value.func.value, cst.Name) and value.func.value.value in env \
        and env[value.func.value.value].kind == Kind.OPTIMIZER


def analyse_assignment(a: Analysis, small, names, value, path, item, env) -> bool:
    listed = _variables_of_list(value, env)
    if listed is not None:
        kind, info = Kind.CONSTANT, VariableList(listed)
    elif isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) \
            and value.func.attr.value == "apply_gradients":
        kind, info = Kind.TRAIN, _apply(a, value, env)
    elif isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) \
            and value.func.attr.value == "compute_gradients":
        kind, info = Kind.GRADIENTS, _compute(a, value, env)
    elif path == "gradients":
        kind, info = Kind.GRADIENTS, _gradients_of(a, value, env)
    else:
        kind, info = Kind.GRADIENTS, _wrapped(a, value, env)
    if kind != Kind.GRADIENTS and len(names) != 1:
        a.problem(small, f"a {kind} unpacked into several names")
        return True
    if info is None:  # the problem is recorded: the file falls back
        item.drop = True
        return True
    g = a.make_gstmt(item, kind, names, value, env)
    g.info = info
    if kind != Kind.CONSTANT:
        item.drop = True
    for name in names:
        if name != "_":  # `grads, _ = tf.clip_by_global_norm(...)`: the norm is not a name
            env[name] = g
    return True


def is_apply(g) -> bool:
    return isinstance(g.info, ApplyInfo)


# ---------------------------------------------------------------------------- analysis
def _variables_of_list(value, env) -> list | None:
    """The variable statements of `[W, b]` / `(W, b)`; None for anything else."""
    if not isinstance(value, (cst.List, cst.Tuple)) or not value.elements:
        return None
    out = []
    for el in value.elements:
        v = el.value
        if isinstance(el, cst.StarredElement) or not (isinstance(v, cst.Name) and v.value in env
                                                      and env[v.value].kind == Kind.VARIABLE):
            return None
        out.append(env[v.value])
    return out


def _variables(a: Analysis, node, env) -> list | None:
    """The variables a list expression names: `tvars` (a variable list), `[W, b]`, or a
    collection's list (`params = tf.trainable_variables()`: patterns/variable_collections.py)."""
    if isinstance(node, cst.Name) and node.value in env and isinstance(env[node.value].info, VariableList):
        return list(env[node.value].info.variables)
    if isinstance(node, cst.Name) and node.value not in env:
        return a.ask("variable_list", a, node, env)
    return _variables_of_list(node, env)


def _nested_gradients(a: Analysis, value) -> cst.Call | None:
    """The one `tf.gradients(...)` call inside `value` (not the whole value)."""
    found, deferred = [], []

    class Calls(cst.CSTVisitor):
        def visit_Call(self, call):
            if a.call_path(call) == "gradients":
                found.append(call)
            return True

    class Deferred(cst.CSTVisitor):
        def visit_Call(self, call):
            if a.call_path(call) == "gradients":
                deferred.append(call)
            return True

    value.visit(Calls())
    for node in _deferred_parts(value):  # computed a number of times only the evaluation knows
        node.visit(Deferred())
    if len(found) != 1 or found[0] is value or deferred:
        return None
    return found[0]


def _deferred_parts(value) -> list:
    out = []

    class Parts(cst.CSTVisitor):
        def visit_Lambda(self, n):
            out.append(n)
            return False

        def visit_ListComp(self, n):
            return self._comprehension(n)

        def visit_GeneratorExp(self, n):
            return self._comprehension(n)

        def _comprehension(self, n):
            # the first iterable is evaluated once, where the comprehension is; the rest per element
            out.append(n.elt)
            out.extend(n.for_in.ifs)
            if n.for_in.inner_for_in is not None:
                out.append(n.for_in.inner_for_in)
            n.for_in.iter.visit(self)
            return False

        def visit_IfExp(self, n):
            out.append(n)
            return False

        def visit_BooleanOperation(self, n):
            out.append(n)
            return False

    value.visit(Parts())
    return out


def _wrapped(a: Analysis, value, env) -> gradient_record.GradientsInfo | None:
    """`grads, _ = tf.clip_by_global_norm(tf.gradients(loss, tvars), 5.0)`."""
    inner = _nested_gradients(a, value)
    outer = a

    class Stateful(cst.CSTVisitor):
        def visit_Call(self, call):
            path = outer.call_path(call)
            if call is not inner and (path in _STATEFUL or path in N.SESSION):
                outer.problem(call, f"tf.{path}(...) inside an expression")
            elif call is not inner and path is not None:
                outer.refuse(path, call)
            return True

    value.visit(Stateful())
    info = _gradients_of(a, inner, env)
    if info is not None:
        info.wrapper, info.inner = value, inner
    return info


def _gradients_of(a: Analysis, call, env) -> gradient_record.GradientsInfo | None:
    """tf.gradients(ys, xs) whose xs may be a variable list (`tvars`)."""
    args = a.args_by_name(call, gradient_record.PARAMETERS)
    listed = _variables(a, args.get("xs"), env) if "xs" in args else None
    if listed is None:
        return gradient_record.analyse_gradients(a, call, env)
    for bad in gradient_record.NOT_TRANSLATED:
        if bad in args:
            a.problem(call, f"tf.gradients({bad}=...) is not translated")
    if "ys" not in args:
        a.problem(call, "tf.gradients without ys")
        return None
    info = gradient_record.GradientsInfo(args["ys"], [args["xs"]], listed, args.get("grad_ys"))
    info.xs_list = True
    return info


def _compute(a: Analysis, call, env) -> gradient_record.GradientsInfo | None:
    """`opt.compute_gradients(loss, var_list=None)`: (gradient, variable) pairs."""
    a.accounted.add(call.func.value)
    args = a.args_by_name(call, COMPUTE_PARAMETERS)
    for bad in COMPUTE_NOT_TRANSLATED:
        if bad in args:
            a.problem(call, f"compute_gradients({bad}=...) is not translated")
    if "loss" not in args:
        a.problem(call, "compute_gradients without a loss")
        return None
    loss = args["loss"]
    if "var_list" in args:
        listed = _variables(a, args["var_list"], env)
        if listed is None:
            a.problem(args["var_list"], "compute_gradients(var_list=...) that is not a list of variables")
            return None
    else:
        reads = [env[n.value] for n in a.names_in(loss) if n.value in env]
        listed = sorted((d for d in closure(reads) if d.kind == Kind.VARIABLE and variable_record.trainable(d)),
                        key=GStmt.order)
    info = gradient_record.GradientsInfo(loss, [], listed, None)
    info.pairs = True
    return info


def _apply(a: Analysis, call, env) -> ApplyInfo | None:
    receiver, inline = call.func.value, None
    if isinstance(receiver, cst.Name):
        optimizer = env[receiver.value]
        a.accounted.add(receiver)
    else:  # an optimizer made in the statement: minimize.py writes it, as for its own inline optimizers
        optimizer, inline = None, a.ask("inline_optimizer", a, receiver, env)
        if not inline:
            if inline is None:
                a.problem(call, "apply_gradients() on something that is not a tf.train optimizer")
            return None
    args = a.args_by_name(call, APPLY_PARAMETERS)
    pairs = args.get("grads_and_vars")
    if pairs is None:
        a.problem(call, "apply_gradients without grads_and_vars")
        return None
    updated = _applied_variables(a, pairs, env)
    if updated is None:
        a.problem(pairs, "apply_gradients of pairs whose variables the translation cannot see (zip(grads, "
                         "variables) or the pairs of compute_gradients)")
        return None
    info = ApplyInfo(optimizer, pairs, updated)
    if inline is not None:
        info.inline, info.inline_node = inline, receiver
    step = args.get("global_step")
    if step is not None:
        if isinstance(step, cst.Name) and step.value in env and env[step.value].kind == Kind.VARIABLE:
            info.global_step = env[step.value]
        else:
            a.problem(step, "apply_gradients(global_step=...) that is not a variable")
    return info


def _applied_variables(a: Analysis, pairs, env) -> list | None:
    if isinstance(pairs, cst.Call) and isinstance(pairs.func, cst.Name) and pairs.func.value == "zip" \
            and len(pairs.args) == 2:
        return _variables(a, pairs.args[1].value, env)
    if isinstance(pairs, (cst.List, cst.Tuple)):  # [(g_w, w), (g_b, b)]
        seconds = [el.value.elements[1].value for el in pairs.elements
                   if isinstance(el.value, cst.Tuple) and len(el.value.elements) == 2]
        if len(seconds) == len(pairs.elements):
            return _variables_of_list(cst.List([cst.Element(v) for v in seconds]), env)
        return None
    if isinstance(pairs, cst.Name) and pairs.value in env:
        found = [g for g in closure([env[pairs.value]]) if g.kind == Kind.GRADIENTS
                 and isinstance(g.info, gradient_record.GradientsInfo) and g.info.pairs]
        if len(found) == 1:
            return list(found[0].info.xs_g)
    return None


# ---------------------------------------------------------------------------- the step
def apply_lines(t: Translator, body, g) -> None:
    """`opt.apply_gradients(<the script's pairs>)` (and the global step) after the step's values."""
    info: ApplyInfo = g.info
    body.comments(g.node)
    name = info.optimizer.name if info.optimizer is not None else t.reserved_names[id(g)]  # minimize.py's
    body.add(f"{name}.apply_gradients({t.expr_code(info.grads_and_vars)})")
    if info.global_step is not None:
        body.add(f"{info.global_step.name}.assign_add(1)")


class ApplyGradients(Pattern):
    name = "apply_gradients"
    summary = "compute_gradients / clipping / apply_gradients -> tape"

    def claim_graph_assignment(self, a: Analysis, small, names, value, path, item, env) -> bool:
        return handles(a, value, path, env) and analyse_assignment(a, small, names, value, path, item, env)

    def is_tape(self, g):
        return False if is_apply(g) else None

    def update_lines(self, t: Translator, body, g) -> bool:
        if not is_apply(g):
            return False
        apply_lines(t, body, g)
        return True


PATTERN = ApplyGradients()
