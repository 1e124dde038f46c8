"""Graph machinery the eager translation does not model: a file using any of it keeps
migrate's compat form, and the reason below is reported (rule eager-fallback).

Keys are paths as names.Resolver.resolve gives them; a key also covers the names below
it ("queue" covers queue.FIFOQueue). Add a row to refuse a construct with its reason.
Names TF 2.21 removed are refused with stage 1's own reason (tables/hand.py REMOVED).
"""
from __future__ import annotations

from migrate.eager import names as N
from migrate.tables.hand import REMOVED

_QUEUES = "queues are not translated"
_INPUT_QUEUES = "input queues are not translated"
_COORDINATOR = "queue runners feed the graph from background threads"
_COLLECTIONS = "graph collections are read by name"
_LAYERS = ("tf.layers creates variables implicitly (and needs graph mode: stage 1 serves it from tf_keras); "
           "dense, conv2d, max_pooling2d, flatten and dropout are translated (patterns/layers.py), this one is not")
_RNN = ("RNN cells and drivers are translated for tf.nn.rnn_cell BasicRNNCell, BasicLSTMCell, LSTMCell, GRUCell "
        "(and MultiRNNCell of them) run by dynamic_rnn or static_rnn (patterns/rnn_cells.py); this one has no Keras "
        "translation here that starts from the graph's numbers")

REFUSED = {
    "control_dependencies": "tf.control_dependencies is translated around top-level graph statements only "
                            "(patterns/control.py), not inside a loop, if, def or expression",
    "get_variable": "tf.get_variable is translated at the top level only (patterns/scopes.py), not inside a loop, "
                    "if, def or expression",
    "variable_scope": "tf.variable_scope is translated around top-level statements only (patterns/scopes.py) and "
                      "in a helper def's body (patterns/tf1_islands.py) and, with one name, in a loop of layers "
                      "(patterns/variable_loops.py), not elsewhere in a loop or if, where each pass opens another scope",
    "sparse_placeholder": "sparse placeholders are not translated",
    "cond": "tf.cond in a graph runs one branch per Session.run; its eager form depends on which tensors are fed",
    "while_loop": "tf.while_loop is not translated",
    "train.start_queue_runners": _COORDINATOR,
    "train.Coordinator": _COORDINATOR,
    "train.string_input_producer": _INPUT_QUEUES,
    "train.batch": _INPUT_QUEUES,
    "train.shuffle_batch": _INPUT_QUEUES,
    "FIFOQueue": _QUEUES,
    "queue": _QUEUES,
    "RandomShuffleQueue": _QUEUES,
    "PaddingFIFOQueue": _QUEUES,
    "get_collection": _COLLECTIONS,
    "add_to_collection": _COLLECTIONS,
    "get_default_graph": "the script works on the graph object itself",
    "Graph": "the script works on graph objects",
    "trainable_variables": _COLLECTIONS,
    "global_variables": _COLLECTIONS,
    "py_func": "tf.py_func calls Python inside the graph",
    "layers": _LAYERS,
    "contrib": "tf.contrib is gone",
    "examples": "tf.examples is gone (stage 1 serves the MNIST reader from tf_revive_runtime)",
    "data.Dataset": "tf.data in a Session script uses iterators the translation does not model",
    "metrics": "tf.metrics keep their state in local variables updated by the graph",
    "nn.rnn_cell": _RNN,
    "nn.dynamic_rnn": _RNN,
    "nn.static_rnn": _RNN,
    "nn.bidirectional_dynamic_rnn": _RNN,
    "nn.static_bidirectional_rnn": _RNN,
    "nn.raw_rnn": _RNN,
    "estimator": "tf.estimator runs its own sessions",
    "hessians": "tf.hessians is not translated",
}


def reason(path: str) -> str | None:
    """Why `path` is not translated, or None when it may be."""
    for key, why in REFUSED.items():
        if path == key or path.startswith(key + ".") or (key == "contrib" and path.startswith("contrib")):
            return why
    for key, why in REMOVED.items():
        if path == key or path.startswith(key + "."):
            return why
    return None


def name_problem(written: str) -> str:
    """Why code holding a name eager code cannot write (rewrite.NameRewriter.unwritable)
    keeps the compat form: the construct's refusal, TF internals, or an unknown name."""
    path = N.canonical(written)
    why = reason(path)
    if why is not None:
        return f"tf.{path}: {why}"
    if N.is_internal(written):
        return f"tf internals ({written}) are not translated"
    return f"unknown TensorFlow name tf.{written}"
