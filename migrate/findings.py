"""What the engine reports about one source: one Finding per change made or problem left."""
from __future__ import annotations

from dataclasses import dataclass

CHANGE = "change"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    line: int  # 1-based line in the INPUT source
    column: int  # 0-based
    rule: str  # short stable id: "tf0-name", "v1-name", "graph-mode", "xent-positional", ...
    message: str  # one line: what was done, or what a person must do
    severity: str  # "change" (applied) or "warning" (NOT applied: code kept, a person must look)

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.severity} [{self.rule}] {self.message}"
