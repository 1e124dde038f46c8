"""graph-mode: files using graph-only API get ``tf.compat.v1.disable_v2_behavior()``.

Inserted once, right after the file's last top-level TensorFlow import that comes before
its first use of TensorFlow (with the file's own alias), so that placeholders are never run
eagerly and ops built before ``Session()`` land in its graph.  Not inserted when the file already calls ``disable_v2_behavior`` or
``disable_eager_execution``.
"""
from __future__ import annotations

import libcst as cst

from migrate.fixers import module_fixer
from migrate.tables.hand import DISABLES_EAGER, GRAPH_ONLY, GRAPH_ONLY_PRIVATE, GRAPH_ONLY_SUFFIX


def is_graph_only(space: str, canonical: str) -> bool:
    if space == "private":
        return canonical in GRAPH_ONLY_PRIVATE
    if canonical in GRAPH_ONLY:
        return True
    segments = canonical.split(".")
    for i in range(1, len(segments)):
        if ".".join(segments[:i]) in GRAPH_ONLY:
            return True
    head, tail = GRAPH_ONLY_SUFFIX
    return canonical.startswith(head) and canonical.endswith(tail) and canonical.count(".") == 1


def disables_eager(space: str, canonical: str) -> bool:
    return space == "v1" and canonical in DISABLES_EAGER


@module_fixer(10)
def graph_mode(module: cst.Module, ctx) -> cst.Module | None:
    if not ctx.graph_uses or ctx.disables_eager:
        return None
    func = ctx.expr_for("tensorflow.compat.v1.disable_v2_behavior", None, top_level=True)
    statement = cst.SimpleStatementLine(body=[cst.Expr(cst.Call(func=func))])
    ctx.insert_after_imports(statement)
    first = ctx.graph_uses[0]
    ctx.change(ctx.insert_anchor() or first, "graph-mode",
               "graph-only TF 1 API (Session, placeholder...): inserted "
               "tf.compat.v1.disable_v2_behavior() after the TensorFlow imports")
    if ctx.keras_uses:
        ctx.warn(ctx.keras_uses[0], "needs-attention",
                 "tf.keras is Keras 3, which does not run in TF 1 graph mode; "
                 "use the tf_keras package (import tf_keras) for this code")
    return None
