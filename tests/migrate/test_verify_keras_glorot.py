"""migrate verify pairs Keras' glorot_uniform draws (a layer's default kernel, a written
`tf.keras.initializers.GlorotUniform()`) with the compat side's glorot draws: the plan
reads them as glorot draws (verification/plan.py), and the child's hook gives the one made
at a planned line TF 1's seeded numbers (verification/hooks.py RandomSeeds)."""
import os
import sys
import textwrap
from pathlib import Path


from migrate.tables.layers import DEFAULT_KERNEL_INITIALIZER
from migrate.verification.plan import random_calls, seed_plan
from tests import tf_worker
from tests.migrate.eager.helpers import HEADER


def test_keras_layers_without_a_kernel_initializer_and_glorot_uniform_calls_are_glorot_draws():
    eager = HEADER + textwrap.dedent("""\
    import tf_keras
    a = tf.keras.layers.Dense(3, activation=tf.nn.relu)
    b = tf.keras.layers.Conv2D(4, 3, padding="same")
    c = tf_keras.layers.Dense(2)
    d = tf.keras.initializers.GlorotUniform()([4, 3])
    e = tf.keras.layers.Dense(3, kernel_initializer=tf.zeros_initializer())
    f = tf.keras.initializers.GlorotUniform(seed=1)([4, 3])
    g = tf.keras.layers.MaxPooling2D(2, 2)
    """)
    assert [(c.line, c.op, c.seeded) for c in random_calls(eager)] == [
        (4, DEFAULT_KERNEL_INITIALIZER, False), (5, DEFAULT_KERNEL_INITIALIZER, False),
        (6, DEFAULT_KERNEL_INITIALIZER, False), (7, DEFAULT_KERNEL_INITIALIZER, False)]


def test_a_keras_default_kernel_gets_the_seed_of_the_tf_layers_kernel_it_stands_for():
    compat = HEADER + "from tf_revive_runtime import v1_layers\n" + textwrap.dedent("""\
    x = tf.compat.v1.placeholder(tf.float32, [None, 4])
    h = v1_layers.dense(x, 3)
    o = v1_layers.dense(h, 1, None, True, tf.zeros_initializer())
    """)
    eager = HEADER + "h_layer = tf.keras.layers.Dense(3)\no_layer = tf.keras.layers.Dense(1, kernel_initializer=tf.zeros)\n"
    plan = seed_plan(compat, compat, eager)
    assert plan.compat == {5: [1]} and plan.eager == {3: [1]} and not plan.problems


CHILD = """
import sys
import numpy as np
import tensorflow as tf
from migrate.verification.hooks import RandomSeeds

path = sys.argv[1]
hooks = RandomSeeds(["random.uniform"])
hooks.start(path, {3: [5], 4: [6], 5: [7], 6: [8]})
namespace = {"tf": tf}
tf.random.set_seed(9)
exec(compile(open(path).read(), path, "exec"), namespace)
namespace["keras_layer"].build((None, 4))
namespace["tf_keras_layer"].build((None, 4))
assert hooks.used == [(3, 5), (4, 6), (5, 7), (6, 8)], hooks.used
tf.random.set_seed(9)
for name, seed, shape in (("keras_layer", 5, [4, 3]), ("keras_drawn", 6, [7, 2]),
                          ("tf_keras_layer", 7, [4, 3]), ("tf_keras_drawn", 8, [7, 2])):
    value = namespace[name].kernel if name.endswith("layer") else namespace[name]
    np.testing.assert_array_equal(value.numpy(), tf.compat.v1.glorot_uniform_initializer(seed=seed)(shape).numpy())
print("paired")
"""


def test_the_child_draws_tf1s_seeded_glorot_for_a_keras_draw_made_at_a_planned_line(tmp_path):
    script = tmp_path / "eager.py"
    script.write_text("import tf_keras\n\n"
                      "keras_layer = tf.keras.layers.Dense(3)\n"
                      "keras_drawn = tf.keras.initializers.GlorotUniform()([7, 2])\n"
                      "tf_keras_layer = tf_keras.layers.Dense(3)\n"
                      "tf_keras_drawn = tf_keras.initializers.GlorotUniform()([7, 2])\n")
    (tmp_path / "child.py").write_text(CHILD)
    root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([root, os.environ.get("PYTHONPATH", "")])}
    done = tf_worker.run([sys.executable, str(tmp_path / "child.py"), str(script)], check=False,
                         capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0 and "paired" in done.stdout, done.stderr[-3000:]
