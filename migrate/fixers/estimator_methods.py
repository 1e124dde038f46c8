"""estimator-methods: an Estimator method the runtime does not build, said with its line.

``est.export_saved_model(...)`` / ``export_savedmodel`` (hand.ESTIMATOR_METHODS_NOT_BUILT):
tf_revive_runtime.v1_estimator refuses them at run time; a person converting the script
hears it now.  The receiver is any expression (an Estimator is rarely a TF name), so only
files that mention ``estimator`` and one of the methods are walked.  Nothing is changed.
"""
from __future__ import annotations

import re

import libcst as cst

from migrate.fixers import module_fixer
from migrate.tables.hand import ESTIMATOR_METHODS_NOT_BUILT

_MENTION = re.compile(r"\.\s*(%s)\s*\(" % "|".join(sorted(ESTIMATOR_METHODS_NOT_BUILT)))


class _Find(cst.CSTVisitor):
    def __init__(self):
        self.found: list[tuple[cst.Call, str]] = []

    def visit_Call(self, node):
        if isinstance(node.func, cst.Attribute) and node.func.attr.value in ESTIMATOR_METHODS_NOT_BUILT:
            self.found.append((node, node.func.attr.value))


@module_fixer(91)
def estimator_methods(module: cst.Module, ctx) -> cst.Module | None:
    if "estimator" not in ctx.source.lower() or not _MENTION.search(ctx.source):
        return None
    finder = _Find()
    ctx.module.visit(finder)
    for node, name in finder.found:
        ctx.warn(node, "estimator", f"Estimator.{name}() is not built in "
                                    f"tf_revive_runtime.v1_estimator ({ESTIMATOR_METHODS_NOT_BUILT[name]}): "
                                    "this call raises NotImplementedError at run time")
    return None
