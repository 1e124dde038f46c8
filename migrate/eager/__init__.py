"""migrate --to eager: Session scripts translated into idiomatic TF 2 (GradientTape,
tf.function, Keras optimizers), or left in migrate's compat form with the reason.

`translate_source(source) -> Outcome` is the whole API; `python -m migrate.eager FILE`
prints the translation and its findings; `migrate.verify` runs both forms and compares
their numbers. The translation is stage 2 over migrate_source's output (stages.py):
every rename, argument fix and their warnings are stage 1's (migrate/fixers,
migrate/tables), so eager never knows a TensorFlow name twice.

How it is built (docs/eager.md, "How the stage is built", has the map of patterns):
analysis.py reads the block, translate.py plans its run functions, functions.py and
emit.py write them and the block; each of them asks the patterns of registry.py, in the
registry's one order, through the hooks of pattern.py. One module per pattern under
patterns/, each with tests/migrate/eager/test_<module>.py. model.py is the program model
(Kind, Item, GStmt, Site, RunFunction, Edits), reading.py what the analysis asks of
expressions, code.py the code-writing helpers, checks.py the block-wide checks,
refused.py the constructs kept in compat form, names.py and rewrite.py the TF 2
spelling of stage-1 names, name_scopes.py the graph's name-scope prefixes, absl_flags.py
the last pass (tf.app.flags -> absl).
The TensorFlow facts they read (Session machinery, state-creating calls, signatures)
are in migrate/tables/ (graph_api.py, signatures.py, hand.py).
"""
from __future__ import annotations

__all__ = ["translate_source", "FALLBACK_RULE"]


def __getattr__(name: str):
    """`translate_source` and `FALLBACK_RULE`, read from stages.py on first use: the
    package's own modules (`from migrate.eager import names`) load without the stages."""
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from migrate.eager import stages

    return getattr(stages, name)
