"""Generate migrate/tables/delegates.py: tf.compat.v1 functions that TF 2's ``tf`` lacks by
name but serves through a function of another name, asked of the installed TensorFlow.

A TF 2 function *delegates* to a tf.compat.v1 one when its body (docstring aside) is one
``return f(p=p, ...)`` whose callee is that very tf.compat.v1 function object and whose
arguments are the TF 2 function's own parameters, each passed on unchanged under its own
name (``tf.nn.softmax_cross_entropy_with_logits(labels, logits, axis=-1, name=None)``
returns ``softmax_cross_entropy_with_logits_v2_helper(labels=labels, logits=logits,
axis=axis, name=name)``, which is ``tf.compat.v1.nn.softmax_cross_entropy_with_logits_v2``).
A call of the TF 2 function is then the call of the tf.compat.v1 one with the same
arguments, whatever they are; a tf.compat.v1 call is written as the TF 2 one when each of
its arguments is a TF 2 parameter, or a tf.compat.v1 parameter that its source renames to
one (``axis = deprecated_argument_lookup("axis", axis, "dim", dim)``: ``dim=`` -> ``axis=``).
Positional arguments keep their place where the two parameter lists agree on it.

Only the tf.compat.v1 names that the generated V1_ONLY table sends to ``compat.v1.NAME``
(no TF 2 endpoint of the same object) are asked.
"""
from __future__ import annotations

import ast
import inspect
import pprint
import textwrap
from pathlib import Path

from migrate.tables.api_reading import is_module, parameters, source_renames, v2_has

DELEGATES_OUTPUT = Path(__file__).with_name("delegates.py")


def _single_return_call(fn) -> ast.Call | None:
    """The call of a function whose body, docstring aside, is one ``return call(...)``."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError, IndentationError):
        return None
    if not tree.body or not isinstance(tree.body[0], ast.FunctionDef):
        return None
    body = [s for s in tree.body[0].body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
    if len(body) != 1 or not isinstance(body[0], ast.Return) or not isinstance(body[0].value, ast.Call):
        return None
    return body[0].value


def _callee(fn, func: ast.expr):
    """The object `func` (a name or a dotted name) means in `fn`'s module."""
    parts = []
    while isinstance(func, ast.Attribute):
        parts.append(func.attr)
        func = func.value
    if not isinstance(func, ast.Name) or func.id not in fn.__globals__:
        return None
    obj = fn.__globals__[func.id]
    for part in reversed(parts):
        obj = getattr(obj, part, None)
    return obj


def _passes_its_parameters(fn, call: ast.Call) -> bool:
    """True when `call` passes every parameter of `fn` on as ``p=p`` and nothing else."""
    params = [p for p in inspect.signature(fn).parameters.values()]
    if any(p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in params) or call.args:
        return False
    passed = {}
    for keyword in call.keywords:
        if keyword.arg is None or not isinstance(keyword.value, ast.Name) or keyword.value.id != keyword.arg:
            return False
        passed[keyword.arg] = keyword.value.id
    return sorted(passed) == sorted(p.name for p in params)


def _v1_renames(v1_fn) -> dict:
    return {old: new for old, new in source_renames(v1_fn)}


def _parameters(v1_fn, v2_fn) -> tuple:
    """(v1 positional parameters, v2 positional parameters, {v1 parameter: v2 parameter})
    where the v2 parameter is the same name or the one the v1 source renames it to."""

    v1_positional, v1_all = parameters(v1_fn)[:2]
    v2_positional, v2_all = parameters(v2_fn)[:2]
    renames = _v1_renames(v1_fn)
    same = {}
    for p in v1_all:
        new = p if p in v2_all else renames.get(p)
        if new in v2_all:
            same[p] = new
    return v1_positional, v2_positional, same


def delegates(v1, v2, v1_only) -> dict:
    """v1 name -> (v2 name, v1 positional parameters, v2 positional parameters, {v1
    parameter: v2 parameter}) for each V1_ONLY row kept in compat.v1 whose function a TF 2
    function delegates to (module docstring). A v1 parameter missing from the map has no
    TF 2 counterpart: a call that passes it stays tf.compat.v1."""

    wanted = {}
    for name, target in v1_only.items():
        obj = v1.get(name)
        if target == "compat.v1." + name and inspect.isfunction(inspect.unwrap(obj) if obj is not None else None):
            wanted[id(inspect.unwrap(obj))] = name
    found = {}
    for name in sorted(v2, key=lambda n: (n.count("."), len(n), n)):
        obj = v2[name]
        if obj is None or is_module(obj) or not v2_has(v2, name):
            continue
        fn = inspect.unwrap(obj)
        if not inspect.isfunction(fn):
            continue
        call = _single_return_call(fn)
        if call is None:
            continue
        callee = _callee(fn, call.func)
        if callee is None or id(inspect.unwrap(callee)) not in wanted or not _passes_its_parameters(fn, call):
            continue
        v1_name = wanted[id(inspect.unwrap(callee))]
        if v1_name not in found:  # the shortest TF 2 name (sorted above)
            found[v1_name] = (name, *_parameters(v1[v1_name], fn))
    return dict(sorted(found.items()))


def build(v1, v2, v1_only, version: str) -> str:
    return "\n".join([
        f'"""GENERATED by `python -m migrate.tables.generate` from TensorFlow {version} -- do not edit.',
        "",
        "tf.compat.v1 functions that a TF 2 function of another name delegates to.",
        "See migrate/tables/generate_delegates.py.",
        '"""',
        "",
        "# tf.compat.v1 name -> (TF 2 name, tf.compat.v1 positional parameters, TF 2 positional parameters,",
        "#                       {tf.compat.v1 parameter: the TF 2 parameter it is passed as})",
        "DELEGATES = " + pprint.pformat(delegates(v1, v2, v1_only), width=100),
    ]) + "\n"
