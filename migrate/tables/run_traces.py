"""A traced Session.run and its TF 2 form: the facts `migrate --to eager` writes run traces from.

TF 1 traces one run when it is given `options=tf.RunOptions(trace_level=...)` and
`run_metadata=tf.RunMetadata()`; `FileWriter.add_run_metadata(run_metadata, tag,
global_step=None)` writes what the run filled in (the partition graphs and, under
FULL_TRACE, each op's timings and memory) as a tagged run-metadata event, at step 0 when
no global step is given. TF 2 traces what runs between `tf.summary.trace_on(graph=True)`
and `tf.summary.trace_export(name, step)`, which writes the graph of each traced function
into the default writer as a `graph_run_metadata_graph` summary under that name and stops
the trace; per-op timings come only from the profiler (`profiler=True`), which writes a
profile of its own, not an event.
"""
from __future__ import annotations

# the Python-side classes a traced run is given (paths as the stage resolves them)
RUN_OPTIONS = "RunOptions"
RUN_METADATA = "RunMetadata"
# Session.run's keywords that take them
RUN_KEYWORDS = {"options": RUN_OPTIONS, "run_metadata": RUN_METADATA}
# FileWriter.add_run_metadata(run_metadata, tag, global_step=None)
ADD_RUN_METADATA = "add_run_metadata"
ADD_RUN_METADATA_PARAMETERS = ("run_metadata", "tag", "global_step")
STEP_WITHOUT_GLOBAL_STEP = "0"  # the event's step when add_run_metadata has no global_step
# the TF 2 calls, under tf.summary
TRACE_ON = "summary.trace_on(graph=True)"
TRACE_EXPORT = "summary.trace_export"
