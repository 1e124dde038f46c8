"""`migrate verify`'s global seed where the script sets none (migrate/verification/plan.py,
SeedPlan.graph_seed): --seed, or TensorFlow's default graph seed where a random op of the
script has an op seed of its own, so that op draws what it draws when the script runs
alone (and what a translation that wrote its seed pair out draws)."""
import textwrap

from migrate.tables.random_generators import DEFAULT_GRAPH_SEED
from migrate.verification.plan import seed_plan
from migrate.verify import prepare, verify_scripts

HEAD = "import tensorflow as tf\nsess = tf.Session()\n"


def plan_of(body):
    source = HEAD + textwrap.dedent(body)
    return seed_plan(source, source, source)


def test_a_script_with_an_op_seed_runs_under_the_default_graph_seed():
    assert plan_of("print(sess.run(tf.random_normal([2], seed=5)))\n").graph_seed == DEFAULT_GRAPH_SEED
    assert plan_of("s = 5\nprint(sess.run(tf.random_uniform([2], seed=s)))\n").graph_seed == DEFAULT_GRAPH_SEED
    assert plan_of("init = tf.random_normal_initializer(seed=1)\n").graph_seed == DEFAULT_GRAPH_SEED


def test_a_script_without_op_seeds_runs_under_the_verify_seed():
    assert plan_of("print(sess.run(tf.random_normal([2])))\n").graph_seed is None
    assert plan_of("print(sess.run(tf.ones([2])))\n").graph_seed is None


SHARED_NOISE = """
import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 3])
noise = tf.random_normal(tf.shape(x), stddev=0.5, seed=650)
w = tf.Variable(tf.ones([3, 1]))
loss = tf.reduce_mean(tf.square(tf.matmul(x + noise, w)))
train = tf.train.GradientDescentOptimizer(0.01).minimize(loss)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
data = np.arange(12, dtype=np.float32).reshape(4, 3)
for step in range(4):
    sess.run(train, {x: data})
    print("loss", sess.run(loss, {x: data}))
print("noisy", sess.run(x + noise, {x: data[:1]}))
"""


def test_a_shared_unseeded_op_is_paired_with_its_generator(tmp_path):
    # the eager form draws from `noise_rng = tf.random.Generator.from_non_deterministic_state()`
    # made where the graph built the op: verify gives the compat op and the Generator's line
    # one op seed (the hooks start that Generator in the op's state)
    path = tmp_path / "unseeded.py"
    path.write_text(SHARED_NOISE.replace(", seed=650", ""))
    prep = prepare(str(path))
    line = prep.eager.splitlines().index("noise_rng = tf.random.Generator.from_non_deterministic_state()") + 1
    assert prep.seeds.given == [(6, "random.normal", 1)] and not prep.seeds.problems
    assert prep.seeds.eager == {line: [1]} and list(prep.seeds.compat.values()) == [[1]]
    assert prep.seeds.graph_seed is None


def test_shared_ops_written_as_generators_verify_equal(tmp_path):
    # seeded: the eager translation writes the graph op's state under no global seed as a
    # literal ([0, 650, 87654321]); verify's global seed must not move the compat op off
    # that pair. Unseeded: a Generator in a nondeterministic state, which verify starts
    # where the compat op starts
    (tmp_path / "seeded.py").write_text(SHARED_NOISE)
    (tmp_path / "unseeded.py").write_text(SHARED_NOISE.replace(", seed=650", ""))
    seeded, unseeded = verify_scripts([str(tmp_path / "seeded.py"), str(tmp_path / "unseeded.py")], seed=3,
                                      timeout=120)
    assert 'from_state([0, 650, 87654321], "philox")' in seeded.prepared.eager
    assert "from_non_deterministic_state()" in unseeded.prepared.eager
    for report in (seeded, unseeded):
        assert report.status == "same", (report.path, report.problems, report.structural, report.verdict)
        assert report.printed_compared == 5 and report.largest == 0
