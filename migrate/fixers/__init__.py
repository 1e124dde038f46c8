"""One small fixer per rule; the engine's single transformer dispatches to them.

A fixer module registers functions for one of four events (django-upgrade style):

``@name_fixer(order)``    ``f(state: NameState, ctx) -> None``
    A TensorFlow name as written (an Attribute chain ``tf.train.X``, a ``from tensorflow
    import X`` alias, a module import).  Fixers run in ``order`` and refine the state:
    normalize the name (TF 0.x names, wrong case), then pick its TF 2 target.
``@call_fixer(order)``    ``f(call: cst.Call, state: CallState, ctx) -> cst.Call | None``
    A call of a TensorFlow function (after its name was fixed): argument changes.
``@import_fixer(order)``  ``f(node: cst.Import | cst.ImportFrom, ctx) -> node | None``
    An import statement that mentions tensorflow.
``@module_fixer(order)``  ``f(module: cst.Module, ctx) -> cst.Module | None``
    Once, at the end (graph mode, added imports).

Fixers record what they did with ``ctx.change(node, rule, message)`` and what a person
must do with ``ctx.warn(node, rule, message)``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import libcst as cst

from migrate.node_helpers import attr_chain  # noqa: F401 - for the fixers

NAME_FIXERS: list[tuple[int, Callable]] = []
CALL_FIXERS: list[tuple[int, Callable]] = []
IMPORT_FIXERS: list[tuple[int, Callable]] = []
MODULE_FIXERS: list[tuple[int, Callable]] = []


def _register(table, order):
    def decorator(func):
        table.append((order, func))
        table.sort(key=lambda item: item[0])
        return func

    return decorator


def name_fixer(order: int):
    return _register(NAME_FIXERS, order)


def call_fixer(order: int):
    return _register(CALL_FIXERS, order)


def import_fixer(order: int):
    return _register(IMPORT_FIXERS, order)


def module_fixer(order: int):
    return _register(MODULE_FIXERS, order)


@dataclass
class NameState:
    """A TensorFlow name on its way through the name fixers.

    ``space`` is "v2" for names under ``tensorflow`` (TF 1.x code written against the
    top-level API) and "v1" for names already under ``tensorflow.compat.v1``; ``rel`` is
    the name relative to that space.  Fixers set ``canonical`` (the real TF 1.x name it
    means) and ``target`` (a full dotted path, or "@module.path" outside TensorFlow) for
    the first ``consumed`` segments of the name.
    """

    node: cst.CSTNode  # original node, for positions
    space: str  # "v2" | "v1"
    written: str  # relative name as written
    canonical: str  # relative name after normalization
    called: bool = False  # the name is the function of a call
    target: str | None = None
    consumed: int = 0  # segments of `canonical` that `target` replaces
    notes: list[tuple[str, str]] = field(default_factory=list)  # (rule, message) of changes
    warnings: list[tuple[str, str]] = field(default_factory=list)
    done: bool = False  # no later fixer may change the target
    defer: str | None = None  # contrib argument mapping kind, done by the call fixer
    keep: bool = False  # leave the name exactly as written (a warning was given)

    @property
    def segments(self) -> list[str]:
        return self.canonical.split(".") if self.canonical else []

    def full(self, rel: str) -> str:
        if rel.startswith("@"):
            return rel
        return ("tensorflow.compat.v1." if self.space == "v1" else "tensorflow.") + rel

    def set_target(self, rel_target: str, consumed: int, rule: str, message: str, done=True):
        self.target = self.full(rel_target)
        self.consumed = consumed
        self.notes.append((rule, message))
        self.done = done

    def new_full(self) -> str | None:
        """The whole name after fixing, or None when nothing changes."""
        segs = self.segments
        if self.target is None:
            if self.canonical == self.written:
                return None
            return self.full(self.canonical)
        rest = segs[self.consumed:]
        return ".".join([self.target, *rest]) if rest else self.target


@dataclass
class CallState:
    name: NameState
    space: str
    written: str  # relative name as written
    canonical: str  # relative name after normalization
    target: str | None  # full target of the function (None: unchanged)
    original: cst.Call


def display(space: str, rel: str) -> str:
    if rel.startswith("@"):
        return rel[1:]
    return ("tf.compat.v1." if space == "v1" else "tf.") + rel


def display_full(full: str) -> str:
    if full.startswith("@"):
        return full[1:]
    if full.startswith("tensorflow."):
        return "tf." + full[len("tensorflow."):]
    return full


# ---------------------------------------------------------------------------- node helpers
def keyword_arg(arg: cst.Arg, keyword: str) -> cst.Arg:
    """The same argument passed as keyword=value (keeps its comma and whitespace)."""
    return arg.with_changes(
        keyword=cst.Name(keyword),
        equal=cst.AssignEqual(
            whitespace_before=cst.SimpleWhitespace(""),
            whitespace_after=cst.SimpleWhitespace(""),
        ),
    )


def rename_keyword(arg: cst.Arg, keyword: str) -> cst.Arg:
    return arg.with_changes(keyword=cst.Name(keyword))


def int_literal(node: cst.BaseExpression) -> bool:
    """1, -1, (0): an integer literal, possibly negative."""
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, (cst.Minus, cst.Plus)):
        node = node.expression
    return isinstance(node, cst.Integer)


def bool_literal(node: cst.BaseExpression):
    if isinstance(node, cst.Name) and node.value in ("True", "False"):
        return node.value == "True"
    return None


# Register every fixer: each module of this package is imported, in name order (the order
# of import does not matter: each fixer has its order number). A new rule is a new file here;
# there is no list to forget to update.
def _import_all() -> tuple[str, ...]:
    import importlib
    import pkgutil

    names = sorted(info.name for info in pkgutil.iter_modules(__path__) if not info.name.startswith("_"))
    for name in names:
        importlib.import_module(f"{__name__}.{name}")
    return tuple(names)


MODULES = _import_all()
