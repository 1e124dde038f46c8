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

Families other than tf act only on files that import TensorFlow (the tool's subject).
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
    """The families a --select / --ignore pair leaves on; ValueError naming an unknown one."""
    def names(text):
        out = {part.strip() for part in (text or "").split(",") if part.strip()}
        unknown = sorted(out - ALL)
        if unknown:
            raise ValueError(f"unknown rule family {', '.join(unknown)} "
                             f"(choose from {', '.join(FAMILIES)})")
        return out
    chosen = names(select) if select else set(ALL)
    return frozenset(chosen - names(ignore))


def enabled() -> frozenset:
    return _ENABLED.get()


@contextlib.contextmanager
def using(families: frozenset | None):
    token = _ENABLED.set(ALL if families is None else frozenset(families))
    try:
        yield
    finally:
        _ENABLED.reset(token)
