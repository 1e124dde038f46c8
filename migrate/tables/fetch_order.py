"""Which value a fetch of a variable returns in the Session.run that updates it: a fact
of TF 2.21's graph executor, measured (graph mode orders a read and a write only through
data dependencies, so no op definition states it).

Measured on CPU, TF 2.21, `tf.compat.v1.disable_v2_behavior()`, one Session; each run
fetched [update, read] or [read, update] (half each), the variables re-initialised every
40 runs; "before"/"after": equal to the value read just before / just after the run
(runs where the two are equal not counted):

    resource variable (TF 2's tf.Variable, what the compat form keeps for tf.Variable)
      fetched itself, with GradientDescent/Adam minimize, assign, assign_add  3994 before, 6 after
      a tensor computing with it (W * 2, v * 10)                               1995 before, 5 after
    ref variable (tf.compat.v1.Variable; tf.compat.v1.get_variable in graph mode)
      fetched itself, with GradientDescent/Adam minimize, assign, assign_add  0 before, 4000 after
      a tensor computing with it                                               1986 before, 14 after

A ref variable's fetch is the variable's own buffer, which the update then writes in
place: always the value after. Everything else reads before the update nearly always
(not always: about 1 run in 500 the executor updated first).
"""

# the calls (as stage 1 writes them) that make a ref variable in the compat form
REF_VARIABLE_CALLS = frozenset({"compat.v1.Variable", "compat.v1.get_variable"})

BEFORE_NOTE = "TF 1 left this read and the update unordered; the graph read {names} first"
AFTER_NOTE = "{names} read after the update (TF 1 fetched the variable's buffer)"
