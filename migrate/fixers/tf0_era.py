"""Is a file written for TF 0.x?  (Not a fixer: the fixers of ambiguous orders ask it.)

A file that uses a name only TF 0.x had (``tf.mul``, ``tf.initialize_all_variables``...,
hand.TF0_MARKERS) was written for TF 0.x, so a positional call whose order TF 1.0 changed
(``tf.svd(a, True)``) follows TF 0.x's order there.  Decided once per file, from the text.
"""
from __future__ import annotations

import re

from migrate.tables.hand import TF0_MARKERS


def written_for_tf0(ctx) -> bool:
    cached = getattr(ctx, "_written_for_tf0", None)
    if cached is None:
        aliases = sorted(ctx.info.aliases())
        cached = False
        if aliases:
            pattern = r"\b(?:%s)\.(?:%s)(?![\w])" % (
                "|".join(map(re.escape, aliases)),
                "|".join(re.escape(m) for m in sorted(TF0_MARKERS, key=len, reverse=True)))
            cached = re.search(pattern, ctx.source) is not None
        ctx._written_for_tf0 = cached
    return cached
