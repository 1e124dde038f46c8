"""Stage 2 accepts what stage 1 writes, over every stage-1 input the project holds: the
fixtures (the seed originals among them, tests/fixtures/originals), seed_data, and the
before/after sources of the stage-1 fixer tests (tests/migrate/fixers, read as data).

For each, no eager-fallback reason may call a name stage 1 knows "unknown", nor refuse a
call stage 1 itself inserted as "called for its effect on the graph"; and every
TensorFlow name of stage 1's output that the eager code cannot write is one stage 1
knows (so it is refused with its construct's reason) or one stage 1 itself warned about.

The Session-script collection (tests/fixtures/session_scripts) is checked the same way by
its parts (session_collection.py), with the eager translations verify's preparation made
there: each script is translated once for both.
"""
import ast
import re
import textwrap
from pathlib import Path

import libcst as cst
import pytest

from migrate import known_names
from migrate.eager import FALLBACK_RULE, names as N, refused, translate_source
from migrate.eager.rewrite import NameRewriter
from migrate.eager.stages import compat_v1_as_tf1
from migrate.engine import migrate_source
from tests.migrate.eager.helpers import check, falls_back

TESTS = Path(__file__).resolve().parents[2]
REPO = TESTS.parent
FIXER_TEST_CALLS = {"check_transformed", "check_noop"}  # tests/migrate/helpers.py
UNKNOWN = re.compile(r"unknown TensorFlow name tf\.(\S+)")
EFFECT = re.compile(r"tf\.(\S+)\(\.\.\.\) is called for its effect on the graph")
INSERTED = re.compile(r"inserted tf\.([\w.]+)\(")
COLLECTION = "tests/fixtures/session_scripts/"  # checked by session_collection.py's parts


def _fixer_test_sources():
    """The string literals given to check_transformed / check_noop in the fixer tests."""
    for path in sorted((TESTS / "migrate" / "fixers").glob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)
                 and isinstance(node.func, ast.Name) and node.func.id in FIXER_TEST_CALLS]
        for call in calls:
            for i, arg in enumerate(call.args[:2]):
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    yield f"{path.name}:{call.lineno}:{i}", arg.value


def _sources():
    files = sorted((TESTS / "fixtures").rglob("*.py")) + sorted((REPO / "seed_data").rglob("*.py"))
    found = {str(path.relative_to(REPO)): path.read_text(encoding="utf-8") for path in files}
    found.update(_fixer_test_sources())
    return {name: source for name, source in found.items() if "tensorflow" in source}


SOURCES = _sources()
SESSION_PROGRAM = """
x = tf.placeholder(tf.float32, [None])
y = x * 2.0
sess = tf.Session()
print(sess.run(y, feed_dict={x: np.ones([2])}))
"""


def _dedent(source):
    source = textwrap.dedent(source)
    return source[1:] if source.startswith("\n") else source


def inserted_calls(stage1) -> set[str]:
    """The paths of the calls stage 1 inserted, as its own change findings report them
    ("inserted tf.config.set_soft_device_placement(True)")."""
    return {N.canonical(found) for finding in stage1.findings for found in INSERTED.findall(finding.message)}


def refusals_of_stage1_code(source: str, translate=translate_source) -> list[str]:
    """Eager-fallback reasons that refuse what stage 1 knows or wrote itself (`translate`:
    the eager translation of a text)."""
    as_tf1 = compat_v1_as_tf1(source)
    stage1 = migrate_source(as_tf1)
    inserted = inserted_calls(stage1)
    bad = []
    for finding in translate(source).findings:
        if finding.rule != FALLBACK_RULE:
            continue
        unknown = UNKNOWN.search(finding.message)
        if unknown and known_names.is_known(N.canonical(unknown.group(1))):
            bad.append(finding.message)
        effect = EFFECT.search(finding.message)
        if effect and effect.group(1) in inserted:
            bad.append(finding.message)
    return bad + unwritable_names_stage1_accepted(stage1)


def unwritable_names_stage1_accepted(stage1) -> list[str]:
    """Names of stage 1's output that stage 2 would call unknown, where stage 1 warned nothing."""
    module = cst.parse_module(stage1.code)
    rewriter = NameRewriter(N.Resolver(module))
    module.visit(rewriter)
    warned = " ".join(f.message for f in stage1.findings if f.severity == "warning")
    return [problem for problem in map(refused.name_problem, rewriter.unwritable)
            if UNKNOWN.search(problem) and UNKNOWN.search(problem).group(1) not in warned]


