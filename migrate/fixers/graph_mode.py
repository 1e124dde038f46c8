"""graph-mode: TF 1 files that need graph semantics get ``tf.compat.v1.disable_v2_behavior()``.

TF 1 ran every program as a graph; TF 2 runs it eagerly.  A file needs graph mode when it
uses a name of the generated table ``graph_names.NEEDS_GRAPH`` (TensorFlow itself shows the
name behaves otherwise under eager: it refuses eager execution, reads a graph collection, is
a Session...), a method idiom of ``GRAPH_METHODS`` (``x.eval()``, ``op.run()``,
``self.test_session()``: fixers/graph_methods.py), a name of TF 1's Estimator that the
runtime builds (hand.ESTIMATOR_MODULES: its model_fn is graph code, as in TF 1), or a name
outside every table (no TensorFlow name: nothing proves it runs the same eagerly).  Everything else (ops, dtypes,
math, ``tf.keras``) runs the same in both modes, so a Keras-only file stays eager.

Inserted once, right after the file's last top-level TensorFlow import that comes before
its first use of TensorFlow (with the file's own alias), so that placeholders are never run
eagerly and ops built before ``Session()`` land in its graph.  The change names the first
construct that needed it (``line 7: tf.trainable_variables() reads a graph collection``).
Not inserted when the file already calls ``disable_v2_behavior`` or
``disable_eager_execution``, nor in a file that calls ``enable_eager_execution`` (TF 1.5-1.7's
early eager API, ``tf.contrib.eager``): it was written to run eagerly, as TF 2 does.
"""
from __future__ import annotations

import libcst as cst

from migrate.fixers import module_fixer
from migrate.tables.graph_names import NEEDS_GRAPH, PRIVATE_GRAPH_PATHS
from migrate.tables.hand import DISABLES_EAGER, ENABLES_EAGER, ESTIMATOR_MODULES
from migrate.tables.v1_names import KNOWN, MODULES, OPAQUE, TF_VERSION

OUTSIDE_EVERY_TABLE = f"is in no table of TensorFlow {TF_VERSION}'s names (graph mode, as TF 1 ran it)"
ESTIMATOR = "is TF 1's Estimator, whose model_fn and input_fn are graph code (graph mode, as TF 1 ran it)"
# migrate's own tables decide these (contrib shims, the removed tutorials' modules)
OWN_TABLES = ("contrib", "examples")


def _longest_prefix(canonical: str, table) -> str | None:
    segments = canonical.split(".")
    for i in range(len(segments), 0, -1):
        name = ".".join(segments[:i])
        if name in table:
            return name
    return None


def outside_every_table(canonical: str) -> bool:
    """No TensorFlow name: not in KNOWN, or a member of a known module that KNOWN lacks."""
    segments = canonical.split(".")
    if not segments[0] or segments[0] in OWN_TABLES:
        return False
    for i in range(1, len(segments) + 1):
        name = ".".join(segments[:i])
        if name not in KNOWN:
            return True
        if name not in MODULES or name in OPAQUE:
            return False  # a member of an object (tf.Session.run), or an unlisted module
    return False


def graph_reason(space: str, canonical: str) -> str | None:
    """Why a use of this TF name needs graph mode (None: it runs the same eagerly)."""
    if space == "private":
        key = _longest_prefix(canonical, PRIVATE_GRAPH_PATHS)
        return NEEDS_GRAPH[PRIVATE_GRAPH_PATHS[key]] if key else None
    key = _longest_prefix(canonical, NEEDS_GRAPH)
    if key is not None:
        return NEEDS_GRAPH[key]
    if _estimator(canonical):
        return ESTIMATOR
    return OUTSIDE_EVERY_TABLE if outside_every_table(canonical) else None


def _estimator(canonical: str) -> bool:
    """A tf.estimator name, or one of TPUEstimator's tf.contrib.tpu names the runtime builds."""
    key = _longest_prefix(canonical, ESTIMATOR_MODULES)
    if key is None:
        return False
    rest = canonical.split(".")[len(key.split(".")):]
    return not key.startswith("contrib.") or (bool(rest) and rest[0] in ESTIMATOR_MODULES[key][1])


def disables_eager(space: str, canonical: str) -> bool:
    return space == "v1" and canonical in DISABLES_EAGER


def enables_eager(space: str, canonical: str) -> bool:
    """TF 1.5-1.7's tf.enable_eager_execution() / tfe.enable_eager_execution(): an eager file."""
    return space in ("v1", "v2") and canonical in ENABLES_EAGER


@module_fixer(10)
def graph_mode(module: cst.Module, ctx) -> cst.Module | None:
    if not ctx.graph_uses or ctx.disables_eager or ctx.enables_eager:
        return None
    func = ctx.expr_for("tensorflow.compat.v1.disable_v2_behavior", None, top_level=True)
    statement = cst.SimpleStatementLine(body=[cst.Expr(cst.Call(func=func))])
    ctx.insert_after_imports(statement)
    first = ctx.graph_uses[0]
    ctx.change(ctx.insert_anchor() or first, "graph-mode",
               f"line {{line}}: {ctx.graph_why[id(first)]}: inserted "
               "tf.compat.v1.disable_v2_behavior() after the TensorFlow imports", about=first)
    if ctx.keras_uses:
        ctx.warn(ctx.keras_uses[0], "needs-attention",
                 "tf.keras is Keras 3, which does not run in TF 1 graph mode; "
                 "use the tf_keras package (import tf_keras) for this code")
    return None
