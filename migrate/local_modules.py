"""A project's own modules, as an import statement names them, and the TensorFlow names
each one exports -- read, never run.

``module_file(directory, name, level)`` finds the file an import in ``directory`` means,
where Python would find it when the project runs: relative imports from the file's
package; absolute ones from the file's directory, the directory above its package (the
file's top-level package is importable from there), and the project root (the nearest
directory above with ``setup.py``, ``setup.cfg`` or ``pyproject.toml``) and its ``src/``.

``tf_exports(path)`` is what ``from module import *`` / ``from module import NAME`` /
``module.NAME`` bring of TensorFlow: ``{name: dotted TensorFlow path}`` for its top-level
``import tensorflow as tf``, ``from tensorflow.contrib import slim``, assignments of a
TensorFlow name (``FLAGS = tf.app.flags.FLAGS``, ``slim = tf.contrib.slim``), and what it
takes from other local modules (their star imports and named imports, followed in turn);
``__all__`` decides what a star import takes.
"""
from __future__ import annotations

import ast
import functools
import os

from migrate.python_tree import dotted_name

__all__ = ["module_file", "tf_exports", "project_root"]

PROJECT_MARKERS = ("setup.py", "setup.cfg", "pyproject.toml")
_MAX_UP = 12  # directories searched above a file for its project root

_cache: dict[tuple, dict[str, str] | None] = {}


@functools.lru_cache(maxsize=256)
def project_root(directory: str) -> str | None:
    """The nearest directory at or above ``directory`` holding a project file."""
    current = os.path.abspath(directory)
    for _ in range(_MAX_UP):
        if any(os.path.isfile(os.path.join(current, marker)) for marker in PROJECT_MARKERS):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent
    return None


def _roots(directory: str) -> list[str]:
    """Where an absolute import in ``directory`` is looked for, in order."""
    roots = [directory]
    current = directory
    while os.path.isfile(os.path.join(current, "__init__.py")):
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    roots.append(current)
    root = project_root(directory)
    if root is not None:
        roots += [root, os.path.join(root, "src")]
    seen: list[str] = []
    for item in roots:
        if item not in seen:
            seen.append(item)
    return seen


def module_file(directory: str, name: str, level: int) -> str | None:
    """The project file an import of ``name`` (``level`` dots) in ``directory`` means."""
    parts = [part for part in name.split(".") if part]
    if level:
        base = directory
        for _ in range(level - 1):
            base = os.path.dirname(base)
        bases = [base]
    else:
        if not parts:
            return None
        bases = _roots(directory)
    for base in bases:
        if not parts:
            candidates = [os.path.join(base, "__init__.py")]
        else:
            stem = os.path.join(base, *parts)
            candidates = [stem + ".py", os.path.join(stem, "__init__.py")]
        found = next((path for path in candidates if os.path.isfile(path)), None)
        if found is not None:
            return found
    return None


def _tf_path(name: str) -> bool:
    return name == "tensorflow" or name.startswith("tensorflow.")


def tf_exports(path: str, seen: set[str] | None = None, star: bool = False) -> dict[str, str] | None:
    """{name: tensorflow path} the module at ``path`` exports; None: it cannot be read.
    ``star``: only what ``from module import *`` takes (``__all__``, no _private names)."""
    real = os.path.realpath(path)
    seen = set() if seen is None else seen
    if real in seen:
        return {}
    try:
        stamp = os.stat(real).st_mtime_ns
    except OSError:
        return None
    key = (real, stamp, star)
    if key in _cache:
        return _cache[key]
    seen.add(real)
    names = _read(path, seen)
    if names is not None:
        names, public = names
        if star:
            names = {name: target for name, target in names.items()
                     if (name in public if public is not None else not name.startswith("_"))}
    _cache[key] = names
    return names


def _read(path: str, seen: set[str]):
    from migrate.files import InputError, decode_source, read_bytes

    try:
        tree = ast.parse(decode_source(read_bytes(path)).text)
    except (InputError, SyntaxError, ValueError, MemoryError, RecursionError):
        return None
    directory = os.path.dirname(path)
    names: dict[str, str] = {}
    public: list[str] | None = None
    for node in tree.body:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if not _tf_path(alias.name):
                    continue
                if alias.asname:
                    names[alias.asname] = alias.name
                elif alias.name == "tensorflow":
                    names["tensorflow"] = "tensorflow"
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if not node.level and _tf_path(module):
                for alias in node.names:
                    if alias.name != "*":
                        names[alias.asname or alias.name] = f"{module}.{alias.name}"
                continue
            found = module_file(directory, module, node.level)
            if found is None:
                continue
            if any(alias.name == "*" for alias in node.names):
                names.update(tf_exports(found, seen, star=True) or {})
                continue
            exported = tf_exports(found, seen) or {}
            for alias in node.names:
                if alias.name in exported:
                    names[alias.asname or alias.name] = exported[alias.name]
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and \
                isinstance(node.targets[0], ast.Name):
            target = node.targets[0].id
            if target == "__all__":
                try:
                    public = [str(item) for item in ast.literal_eval(node.value)]
                except (ValueError, TypeError, SyntaxError):
                    public = None
                continue
            value = dotted_name(node.value)
            base, _, rest = (value or "").partition(".")
            if value is not None and base in names:
                names[target] = names[base] + ("." + rest if rest else "")
            else:
                names.pop(target, None)  # rebound to something else
    return names, public
