"""The engine's answer to one question asked once: while `remembering()` is on, the
conversion of a text (migrate.pipeline._convert_text: the compat engine or the `--to eager`
stages, pure functions of the text, the target and the options in force) is made the first
time it is asked and handed out again when the same text is asked for with the same target
and the same options. Everything around it still runs for each caller: reading the file,
decoding, form feeds, project imports, the findings' placing, encoding, writing.

The collection (session_collection.py) turns it on for its verify run and its command-line
check, so that the check that verify runs the bytes the command line writes compares the
two pipelines' bytes without translating each script twice; `asked` and `answered` count
the questions, so that the check can say every one of the command line's was verify's own.
"""
from __future__ import annotations

import contextlib
import contextvars
import copy

import pytest


class Remembered:
    def __init__(self, convert):
        self._convert = convert
        self._answers: dict = {}
        self.asked = 0
        self.answered = 0  # from memory

    def __call__(self, text: str, to: str = "compat"):
        key = _key(text, to)
        if key is None:
            return self._convert(text, to)
        self.asked += 1
        if key in self._answers:
            self.answered += 1
        else:
            self._answers[key] = self._convert(text, to)  # an InputError is raised, not kept
        return _fresh(self._answers[key])


def _key(text: str, to: str):
    """The text, the target and every context variable's value: the options' (--select/
    --ignore, --exact-optimizers) whether set or at their default, and any other set (but
    pipeline._ROOTS, the import roots a conversion hands to the requirements line); None
    where a value cannot be part of a key (then no memory)."""
    from migrate import families, pipeline
    from migrate.eager import options

    values = {var: var.get() for var in (families._ENABLED, options._EXACT_OPTIMIZERS)}
    values.update(contextvars.copy_context().items())
    values.pop(pipeline._ROOTS, None)  # a result the conversion leaves for the requirements line, not an input
    rows = tuple(sorted(((var.name, id(var), value) for var, value in values.items()), key=lambda row: row[:2]))
    try:
        hash(rows)
    except TypeError:
        return None
    return text, to, rows


def _fresh(outcome):
    """A copy the caller may change (a finding inserted) without changing what is kept."""
    clone = copy.copy(outcome)
    clone.findings = list(outcome.findings)
    return clone


@contextlib.contextmanager
def remembering():
    from migrate import pipeline

    remembered = Remembered(pipeline._convert_text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "_convert_text", remembered)
        yield remembered
