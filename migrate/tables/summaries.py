"""TF 1 summaries and their TF 2 form: the facts `migrate --to eager` writes summaries from.

TF 1 builds a summary op in the graph (`tf.summary.scalar(name, tensor)`), merges them
(`merge_all()` takes the summaries created so far in the graph, in creation order), runs
the merged op and hands the serialized protobuf to `FileWriter.add_summary(summary, step)`.
TF 2 writes at once: `tf.summary.scalar(name, data, step=step)` inside
`writer.as_default()`, the writer from `tf.summary.create_file_writer(logdir)`.

The TF 2 functions need the `tensorboard` package (TF 2.21 no longer installs it).
The values written are the same: a scalar's value, a histogram's data (TF 1 stores
min/max/count and its own buckets, TF 2 30 equal buckets between min and max);
tests/migrate/eager/test_summaries.py reads both event files and compares them.
"""
from __future__ import annotations

# TF 1 path -> (TF 2 function under tf.summary, TF 1 parameters in order, the TF 1
# parameter holding the value). TF 1 parameters (migrate/tables/v1_names.py SIGNATURES):
# scalar(name, tensor, collections, family), histogram(name, values, collections, family).
SUMMARY_OPS = {
    "summary.scalar": ("scalar", ("name", "tensor", "collections", "family"), "tensor"),
    "summary.histogram": ("histogram", ("name", "values", "collections", "family"), "values"),
    # image(name, tensor, max_outputs=3, collections, family) -> image(name, data, step, max_outputs=3)
    "summary.image": ("image", ("name", "tensor", "max_outputs", "collections", "family"), "tensor"),
}
# TF 1 arguments written as they are: the TF 2 function has them, with the same default
SUMMARY_KEPT_ARGUMENTS = {"summary.image": ("max_outputs",)}
# what the TF 2 function writes otherwise than TF 1's op (a warning at the summary)
SUMMARY_DIFFERENCES = {
    "summary.image": "TF 2 writes a float image's values in [0, 1] as they are (clipped to it), where TF 1 rescaled "
                     "each image (its largest value to 255, or 0.0 to 127 when it has negative values), and tags "
                     "it with the name, where TF 1 wrote 'name/image/0', 'name/image/1', ...",
}
# arguments that change where a summary goes or its tag: not translated
SUMMARY_NOT_TRANSLATED = ("collections", "family")

MERGE_ALL = "summary.merge_all"
MERGE = "summary.merge"
MERGE_PARAMETERS = ("inputs", "collections", "name")
MERGE_ALL_PARAMETERS = ("key", "scope", "name")

# tf.compat.v1.summary.FileWriter(logdir, graph=None, max_queue=10, flush_secs=120,
# graph_def=None, filename_suffix=None, session=None) -> tf.summary.create_file_writer(
# logdir, max_queue=None, flush_millis=None, filename_suffix=None, name=None, experimental_trackable=False)
FILE_WRITER = "summary.FileWriter"
FILE_WRITER_PARAMETERS = ("logdir", "graph", "max_queue", "flush_secs", "graph_def", "filename_suffix", "session")
CREATE_FILE_WRITER = "summary.create_file_writer"
# TF 1 argument -> (TF 2 argument, how its value is written from TF 1's code `{}`)
FILE_WRITER_ARGUMENTS = {
    "logdir": ("logdir", "{}"),
    "max_queue": ("max_queue", "{}"),
    "flush_secs": ("flush_millis", "{} * 1000"),
    "filename_suffix": ("filename_suffix", "{}"),
}
# written into the event file by TF 1 only: eager code has no graph to write
FILE_WRITER_GRAPH = ("graph", "graph_def")
# FileWriter methods: kept as they are (the TF 2 writer has them), removed (the graph), consumed
WRITER_KEPT_METHODS = ("flush", "close")
WRITER_REMOVED_METHODS = ("add_graph",)
# the graph of a traced function, written into the writer's event file (TensorBoard's Graphs
# tab): what a writer that was given the graph writes, from the training step's trace
WRITE_GRAPH = "summary.graph"
# tf.train.write_graph / tf.io.write_graph(graph_or_graph_def, logdir, name, as_text=True):
# a file of the graph given, a Graph or a GraphDef (a traced function's graph in eager code)
WRITE_GRAPH_FILE = "io.write_graph"
WRITE_GRAPH_FILE_PARAMETERS = ("graph_or_graph_def", "logdir", "name", "as_text")
# the session's graph as TF 1 scripts hand it over: sess.graph, sess.graph_def
SESSION_GRAPH_ATTRIBUTES = ("graph", "graph_def")
# tf.get_default_graph() and the GraphDef methods of a graph
DEFAULT_GRAPH = "get_default_graph"
GRAPH_DEF_METHOD = "as_graph_def"
ADD_SUMMARY = "add_summary"
ADD_SUMMARY_PARAMETERS = ("summary", "global_step")
# TF 1 accepts tags of these characters only (others become '_' with a warning); TF 2 keeps
# any tag, so a literal tag outside this set is not translated
TAG_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-/.")
STEP_DTYPE = "int64"  # tf.summary's step
# A summary's tag is its name scope, made unique in the graph case-insensitively: a tag
# that an op built before it in its scope took as its default name becomes "tag_1"
# (`mean = tf.reduce_mean(v)` then `tf.summary.scalar("mean", mean)` writes "mean_1").
# Default op names are the op types (migrate/tables/op_types.py, generated) and these
# names Python-level graph code gives (each checked in tests/migrate/eager/test_summaries.py):
PYTHON_OP_NAMES = {
    "truediv": "x / y",
    "strided_slice": "x[0]",
    "gradients": "optimizer.minimize(loss)",
    "init": "tf.global_variables_initializer()",
}
