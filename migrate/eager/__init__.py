"""migrate --to eager: Session scripts translated into idiomatic TF 2 (GradientTape,
tf.function, Keras optimizers), or left in migrate's compat form with the reason.

`translate_source(source) -> Outcome` is the whole API; `python -m migrate.eager FILE`
prints the translation and its findings. `migrate.verify` runs both forms and compares
their numbers. The translation is a second stage over migrate_source's output
(stages.py): every rename and argument fix is stage 1's, in migrate/fixers and
migrate/tables.
"""
from __future__ import annotations

from migrate.eager.stages import FALLBACK_RULE, translate_source

__all__ = ["translate_source", "FALLBACK_RULE"]
