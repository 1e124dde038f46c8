"""matplotlib: values matplotlib no longer accepts, in a TF script's plotting code.

``legend(loc='top left')`` and the like raise ``ValueError`` in today's matplotlib; each
such string literal becomes the location it meant (LEGEND_LOC).  Only string literals
passed as ``loc=`` to a ``.legend(...)`` call are touched.
"""
from __future__ import annotations

import re

from migrate.findings import CHANGE, Finding

LEGEND_LOC = {
    "top left": "upper left",
    "top right": "upper right",
    "top center": "upper center",
    "top": "upper center",
    "bottom left": "lower left",
    "bottom right": "lower right",
    "bottom center": "lower center",
    "bottom": "lower center",
    "left": "center left",
    "middle": "center",
}
_LOC = re.compile(r"(\.legend\s*\([^()]*?\bloc\s*=\s*)(['\"])(%s)\2" %
                  "|".join(re.escape(k) for k in sorted(LEGEND_LOC, key=len, reverse=True)))


def modernize(source: str) -> tuple[str, list[Finding]]:
    if "legend" not in source:
        return source, []
    findings = []

    def replace(match):
        line = source.count("\n", 0, match.start(3)) + 1
        old = match.group(3)
        findings.append(Finding(line, 0, "matplotlib",
                                f"legend loc '{old}' -> '{LEGEND_LOC[old]}' (matplotlib rejects "
                                f"'{old}')", CHANGE))
        return f"{match.group(1)}{match.group(2)}{LEGEND_LOC[old]}{match.group(2)}"

    return _LOC.sub(replace, source), findings
