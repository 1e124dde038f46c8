"""TF 1 checkpoints (tf.train.Saver) and what keeps them readable from eager code.

A TF 1 Saver writes each variable under its graph name: the `name=` given, else
"Variable", made unique in the graph case-insensitively ("Variable", "Variable_1", ...;
a second "W" becomes "W_1"). Eager variables have no unique names (every unnamed one is
"Variable"), so the eager form passes the names explicitly:
`tf.compat.v1.train.Saver(var_list={"W": W, ...})`, which runs eagerly (save/restore with
`sess=None`) and reads and writes the same checkpoint keys. `tf.train.Checkpoint` would
write object-based keys ("W/.ATTRIBUTES/VARIABLE_VALUE") that TF 1 code cannot restore,
and restore TF 1 checkpoints only by a name-based fallback; it is not used.
tests/migrate/eager/test_checkpoints.py saves with the graph form and restores with the
eager form.
"""
from __future__ import annotations

SAVER = "train.Saver"
# tf.compat.v1.train.Saver.__init__'s parameters, in order
SAVER_PARAMETERS = ("var_list", "reshape", "sharded", "max_to_keep", "keep_checkpoint_every_n_hours", "name",
                    "restore_sequentially", "saver_def", "builder", "defer_build", "allow_empty", "write_version",
                    "pad_step_number", "save_relative_paths", "filename")
# arguments passed on as written (they mean the same in eager mode)
SAVER_KEPT_ARGUMENTS = ("max_to_keep", "keep_checkpoint_every_n_hours", "name", "sharded", "reshape",
                        "allow_empty", "write_version", "pad_step_number", "save_relative_paths", "filename")
# methods whose first argument is the session: in eager mode it is None
SESSION_METHODS = {"save": ("sess", "save_path", "global_step", "latest_filename", "meta_graph_suffix",
                            "write_meta_graph", "write_state", "strip_default_attrs", "save_debug_info"),
                   "restore": ("sess", "save_path")}
# properties and methods that need no session
KEPT_MEMBERS = ("last_checkpoints", "set_last_checkpoints_with_time", "recover_last_checkpoints")
DEFAULT_VARIABLE_NAME = "Variable"  # tf.Variable's graph name when none is given
# Saver() without var_list saves every global variable, the optimizers' slots among them
# ("W/Momentum", "W/Adam", "beta1_power"...); these optimizers create none
SLOT_FREE_OPTIMIZERS = frozenset({"GradientDescentOptimizer"})
# collections given as var_list: Saver(tf.global_variables()) saves what Saver() saves (every
# global variable, slots among them); Saver(tf.trainable_variables()) the trainable ones, no
# slots (an optimizer's slots are not trainable)
ALL_VARIABLES_COLLECTIONS = frozenset({"global_variables", "all_variables"})
TRAINABLE_VARIABLES_COLLECTION = "trainable_variables"
# functions about checkpoint files that are plain Python in both forms
FILE_FUNCTIONS = frozenset({"train.latest_checkpoint", "train.checkpoint_exists", "train.get_checkpoint_state",
                            "train.list_variables", "train.load_checkpoint", "train.load_variable"})

# The global step: tf.train.get_or_create_global_step() / create_global_step() make the
# graph's variable "global_step", int64, zero, not trainable; tf.train.global_step(sess, v)
# is int(sess.run(v)). Eager code writes the variable out and reads it with .numpy().
GLOBAL_STEP_CREATORS = frozenset({"train.get_or_create_global_step", "train.create_global_step"})
GLOBAL_STEP_NAME = "global_step"
GLOBAL_STEP_VARIABLE = "{tf}.Variable(0, dtype={tf}.int64, trainable=False, name=\"global_step\")"
GLOBAL_STEP_READ = "train.global_step"
