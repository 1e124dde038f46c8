"""TensorFlow that a file takes from its own project's modules, not from ``tensorflow``.

A project often imports TensorFlow once, in a shared module, and the others take it from
there: ``from common import *`` (``common.py`` does ``import tensorflow as tf``), ``from
nets.common import tf, FLAGS``, ``from .layers import slim``, a package ``__init__`` that
re-exports, ``from nets import common as C; C.tf.mul(...)``.  Such a file imports no
TensorFlow itself, so it would be left alone as non-TF.  Where an import names a module
of the project (migrate/local_modules.py finds it as Python would, and reads what
TensorFlow names it exports, following its own imports), the file is converted with
stand-ins that make those names known, taken out again afterwards:

- a star import or a named import of an exported name gets ``import tensorflow as tf``
  (``import tensorflow.app.flags.FLAGS as FLAGS``...) on the line after it;
- a module's attribute (``C.tf``) is converted under a stand-in name bound the same way
  (``import tensorflow as C__tf__migrate``), then written back as ``C.tf``.

Where the file uses ``tf.`` and a star import cannot be followed, a warning says so (the
file is left as it is).
"""
from __future__ import annotations

import ast
import os
import re

from migrate.findings import CHANGE, WARNING, Finding
from migrate.local_modules import module_file, tf_exports

__all__ = ["MARK", "Stand_in", "resolve"]

MARK = "  # migrate: stand-in for TensorFlow from a project module"
_USES_TF = re.compile(r"(?<![\w.])tf\.\w")
_SUFFIX = "__migrate"
# changes located at the last TensorFlow import that insert statements after it: at a
# stand-in they are changes of the file; any other change there rewrote the stand-in
# itself, which is taken out, so it is no change of the file
INSERTING_RULES = frozenset({"graph-mode", "device-pins"})


class Stand_in:  # noqa: N801 - a plain record
    """The stand-in imports put into a source, and how to take them out again."""

    def __init__(self, text: str, origin: list[int], restore: dict[int, str],
                 renamed: dict[str, str], first: int):
        self.text = text  # the source with the stand-in import lines (and names)
        self.origin = origin  # line of ``text`` (0-based) -> its line in the source (1-based)
        self.restore = restore  # n-th stand-in line -> the source's lines it stands for
        self.renamed = renamed  # stand-in name -> the module attribute it replaced
        self.star_lines = [first]  # the first import given a stand-in (for a warning)

    def remove(self, code: str) -> str | None:
        """``code`` without the stand-ins; None when the conversion changed them."""
        from migrate.files import split_lines

        out, count = [], 0
        for line in split_lines(code):
            if line.rstrip("\r\n").endswith(MARK):
                out.append(self.restore.get(count, ""))
                count += 1
            else:
                out.append(line)
        if count != sum(1 for line in split_lines(self.text) if line.rstrip("\r\n").endswith(MARK)):
            return None
        code = "".join(out)
        for name, original in self.renamed.items():
            code = re.sub(rf"(?<![\w.]){re.escape(name)}(?!\w)", original, code)
        return code

    def place(self, finding: Finding) -> Finding:
        """A finding of the converted text, at its line in the original source."""
        if finding.line is None or not 0 < finding.line <= len(self.origin):
            return finding
        line = self.origin[finding.line - 1]
        column = 0 if self.text_line(finding.line).rstrip("\r\n").endswith(MARK) else finding.column
        return Finding(line, column, finding.rule, finding.message, finding.severity)

    def changed_only_itself(self, finding: Finding) -> bool:
        """A change the conversion made to a stand-in (not to the file)."""
        return (finding.severity == CHANGE and finding.rule not in INSERTING_RULES
                and finding.line is not None and 0 < finding.line <= len(self.origin)
                and self.text_line(finding.line).rstrip("\r\n").endswith(MARK))

    def text_line(self, number: int) -> str:
        from migrate.files import split_lines

        return split_lines(self.text)[number - 1]


def _statement(name: str, target: str) -> str:
    return f"import {target}" if name == target else f"import {target} as {name}"


_IMPORTED = re.compile(r"^[ \t]*(?:from[ \t]+(\.*)([\w.]*)[ \t]+import\b|import[ \t]+([\w.]+))", re.M)


def _could_be_local(text: str, directory: str) -> bool:
    """Does an import of the file name a module of its project?  (A few file-system
    lookups: a file importing none is not parsed.)  A star import in a file using ``tf.``
    is looked at in any case: where it cannot be followed, that is a warning."""
    if "*" in text and _USES_TF.search(text):
        return True
    for dots, name, plain in _IMPORTED.findall(text):
        if dots or module_file(directory, plain or name, 0) is not None:
            return True
    return False


