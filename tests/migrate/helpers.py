"""Before/after helpers for the engine's tests."""
from __future__ import annotations

import textwrap

from migrate.engine import Outcome, migrate_source


def _dedent(source: str) -> str:
    source = textwrap.dedent(source)
    return source[1:] if source.startswith("\n") else source


def check_transformed(before: str, after: str) -> Outcome:
    """migrate_source(before) gives exactly after, and a second run changes nothing."""
    before, after = _dedent(before), _dedent(after)
    outcome = migrate_source(before)
    assert outcome.code == after, f"\n--- got ---\n{outcome.code}\n--- expected ---\n{after}"
    assert outcome.changed == (before != after)
    again = migrate_source(outcome.code)
    assert again.code == outcome.code, f"second run changes:\n{again.code}"
    assert not [f for f in again.findings if f.severity == "change"], again.findings
    return outcome


def check_noop(source: str) -> Outcome:
    """migrate_source leaves source exactly as it is."""
    source = _dedent(source)
    outcome = migrate_source(source)
    assert outcome.code == source, f"\n--- got ---\n{outcome.code}"
    assert not outcome.changed
    assert not [f for f in outcome.findings if f.severity == "change"], outcome.findings
    return outcome


def rules(outcome: Outcome, severity: str | None = None) -> list[str]:
    return [f.rule for f in outcome.findings if severity is None or f.severity == severity]
