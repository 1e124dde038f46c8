"""Pattern: a dict or list of variables, the tutorials' way of keeping a network's weights.

    weights = {'h1': tf.Variable(tf.random_normal([4, 8], seed=1)),   (kept: the variables are
               'out': tf.Variable(tf.random_normal([8, 1], seed=2))}   created eagerly, once)
    W = [tf.Variable(tf.zeros([3, 3])) for _ in range(2)]             (kept)
    pred = tf.matmul(x, weights['h1'])                                (a run function reads weights['h1'])
    train = opt.minimize(loss)          ->  grads = tape.gradient(loss, [*weights.values(), *W])
                                            opt.apply_gradients(zip(grads, [*weights.values(), *W]))

The container is one variable statement (Kind.VARIABLE with `container` set): its
elements are what minimize differentiates, in the order they were created (a dict
keeps its insertion order). Only flat containers are read: a dict, list or tuple (or
comprehension) whose every element is a `tf.Variable(...)` call, with keys and loop
ranges that are Python values. A random initializer inside a comprehension is one op
per element in graph mode (each drawing the same numbers for the same seed; `migrate
verify` gives an unseeded op one seed per line), one continued random stream in eager
mode: it is refused unless its seed reads the comprehension's own loop variable.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager import names as N
from migrate.eager.model import Kind
from migrate.eager.pattern import Pattern
from migrate.eager.random_ops import seed_argument
from migrate.eager.variable_record import DICT, LIST, VariableInfo, analyse as analyse_call
from migrate.node_helpers import all_names

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis

__all__ = ["PATTERN", "analyse", "checked_parts", "leaves"]

_COMPREHENSIONS = (cst.ListComp, cst.DictComp, cst.GeneratorExp, cst.SetComp)


def leaves(a: Analysis, value, env) -> tuple[str, list] | None:
    """(DICT or LIST, the tf.Variable calls) when `value` is a flat container of variables."""
    if isinstance(value, cst.Dict):
        if not value.elements or any(not isinstance(el, cst.DictElement) or a.is_graph_expr(el.key, env)
                                     for el in value.elements):
            return None
        calls = [el.value for el in value.elements]
        kind = DICT
    elif isinstance(value, (cst.List, cst.Tuple)):
        if not value.elements or any(isinstance(el, cst.StarredElement) for el in value.elements):
            return None
        calls = [el.value for el in value.elements]
        kind = LIST
    elif isinstance(value, (cst.ListComp, cst.DictComp)):
        if any(a.is_graph_expr(f.iter, env) or any(a.is_graph_expr(c.test, env) for c in f.ifs)
               for f in _fors(value.for_in)):
            return None
        if isinstance(value, cst.DictComp):
            if a.is_graph_expr(value.key, env):
                return None
            calls, kind = [value.value], DICT
        else:
            calls, kind = [value.elt], LIST
    else:
        return None
    if all(isinstance(c, cst.Call) and a.call_path(c) == "Variable" for c in calls):
        return kind, calls
    return None


def analyse(a: Analysis, value, kind: str, calls: list, env: dict):
    """The container's VariableInfo; each tf.Variable call is read as patterns/variables.py reads one."""
    infos = [analyse_call(a, call, env) for call in calls]
    if len({info.trainable for info in infos}) > 1:
        a.problem(value, "a container of variables, some trainable and some not")
    if isinstance(value, _COMPREHENSIONS):
        _check_comprehension_seeds(a, value)
    return VariableInfo(infos[0].trainable, container=kind)


def checked_parts(a: Analysis, value, info, env) -> list:
    """The expressions analysis.check_nested reads: each tf.Variable call of a container, else `value`."""
    if not isinstance(info, VariableInfo) or info.container is None:
        return [value]
    return leaves(a, value, env)[1]


def _fors(for_in):
    while for_in is not None:
        yield for_in
        for_in = for_in.inner_for_in


def _check_comprehension_seeds(a: Analysis, comp) -> None:
    loop_names = set()
    for f in _fors(comp.for_in):
        loop_names |= {n.value for n in all_names(f.target)}

    class Random(cst.CSTVisitor):
        def visit_Call(self, call):
            path = a.r.resolve(call.func)
            if path not in N.SEED_POSITION:
                return True
            seed = seed_argument(call, path)
            if seed is None or not {n.value for n in all_names(seed)} & loop_names:
                a.problem(call, "a random op inside a comprehension of variables, with a seed that does not change "
                                "from element to element: graph mode builds one op per element (each drawing the "
                                "same numbers for the same seed), eager mode continues one stream")
            return True

    comp.visit(Random())


class VariableContainers(Pattern):
    name = "variable_containers"
    summary = "dicts, lists, comprehensions of variables"

    def graph_kind(self, a: Analysis, value, path, subscript, names, env):
        container = leaves(a, value, env)
        return None if container is None else (Kind.VARIABLE, analyse(a, value, *container, env))

    def nested_parts(self, a: Analysis, value, record, env):
        if not isinstance(record, VariableInfo) or record.container is None:
            return None  # not a container: another pattern may answer
        return checked_parts(a, value, record, env)


PATTERN = VariableContainers()
