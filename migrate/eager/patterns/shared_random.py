"""Pattern: a random op that several Session.run patterns use.

    h = tf.nn.dropout(tf.matmul(x, W), keep_prob=0.8, seed=7)
    sess.run(train, {x: X, y: Y}); sess.run(loss, {x: X, y: Y})

In graph mode the op is one kernel: every run that needs it draws the next values of
one stream. Each tf.function would trace a kernel of its own, each restarting the
stream. Eager TensorFlow keeps one kernel per random op and seed for all eager calls
(the behaviour tf.random.set_seed documents), so the run functions that share a random
op become plain Python functions, run eagerly, and draw from one stream in the graph's
order:

    def train_step(x, y):
        # Not a tf.function: ... (the reason)
        x = tf.convert_to_tensor(x, tf.float32)     # what feed_dict (and input_signature) did
        ...

A random op written in a helper def (`def model(x): ... tf.nn.dropout(...)`) is a
random op of each graph statement that calls the helper (`logits = model(x, keep)`):
each call built one op in the graph, so a statement that several run functions need
shares that op as if it were written at top level, and a helper called by two such
statements built two ops (one kernel each) that must not share a seed when run eagerly.

Two random ops with the same seed would share a kernel eagerly but not in the graph, so
a random op of such a function must have a seed no other random op of the file has; and
two random ops drawn eagerly anywhere (module-level initial values too) must not share
a seed.

Faster, and taken first: a shared op with an op seed, of those migrate/tables/random_generators.py
lists (uniform, normal, truncated normal, dropout), written in the graph statement
itself, draws from a `tf.random.Generator` made where the graph built the op, in the
philox state the graph's kernel started from ([0, op seed, graph seed]: the graph seed
the block set with a literal, TensorFlow's default graph seed where the file sets none,
else `tf.compat.v1.random.get_seed` at run time). Its
state is one variable that every tf.function updates, so the run functions stay
tf.functions and draw the graph's numbers in the graph's order:

    # the graph's random streams: philox state [0, op seed, graph seed]
    h_rng = tf.random.Generator.from_state([0, 7, 87654321], "philox")
    ...
        h = tf.nn.experimental.general_dropout(tf.matmul(x, w), 1 - keep, h_rng.uniform)
"""
from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager import names as N
from migrate.eager.code import fresh, statement_with_comments
from migrate.eager.model import Kind
from migrate.eager.pattern import NOT_MINE, Pattern
from migrate.node_helpers import called_names, dotted
from migrate.tables import random_generators as RG

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis
    from migrate.eager.translate import Translator


def plan(t: Translator) -> None:
    """Make the run functions that share a random op eager, or report why they cannot be."""
    a = t.a
    users: dict = {}
    for fn in t.functions.values():
        for g in fn.body:
            if g.random:
                users.setdefault(id(g), (g, []))[1].append(fn)
    for g, fns in users.values():
        if len(fns) < 2 or drawn_by_generators(t, g):
            continue
        _warn_unpaired(t, g)
        label = _label(a, g)
        for fn in fns:
            fn.eager = True
            if label not in fn.shared_random:
                fn.shared_random.append(label)
    eager = [fn for fn in t.functions.values() if fn.eager]
    if eager:
        _check_seeds(a, eager)
    _check_eager_draws(t)


def _warn_unpaired(t: Translator, g) -> None:
    """A shared op without an op seed, run eagerly at each call site: the graph drew it from
    one op, and `migrate verify` cannot pair the draws of the two forms."""
    a = t.a
    if a.global_seed:  # translate() warns about every unseeded op under a global seed
        return
    for call, seed in statement_random_calls(a, g):
        if seed is None:
            t.warnings.append((a.line(call), a.col(call), "eager-seed",
                               f"the random op of `{g.name}` has no op seed and is shared by several runs: the "
                               "graph drew it from one op, the eager functions draw it at each call, so `migrate "
                               f"verify` cannot pair their values; give it {seed_advice(a, call)} to draw "
                               "reproducible numbers that verify can compare"))


def seed_advice(a: Analysis, call) -> str:
    """The argument that gives a random op call an op seed: `seed=N`, or for a sampled loss
    without a seed parameter (nce_loss) the samples of a seeded candidate sampler."""
    path = a.r.resolve(call.func)
    if path in RG.SAMPLED_LOSSES and RG.SAMPLED_LOSSES[path] is None:
        return f"{RG.SAMPLED_VALUES}=tf.random.log_uniform_candidate_sampler(..., seed=N) (tf.{path} takes no seed)"
    return "seed=N"


