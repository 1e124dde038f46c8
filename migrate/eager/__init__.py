"""migrate --to eager: Session scripts translated into idiomatic TF 2 (GradientTape,
tf.function, Keras optimizers), or left in migrate's compat form with the reason.

`translate_source(source) -> Outcome` is the whole API; `python -m migrate.eager FILE`
prints the translation and its findings. `migrate.verify` runs both forms and compares
their numbers.
"""
from __future__ import annotations

from migrate.engine import Outcome
from migrate.findings import CHANGE, WARNING, Finding

__all__ = ["translate_source", "FALLBACK_RULE"]

FALLBACK_RULE = "eager-fallback"


def translate_source(source: str) -> Outcome:
    """Rewrite a Session script as eager TF 2. Pure. Raises libcst.ParserSyntaxError on invalid syntax.

    When any part cannot be translated safely the whole file falls back to
    migrate_source's compat output, with one "warning" Finding (rule eager-fallback)
    per reason.
    """
    import libcst as cst

    from migrate.eager.translate import Translator, Untranslatable

    if "tensorflow" not in source:
        return Outcome(source, [], False)
    cst.parse_module(source)  # syntax errors surface as they do in migrate_source
    translator = Translator(source)
    try:
        code = translator.translate()
    except Untranslatable as exc:
        return fallback(source, exc.problems)
    except RecursionError:
        return fallback(source, [(0, 0, "the file is too deeply nested to analyse")])
    except Exception as exc:  # a construct the analysis did not foresee: never guess
        return fallback(source, [(0, 0, f"the eager translator does not understand this file "
                                        f"({type(exc).__name__}: {exc})")])
    if code is None:
        return Outcome(source, [], False)
    findings = []
    seen = set()
    for line, rule, message in translator.a.notes + translator.changes:
        if (line, rule, message) in seen:
            continue
        seen.add((line, rule, message))
        findings.append(Finding(line, 0, rule, message, CHANGE))
    for line, column, rule, message in translator.warnings:
        findings.append(Finding(line, column, rule, message, WARNING))
    findings.sort(key=lambda f: (f.line, f.column))
    return Outcome(code, findings, code != source)


def fallback(source, problems) -> Outcome:
    from migrate.engine import migrate_source

    compat = migrate_source(source)
    findings = list(compat.findings)
    seen = set()
    for line, column, reason in problems:
        if (line, reason) in seen:
            continue
        seen.add((line, reason))
        findings.append(Finding(line, column, FALLBACK_RULE,
                                f"not translated to eager TF 2, the file keeps the tf.compat.v1 graph form: {reason}",
                                WARNING))
    findings.sort(key=lambda f: (f.line, f.column))
    return Outcome(compat.code, findings, compat.changed)
