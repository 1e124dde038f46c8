"""Running a variable's initializer again: which initial values are the same numbers again.

`sess.run(tf.global_variables_initializer())` in a second Session (or again in the same one)
runs every variable's initial-value op once more. An op that computes from constants
(`tf.zeros`, `tf.constant`, ...) gives the same value again, so eager code assigns it:
`W.assign(tf.zeros([3, 1]))`. A random op gives its kernel's next draw, and a NumPy value
was frozen into the graph when it was built: neither is written again.
"""
from __future__ import annotations

GLOBAL_INITIALIZER = "global_variables_initializer"  # the run that initialises every variable again
# TF constructors whose value depends on their arguments only (paths as the stage resolves them)
SAME_VALUE_CONSTRUCTORS = frozenset({"zeros", "ones", "constant", "fill", "eye", "linspace", "range"})
# the TF 2 method that gives a variable a value, and the optimizers whose state the
# global initializer also resets (TF 1 slot variables) but a Keras optimizer keeps: every
# optimizer but plain gradient descent (tables/checkpoints.py SLOT_FREE_OPTIMIZERS)
ASSIGN = "assign"
