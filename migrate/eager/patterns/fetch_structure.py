"""Pattern: fetches written as a structure away from the call, dict fetches, and lists
that mix train ops with several tensors used as a value.

    to_fetch = [A, b, loss]                         ->  (removed)
    a, b_, l = sess.run(to_fetch, feed)             ->  a, b_, l = (t.numpy() for t in compute_A_and_b_and_loss(...))
    res = sess.run({"loss": loss, "acc": acc})      ->  res = {k: v.numpy() for k, v in compute_loss_and_acc().items()}
    res = sess.run([train, loss, acc], feed)        ->  res = [None, *(t.numpy() for t in train_step(...))]
    metrics = [loss, acc]; sess.run([train] + metrics)  ->  (as sess.run([train, loss, acc]))
    values = sess.run(tf.trainable_variables())     ->  values = [W.numpy(), b.numpy()]

Session.run returns the structure it was given, with a numpy value for each tensor and
None for each op run for its effect: the translation builds that structure at the call.
A fetch structure kept in a variable is the literal it was bound to (a list, tuple or
dict of graph names), read in the graph names of its own line. A run function of a dict
fetch returns a dict (tf.function keeps the key order); the dict's keys must be literals.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager.model import Kind, Structure
from migrate.eager.pattern import Pattern

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis

_LITERAL_KEYS = (cst.SimpleString, cst.Integer, cst.Float)


def resolve(a: Analysis, fetches, env):
    """(the fetched expression, the graph names it is read in): a name bound to a literal
    list, tuple or dict of graph values stands for that literal."""
    if isinstance(fetches, cst.Name) and fetches.value in env:
        g = env[fetches.value]
        if g.kind == Kind.TENSOR and isinstance(g.value, (cst.List, cst.Tuple, cst.Dict)) and len(g.targets) == 1:
            a.accounted.add(fetches)
            return g.value, a.env_at[g.idx]
    held = _collection_variables(a, fetches, env)
    if held is not None:
        return held, env
    if isinstance(fetches, cst.BinaryOperation) and isinstance(fetches.operator, cst.Add):
        joined = _concatenation(a, fetches, env, [])
        if joined is not None:
            kind, elements, names = joined
            a.accounted.update(names)
            return kind([cst.Element(e) for e in elements]), env
    return fetches, env


def _collection_variables(a: Analysis, fetches, env):
    """A fetched collection of variables (`tf.trainable_variables()`, or a name bound to
    one) as the literal list of the variables it held (variable_collections.py), where each
    is still the one its name means at the call; None for anything else."""
    if not isinstance(fetches, (cst.Call, cst.Name)):
        return None
    held = a.ask("variable_list", a, fetches, env)
    if not held or any(env.get(g.name) is not g for g in held):
        return None
    return cst.List([cst.Element(cst.Name(g.name)) for g in held])


def _concatenation(a: Analysis, node, env, names):
    """(List or Tuple, the elements, the names of lists read) of `[train] + metrics`: list
    (or tuple) literals and names bound to them, whose graph names mean what they mean
    at the call; None for anything else."""
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        left = _concatenation(a, node.left, env, names)
        right = None if left is None else _concatenation(a, node.right, env, names)
        if right is None or left[0] is not right[0]:
            return None
        return left[0], left[1] + right[1], names
    literal_env = env
    if isinstance(node, cst.Name) and node.value in env:
        g = env[node.value]
        if g.kind != Kind.TENSOR or not isinstance(g.value, (cst.List, cst.Tuple)) or len(g.targets) != 1:
            return None
        names.append(node)
        node, literal_env = g.value, a.env_at[g.idx]
    if not isinstance(node, (cst.List, cst.Tuple)) or any(isinstance(el, cst.StarredElement) for el in node.elements):
        return None
    for n in a.names_in(node):
        if literal_env.get(n.value) is not env.get(n.value):
            return None
    return type(node), [el.value for el in node.elements], names


_STRUCTURES = (cst.List, cst.Tuple, cst.ListComp, cst.GeneratorExp, cst.Set, cst.SetComp, cst.Dict, cst.DictComp)


def is_structure_expression(node, env) -> bool:
    """Does a fetched expression build a list, tuple or dict (`[W] + [b]`, a comprehension,
    `params + [loss]` of a list kept in a variable)? Session.run returns such a structure
    of values; a tf.function returning it would not be one tensor."""
    if isinstance(node, _STRUCTURES):
        return True
    if isinstance(node, cst.Name) and node.value in env:
        return isinstance(env[node.value].value, _STRUCTURES)
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, (cst.Add, cst.Multiply)):
        return is_structure_expression(node.left, env) or is_structure_expression(node.right, env)
    return False


def dict_elements(a: Analysis, site, fetches: cst.Dict) -> list | None:
    """The values of a dict of fetches (site.keys = the keys' code); None on a problem."""
    values, keys = [], []
    for el in fetches.elements:
        if not isinstance(el, cst.DictElement) or not isinstance(el.key, _LITERAL_KEYS):
            a.problem(el, "a dict of fetches whose keys are not literals")
            return None
        keys.append(cst.Module([]).code_for_node(el.key))
        values.append(el.value)
    if not keys:
        a.problem(fetches, "an empty dict of fetches")
        return None
    site.structure = Structure.DICT
    site.keys = tuple(keys)
    return values


class FetchStructure(Pattern):
    name = "fetch_structure"
    summary = "fetch lists/dicts in variables, dict and mixed fetches"

    def resolve_fetches(self, a: Analysis, fetches, env):
        return resolve(a, fetches, env)

    def dict_fetches(self, a: Analysis, site, fetches):
        return dict_elements(a, site, fetches)

    def builds_structure(self, expr, env):
        return is_structure_expression(expr, env) or None


PATTERN = FetchStructure()
