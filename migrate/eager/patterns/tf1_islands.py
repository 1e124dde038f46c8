"""Pattern: a helper def that makes its variables with tf.get_variable, called in variable
scopes -> the helper kept as written, run in a small documented TF1-style island.

    def tower(inputs):                                   def tower(inputs):          (unchanged)
        w = tf.get_variable("w", [4, 2])                     ...
        return tf.matmul(inputs, w)                      class TF1Variables(tf.Module): ...
    with tf.variable_scope("siamese"):               ->  tf1_variables = TF1Variables()
        out_a = tower(a)                                 (in the run functions)
    with tf.variable_scope("siamese", reuse=True):       out_a = tf1_variables(lambda: tower(a), "siamese")
        out_c = tower(c)                                 out_c = tf1_variables(lambda: tower(c), "siamese", reuse=True)

`TF1Variables.__call__` is decorated with tf_keras' `track_tf1_style_variables` (TF's
own migration aid): tf.compat.v1.get_variable made inside it creates its variable at the
first call and returns the same variable, by name, at every later call (in any run
function), as the graph's variable store did; the initial values are drawn by the
initializer the graph used. The steps that minimize a loss reading the island train
`tf1_variables.trainable_variables` too. Only helpers that create nothing but
get_variable variables (no tf.Variable, placeholder, layer or Session) are run this way,
also one that opens its own `tf.variable_scope(name)`, and a def whose variables come from
the helpers it calls (`def build_model(x)` calling `dense(...)` twice). A helper called more than once that
draws with an op seed is refused (calls made by a model def count once per call of the
def): the graph's ops drew equal values, the island one stream.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager import names as N
from migrate.eager.code import statement_with_comments
from migrate.eager.model import Kind, closure
from migrate.eager.pattern import NOT_MINE, Pattern
from migrate.eager.scope_record import AUTO_REUSE, REUSE, Scope
from migrate.tables import graph_api as G
from migrate.tables.signatures import INITIALIZER_SEED_POSITION

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis
    from migrate.eager.translate import Translator

OBJECT, CLASS = "tf1_variables", "TF1Variables"
IMPORT = "from tf_keras.api._v1.keras.utils import track_tf1_style_variables"
OTHER_STATE = (G.VARIABLE, G.PLACEHOLDER)


@dataclass
class IslandCall:
    scope: Scope


def mark(a: Analysis, value, item) -> IslandCall | None:
    """An IslandCall when the graph value calls helpers that create get_variable variables
    (and nothing else that creates state); None otherwise."""
    defs = a.module_defs()
    called = []

    class Calls(cst.CSTVisitor):
        def visit_Call(self, call):
            if isinstance(call.func, cst.Name) and call.func.value in defs:
                called.append(defs[call.func.value])
            return True

    value.visit(Calls())
    creators = [fn for fn in called if _creates(a, fn) is not None]
    if not creators or any(_creates(a, fn) != {"get_variable"} for fn in creators):
        return None
    return IslandCall(a.ask("variable_scope", a, item) or Scope())


def _creates(a: Analysis, fn, seen=()) -> set | None:
    """What `fn` creates, directly or through the module defs it calls (a `build_model`
    whose layers are get_variable helpers creates get_variable variables)."""
    found = set()
    defs = a.module_defs()

    class Creates(cst.CSTVisitor):
        def visit_Call(self, call):
            path = a.r.resolve(call.func)
            if path == "get_variable" or path in OTHER_STATE or path in N.SESSION or (path or "").startswith(
                    ("layers.", "nn.rnn_cell", "contrib.")):
                found.add(path)
            if isinstance(call.func, cst.Name) and call.func.value in defs and defs[call.func.value] is not fn \
                    and defs[call.func.value] not in seen:
                found.update(_creates(a, defs[call.func.value], (*seen, fn)) or ())
            return True

    fn.visit(Creates())
    return found or None


def check_seeded_draws(a: Analysis) -> None:
    """A helper run in the island more than once that draws with an op seed is refused: graph
    mode made one op per call, each drawing the same values; eager mode continues one stream."""
    defs, calls = a.module_defs(), {}
    for g in a.gstmts:
        if is_island(g) and g.value is not None and g.info.scope.reuse != REUSE:
            for name, call in _called(g.value, defs):
                if not _reuses(call):  # a call under reuse finds the variables the first call made
                    key = g.info.scope.prefix if g.info.scope.reuse == AUTO_REUSE else id(call)
                    _count_calls(name, key, defs, calls, ())
    for name, made in calls.items():
        count = len(made)
        seeded = _seeded_draw(a, defs[name]) if count > 1 else None
        if seeded is not None:
            a.problem(seeded, f"`{name}()` is called {count} times in variable scopes and draws with an op seed "
                              f"(tf.{a.r.written(seeded.func)}): graph mode drew the same values for each call's "
                              "variables, eager mode continues one random stream")


def _count_calls(name, key, defs, calls, seen) -> None:
    """One call of `name` (told apart by `key`), and the calls it makes of other module defs:
    `build_model()` calling `dense()` twice made two ops of each of dense's draws."""
    calls.setdefault(name, set()).add(key)
    for inner, call in _called(defs[name].body, defs):
        if inner != name and inner not in seen:
            _count_calls(inner, (key, id(call)), defs, calls, (*seen, name))


