"""Rule families: which kinds of legacy code ``migrate`` rewrites besides TensorFlow.

A TF 1.x script breaks on more than TensorFlow once TensorFlow is fixed: Python 2 left
over (``print x``, ``xrange``), NumPy 2's removals (``np.float``), matplotlib's (legend
``loc='top left'``).  Each family is on by default and can be switched off like a ruff rule
(``migrate --ignore numpy``, ``--select tf,py2``):

  tf          TensorFlow 0.x/1.x -> 2.x (migrate/fixers; always the point of the tool)
  py2         Python 2 syntax and idioms, with fissix (the maintained lib2to3 fork)
  numpy       NumPy 2 removals, with ruff's NPY001/NPY201 fixes, and newshape= -> shape=
  scipy       SciPy's removed import paths and functions (tables/scipy_removals.py)
  matplotlib  removed matplotlib values (legend loc strings)

Single rules can be left out too, by name or code (``--ignore TF002``, ``--select TF0``):
migrate/rule_codes.py.  Families other than tf act only on files that import TensorFlow (the tool's subject).
The choice is carried by a context variable (``using``), so every entry point (command
line, notebooks, ``migrate run``, worker processes) sees the same selection.
"""
from __future__ import annotations

import contextlib
import contextvars

FAMILIES = ("tf", "py2", "numpy", "scipy", "matplotlib")
ALL = frozenset(FAMILIES)

_ENABLED: contextvars.ContextVar[frozenset] = contextvars.ContextVar("families", default=ALL)


def parse(select: str | None = None, ignore: str | None = None) -> frozenset:
    """What a --select / --ignore pair leaves on: the families with a rule on, and
    ``"!RULE"`` for each rule of those families that is off (words: families, rule names,
    codes, code prefixes: migrate/rule_codes.py); ValueError naming an unknown word."""
    from migrate.rule_codes import RULES, family_of, rules_for

    def names(text):
        out = set()
        for part in (text or "").split(","):
            if part.strip():
                out |= rules_for(part)
        return out
    chosen = names(select) if select else set(RULES)
    on = chosen - names(ignore)
    families = {family_of(rule) for rule in on} & ALL
    off = {rule for rule in RULES if family_of(rule) in families and rule not in on}
    return frozenset(families | {f"!{rule}" for rule in off})


def rules_off(chosen: frozenset | None = None) -> frozenset:
    """The rules left out inside the families that are on (``--ignore TF002``)."""
    chosen = enabled() if chosen is None else chosen
    return frozenset(entry[1:] for entry in chosen if entry.startswith("!"))


def enabled() -> frozenset:
    return _ENABLED.get()


@contextlib.contextmanager
def using(families: frozenset | None):
    token = _ENABLED.set(ALL if families is None else frozenset(families))
    try:
        yield
    finally:
        _ENABLED.reset(token)
