"""Before/after tests of migrate/fixers/device_pins.py (run-time check: test_compat_runtime.py)."""
from tests.migrate.helpers import check_noop, check_transformed, rules


def test_a_gpu_pin_gets_soft_placement_and_configs_allow_it():
    outcome = check_transformed(
        """
        import tensorflow as tf
        with tf.device('/gpu:0'):
            x = tf.placeholder(tf.float32)
        s = tf.Session(config=tf.ConfigProto(log_device_placement=True))
        """,
        """
        import tensorflow as tf
        tf.compat.v1.disable_v2_behavior()
        tf.config.set_soft_device_placement(True)
        with tf.compat.v1.device('/gpu:0'):
            x = tf.compat.v1.placeholder(tf.float32)
        s = tf.compat.v1.Session(config=tf.compat.v1.ConfigProto(log_device_placement=True, allow_soft_placement=True))
        """,
    )
    assert rules(outcome).count("device-pins") == 2


def test_a_variable_device_counts_as_a_pin():
    outcome = check_transformed(
        "import tensorflow as tf\ntf.compat.v1.disable_v2_behavior()\nc = tf.compat.v1.ConfigProto()\n"
        "with tf.compat.v1.device(dev):\n    pass\n",
        "import tensorflow as tf\ntf.config.set_soft_device_placement(True)\n"
        "tf.compat.v1.disable_v2_behavior()\nc = tf.compat.v1.ConfigProto(allow_soft_placement=True)\n"
        "with tf.compat.v1.device(dev):\n    pass\n")
    assert "device-pins" in rules(outcome)


def test_cpu_pins_change_nothing():
    check_noop("import tensorflow as tf\ntf.compat.v1.disable_v2_behavior()\n"
               "with tf.compat.v1.device('/cpu:0'):\n    c = tf.compat.v1.ConfigProto()\n")
    check_noop("import tensorflow as tf\ntf.compat.v1.disable_v2_behavior()\n"
               "with tf.compat.v1.device('/job:localhost/replica:0/task:0/device:CPU:0'):\n    pass\n")


def test_an_explicit_false_is_kept_with_a_warning():
    outcome = check_noop("import tensorflow as tf\ntf.compat.v1.disable_v2_behavior()\n"
                         "tf.config.set_soft_device_placement(True)\n"
                         "with tf.compat.v1.device('/gpu:1'):\n    c = tf.compat.v1.ConfigProto(allow_soft_placement=False)\n")
    assert rules(outcome, "warning") == ["device-pins"]
