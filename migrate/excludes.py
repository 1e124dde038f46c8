"""Which files and directories a directory search leaves out: the default names, and the
patterns of --exclude (or the configuration's ``exclude``)."""
from __future__ import annotations

import fnmatch

DEFAULT_EXCLUDES = (
    "__pycache__",
    "__pypackages__",
    "_build",
    "buck-out",
    "build",
    "dist",
    "node_modules",
    "site-packages",
    "venv",
)


def excluded(name: str, relative: str, patterns: list[str]) -> bool:
    return any(
        fnmatch.fnmatchcase(name, pattern) or fnmatch.fnmatchcase(relative, pattern)
        for pattern in patterns
    )
