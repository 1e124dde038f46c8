"""TF 1 checkpoints (tf.train.Saver) and what the eager form writes instead.

A TF 1 Saver writes each variable under its graph name: the `name=` given, else
"Variable", made unique in the graph case-insensitively ("Variable", "Variable_1", ...;
a second "W" becomes "W_1"). The eager form writes `tf.train.Checkpoint(W=W, ...)`, whose
checkpoints are object-based (keys "W/.ATTRIBUTES/VARIABLE_VALUE" and an object graph).
Both formats fall back on the variables' own names: `Checkpoint.read` of a TF 1 Saver's
checkpoint restores each variable by its name (NameBasedSaverStatus), and a TF 1 Saver's
`restore` of an object-based checkpoint by the full names the object graph recorded. So
where every eager variable carries its graph name, checkpoints cross between the forms
both ways; where one does not (an unnamed variable after another, a name graph mode made
unique), a TF 1 checkpoint would restore the wrong values by name (silently, when the
shapes agree), and a Saver that restores stays `tf.compat.v1.train.Saver(var_list={graph
name: variable})` (save/restore with `sess=None`), which keeps TF 1's keys.
tests/migrate/eager/test_checkpoints.py saves with each form and restores with the other.
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

# -- tf.train.Checkpoint in place of the Saver
# Saver.save(sess, path) writes path.index/.data and the directory's `checkpoint` state
# file; Checkpoint.write(path) the same .index/.data names, no state file. With
# global_step=N the Saver writes path-N and keeps the max_to_keep newest in the state
# file: tf.train.CheckpointManager(checkpoint, dirname(path), max_to_keep=...,
# checkpoint_name=basename(path)).save(checkpoint_number=N) writes the same names and
# state file. Neither writes the .meta graph file.
# functions of fixed paths that give a fixed path (a path that changes between saves makes
# the Saver delete all but the max_to_keep newest files, which write() would keep)
FIXED_PATH_FUNCTIONS = frozenset({"os.path.join"})
SAVER_DEFAULT_MAX_TO_KEEP = 5  # tf.compat.v1.train.Saver(max_to_keep=5)
MANAGER_ARGUMENTS = ("max_to_keep", "keep_checkpoint_every_n_hours")  # same name and meaning in the manager
SAVE_ARGUMENTS = ("sess", "save_path", "global_step")  # the save() arguments the Checkpoint forms take
MANAGER_NUMBER = "checkpoint_number"  # CheckpointManager.save's global_step
LAST_CHECKPOINTS = {"last_checkpoints": "checkpoints"}  # Saver member -> CheckpointManager member
# file functions that read the state file (written by the manager, not by write())
STATE_FILE_READERS = frozenset({"train.latest_checkpoint", "train.get_checkpoint_state"})
# file functions that read checkpoint keys, which the object-based format changes
KEY_READERS = frozenset({"train.list_variables", "train.load_checkpoint", "train.load_variable"})
# tf.train.Checkpoint's own public members: no keyword argument may take their name
CHECKPOINT_MEMBERS = frozenset({"read", "restore", "save", "save_counter", "sync", "write"})

# The global step: tf.train.get_or_create_global_step() / create_global_step() make the
# graph's variable "global_step", int64, zero, not trainable; tf.train.global_step(sess, v)
# is int(sess.run(v)). Eager code writes the variable out and reads it with .numpy().
GLOBAL_STEP_CREATORS = frozenset({"train.get_or_create_global_step", "train.create_global_step"})
GLOBAL_STEP_NAME = "global_step"
GLOBAL_STEP_VARIABLE = "{tf}.Variable(0, dtype={tf}.int64, trainable=False, name=\"global_step\")"
GLOBAL_STEP_READ = "train.global_step"
