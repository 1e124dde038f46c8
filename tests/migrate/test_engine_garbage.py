"""The engine's per-file state holds no reference cycle through the syntax tree: a converted
file's trees are freed as soon as the conversion ends (by reference counting), not left to
the garbage collector (which would walk them, maybe several times, before freeing them)."""
import gc

from migrate.engine import migrate_source

SCRIPT = "".join(
    f"w{i} = tf.Variable(tf.random_normal([3, 3]), name='w{i}')\n"
    f"y{i} = tf.nn.softmax(tf.matmul(x, w{i}) + tf.mul(b, 2.0))\n" for i in range(40)
)
SOURCE = ("import tensorflow as tf\nx = tf.placeholder(tf.float32, [None, 3])\n"
          "b = tf.zeros([3])\n" + SCRIPT + "sess = tf.Session()\nsess.run(y1)\n")


def test_a_conversion_leaves_no_tree_to_the_garbage_collector():
    assert migrate_source(SOURCE).changed  # warm: what the first call imports stays
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        outcome = migrate_source(SOURCE)
        assert outcome.changed and outcome.tree is not None
        del outcome
        unreachable = gc.collect()
    finally:
        if enabled:
            gc.enable()
    # the tree alone is thousands of nodes; what is left are a few small closures
    assert unreachable < 100, unreachable
