"""The conversion as a libcst codemod.

In any project where migrate is installed (the command docs/migrate.md gives)::

    python -m libcst.tool codemod -x --no-format migrate.codemod.MigrateTensorFlow FILE_OR_DIR ...

``-x`` names the codemod by its module path (without it libcst looks only in the modules
a ``.libcst.codemod.yaml`` lists); ``--no-format``: libcst's default formatter is black,
which is not installed (the rewrite keeps the file's layout). libcst's runner does the
file handling there (its own -j, --unified-diff); the engine's warnings are reported through
``Codemod.warn`` as ``LINE:COL: RULE: MESSAGE``. Use ``migrate`` itself for notebooks,
atomic writes and JSON reports.
"""
from __future__ import annotations

import libcst as cst
from libcst.codemod import CodemodCommand

__all__ = ["MigrateTensorFlow"]


class MigrateTensorFlow(CodemodCommand):
    DESCRIPTION: str = (
        "Rewrite TensorFlow 0.x/1.x code to run on TensorFlow 2 with the same numbers "
        "(the engine behind the 'migrate' command)."
    )

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        from migrate.pipeline import convert_text

        outcome = convert_text(tree.code)
        for finding in outcome.findings:
            if finding.severity == "warning":
                self.warn(f"{finding.line}:{finding.column + 1}: {finding.rule}: {finding.message}")
        if outcome.code == tree.code:
            return tree
        # Same encoding, newline and indent as the input, so Module.bytes encodes it back
        # the way the file was written.
        return cst.parse_module(outcome.code, tree.config_for_parsing)
