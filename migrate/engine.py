"""The rewriting engine: TF 0.x/1.x source in, TF 2 source out."""
from __future__ import annotations

from dataclasses import dataclass, field

from migrate.findings import Finding


@dataclass
class Outcome:
    code: str  # the new source (== input when nothing changed)
    findings: list[Finding] = field(default_factory=list)
    changed: bool = False


def migrate_source(source: str) -> Outcome:
    """Rewrite one Python source. Pure; raises libcst.ParserSyntaxError on invalid syntax."""
    if "tensorflow" not in source:
        return Outcome(source, [], False)
    import libcst as cst

    module = cst.parse_module(source)
    return Outcome(module.code, [], False)