@pytest.mark.parametrize("name", sorted(name for name in SOURCES if not name.startswith(COLLECTION)))
def test_stage2_refuses_nothing_stage1_knows_or_wrote(name):
    source = SOURCES[name]
    if name.startswith("test_"):
        source = _dedent(source)
    assert refusals_of_stage1_code(source) == []


# ---------------------------------------------------------------- the two fixes, before/after

def test_soft_device_placement_stage1_writes_for_a_gpu_pin_goes_with_the_device_block():
    """Eager TF 2 places ops softly by default (tables/hand.py RUNTIME_DEFAULTS): the line
    stage 1 writes for the pin says nothing once the device block is dissolved."""
    outcome = check("""
    with tf.device('/gpu:0'):
        x = tf.placeholder(tf.float32, [None, 1])
        w = tf.Variable(tf.zeros([1, 1]))
        y = tf.matmul(x, w)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    print(sess.run(y, feed_dict={x: np.ones([2, 1])}))
    """, """
    w = tf.Variable(tf.zeros([1, 1]))

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 1])])
    def compute_y(x):
        return tf.matmul(x, w)

    print(compute_y(np.ones([2, 1])).numpy())
    """)
    assert not [f for f in outcome.findings if f.rule == "device-pins"]  # the line it inserted went


def test_soft_device_placement_set_to_false_is_kept():
    check("""
    tf.config.set_soft_device_placement(False)
    x = tf.placeholder(tf.float32, [None])
    sess = tf.Session()
    print(sess.run(x * 2.0, feed_dict={x: np.ones([2])}))
    """, """
    tf.config.set_soft_device_placement(False)
    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None])])
    def compute_value(x):
        return x * 2.0
    print(compute_value(np.ones([2])).numpy())
    """)


def test_runtime_configuration_the_script_calls_is_kept():
    check("""
    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.debugging.set_log_device_placement(False)
    x = tf.placeholder(tf.float32, [None])
    y = x * 2.0
    sess = tf.Session()
    print(sess.run(y, feed_dict={x: np.ones([2])}))
    """, """
    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.debugging.set_log_device_placement(False)

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None])])
    def compute_y(x):
        return x * 2.0

    print(compute_y(np.ones([2])).numpy())
    """)


RNN_CELL = "tf.nn.rnn_cell.BasicLSTMCell: RNN cells and drivers are translated for"


@pytest.mark.parametrize("body, reason", [
    # a cell made in a helper def the analysis does not read
    ("def make_cell(n):\n    return tf.nn.rnn_cell.BasicLSTMCell(n)\n", RNN_CELL),
    # stage 1 serves tf.contrib.rnn's cells from the same shim
    ("def make_cell(n):\n    return tf.contrib.rnn.BasicLSTMCell(n)\n", RNN_CELL),
    ("State = tf.nn.rnn_cell.LSTMStateTuple\n", "tf.nn.rnn_cell.LSTMStateTuple: RNN cells and drivers are"),
    ("def net(x):\n    return tf.layers.batch_normalization(x)\n",
     "tf.layers.batch_normalization: tf.layers creates variables implicitly"),
    ("def model():\n    return tf.estimator.Estimator\n", "tf.estimator.Estimator: tf.estimator runs its own sessions"),
    ("def decoder():\n    return tf.nn.seq2seq.embedding_rnn_seq2seq\n",
     "tf.nn.seq2seq.embedding_rnn_seq2seq: tf.nn.seq2seq (later tf.contrib.legacy_seq2seq) was removed in TF 2"),
])
def test_a_known_name_eager_code_cannot_write_is_refused_with_its_reason(body, reason):
    outcome = falls_back(body + SESSION_PROGRAM, reason)
    assert not [f for f in outcome.findings if "unknown TensorFlow name" in f.message]
    # the finding points at the name's line of the file as given
    lines = [f.line for f in outcome.findings if f.rule == FALLBACK_RULE and reason in f.message]
    assert lines == [4 if body.startswith("def") else 3]


def test_members_of_opaque_names_are_written_in_eager_code():
    check("d = tf.float32.as_numpy_dtype\n" + SESSION_PROGRAM, """
    d = tf.float32.as_numpy_dtype
    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None])])
    def compute_y(x):
        return x * 2.0
    print(compute_y(np.ones([2])).numpy())
    """)


def test_a_name_tensorflow_does_not_have_is_still_unknown():
    falls_back("def f():\n    return tf.no_such_function\n" + SESSION_PROGRAM,
               "unknown TensorFlow name tf.no_such_function")
