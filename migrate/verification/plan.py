"""What `migrate verify` reads from a script before running it, without changing a byte
of either translation:

- the names the script binds from `Session.run` / `.eval()` (the values to watch while
  the two translations run: `[x] = sess.run(...)`, `a, b = sess.run([...])`, `v = t.eval()`,
  `total += sess.run(loss)`, and lists filled by `.append(sess.run(...))`);
- which op seed each random op without one gets at run time, the same in both
  translations: the random-op calls of the compat and the eager text are matched (same
  op, same arguments, in order) and each gets a line -> [seeds] plan that the child
  process applies by wrapping TensorFlow's random functions (see hooks.py).

With a global seed *and* an op seed, graph and eager TensorFlow draw the same values;
with a global seed alone they do not (graph mode derives the op seed from the number of
ops built before, eager mode from a counter). The global seed given where the script sets
none is --seed, or TensorFlow's default graph seed where a random op of the script has
its own op seed: that op then draws what it draws when the script runs alone. Giving the
seeds at run time, keyed by the line of the call in the file that runs, keeps the
verified program byte for byte the one `migrate --to eager` writes.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from migrate.imports import node_fields
from migrate.tables import random_generators as RG
from migrate.tables import variable_scopes as VS
from migrate.tables.layers import DEFAULT_KERNEL_INITIALIZER, KERAS_DEFAULT_GLOROT_LAYERS, KERAS_GLOROT_UNIFORM, LAYERS
from migrate.tables.rnn_cells import CELLS

__all__ = ["Watched", "watched_names", "RandomCall", "random_calls", "SeedPlan", "seed_plan"]


def _names():
    from migrate.eager import names

    return names


# ---------------------------------------------------------------------------- reading a text


@dataclass(frozen=True)
class _Read:
    """One text read once: its nodes in the order a libcst visitor meets them (parents
    first, children in source order), their positions, its TensorFlow names."""

    nodes: tuple
    positions: object  # node -> CodeRange
    resolver: object  # migrate.eager.names.Resolver


def nodes_of(node: cst.CSTNode) -> list:
    """node and every node below it that may hold an expression or a statement, in the order
    a libcst visitor meets them, without rebuilding any (libcst's traversal rebuilds every
    node, even for a visitor that only reads)."""
    out, stack = [], [node]
    while stack:
        current = stack.pop()
        out.append(current)
        children = []
        for name in node_fields(type(current)):
            value = getattr(current, name)
            if type(value) is tuple or type(value) is list:
                children.extend(item for item in value if isinstance(item, cst.CSTNode))
            elif isinstance(value, cst.CSTNode):
                children.append(value)
        stack.extend(reversed(children))
    return out


@functools.lru_cache(maxsize=1)  # seed_plan reads the original again, right after watched_names
def _read(source: str) -> _Read:
    wrapper = MetadataWrapper(cst.parse_module(source), unsafe_skip_copy=True)  # the tree is ours alone
    return _Read(tuple(nodes_of(wrapper.module)), wrapper.resolve(PositionProvider),
                 _names().Resolver.from_module(wrapper.module))


# ---------------------------------------------------------------------------- watched names


@dataclass
class Watched:
    """Names bound from a Session.run/.eval() value: name -> (line, construct)."""

    assigned: dict = field(default_factory=dict)
    appended: dict = field(default_factory=dict)

    def label(self, name: str) -> str:
        line, construct = self.assigned.get(name) or self.appended[name]
        how = "appended from" if name not in self.assigned else "bound from"
        return f"`{name}` ({how} {construct} at line {line})"


def _target_names(node, out):
    if isinstance(node, cst.Name):
        if node.value != "_":
            out.append(node.value)
    elif isinstance(node, (cst.Tuple, cst.List)):
        for element in node.elements:
            _target_names(element.value, out)
    elif isinstance(node, cst.StarredElement):
        _target_names(node.value, out)


def watched_names(source: str) -> Watched:
    N = _names()
    read = _read(source)
    pos, resolver = read.positions, read.resolver
    sessions: set = set()
    watched = Watched()

    for node in read.nodes:
        if isinstance(node, cst.Assign):
            if isinstance(node.value, cst.Call) and resolver.tf1_path(node.value.func) in N.SESSION:
                for t in node.targets:
                    if isinstance(t.target, cst.Name):
                        sessions.add(t.target.value)
        elif isinstance(node, cst.WithItem):
            if isinstance(node.item, cst.Call) and resolver.tf1_path(node.item.func) in N.SESSION \
                    and node.asname is not None and isinstance(node.asname.name, cst.Name):
                sessions.add(node.asname.name.value)

    def fetch_in(node):
        """'Session.run' / '.eval()' when the expression contains such a call, else None."""
        for call in nodes_of(node):
            if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute):
                f = call.func
                if f.attr.value == "run" and (
                        isinstance(f.value, cst.Name) and f.value.value in sessions
                        or any(a.keyword is not None and a.keyword.value == "session" for a in call.args)):
                    return "Session.run"
                if f.attr.value == "eval":
                    return ".eval()"
        return None

    def bind(node, targets, value):
        construct = fetch_in(value)
        if construct is None:
            return
        names = []
        for t in targets:
            _target_names(t, names)
        for name in names:
            watched.assigned.setdefault(name, (pos[node].start.line, construct))

    for node in read.nodes:
        if isinstance(node, cst.Assign):
            bind(node, [t.target for t in node.targets], node.value)
        elif isinstance(node, cst.AnnAssign):
            if node.value is not None:
                bind(node, [node.target], node.value)
        elif isinstance(node, cst.AugAssign):
            bind(node, [node.target], node.value)
        elif isinstance(node, cst.Call):
            f = node.func
            if isinstance(f, cst.Attribute) and f.attr.value in ("append", "extend") and isinstance(f.value, cst.Name):
                construct = fetch_in(node)
                if construct is not None:
                    watched.appended.setdefault(f.value.value, (pos[node].start.line, construct))
    for name in _summary_names(read.nodes):
        watched.assigned.pop(name, None)
    return watched


def _summary_names(nodes) -> set:
    """Names handed to `writer.add_summary(name, ...)`: serialized Summary protobufs, which the
    eager translation writes with tf.summary instead of binding (their values are compared
    through the event files, tests/migrate/eager/test_summaries.py)."""
    return {call.args[0].value.value for call in nodes
            if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute)
            and call.func.attr.value == "add_summary" and call.args and isinstance(call.args[0].value, cst.Name)}


# ---------------------------------------------------------------------------- random ops


@dataclass(frozen=True)
class RandomCall:
    line: int
    op: str  # canonical path, e.g. "random.normal"
    text: str  # the arguments, whitespace removed
    seed: int | None  # an explicit integer op seed, else None
    seeded: bool  # has a seed argument at all (maybe not a literal)


def _canonical_op(path: str) -> str:
    return path.replace("random_", "random.").replace("multinomial", "categorical") if path else path


def random_calls(source: str) -> list[RandomCall]:
    """Every call of a TensorFlow random op, in source order."""
    N = _names()
    read = _read(source)
    pos, resolver = read.positions, read.resolver
    calls = []

    for node in read.nodes:
        if not isinstance(node, cst.Call):
            continue
        path = resolver.tf1_path(node.func)
        if path == UNSEEDED_GENERATOR:  # the eager form of a shared op without an op seed
            calls.append(RandomCall(pos[node].start.line, path, _REUSABLE, None, False))
            continue
        positional = [a for a in node.args if a.keyword is None]
        position = N.SEED_POSITION.get(path)
        written = resolver.written(node.func)
        if written in VS.INITIALIZER_SEED_POSITION:  # an initializer class draws when called
            path, position = written, VS.INITIALIZER_SEED_POSITION[written]
        elif path == "get_variable" and _draws_default_initializer(node, positional):
            path, position = VS.DEFAULT_FLOAT_INITIALIZER, None  # seeded by hooks.RandomSeeds.get_variable
        elif path in LAYERS and _draws_default_kernel(node, positional, LAYERS[path]):
            path, position = DEFAULT_KERNEL_INITIALIZER, None  # seeded by hooks.RandomSeeds.layer
        elif _draws_keras_glorot(node, positional, _keras_path(resolver, node.func)):
            # Keras' glorot_uniform (a layer's default kernel, or written): seeded by hooks.RandomSeeds.keras_glorot
            path, position = DEFAULT_KERNEL_INITIALIZER, None
        elif path in CELLS and _draws_cell_kernels(node, positional, path):
            # an RNN cell draws each kernel when first called: seeded by hooks.RandomSeeds rnn cells
            line = pos[node].start.line
            calls.extend(RandomCall(line, DEFAULT_KERNEL_INITIALIZER, _REUSABLE, None, False)
                         for _ in CELLS[path].kernels)
            continue
        elif position is None:
            continue
        seed_arg = [a for a in node.args if a.keyword is not None and a.keyword.value == "seed"]
        seeded = bool(seed_arg) or (position is not None and len(positional) > position) or any(
            a.star for a in node.args)
        seed = None
        if seed_arg and isinstance(seed_arg[0].value, cst.Integer):
            seed = int(seed_arg[0].value.value)
        text = "".join(cst.Module([]).code_for_node(a.value) for a in node.args).replace(" ", "")
        if position is None:
            text = _REUSABLE
        calls.append(RandomCall(pos[node].start.line, _canonical_op(path), text, seed, seeded))
    return calls


# a Generator in a nondeterministic state: the eager translation's form of a random op
# without an op seed that several runs share (patterns/shared_random.py); paired with the
# compat side's op, it starts where that op's kernel starts (hooks.RandomSeeds)
UNSEEDED_GENERATOR = "random.Generator.from_non_deterministic_state"

# the arguments recorded for `get_variable(name, shape)`: its implicit initializer takes
# none, and where variable scopes reuse it the call draws nothing
_REUSABLE = ""


def _draws_default_initializer(call: cst.Call, positional) -> bool:
    """`tf.get_variable(name, shape)` with no initializer: it draws glorot_uniform (float dtypes)."""
    keywords = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
    dtype_at, initializer_at = (VS.GET_VARIABLE_PARAMETERS.index(p) for p in ("dtype", "initializer"))
    if "initializer" in keywords or len(positional) > initializer_at or any(a.star for a in call.args):
        return False
    dtype = keywords.get("dtype", positional[dtype_at].value if len(positional) > dtype_at else None)
    if dtype is None:
        return True
    name = cst.Module([]).code_for_node(dtype).rpartition(".")[2]
    return name in VS.FLOAT_DTYPES


def _draws_default_kernel(call: cst.Call, positional, row) -> bool:
    """`tf.layers.dense(x, 10)` with no kernel_initializer: its kernel draws glorot_uniform."""
    if not row.kernel or any(a.star for a in call.args):
        return False
    keywords = {a.keyword.value for a in call.args if a.keyword is not None}
    return row.kernel_parameter not in keywords and len(positional) <= row.parameters.index(row.kernel_parameter)


def _keras_path(resolver, func) -> str | None:
    """'layers.Dense' for `tf.keras.layers.Dense` or `tf_keras.layers.Dense`, else None."""
    written = resolver.written(func)
    if written is not None:
        return written[len("keras."):] if written.startswith("keras.") else None
    name = _names().dotted(func)
    return name[len("tf_keras."):] if name and name.startswith("tf_keras.") else None


def _draws_keras_glorot(call: cst.Call, positional, keras_path: str | None) -> bool:
    """`tf.keras.initializers.GlorotUniform()` (no seed), or `tf.keras.layers.Dense(10)` with no
    kernel_initializer: Keras' glorot_uniform, TF 1's default distribution, which verify
    gives the seeded numbers of the compat side's glorot draw it is paired with."""
    if keras_path is None or any(a.star for a in call.args):
        return False
    keywords = {a.keyword.value for a in call.args if a.keyword is not None}
    if keras_path == KERAS_GLOROT_UNIFORM:
        return not positional and "seed" not in keywords
    layer = keras_path.rpartition(".")[2]
    return keras_path == f"layers.{layer}" and layer in KERAS_DEFAULT_GLOROT_LAYERS and \
        "kernel_initializer" not in keywords and len(positional) <= 2  # Keras' kernel_initializer comes later


