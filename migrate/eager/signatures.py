"""One input signature, named once, for the tf.functions that take the same arguments
instead of the same `input_signature=[...]` list written on each decorator:

    @tf.function(autograph=False,
                 input_signature=[tf.TensorSpec([None, n_input]), tf.TensorSpec([None, n_classes])])
    def train_step(x, y): ...
    (the same two decorator lines on `def compute_accuracy(x, y)`)
->
    signature = [tf.TensorSpec([None, n_input]), tf.TensorSpec([None, n_classes])]

    @tf.function(autograph=False, input_signature=signature)
    def train_step(x, y): ...

    @tf.function(autograph=False, input_signature=signature)
    def compute_accuracy(x, y): ...

The list is written just before the first function that uses it, where that saves lines:
where the decorators that spell it take more lines, beyond one each, than the list's
assignment. A list that fits on each decorator's line, or that only one function uses,
stays on its decorator(s).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager.code import fresh, packed

if TYPE_CHECKING:  # annotations only
    from migrate.eager.translate import Translator

NAME = "signature"
WIDTH = 100


def _code(node) -> str:
    return cst.Module([]).code_for_node(node)


def _signature(decorator: cst.Decorator):
    """The `input_signature=[...]` argument of a `@tf.function(...)` decorator, or None."""
    call = decorator.decorator
    if not isinstance(call, cst.Call):
        return None
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == "input_signature" and isinstance(arg.value, cst.List):
            return arg
    return None


def _key(arg: cst.Arg) -> tuple:
    return tuple(_code(e.value) for e in arg.value.elements)


def _with_name(decorator: cst.Decorator, name: str) -> cst.Decorator:
    call = decorator.decorator
    args = [(f"{a.keyword.value}=" if a.keyword is not None else "")
            + (name if a is _signature(decorator) else _code(a.value)) for a in call.args]
    return decorator.with_changes(decorator=cst.parse_expression(f"{_code(call.func)}({', '.join(args)})"))


def _assignment(name: str, specs: tuple) -> str:
    one_line = f"{name} = [{', '.join(specs)}]"
    if len(one_line) <= WIDTH:
        return one_line + "\n"
    return f"{name} = [\n" + "\n".join(packed(list(specs), WIDTH)) + "]\n"


def _saves_lines(modules: dict, key: tuple, positions: list, name: str) -> bool:
    """Are the decorators that spell `key` longer, over the one line each keeps, than the
    `signature = [...]` line(s) that would name it?"""
    spared = 0
    for pos in set(positions):
        for d in modules[pos].body[0].decorators:
            if _signature(d) is not None and _key(_signature(d)) == key:
                spared += len(_code(d).strip().splitlines()) - 1
    return spared > len(_assignment(name, key).splitlines())


def share(t: Translator, functions_before: dict) -> None:
    """Rewrite functions_before ({item index: [code]}) in place: each input signature that
    two or more decorators spell the same is named once, before the first of them, where
    that saves lines."""
    order = [(idx, i) for idx in sorted(functions_before) for i in range(len(functions_before[idx]))]
    modules = {pos: cst.parse_module(functions_before[pos[0]][pos[1]]) for pos in order}
    users: dict = {}  # key -> [position]
    for pos in order:
        stmt = modules[pos].body[0] if len(modules[pos].body) == 1 else None
        if isinstance(stmt, cst.FunctionDef):
            for d in stmt.decorators:
                arg = _signature(d)
                if arg is not None:
                    users.setdefault(_key(arg), []).append(pos)
    shared = [(key, positions) for key, positions in users.items() if len(set(positions)) > 1]
    if not shared:
        return
    taken = set(t.forbidden) | set(re.findall(r"[A-Za-z_]\w*", t.source + "".join(
        c for codes in functions_before.values() for c in codes)))
    inserts = []
    for key, positions in shared:
        name = fresh(NAME, taken)
        if not _saves_lines(modules, key, positions, name):
            continue
        taken.add(name)
        for pos in set(positions):
            stmt = modules[pos].body[0]
            decorators = [_with_name(d, name) if _signature(d) is not None and _key(_signature(d)) == key else d
                          for d in stmt.decorators]
            modules[pos] = modules[pos].with_changes(body=[stmt.with_changes(decorators=decorators)])
        inserts.append((positions[0], _assignment(name, key)))
    for pos in order:
        functions_before[pos[0]][pos[1]] = modules[pos].code
    for (idx, i), assignment in sorted(inserts, key=lambda x: x[0], reverse=True):
        functions_before[idx].insert(i, assignment)
