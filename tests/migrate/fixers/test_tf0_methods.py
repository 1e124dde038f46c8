"""Before/after tests of migrate/fixers/tf0_methods.py: one per row of hand.TF0_METHODS, and
the receivers it must not touch.  Run-time numbers: tf1_traps.py (test_compat_runtime.py)."""
from tests.migrate.helpers import check_noop, check_transformed, rules

HEADER = "import tensorflow as tf\n"
TA = f"{HEADER}ta = tf.TensorArray(tf.float32, size=3)\n"


def test_tensor_array_pack_row():
    outcome = check_transformed(f"{TA}s = ta.pack()\nt = ta.pack(name='s')\n",
                                f"{TA}s = ta.stack()\nt = ta.stack(name='s')\n")
    assert rules(outcome) == ["tf0-method", "tf0-method"]
    assert [f.line for f in outcome.findings] == [3, 4]


def test_a_receiver_made_on_the_spot():
    check_transformed(f"{HEADER}v = tf.TensorArray(tf.float32, 3).unpack(x)\n",
                      f"{HEADER}v = tf.TensorArray(tf.float32, 3).unstack(x)\n")


def test_tensor_array_unpack_row_also_on_a_parameter_in_a_loop_body():
    check_transformed(
        f"{TA}ta = ta.unpack(tf.constant([1., 2., 3.]))\n"
        "def body(i, acc):\n    return i + 1, acc.write(i, 2.0)\n"
        "_, out = tf.while_loop(c, body, [0, ta])\ntotal = out.pack()\n",
        # tf.while_loop reads graph collections (graph_names.NEEDS_GRAPH): graph mode
        f"{HEADER}tf.compat.v1.disable_v2_behavior()\n{TA[len(HEADER):]}ta = ta.unstack(tf.constant([1., 2., 3.]))\n"
        "def body(i, acc):\n    return i + 1, acc.write(i, 2.0)\n"
        "_, out = tf.compat.v1.while_loop(c, body, [0, ta])\ntotal = out.stack()\n")


def test_other_receivers_and_shapes_are_left_alone():
    # no TensorArray in the file; a module's pack; tf.pack itself is a TF 0.x *function*
    check_noop(f"{HEADER}import struct\nx = frame.pack()\n")
    check_noop(f"{TA}import struct\nb = struct.pack('i', 1)\nu = struct.unpack(b)\n")
    check_noop(f"{TA}w = widget.pack(side=1)\nv = ta.unpack(a, b)\n")
    check_noop("ta = TensorArray()\nx = ta.pack()\n")  # not a TensorFlow file