def _draws_cell_kernels(call: cst.Call, positional, path) -> bool:
    """`tf.nn.rnn_cell.GRUCell(8)` with no initializer: its kernels draw glorot_uniform."""
    parameters = CELLS[path].parameters
    given = {a.keyword.value for a in call.args if a.keyword is not None} | set(parameters[:len(positional)])
    return not any(a.star for a in call.args) and not given & {"initializer", "kernel_initializer"}


@dataclass
class SeedPlan:
    """Op seeds for the random ops that have none, the same on both sides."""

    compat: dict = field(default_factory=dict)  # line in the compat text -> [seed, ...]
    eager: dict = field(default_factory=dict)  # line in the eager text -> [seed, ...]
    given: list = field(default_factory=list)  # [(line in the original, op, seed)]
    problems: list = field(default_factory=list)
    # the global seed set where the script sets none: TensorFlow's default graph seed when a
    # random op of the script has an op seed of its own (the pair it draws with when the
    # script runs alone, which a translation may have written out), else None (--seed)
    graph_seed: int | None = None


def _match(compat: list, eager: list):
    """[(compat index, eager index)] for the unseeded calls: same op and arguments in order,
    else plain order when the two lists have the same ops; None when they cannot be paired."""
    pairs, used = [], set()
    for i, c in enumerate(compat):
        for j, e in enumerate(eager):
            if j not in used and (e.op, e.text) == (c.op, c.text):
                pairs.append((i, j))
                used.add(j)
                break
    if len(pairs) == len(compat) == len(eager):
        return pairs
    unpaired = {i for i in range(len(compat))} - {i for i, _ in pairs}
    generators = [j for j in range(len(eager)) if j not in used]
    if generators and len(generators) == len(unpaired) and all(eager[j].op == UNSEEDED_GENERATOR for j in generators):
        return sorted(pairs + list(zip(sorted(unpaired), generators)))  # each in its op's place, in source order
    if len(pairs) == len(eager) and all(compat[i].text == _REUSABLE for i in unpaired):
        return pairs  # the get_variable calls left over reuse a variable: they draw nothing
    if [c.op for c in compat] == [e.op for e in eager]:
        return list(zip(range(len(compat)), range(len(eager))))
    return None


