"""migrate --to eager: Session scripts translated into idiomatic TF 2 (GradientTape,
tf.function, Keras optimizers), or left in migrate's compat form with the reason.

`translate_source(source) -> Outcome` is the whole API; `python -m migrate.eager FILE`
prints the translation and its findings; `migrate.verify` runs both forms and compares
their numbers. The translation is stage 2 over migrate_source's output (stages.py):
every rename, argument fix and their warnings are stage 1's (migrate/fixers,
migrate/tables), so eager never knows a TensorFlow name twice.

Where each eager pattern lives (what it reads in analysis, what it writes), one module
each under patterns/, with its tests in tests/migrate/eager/test_<module>.py:

    placeholders -> function arguments, input_signature      patterns/placeholders.py
    sess.run(fetches, feed_dict) -> a call, Session removed  patterns/session_run.py
    InteractiveSession, tensor.eval(), op.run()              patterns/interactive.py
    opt.minimize(loss) -> GradientTape step, Keras optimizer patterns/minimize.py
    tf.gradients + assign -> tape.gradient + assign calls    patterns/gradients.py
    initializer runs removed                                 patterns/initializers.py
    variables and variable-helper defs, created eagerly      patterns/variables.py
    reset_default_graph segments, Graph/name_scope blocks    patterns/segments.py
    tf.Variable(...) inside an expression -> a variable      patterns/inline_variables.py
    dicts, lists, comprehensions of variables                patterns/variable_containers.py
    variables appended to a list (also in a loop)            patterns/appended_variables.py
    a placeholder's static shape read by Python code         patterns/static_shapes.py
    a loop / if / with holding a Session program of its own  patterns/session_blocks.py
    summaries + FileWriter -> tf.summary with the step       patterns/summaries.py
    tf.train.Saver -> compat Saver keyed by graph names      patterns/checkpoints.py
    exponential_decay & co -> Keras schedule(step variable)  patterns/schedules.py
    compute_gradients / clipping / apply_gradients -> tape   patterns/apply_gradients.py
    get_or_create_global_step, tf.train.global_step          patterns/global_step.py
    tf.test.TestCase session blocks -> self.evaluate         patterns/test_case.py
    a top-level for / if that only computes tensors          patterns/graph_loops.py
    a for loop creating and applying each layer's variables  patterns/variable_loops.py
    feed dicts in variables, helpers, zip comprehensions     patterns/feed_sources.py
    fetch lists/dicts in variables, dict and mixed fetches   patterns/fetch_structure.py
    a random op shared by several runs -> eager functions    patterns/shared_random.py

To add a pattern: write patterns/<name>.py (a small record dataclass, an `analyse`
function the analysis calls for the statements it recognises, and the code it writes),
hook it into Analysis.graph_kind (analysis.py) or the site reading (session_run.py),
and add tests/migrate/eager/test_<name>.py with before/after cases (`check`).

The rest: model.py (Kind, Item, GStmt, Site, RunFunction), analysis.py (the walk over
the block), checks.py (block-wide checks), refused.py (constructs kept in compat form,
with the reason), functions.py (a run function's body and code), emit.py (the block's
new statements), translate.py (the Translator), names.py (a module's TensorFlow names over
migrate/imports.py), rewrite.py (TF 2 spelling of stage-1 names). The TensorFlow facts
they read (Session machinery, state-creating calls, signatures) are in migrate/tables/.
"""
from __future__ import annotations

from migrate.eager.stages import FALLBACK_RULE, translate_source

__all__ = ["translate_source", "FALLBACK_RULE"]