# ---------------------------------------------------------------------------- Generators
COMMENT = "# the graph's random streams: philox state [0, op seed, graph seed]"
UNSEEDED_COMMENT = "# one stream per random op the runs share, as in the graph"


def drawn_by_generators(t: Translator, g) -> bool:
    """Make each random op of `g` draw from a Generator of its own (module level, where the
    graph built the op); False (nothing changed) where one cannot."""
    a = t.a
    if g.kind != Kind.TENSOR or g.node is not g.item.node or helper_random_calls(a, g.value):
        return False
    calls = random_calls(a, g.value)
    graph_seed = _graph_seed(a, g)
    # an op without an op seed where the file sets no seed drew from a nondeterministic kernel
    unseeded_ok = graph_seed == RG.DEFAULT_GRAPH_SEED
    forms = [_generator_call(t, call, seed, unseeded_ok) for call, seed in calls]
    if not calls or None in forms or any(random_calls(a, arg) for call, _ in calls for arg in call.args):
        return False
    state = a.state(PATTERN)
    taken = t.forbidden | {fn.name for fn in t.functions.values() if fn.name} | _module_names(a)
    lines = []
    for (call, seed), (parameters, written) in zip(calls, forms):
        rng = fresh(f"{g.name}_rng", taken | set(state.names))
        state.names.append(rng)
        t.forbidden.add(rng)
        tf = a.r.primary
        if seed is None:
            lines.append(f"{rng} = {tf}.random.Generator.from_non_deterministic_state()")
            state.unseeded.append(rng)
        else:
            if graph_seed is None:
                seeds = f"[0, *reversed({tf}.compat.v1.random.get_seed({seed}))]"
            else:
                seeds = str(RG.philox_state(graph_seed, int(seed)))
            lines.append(f'{rng} = {tf}.random.Generator.from_state({seeds}, "{RG.ALGORITHM}")')
        a.edits.expressions[id(call)] = written(rng)
        state.drawn.append(id(call))
        how = "unseeded, as the graph op's kernel" if seed is None else "in its graph op's state"
        a.notes.append((a.line(call), "eager-random", f"the random op of `{g.name}`, shared by several runs, draws "
                                                      f"from the Generator `{rng}` ({how}): "
                                                      "the run functions stay tf.functions"))
    state.lines[id(g)] = lines
    return True


def _generator_call(t: Translator, call, seed, unseeded_ok=False):
    """(parameters, rng -> the call's code drawing from rng) for a random op the table
    knows, with an integer op seed (or none, where `unseeded_ok`); None otherwise."""
    if seed is None and not unseeded_ok or seed is not None and not seed.isdigit():
        return None
    written = cst.parse_expression(t.expr_code(call))
    path = t.a.r.resolve(written.func) if isinstance(written, cst.Call) else None
    path = N.canonical(path) if path else None
    if path in RG.METHODS:
        parameters, method = RG.METHODS[path]
    elif path in RG.SAMPLERS:
        parameters, op = RG.SAMPLERS[path]
    else:
        return None
    args = _by_parameter(written, parameters)
    if args is None:
        return None
    code = {k: cst.Module([]).code_for_node(v) for k, v in args.items() if k != "seed"}
    tf = t.a.r.primary
    if path in RG.METHODS:
        def draw(rng):
            return f"{rng}.{method}({_arguments(code, parameters)})"
    else:
        sampler = [p for p in parameters if p not in ("x", "rate")]

        def draw(rng):
            head = f"{code.get('x')}, {code.get('rate')}, {rng}.uniform"
            rest = ", ".join(f"{k}={code[k]}" for k in sampler if k in code)
            return f"{tf}.{op}({head}{', ' + rest if rest else ''})"
        if "x" not in code or "rate" not in code:
            return None
    return parameters, draw


def _by_parameter(call: cst.Call, parameters) -> dict | None:
    """{parameter: value} of a call; None with *args or **kwargs or an unknown keyword."""
    out = {}
    for i, arg in enumerate(call.args):
        if arg.star:
            return None
        name = arg.keyword.value if arg.keyword is not None else (parameters[i] if i < len(parameters) else None)
        if name not in parameters:
            return None
        out[name] = arg.value
    return out


