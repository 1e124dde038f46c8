"""cannot-run: what no rewrite can make run unattended, said in one line with its line number.

``input()`` / ``raw_input()`` wait for a person; a hard-coded path in someone's home
directory (``'/home/alice/data'``, ``'C:\\Users\\bob'``) names files this machine lacks.
(Removed TensorFlow such as ``tf.nn.seq2seq`` is the ``removed`` fixer's.)  Nothing is
changed; only files that mention one of them are walked.
"""
from __future__ import annotations

import re

import libcst as cst

from migrate.fixers import module_fixer

_MENTION = re.compile(r"\b(?:raw_)?input\s*\(|/home/|/Users/|[A-Za-z]:\\+Users\\")
_HOME = re.compile(r"^(?:/home/[^/\s]+|/Users/[^/\s]+|[A-Za-z]:\\+Users\\+[^\\\s]+)", re.I)


class _Find(cst.CSTVisitor):
    def __init__(self):
        self.found: list[tuple[cst.CSTNode, str]] = []

    def visit_Call(self, node):
        if isinstance(node.func, cst.Name) and node.func.value in ("input", "raw_input"):
            self.found.append((node, f"{node.func.value}() waits for a person: the script cannot "
                                     "run unattended (pass the value as an argument instead)"))

    def visit_SimpleString(self, node):
        try:
            value = node.evaluated_value
        except Exception:  # noqa: BLE001 - an odd literal is not ours to judge
            return
        if isinstance(value, str) and _HOME.match(value):
            self.found.append((node, f"hard-coded path {value[:60]!r} is in someone's home "
                                     "directory: the script cannot find it on another machine"))


@module_fixer(90)
def cannot_run(module: cst.Module, ctx) -> cst.Module | None:
    if not _MENTION.search(ctx.source):
        return None
    finder = _Find()
    ctx.module.visit(finder)
    for node, message in finder.found:
        ctx.warn(node, "cannot-run", message)
    return None
