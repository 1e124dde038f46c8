"""Pattern: `optimizer.minimize(loss)` becomes a GradientTape step with the Keras
optimizer that does the same arithmetic (migrate/tables/optimizers.py).

    opt = tf.train.GradientDescentOptimizer(0.05)   ->  opt = tf.keras.optimizers.SGD(learning_rate=0.05, ...)
    train = opt.minimize(loss)                      ->  (inside the run function:)
                                                        with tf.GradientTape() as tape:
                                                            loss = ...
                                                        grads = tape.gradient(loss, [w])
                                                        opt.apply_gradients(zip(grads, [w]))

The differentiated variables are minimize's var_list, else the trainable variables the
loss depends on; a list that is more than names (`[*weights.values(), *biases.values()]`)
is computed once, `variables = ...`, and read by both lines. `global_step=` becomes
`global_step.assign_add(1)` after the update.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager.code import fresh, statement_with_comments
from migrate.eager.model import GStmt, Kind, closure
from migrate.eager.pattern import NOT_MINE, Pattern
from migrate.eager import variable_record
from migrate.tables import graph_api as G
from migrate.tables.optimizers import (EQUIVALENCE, KERAS_FLOAT_ONLY, REQUIRED, ArgumentError, eager_form,
                                      keras_arguments, unknown_arguments)
from migrate.tables.signatures import KERAS_OPTIMIZER_DEFAULTS, TF1_OPTIMIZER_PARAMETERS

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis
    from migrate.eager.translate import Translator

MINIMIZE_PARAMETERS = G.MINIMIZE_PARAMETERS
PLAIN_LIST = r"\[[\w, ]*\]|[\w.]+"  # `[W, b]`, `model.trainable_variables`: written where read, not named
ROUNDING_RULE = "eager-rounding"  # a Keras optimizer equal to TF1's up to rounding (migrate verify reads it)


@dataclass
class OptimizerInfo:
    cls: str  # tf.compat.v1.train class name
    args: dict = field(default_factory=dict)  # parameter -> value node
    schedule: GStmt | None = None  # a decayed learning rate (patterns/schedules.py)


@dataclass
class TrainInfo:
    loss: cst.BaseExpression | None = None
    optimizer: GStmt | None = None  # `opt.minimize(...)` on a named optimizer
    inline: OptimizerInfo | None = None  # `tf.train.X(...).minimize(...)`
    inline_node: cst.Call | None = None
    var_list: list | None = None
    listed: cst.BaseExpression | None = None  # a var_list a pattern listed (a graph collection)
    global_step: GStmt | None = None


def is_optimizer(path: str | None) -> bool:
    return path is not None and path.startswith("train.") and path.endswith("Optimizer")


def analyse_optimizer(a: Analysis, call: cst.Call, path: str, env: dict) -> OptimizerInfo | None:
    cls = path.split(".", 1)[1]
    if cls not in EQUIVALENCE:
        a.problem(call, f"tf.{path} has no Keras optimizer known to do the same arithmetic")
        return None
    args = a.args_by_name(call, list(TF1_OPTIMIZER_PARAMETERS[cls]))
    info = OptimizerInfo(cls, args)
    for name, value in args.items():
        rate = env.get(value.value) if isinstance(value, cst.Name) else None
        if name == "learning_rate" and a.ask("schedule_rate", rate) is not None:  # patterns/schedules.py
            info.schedule = rate
            a.accounted.add(value)
            continue
        for n in a.names_in(value):
            if n.value in env:
                a.problem(n, f"optimizer argument {name} is a graph tensor (`{n.value}`)")
    return info


def analyse_minimize(a: Analysis, call: cst.Call, env: dict) -> TrainInfo:
    receiver = call.func.value
    info = TrainInfo()
    if isinstance(receiver, cst.Name) and receiver.value in env and env[receiver.value].kind == Kind.OPTIMIZER:
        info.optimizer = env[receiver.value]
        a.accounted.add(receiver)
    elif is_optimizer(a.call_path(receiver)):
        info.inline = analyse_optimizer(a, receiver, a.call_path(receiver), env)
        info.inline_node = receiver
    else:
        a.problem(call, "minimize() on something that is not a tf.train optimizer")
        return info
    args = a.args_by_name(call, MINIMIZE_PARAMETERS)
    if "loss" not in args:
        a.problem(call, "minimize() without a loss")
        return info
    info.loss = args["loss"]
    if "grad_loss" in args:
        a.problem(call, "minimize(grad_loss=...) is not translated")
    if "var_list" in args:
        info.var_list = a.ask("variable_list", a, args["var_list"], env)  # patterns/variable_collections.py
        if info.var_list is not None:
            info.listed = args["var_list"]
        else:
            info.var_list = _var_list(a, args["var_list"], env)
    if "global_step" in args:
        step = args["global_step"]
        if isinstance(step, cst.Name) and step.value in env and env[step.value].kind == Kind.VARIABLE:
            info.global_step = env[step.value]
        else:
            a.problem(step, "minimize(global_step=...) that is not a variable")
    return info


def _var_list(a: Analysis, node, env) -> list | None:
    if isinstance(node, (cst.List, cst.Tuple)) and all(
            isinstance(e.value, cst.Name) and e.value.value in env and env[e.value.value].kind == Kind.VARIABLE
            for e in node.elements):
        return [env[e.value.value] for e in node.elements]
    a.problem(node, "minimize(var_list=...) that is not a literal list of variables")
    return None


# ---------------------------------------------------------------------------- the tape step
def loss_deps(t: Translator, g: GStmt) -> list[GStmt]:
    env = t.a.env_at[g.idx]
    return [env[n.value] for n in t.a.names_in(g.info.loss) if n.value in env]


def train_vars(t: Translator, g: GStmt) -> list[GStmt]:
    """What the step differentiates and updates, in creation order."""
    if g.info.var_list is not None:
        return list(g.info.var_list)
    found = [d for d in closure(loss_deps(t, g)) if d.kind == Kind.VARIABLE and variable_record.trainable(d)]
    return sorted(found, key=GStmt.order)


def writes(t: Translator, g: GStmt) -> list[GStmt]:
    """The variables a train op updates."""
    return train_vars(t, g) + ([g.info.global_step] if g.info.global_step is not None else [])


def gradient_lines(t: Translator, body, tape: GStmt) -> bool:
    """`grads = tape.gradient(loss, [vars])` after the tape block; False on a problem."""
    a = t.a
    loss = tape.info.loss
    loss_code = t.expr_code(loss)
    if not isinstance(loss, cst.Name):
        loss_name = body.fresh("loss")
        body.add(f"{loss_name} = {loss_code}", 2)
        loss_code = loss_name
    variables_ = train_vars(t, tape)
    if not variables_ and not _loss_variables(t, tape) and not _asked_variables(t, tape):
        a.problem(tape.node, "minimize() of a loss that depends on no trainable variable the translation can see "
                             "(variables must be created at module level, directly or by a def that returns one "
                             "tf.Variable)")
        return False
    body.comments(tape.node)
    variables_code = var_list_code(t, tape)
    if not re.fullmatch(PLAIN_LIST, variables_code):  # computed once, read by both lines
        name = body.fresh("variables")
        body.add(f"{name} = {variables_code}")
        body.named_lists[variables_code] = name
        variables_code = name
    body.add(f"{body.grads} = {body.tape}.gradient({loss_code}, {variables_code})")
    return True


def apply_lines(t: Translator, body, g: GStmt) -> None:
    """`opt.apply_gradients(...)` (and the global step) after everything the step computes."""
    variables_code = var_list_code(t, g)
    variables_code = body.named_lists.get(variables_code, variables_code)
    body.add(f"{optimizer_name(t, g)}.apply_gradients(zip({body.grads}, {variables_code}))")
    if g.info.global_step is not None:
        body.add(f"{g.info.global_step.name}.assign_add(1)")


def var_list_code(t: Translator, g: GStmt) -> str:
    """The trained variables as code: `[W, b]`, plus the variables of the Keras layers the loss reads."""
    listed = g.info.listed
    if isinstance(listed, cst.Name) and len(t.a.global_scope.assignments[listed.value]) == 1:
        return listed.value  # `var_list=head_vars`, bound once to the list of a collection's variables
    names = _names(train_vars(t, g))
    return " + ".join(([] if names == "[]" else [names]) + _loss_variables(t, g) + _asked_variables(t, g)) or "[]"


def _loss_variables(t: Translator, g: GStmt) -> list:
    """The variables the Keras layers and TF 1 islands the loss reads hold (patterns/layers.py,
    patterns/tf1_islands.py: each pattern's parts, in registry order)."""
    return [part for parts in t.ask_all("loss_variables", t, loss_deps(t, g)) for part in parts]


def _asked_variables(t: Translator, g: GStmt) -> list:
    """The variables other patterns' statements of the loss hold (`rnn.trainable_variables`),
    in the order the graph built them; none when minimize() has its own var_list."""
    return [code for _, code in _asked_statements(t, g)]


def _asked_statements(t: Translator, g: GStmt) -> list:
    """(statement, code) of each `_asked_variables` part."""
    if g.info.var_list is not None:
        return []
    found = sorted(closure(loss_deps(t, g)), key=GStmt.order)
    return [(d, code) for d in found for code in [t.ask("trained_variables", t, d)] if code]


def _names(gstmts) -> str:
    return "[" + ", ".join(variable_record.var_list_code(v) for v in gstmts) + "]"


def _optimizers(a) -> list:
    """The OptimizerInfo of every optimizer the graph makes (named or inline in minimize)."""
    out = []
    for g in a.gstmts:
        if g.kind == Kind.OPTIMIZER and isinstance(g.info, OptimizerInfo):
            out.append(g.info)
        elif g.kind == Kind.TRAIN and isinstance(g.info, TrainInfo) and g.info.inline is not None:
            out.append(g.info.inline)
    return out


def optimizer_name(t: Translator, train: GStmt) -> str:
    if train.info.optimizer is not None:
        return train.info.optimizer.name
    return t.reserved_names[id(train)]


# ---------------------------------------------------------------------------- the Keras optimizer
def optimizer_code(t: Translator, name: str, info: OptimizerInfo | None, node) -> str:
    """`name = tf.keras.optimizers.X(...)`, the arguments whose value is not Keras's default, or
    `name = tf.compat.v1.train.X(...)` where the table keeps TF1's class (eager_form); "" on a problem."""
    a = t.a
    if info is None:
        return ""
    row = EQUIVALENCE[info.cls]
    form = eager_form(row, exact=t.exact_optimizers, schedule=info.schedule is not None)
    if form == "tf1":
        return _tf1_optimizer_code(t, name, info, node)
    unknown = unknown_arguments(row, info.args)
    if unknown:
        a.problem(node, f"{info.cls}: argument(s) {unknown} are not translated")
        return ""
    kwargs = _keras_arguments(t, row, info, node)
    if kwargs is None:
        return ""
    tf = a.r.primary
    args = [f"{k}={v}" for k, v in kwargs.items() if _written(row, k, v)]
    keras = f"{tf}.keras.optimizers.{row.keras}"
    if form == "rounding":
        t.changes.append((a.line(node), ROUNDING_RULE,
                          f"tf.train.{info.cls} became {keras}, equal to it up to rounding (migrate verify's "
                          f"rounding tolerance), not bit for bit: {row.why['eager']}; --exact-optimizers keeps "
                          f"{tf}.compat.v1.train.{info.cls}"))
    else:
        t.changes.append((a.line(node), "eager-optimizer",
                          f"tf.train.{info.cls} became {keras} with the same arithmetic"))
    return call_line(f"{name} = {keras}", args) + "\n"


def build_line(t: Translator, name: str, info: OptimizerInfo, at: GStmt, train: GStmt) -> str:
    """`name.build([W, b])` after a Keras optimizer with slots, when every variable it trains
    exists before it: plain variables built before it, and the variables of the statements
    before it that other patterns answer for (`rnn.trainable_variables`: RNN cells built
    where the graph made them). The slots then exist before the step's first trace, which
    traces once (created inside it, they make tf.function trace it three times). For
    minimize() and for apply_gradients.py's `opt.apply_gradients(pairs)` alike."""
    row = EQUIVALENCE[info.cls]
    if not row.slots or eager_form(row, exact=t.exact_optimizers, schedule=info.schedule is not None) == "tf1":
        return ""
    if isinstance(train.info, TrainInfo):
        trained, code, asked = train_vars(t, train), var_list_code(t, train), _asked_statements(t, train)
    else:  # apply_gradients.py's ApplyInfo: the variables of the script's pairs
        trained, asked = list(train.info.var_list or []), []
        code = _names(trained)
    parts = ([_names(trained)] if trained else []) + [part for _, part in asked]
    if not parts or code != " + ".join(parts) or any(v.kind != Kind.VARIABLE for v in trained) \
            or any(d.order() >= at.order() for d in trained + [d for d, _ in asked]):
        return ""  # Keras layers' variables exist only after their first call; or built later
    return f"{name}.build({code})\n"


def _written(row, keras_name: str, code: str) -> bool:
    """Is the Keras argument written: its value is not the installed Keras's default, or it is
    one TF1 requires (the learning rate, Momentum's momentum: the script's own choice)?"""
    defaults = KERAS_OPTIMIZER_DEFAULTS.get(row.keras, {})
    required = {row.rename[k] for k, v in row.tf1_defaults.items() if v is REQUIRED}
    return keras_name in required or keras_name not in defaults or _literal(code) != defaults[keras_name]


def _tf1_optimizer_code(t: Translator, name: str, info: OptimizerInfo, node) -> str:
    """`name = tf.compat.v1.train.X(...)`, the arguments as written: TF1's optimizer classes run
    eagerly (apply_gradients on a tape's gradients), so the step is TF1's, bit for bit."""
    tf = t.a.r.primary
    args = [f"{k}={_argument_code(t, info, k, v)}" for k, v in info.args.items()]
    row = EQUIVALENCE[info.cls]
    head = f"{name} = {tf}.compat.v1.train.{info.cls}"
    if row.eager == "rounding" and info.schedule is None:  # --exact-optimizers: the user's choice
        t.changes.append((t.a.line(node), "eager-optimizer",
                          f"tf.train.{info.cls} kept as {tf}.compat.v1.train.{info.cls} (--exact-optimizers)"))
        return call_line(head, args) + "\n"
    why = row.why.get("eager") or f"Keras {row.keras} equals it only while the learning rate is constant"
    t.changes.append((t.a.line(node), "eager-optimizer",
                      f"tf.train.{info.cls} kept as {tf}.compat.v1.train.{info.cls}: {why}"))
    return wrap_comment(f"# TF 1's optimizer, kept: {why}.") + "\n" + call_line(head, args) + "\n"


def _keras_arguments(t: Translator, row, info: OptimizerInfo, node) -> dict | None:
    """Keras argument -> code, as the table maps the TF1 call's arguments (optimizers.keras_arguments)."""
    try:
        values = keras_arguments(row, info.args)
    except ArgumentError as exc:
        t.a.problem(node, f"{info.cls}: missing required argument {exc.missing[0]}")
        return None
    return {k: _keras_value_code(t, info, k, v) for k, v in values.items()}


def _keras_value_code(t: Translator, info: OptimizerInfo, keras_name: str, value) -> str:
    """The code of a table value, or of an expression of the TF1 call (a float where Keras needs one)."""
    if not isinstance(value, cst.BaseExpression):
        return _number_code(value)
    code = _argument_code(t, info, keras_name, value)
    if keras_name not in KERAS_FLOAT_ONLY or isinstance(value, cst.Float):
        return code
    return f"{code}.0" if isinstance(value, cst.Integer) else f"float({code})"


def _number_code(value) -> str:
    """A table value as a person writes it: 1e-8, not Python's repr 1e-08."""
    code = repr(value)
    if isinstance(value, float) and "e" in code:
        mantissa, exponent = code.split("e")
        code = f"{mantissa}e{int(exponent)}"
    return code


def _argument_code(t: Translator, info: OptimizerInfo, param: str, value) -> str:
    """`param` is TF1's or Keras's name: learning_rate in both."""
    if param == "learning_rate" and info.schedule is not None:
        return t.ask("schedule_rate", info.schedule)
    return t.expr_code(value)


def call_line(head: str, args: list, width=100) -> str:
    """`head(a, b)`, or one argument a line when that is longer than `width`."""
    line = f"{head}({', '.join(args)})"
    if len(line) <= width:
        return line
    return f"{head}(\n" + "".join(f"    {arg},\n" for arg in args) + ")"


def wrap_comment(line, width=100):
    if len(line) <= width:
        return line
    out, current = [], ""
    for word in line.split(" "):
        if current and len(current) + 1 + len(word) > width:
            out.append(current)
            current = "#   " + word
        else:
            current = f"{current} {word}" if current else word
    out.append(current)
    return "\n".join(out)


def _literal(code):
    try:
        return ast.literal_eval(code)
    except Exception:
        return object()


class Minimize(Pattern):
    name = "minimize"
    summary = "opt.minimize(loss) -> GradientTape step, Keras optimizer"

    def nested_parts(self, a: Analysis, value, record, env):
        """A var_list a pattern listed (a graph collection) is no graph construct of the expression."""
        if not isinstance(record, TrainInfo) or record.listed is None or not isinstance(value, cst.Call):
            return None
        return [value.func] + [arg.value for arg in value.args if arg.value is not record.listed]

    def graph_kind(self, a: Analysis, value, path, subscript, names, env):
        if is_optimizer(path):
            return Kind.OPTIMIZER, analyse_optimizer(a, value, path, env)
        if isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute):
            attr = value.func.attr.value
            if attr == "minimize":
                return Kind.TRAIN, analyse_minimize(a, value, env)
            if attr in ("compute_gradients", "apply_gradients"):
                a.problem(value, f"optimizer.{attr}: only minimize() is translated")
        return None

    def inline_optimizer(self, a: Analysis, call, env):
        """patterns/apply_gradients.py: `tf.train.X(...).apply_gradients(...)`."""
        path = a.call_path(call)
        if not is_optimizer(path):
            return None
        return analyse_optimizer(a, call, path, env) or False

    def optimizer_class(self, g):
        if g.kind == Kind.OPTIMIZER and isinstance(g.info, OptimizerInfo):
            return g.info.cls
        if g.kind == Kind.TRAIN and isinstance(g.info, TrainInfo) and g.info.inline is not None:
            return g.info.inline.cls
        return None

    def keeps_tf1_optimizer(self, t):
        return any(eager_form(EQUIVALENCE[info.cls], exact=t.exact_optimizers, schedule=info.schedule is not None) == "tf1"
                   for info in _optimizers(t.a) if info.cls in EQUIVALENCE)

    def optimizer_name(self, t: Translator, train: GStmt):
        return optimizer_name(t, train) if train.kind == Kind.TRAIN and isinstance(train.info, TrainInfo) else None

    def reserve_names(self, t: Translator) -> None:
        for g in t.a.gstmts:
            if g.kind == Kind.TRAIN and g.info.inline is not None:
                name = fresh("optimizer", t.forbidden)
                t.forbidden.add(name)
                t.reserved_names[id(g)] = name

    def writes(self, t: Translator, g):
        return writes(t, g) if g.kind == Kind.TRAIN else None

    def is_tape(self, g):
        return True if g.kind == Kind.TRAIN else None

    def is_update(self, g):
        return True if g.kind == Kind.TRAIN else None

    def tape_targets(self, t: Translator, g):
        return loss_deps(t, g) if g.kind == Kind.TRAIN else None

    def gradient_lines(self, t: Translator, body, g):
        return gradient_lines(t, body, g) if g.kind == Kind.TRAIN else None

    def update_lines(self, t: Translator, body, g) -> bool:
        if g.kind != Kind.TRAIN:
            return False
        apply_lines(t, body, g)
        return True

    def kept_statement(self, t: Translator, g, node):
        if g.kind == Kind.OPTIMIZER:
            users = [h for h in t.a.gstmts if h.kind == Kind.TRAIN and getattr(h.info, "optimizer", None) is g]
            # minimize()'s TrainInfo or apply_gradients.py's ApplyInfo: the statements with an optimizer
            name, info, train = g.name, g.info, users[0] if len(users) == 1 else None
            text = optimizer_code(t, name, info, g.value)
        elif g.kind == Kind.TRAIN and g.info.inline is not None:
            name, info, train = t.reserved_names[id(g)], g.info.inline, g
            text = optimizer_code(t, name, info, g.info.inline_node)
        else:
            return NOT_MINE
        if not text:
            return None
        build = build_line(t, name, info, g, train) if train is not None else ""
        return [statement_with_comments(text, node.leading_lines)] + ([cst.parse_statement(build)] if build else [])


PATTERN = Minimize()