def _called(node, defs) -> list:
    """[(name, call)] of the module defs `node` calls."""
    found = []

    class Calls(cst.CSTVisitor):
        def visit_Call(self, call):
            if isinstance(call.func, cst.Name) and call.func.value in defs:
                found.append((call.func.value, call))
            return True

    node.visit(Calls())
    return found


def _reuses(call) -> bool:
    """`model(x, reuse=True)` (or reuse=tf.AUTO_REUSE): a helper told to reuse its variables."""
    return any(arg.keyword is not None and arg.keyword.value == "reuse" and not (
        isinstance(arg.value, cst.Name) and arg.value.value in ("False", "None")) for arg in call.args)


def _seeded_draw(a: Analysis, fn):
    """The first stateful (compat.v1) initializer in `fn`, or random op inside a get_variable
    call, given an op seed; None when there is none."""
    found = []

    class Draws(cst.CSTVisitor):
        def __init__(self):
            super().__init__()
            self.in_get_variable = 0

        def visit_Call(self, call):
            path, written = a.call_path(call), a.r.written(call.func) or ""
            if path == G.GET_VARIABLE:
                self.in_get_variable += 1
            position = N.SEED_POSITION.get(path) if self.in_get_variable else None
            if written.startswith("compat.v1."):
                position = INITIALIZER_SEED_POSITION.get(written, position)
            positional = [arg for arg in call.args if arg.keyword is None]
            if position is not None and (len(positional) > position or any(
                    arg.keyword is not None and arg.keyword.value == "seed" for arg in call.args)):
                found.append(call)
            return True

        def leave_Call(self, call):
            if a.call_path(call) == G.GET_VARIABLE:
                self.in_get_variable -= 1

    fn.visit(Draws())
    return found[0] if found else None


def check_creation_order(t: Translator) -> None:
    """The graph made a helper's variables when it was built; the island makes them at the
    first call that does not reuse. A run function reusing them (`reuse=True`) that runs
    before every function creating them would look them up before they exist: refused."""
    defs = t.a.module_defs()
    fns = [fn for fn in t.functions.values() if not fn.variables_only and fn.sites]

    def first_run(g):
        return min((min(s.item.idx for s in fn.sites) for fn in fns if g in fn.body), default=None)

    islands = [g for g in t.a.gstmts if is_island(g) and g.value is not None]
    reusing = {id(g): g.info.scope.reuse == REUSE or any(_reuses(c) for _, c in _called(g.value, defs))
               for g in islands}
    for g in islands:
        mine = first_run(g) if reusing[id(g)] else None
        if mine is None:
            continue
        helpers = {name for name, _ in _called(g.value, defs)}
        creators = [h for h in islands if not reusing[id(h)] and helpers & {n for n, _ in _called(h.value, defs)}]
        runs = [(first_run(h), h) for h in creators]
        if not any(r is not None and (r < mine or r == mine and h.order() < g.order()) for r, h in runs):
            t.a.problem(g.node, f"`{g.name}` reuses the variables of `{sorted(helpers)[0]}()` in a run that comes "
                                "before any run creating them: the island would look them up before they exist "
                                "(the graph made them when it was built)")