def _arguments(code: dict, parameters) -> str:
    """Positional up to the first parameter not given (or `seed`), keywords after."""
    out, positional = [], True
    for p in parameters:
        if p == "seed" or p not in code:
            positional = False
            continue
        out.append(code[p] if positional else f"{p}={code[p]}")
    return ", ".join(out)


def _graph_seed(a: Analysis, g):
    """The graph seed in force where `g` is built: TensorFlow's default graph seed when the
    file sets none (the pair get_seed gives an op with an op seed then); the block's, when it
    sets it once, at its top level, before `g` in `g`'s graph, with an integer literal; else
    None (read at run time)."""
    found, elsewhere = [], []

    class Seeds(cst.CSTVisitor):
        def visit_Call(self, c):
            if a.call_path(c) in N.SEED:
                found.append(c)
            elif (dotted(c.func) or "").rpartition(".")[2] in ("set_random_seed", "set_seed"):
                elsewhere.append(c)  # keras.utils.set_random_seed(...), a helper's: read at run time
            return True

        def visit_AssignTarget(self, t):
            if isinstance(t.target, cst.Attribute) and t.target.attr.value == "seed":
                elsewhere.append(t)  # graph.seed = ...
            return True

    a.module.visit(Seeds())
    if elsewhere:
        return None
    if not found:
        return RG.DEFAULT_GRAPH_SEED
    if len(found) != 1:
        return None
    for item in a.items:
        node = item.node
        if item.idx < g.idx and item.segment == g.item.segment and isinstance(node, cst.SimpleStatementLine) \
                and len(node.body) == 1 and isinstance(node.body[0], cst.Expr) and node.body[0].value is found[0]:
            args = found[0].args
            if len(args) == 1 and args[0].keyword is None and isinstance(args[0].value, cst.Integer):
                return int(args[0].value.value, 0)
    return None


def _module_names(a: Analysis) -> set:
    found = set()

    class Names(cst.CSTVisitor):
        def visit_Name(self, n):
            found.add(n.value)

    a.module.visit(Names())
    return found


def _label(a: Analysis, g) -> str:
    """How the reason names a shared random op: `h_drop`, or `logits` (through `model`)."""
    if random_calls(a, g.value):
        return f"`{g.name}`"
    defs = a.module_defs()
    helpers = [name for name in called_names(g.value, defs) if helper_random_calls(a, defs[name].body) or
               random_calls(a, defs[name].body)]
    return f"`{g.name}` (through `{helpers[0]}`)" if helpers else f"`{g.name}`"


def helper_random_calls(a: Analysis, node) -> list:
    """[(call, seed)] of the random ops in the module-level defs that `node` calls, also
    through other defs: the ops each call of the helper builds in the graph."""
    defs = a.module_defs()
    found, seen, todo = [], set(), [node]
    while todo:
        for name in called_names(todo.pop(), defs):
            if name not in seen:
                seen.add(name)
                found += random_calls(a, defs[name].body)
                todo.append(defs[name].body)
    return found



def statement_random_calls(a: Analysis, g) -> list:
    """[(call, seed)] of the random ops a graph statement builds: written in it or in the helpers it calls."""
    if g.value is None:
        return []
    return random_calls(a, g.value) + helper_random_calls(a, g.value)


def _instances(a: Analysis) -> list:
    """[(call, seed)] of every random op the graph builds: each written one once, and a
    helper's once more for each further graph statement that calls it."""
    every = random_calls(a, a.module)
    reached: dict = {}
    for g in a.gstmts:
        for call, seed in helper_random_calls(a, g.value) if g.value is not None else []:
            reached.setdefault(id(call), []).append((call, seed))
    return every + [extra for calls in reached.values() for extra in calls[1:]]


def _check_eager_draws(t: Translator) -> None:
    """Random ops that run eagerly (module level: variables' initial values, constants; or
    an eager run function) share one kernel per seed: two such ops with the same op seed,
    which the graph gave a kernel each (the same numbers twice), would draw one stream."""
    a = t.a
    traced = {id(call) for fn in t.functions.values() if not fn.eager
              for g in fn.body for call, _ in statement_random_calls(a, g)}
    traced |= set(a.state(PATTERN).drawn)  # each drawn by a Generator of its own
    by_seed: dict = {}
    for call, seed in random_calls(a, a.module):
        if seed is not None and id(call) not in traced:
            by_seed.setdefault(seed, []).append(call)
    for seed, calls in by_seed.items():
        if len(calls) > 1:
            a.problem(calls[1], f"random ops with the same seed ({seed}) drawn eagerly: the graph gave each "
                                "op its own kernel (the same numbers for each), eager TensorFlow one kernel "
                                "per seed (one stream)")
            return


