"""TensorFlow brought in by a local module's star import (``from common import *``, where
``common.py`` next to the file does ``import tensorflow as tf``).

Such a file imports no TensorFlow itself, so it would be left alone as non-TF. When the
star import names a module of the project -- a file beside it (``common.py``,
``pkg/common.py``, ``pkg/__init__.py``; relative imports from the file's directory) --
that module is read (not run), following its own star imports, and the TensorFlow
aliases it exports (``import tensorflow as tf``, honouring ``__all__``) become known:
the file is converted with a stand-in ``import tensorflow as tf`` right after the star
import, which is taken out again afterwards. Where the file uses ``tf.`` and a star
import cannot be followed, a warning says so (the file is left as it is).
"""
from __future__ import annotations

import ast
import os
import re

from migrate.findings import WARNING, Finding

__all__ = ["MARK", "Stand_in", "resolve"]

MARK = "  # migrate: stand-in for TensorFlow from a star import"
_STAR = re.compile(r"^[ \t]*from[ \t]+[.\w]+[ \t]+import[ \t]+\*", re.M)
_USES_TF = re.compile(r"(?<![\w.])tf\.\w")


def _module_file(directory: str, name: str, level: int) -> str | None:
    base = directory
    for _ in range(max(0, level - 1)):
        base = os.path.dirname(base)
    parts = [part for part in name.split(".") if part]
    if not parts:
        candidates = [os.path.join(base, "__init__.py")] if level else []
    else:
        stem = os.path.join(base, *parts)
        candidates = [stem + ".py", os.path.join(stem, "__init__.py")]
    return next((path for path in candidates if os.path.isfile(path)), None)


def _exports(path: str, seen: set[str]) -> dict[str, str] | None:
    """{name: tensorflow module} a star import of ``path`` brings; None: cannot be read."""
    real = os.path.realpath(path)
    if real in seen:
        return {}
    seen.add(real)
    from migrate.files import InputError, decode_source, read_bytes

    try:
        tree = ast.parse(decode_source(read_bytes(path)).text)
    except (InputError, SyntaxError, ValueError, MemoryError, RecursionError):
        return None
    names: dict[str, str] = {}
    public: list[str] | None = None
    for node in tree.body:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "tensorflow" or alias.name.startswith("tensorflow."):
                    if alias.asname:
                        names[alias.asname] = alias.name
                    elif alias.name == "tensorflow":
                        names["tensorflow"] = "tensorflow"
        elif isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names):
            found = _module_file(os.path.dirname(path), node.module or "", node.level)
            more = _exports(found, seen) if found else None
            names.update(more or {})
        elif (isinstance(node, ast.Assign) and len(node.targets) == 1
              and isinstance(node.targets[0], ast.Name) and node.targets[0].id == "__all__"):
            try:
                public = [str(item) for item in ast.literal_eval(node.value)]
            except (ValueError, TypeError, SyntaxError):
                public = None
    return {name: module for name, module in names.items()
            if (name in public if public is not None else not name.startswith("_"))}


class Stand_in:  # noqa: N801 - a plain record
    """The stand-in imports put into a source, and how to take them out again."""

    def __init__(self, text: str, inserted: list[int], star_lines: list[int]):
        self.text = text  # the source with the stand-in import lines
        self.inserted = inserted  # 1-based lines of the stand-ins in ``text``
        self.star_lines = star_lines  # the star import each stand-in follows (original lines)

    def remove(self, code: str) -> str | None:
        """``code`` without the stand-in lines; None when the conversion changed them."""
        from migrate.files import split_lines

        lines = split_lines(code)
        kept = [line for line in lines if not line.rstrip("\r\n").endswith(MARK)]
        if len(lines) - len(kept) != len(self.inserted):
            return None
        return "".join(kept)

    def place(self, finding: Finding) -> Finding:
        """A finding of the converted text, at its line in the original source."""
        if finding.line is None:
            return finding
        before = sum(line < finding.line for line in self.inserted)
        if finding.line in self.inserted:
            return Finding(self.star_lines[self.inserted.index(finding.line)], 0, finding.rule,
                           finding.message, finding.severity)
        return Finding(finding.line - before, finding.column, finding.rule, finding.message,
                       finding.severity)


def resolve(text: str, path: str) -> tuple[Stand_in | None, list[Finding]]:
    """For a source without TensorFlow: the stand-ins that make TensorFlow names from local
    star imports known (None: there are none), and warnings for star imports that could not
    be followed in a file that uses ``tf.``."""
    if "tensorflow" in text or not _STAR.search(text):
        return None, []
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return None, []
    from migrate.files import split_lines

    directory = os.path.dirname(os.path.abspath(path))
    lines = split_lines(text)
    additions: dict[int, list[str]] = {}
    problems: list[Finding] = []
    for node in tree.body:
        if not (isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names)):
            continue
        shown = "." * node.level + (node.module or "")
        found = _module_file(directory, node.module or "", node.level)
        exported = _exports(found, set()) if found else None
        if exported is None:
            if found is not None or _USES_TF.search(text):
                why = "cannot be read or parsed" if found else "is not a module of this project"
                problems.append(Finding(
                    node.lineno, node.col_offset, "star-import",
                    f"'from {shown} import *' could not be followed ({shown} {why}): if it "
                    "brings TensorFlow (tf), this file was not converted; import tensorflow "
                    "here, or convert it with that module beside it", WARNING))
            continue
        end = node.end_lineno or node.lineno
        line = lines[end - 1] if end - 1 < len(lines) else "\n"
        newline = line[len(line.rstrip("\r\n")):] or "\n"
        for name, module in sorted(exported.items()):
            statement = f"import {module}" if name == module else f"import {module} as {name}"
            additions.setdefault(end, []).append(statement + MARK + newline)
    if not additions:
        return None, problems
    out, inserted, star_lines = [], [], []
    for number, line in enumerate(lines, start=1):
        if number in additions and not line.endswith(("\n", "\r")):
            line += additions[number][0][len(additions[number][0].rstrip("\r\n")):]
        out.append(line)
        for statement in additions.get(number, []):
            out.append(statement)
            inserted.append(len(out))
            star_lines.append(number)
    return Stand_in("".join(out), inserted, star_lines), problems
