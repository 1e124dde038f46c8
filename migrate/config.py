"""``[tool.migrate]`` in ``pyproject.toml``: settings found the way ruff finds its own.

From the common parent directory of the paths given (of ``--stdin-filename``, or the
current directory, for ``-``) up: the first ``pyproject.toml`` with a ``[tool.migrate]``
table is the configuration; the search stops after a directory holding ``.git`` (the
project's root) or at the filesystem root.  ``--config PATH`` names the file instead (a
``pyproject.toml``, its ``[tool.migrate]`` table; or a TOML file of these keys at top
level); ``--isolated`` reads none.  A flag given on the command line wins over the file.

Keys (:data:`KEYS`, each the long flag of the same name): select, ignore, exclude,
max-size, jobs, target (``--to``).  An unknown key or a wrong type is a usage error
naming the key and the file.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field

SECTION = "tool.migrate"

# key -> (flag it stands for, description of the value, accepted Python types)
KEYS = {
    "select": ("--select", "rule codes, prefixes, names or families", (str, list)),
    "ignore": ("--ignore", "rule codes, prefixes, names or families", (str, list)),
    "exclude": ("--exclude", "glob patterns of names or relative paths", (list,)),
    "max-size": ("--max-size", "a size such as 512K, or bytes", (str, int)),
    "jobs": ("--jobs", "worker processes, 0 = one per core", (int,)),
    "target": ("--to", '"compat" or "eager"', (str,)),
}
ROOT_MARKERS = (".git", ".hg")


class ConfigError(Exception):
    """A configuration file that cannot be used: the message names the file (and key)."""


@dataclass
class Config:
    path: str | None = None  # the file read; None: none found (or --isolated)
    values: dict = field(default_factory=dict)  # key -> value, checked


def _toml():
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10: the tomli backport (a dependency there)
        try:
            import tomli as tomllib
        except ModuleNotFoundError:
            raise ConfigError("reading pyproject.toml needs Python 3.11's tomllib or the "
                              "tomli package on Python 3.10 (pip install tomli); or run "
                              "with --isolated") from None
    return tomllib


def find(paths: list[str], start: str | None = None) -> str | None:
    """The pyproject.toml with a [tool.migrate] table that governs ``paths``, or None."""
    directory = os.path.abspath(start or _common_parent(paths))
    while True:
        candidate = os.path.join(directory, "pyproject.toml")
        if os.path.isfile(candidate) and _has_section(candidate):
            return candidate
        if any(os.path.exists(os.path.join(directory, marker)) for marker in ROOT_MARKERS):
            return None
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def _common_parent(paths: list[str]) -> str:
    if not paths:
        return os.getcwd()
    absolute = [os.path.abspath(path) for path in paths]
    common = os.path.commonpath(absolute)
    return common if os.path.isdir(common) else os.path.dirname(common)


def _has_section(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            head = handle.read()
    except OSError:
        return False
    if b"tool.migrate" not in head:  # cheap: most pyproject.toml files are not ours
        return False
    return "migrate" in _load(path).get("tool", {})


def _load(path: str) -> dict:
    tomllib = _toml()
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None


def read(path: str) -> Config:
    """The checked settings of ``path`` (its [tool.migrate] table, or top-level keys in a
    file without a [tool] table); ConfigError naming the file and key."""
    data = _load(path)
    if "tool" in data:
        table = data["tool"].get("migrate")
        if table is None:
            raise ConfigError(f"{path}: no [{SECTION}] table")
        where = f"{path}: [{SECTION}]"
    else:
        table, where = data, path
    values = {}
    for key, value in table.items():
        if key not in KEYS:
            raise ConfigError(f"{where}: unknown key {key!r} (known: {', '.join(KEYS)})")
        flag, meaning, types = KEYS[key]
        if not isinstance(value, types) or isinstance(value, bool) or (
                isinstance(value, list) and not all(isinstance(v, str) for v in value)):
            raise ConfigError(f"{where}: {key} = {value!r}: expected {meaning} (as {flag})")
        values[key] = value
    return Config(path, values)


def load(paths: list[str], config_path: str | None, isolated: bool,
         start: str | None = None) -> Config:
    """The configuration for a run: --config's file, the one found for ``paths``, or none."""
    if isolated:
        return Config()
    if config_path is not None:
        if not os.path.isfile(config_path):
            raise ConfigError(f"--config {config_path}: no such file")
        return read(config_path)
    found = find(paths, start)
    return read(found) if found else Config()


def as_flag_text(value) -> str:
    """A list value as the comma-separated text its flag takes."""
    return ",".join(value) if isinstance(value, list) else str(value)


def fail(message: str) -> None:
    print(f"migrate: error: {message}", file=sys.stderr)
    raise SystemExit(2)
