"""The choices a user makes for `--to eager` on the command line, set for one conversion
(`using`, as migrate.families sets --select/--ignore) and read by the Translator.

  exact_optimizers  --exact-optimizers: write the tf.compat.v1.train class (TF 1's own
                    arithmetic, bit for bit) where the Keras optimizer is equal to it up to
                    rounding only (migrate/tables/optimizers.py, eager="rounding").
"""
from __future__ import annotations

import contextlib
import contextvars

_EXACT_OPTIMIZERS: contextvars.ContextVar[bool] = contextvars.ContextVar("exact_optimizers", default=False)


def exact_optimizers() -> bool:
    return _EXACT_OPTIMIZERS.get()


@contextlib.contextmanager
def using(*, exact_optimizers: bool = False):
    token = _EXACT_OPTIMIZERS.set(bool(exact_optimizers))
    try:
        yield
    finally:
        _EXACT_OPTIMIZERS.reset(token)