def seed_plan(original: str, compat_text: str, eager_text: str) -> SeedPlan:
    plan = SeedPlan()
    originals = random_calls(original)
    compat = random_calls(compat_text)
    if any(c.seeded for c in originals):
        plan.graph_seed = RG.DEFAULT_GRAPH_SEED
    taken = {c.seed for c in originals + compat if c.seed is not None}
    counter = 0
    unseeded_compat = [i for i, c in enumerate(compat) if not c.seeded]
    seeds = []
    for _ in unseeded_compat:
        counter += 1
        while counter in taken:
            counter += 1
        seeds.append(counter)
    original_unseeded = [c for c in originals if not c.seeded]
    for k, i in enumerate(unseeded_compat):
        plan.compat.setdefault(compat[i].line, []).append(seeds[k])
        where = original_unseeded[k] if k < len(original_unseeded) else compat[i]
        plan.given.append((where.line, where.op, seeds[k]))
    if eager_text == compat_text:
        plan.eager = {line: list(s) for line, s in plan.compat.items()}
        return plan
    eager = [c for c in random_calls(eager_text) if not c.seeded]
    pairs = _match([compat[i] for i in unseeded_compat], eager)
    if pairs is None:
        plan.problems.append(
            f"the random ops without an op seed could not be paired between the translations "
            f"({len(unseeded_compat)} in compat, {len(eager)} in eager): their values may differ")
        pairs = list(zip(range(len(unseeded_compat)), range(len(eager))))
    for k, j in pairs:
        plan.eager.setdefault(eager[j].line, []).append(seeds[k])
    return plan