def is_island(g) -> bool:
    return isinstance(g.info, IslandCall)


def call_code(t: Translator, g) -> str:
    """`out = tf1_variables(lambda: tower(a), "scope", reuse=...)` with the statement's comments."""
    info: IslandCall = g.info
    inherited = list(g.item.leading) if g.item.gstmts and g is g.item.gstmts[0] else []
    comments = "".join(f"{ln.comment.value}\n" for ln in inherited + list(g.node.leading_lines) if ln.comment)
    args = [f"lambda: {t.expr_code(g.value)}"]
    if info.scope.prefix:
        args.append(f'"{info.scope.prefix.rstrip("/")}"')
    if info.scope.reuse == REUSE:
        args.append("reuse=True")
    elif info.scope.reuse == AUTO_REUSE:
        args.append(f"reuse={t.a.r.primary}.compat.v1.AUTO_REUSE")
    return f"{comments}{', '.join(g.targets)} = {OBJECT}({', '.join(args)})\n"


def definition(t: Translator, g) -> list | None:
    """The island's import, class and object, written once where the graph first used it."""
    islands = [h for h in t.a.gstmts if is_island(h)]
    if not islands or g is not islands[0]:
        return None
    tf = t.a.r.primary
    t.changes.append((g.line, "eager-tf1-island", "helpers making tf.get_variable variables run in a TF1-style island "
                                                  f"({CLASS}, tf_keras' track_tf1_style_variables)"))
    text = (f"{IMPORT}\n\n\n"
            f"class {CLASS}({tf}.Module):\n"
            f'    """TF1-style code that makes its variables with tf.compat.v1.get_variable: each variable is\n'
            f"    created at the first call and found again by name at every later one, as the graph's\n"
            f'    variable store did (tf_keras\' track_tf1_style_variables)."""\n\n'
            f"    @track_tf1_style_variables\n"
            f"    def __call__(self, build, scope=None, reuse=None):\n"
            f"        if scope is None:\n"
            f"            return build()\n"
            f"        with {tf}.compat.v1.variable_scope(scope, reuse=reuse):\n"
            f"            return build()\n\n\n"
            f"{OBJECT} = {CLASS}()\n")
    module = cst.parse_module(text)
    body = list(module.body)
    body[0] = body[0].with_changes(leading_lines=[cst.EmptyLine(indent=False)] + list(body[0].leading_lines))
    return body


def var_list_parts(t: Translator, loss_deps) -> list:
    """[`tf1_variables.trainable_variables`] when the loss reads the island."""
    if any(g.kind == Kind.TENSOR and is_island(g) for g in closure(loss_deps)):
        return [f"{OBJECT}.trainable_variables"]
    return []


class TF1Islands(Pattern):
    name = "tf1_islands"
    summary = "a TF 1 construct kept as a small compat class called eagerly (get_variable helpers, their own scopes)"

    def tensor_record(self, a: Analysis, value, item):
        return mark(a, value, item)

    def link(self, a: Analysis) -> None:
        check_seeded_draws(a)

    def plan(self, t: Translator) -> None:
        check_creation_order(t)

    def statement_code(self, t: Translator, g):
        return call_code(t, g) if is_island(g) else None

    def kept_statement(self, t: Translator, g, node):
        if not is_island(g):
            return NOT_MINE
        made = definition(t, g) or []  # the island's class where the graph first used it
        if g.kind == Kind.CONSTANT:
            made.append(statement_with_comments(t.stmt_code(g), []))
        return made or None

    def loss_variables(self, t: Translator, deps):
        return var_list_parts(t, deps) or None


PATTERN = TF1Islands()