def resolve(text: str, path: str) -> tuple[Stand_in | None, list[Finding]]:
    """For a source without TensorFlow: the stand-ins that make TensorFlow names from the
    project's modules known (None: there are none), and warnings for star imports that
    could not be followed in a file that uses ``tf.``."""
    directory = os.path.dirname(os.path.abspath(path))
    if "tensorflow" in text or not _could_be_local(text, directory):
        return None, []
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return None, []
    plan = _Plan()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            plan.import_from(node, directory, text)
        elif isinstance(node, ast.Import):
            plan.import_modules(node, directory)
    text = plan.rename_attributes(text)
    if not plan.additions:
        return None, plan.problems
    return plan.stand_in(text), plan.problems


class _Plan:
    """The stand-ins one file needs, gathered import by import."""

    def __init__(self):
        self.additions: dict[int, list[tuple[str, str]]] = {}  # end line -> [(name, target)]
        self.replaced: dict[int, int] = {}  # first -> last line of imports stand-ins replace
        self.modules: list[tuple[str, int, dict[str, str]]] = []  # (local module, end, exports)
        self.renamed: dict[str, str] = {}  # stand-in name -> module attribute
        self.problems: list[Finding] = []

    def import_from(self, node: ast.ImportFrom, directory: str, text: str) -> None:
        end = node.end_lineno or node.lineno
        name = node.module or ""
        if any(alias.name == "*" for alias in node.names):
            problem = _star(node, directory, text, self.additions)
            if problem is not None:
                self.problems.append(problem)
            return
        found = module_file(directory, name, node.level)
        exported = (tf_exports(found) or {}) if found else {}
        for alias in node.names:
            local = alias.asname or alias.name
            if alias.name in exported:
                self.additions.setdefault(end, []).append((local, exported[alias.name]))
                if _alone(node, text):
                    # the import's own binding of the name would make it TF "on some
                    # paths only": its stand-ins replace it while converting
                    self.replaced[node.lineno] = end
                continue
            sub = module_file(directory, f"{name}.{alias.name}" if name else alias.name,
                              node.level)
            if sub is not None and sub != found:
                more = tf_exports(sub) or {}
                if more:
                    self.modules.append((local, end, more))

    def import_modules(self, node: ast.Import, directory: str) -> None:
        for alias in node.names:
            found = module_file(directory, alias.name, 0)
            more = (tf_exports(found) or {}) if found else {}
            if more:
                self.modules.append((alias.asname or alias.name, node.end_lineno or node.lineno, more))

    def rename_attributes(self, text: str) -> str:
        """``C.tf`` -> a stand-in name bound to TensorFlow, for each module attribute used."""
        for local, end, exported in self.modules:
            for name, target in sorted(exported.items()):
                written = f"{local}.{name}"
                pattern = re.compile(rf"(?<![\w.]){re.escape(written)}(?!\w)")
                stand = f"{local.replace('.', '_')}__{name}{_SUFFIX}"
                if stand in text or not pattern.search(text):
                    continue
                text = pattern.sub(stand, text)
                self.renamed[stand] = written
                self.additions.setdefault(end, []).append((stand, target))
        return text

    def stand_in(self, text: str) -> Stand_in:
        from migrate.files import split_lines

        lines = split_lines(text)
        out: list[str] = []
        origin: list[int] = []
        restore: dict[int, str] = {}
        number = 1
        while number <= len(lines):
            span = self.replaced.get(number)
            if span is None:
                out.append(lines[number - 1])
                origin.append(number)
                end = number
            else:  # the import itself is taken out, its stand-ins stand for it
                end = span
                restore[sum(1 for line in out if line.rstrip("\r\n").endswith(MARK))] = \
                    "".join(lines[number - 1:end])
            newline = lines[end - 1][len(lines[end - 1].rstrip("\r\n")):]
            if end in self.additions and not newline:
                newline = "\n"
                if span is None:
                    out[-1] += newline
            for name, target in self.additions.get(end, []):
                out.append(_statement(name, target) + MARK + newline)
                origin.append(number)
            number = end + 1
        return Stand_in("".join(out), origin, restore, self.renamed, min(self.additions))


def _alone(node: ast.stmt, text: str) -> bool:
    """The statement has its lines to itself (no ``;`` neighbour)."""
    from migrate.files import split_lines

    lines = split_lines(text)
    start = lines[node.lineno - 1]
    end = lines[(node.end_lineno or node.lineno) - 1]
    after = end.encode()[node.end_col_offset or 0:].decode(errors="replace").strip()
    return not start[:node.col_offset].strip() and (not after or after.startswith("#"))


def _star(node: ast.ImportFrom, directory: str, text: str, additions) -> Finding | None:
    shown = "." * node.level + (node.module or "")
    found = module_file(directory, node.module or "", node.level)
    exported = tf_exports(found, star=True) if found else None
    if exported is None:
        if found is not None or _USES_TF.search(text):
            why = "cannot be read or parsed" if found else "is not a module of this project"
            return Finding(
                node.lineno, node.col_offset, "star-import",
                f"'from {shown} import *' could not be followed ({shown} {why}): if it "
                "brings TensorFlow (tf), this file was not converted; import tensorflow "
                "here, or convert it with that module beside it", WARNING)
        return None
    end = node.end_lineno or node.lineno
    for name, target in sorted(exported.items()):
        additions.setdefault(end, []).append((name, target))
    return None