def _check_seeds(a: Analysis, eager) -> None:
    drawn = a.state(PATTERN).drawn
    inside = {id(call) for fn in eager for g in fn.body for call, _ in statement_random_calls(a, g)
              if id(call) not in drawn}
    every = _instances(a)
    by_seed: dict = {}
    for call, seed in every:
        if seed is not None:
            by_seed.setdefault(seed, []).append(call)
    for seed, calls in by_seed.items():
        shared = [c for c in calls if id(c) in inside]
        if len(calls) > 1 and shared:
            a.problem(shared[0], f"a random op shared by several Session.run patterns has the seed ({seed}) of "
                                 f"{len(calls) - 1} other random op(s): run eagerly they would draw from one stream, "
                                 "the graph's ops each from its own")
            return


def random_calls(a: Analysis, node) -> list:
    """[(call, its seed's code or None)] of the random ops called in `node`."""
    found = []

    class Random(cst.CSTVisitor):
        def visit_Call(self, c):
            path = a.r.resolve(c.func)
            if path in N.SEED_POSITION:
                seed = None
                positional = [arg for arg in c.args if arg.keyword is None]
                if len(positional) > N.SEED_POSITION[path]:
                    seed = positional[N.SEED_POSITION[path]].value
                for arg in c.args:
                    if arg.keyword is not None and arg.keyword.value == "seed":
                        seed = arg.value
                found.append((c, None if seed is None else cst.Module([]).code_for_node(seed)))
            else:
                drawn, seed = RG.sampled_loss_seed(path, {arg.keyword.value: arg.value for arg in c.args if arg.keyword})
                if drawn:
                    found.append((c, None if seed is None else cst.Module([]).code_for_node(seed)))
            return True

    node.visit(Random())
    return found


def reason_lines(t: Translator, fn) -> list[str]:
    """Why a function sharing a random op is not a tf.function."""
    ops = ", ".join(re.sub(r" \(through [^)]*\)", "", op) for op in fn.shared_random)
    eager = [other for other in t.functions.values() if other.shared_random]
    plural = len(fn.shared_random) > 1
    if fn is not eager[0]:
        return []  # one comment for the choice: the first function's
    others = [other.name for other in eager if other is not fn and set(other.shared_random) & set(fn.shared_random)]
    text = f"Not a tf.function: shares the random op{'s' if plural else ''} {ops} with {', '.join(others)}."
    return ["# " + ln for ln in textwrap.wrap(text, 94, break_on_hyphens=False)]  # 100 in a def


class SharedRandom(Pattern):
    name = "shared_random"
    summary = "a random op shared by several runs -> a tf.random.Generator (else eager functions)"

    @dataclass
    class State:
        lines: dict = field(default_factory=dict)  # id(GStmt) -> the Generator lines written at its place
        names: list = field(default_factory=list)  # the Generators' names
        drawn: list = field(default_factory=list)  # id(call) of the random ops they draw
        unseeded: list = field(default_factory=list)  # the Generators of ops without an op seed

    def new_statement(self, a: Analysis, g, item, env) -> None:
        if not g.random and g.value is not None and helper_random_calls(a, g.value):
            g.random = True  # `logits = model(x, keep)`: the helper's dropout is this statement's op

    def plan(self, t: Translator) -> None:
        plan(t)

    def function_head(self, t: Translator, fn):
        return reason_lines(t, fn) if fn.shared_random else None

    def kept_statement(self, t: Translator, g, node):
        state = t.a.state(self)
        lines = state.lines.get(id(g))
        if lines is None:
            return NOT_MINE
        first = next(iter(state.lines.values())) is lines
        seeded = len(state.unseeded) < len(state.names)
        comment = COMMENT if seeded else UNSEEDED_COMMENT
        return [statement_with_comments((comment + "\n" if first and i == 0 else "") + ln, [])
                for i, ln in enumerate(lines)]


PATTERN = SharedRandom()
