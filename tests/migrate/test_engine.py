"""The engine's contract: the API, the fast path, purity, positions, the seeds' scripts."""
import ast
import dataclasses
import subprocess
import sys
from pathlib import Path

import libcst
import pytest

import migrate.findings
from migrate.engine import Outcome, migrate_source
from migrate.findings import Finding
from tests.migrate.helpers import check_noop

ORIGINALS = Path(__file__).parent.parent / "fixtures" / "originals"


# ---------------------------------------------------------------------------- API
def test_outcome_and_finding_shape():
    outcome = migrate_source("import tensorflow as tf\ny = tf.mul(a, b)\n")
    assert isinstance(outcome, Outcome)
    assert outcome.code == "import tensorflow as tf\ny = tf.multiply(a, b)\n"
    assert outcome.changed is True
    [finding] = outcome.findings
    assert finding == Finding(2, 4, "tf0-name", "tf.mul -> tf.multiply (TF 0.x name)", "change")
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.line = 3


def test_without_tensorflow_the_source_comes_back_unparsed(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("parsed")

    monkeypatch.setattr(libcst, "parse_module", refuse)
    source = "import numpy as np\nx = np.mul(1, 2)\n"
    outcome = migrate_source(source)
    assert outcome.code is source and outcome.findings == [] and outcome.changed is False


def test_tensorflow_only_in_text_changes_nothing():
    check_noop('"""Works with tensorflow too."""\n# import tensorflow as tf\nx = "tensorflow.mul"\n')


def test_invalid_syntax_raises_the_libcst_error():
    with pytest.raises(libcst.ParserSyntaxError):
        migrate_source("import tensorflow as tf\nsess.run(train_step, feed_dict=)\n")


def test_pure_and_deterministic():
    source = (ORIGINALS / "seed000_backprop.py").read_text()
    first, second = migrate_source(source), migrate_source(source)
    assert first == second


def test_the_engine_never_imports_tensorflow():
    code = (
        "import sys\nfrom migrate.engine import migrate_source\n"
        "out = migrate_source(open(sys.argv[1]).read())\n"
        "assert 'tf.compat.v1.Session' in out.code\n"
        "assert 'tensorflow' not in sys.modules, 'TF imported'\n"
        "assert 'tf_keras' not in sys.modules and 'keras' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code, str(ORIGINALS / "seed002_backprop_tf0.py")],
                   check=True, timeout=120)


# ---------------------------------------------------------------------------- seeds
@pytest.mark.parametrize("name", sorted(p.name for p in ORIGINALS.glob("*.py")))
def test_seed_originals_are_converted(name):
    source = (ORIGINALS / name).read_text()
    outcome = migrate_source(source)
    tree = ast.parse(outcome.code)
    assert migrate_source(outcome.code).code == outcome.code
    assert outcome.code.count("disable_v2_behavior()") == 1
    names = {f"{n.value.id}.{n.attr}" for n in ast.walk(tree)
             if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)}
    for gone in ("tf.mul", "tf.session", "tf.variable", "tf.placeholder", "tf.Session",
                 "tf.initialize_all_variables", "tf.global_variable_initializer", "tf.log",
                 "tf.random_normal", "tf.train"):
        assert gone not in names, gone
    assert "reduction_indices" not in outcome.code
    assert "tensorflow.examples" not in outcome.code
    assert not [f for f in outcome.findings if f.severity == "warning"], outcome.findings
    # graph mode is on before the first use of TensorFlow
    lines = outcome.code.splitlines()
    graph = next(i for i, line in enumerate(lines) if "disable_v2_behavior()" in line)
    first_use = next(i for i, line in enumerate(lines)
                     if "tf." in line and not line.lstrip().startswith(("#", "import", "from")))
    assert graph <= first_use


def test_seed002_second_part_keeps_its_import_and_graph_mode_stays_first():
    source = (ORIGINALS / "seed002_backprop_tf0.py").read_text()
    outcome = migrate_source(source)
    assert "from tensorflow.python.framework import ops\n" in outcome.code
    assert outcome.code.index("disable_v2_behavior") < outcome.code.index("tf.compat.v1.Session()")
    assert "tf.nn.sigmoid_cross_entropy_with_logits( logits=my_output_expanded, " \
           "labels=y_target_expanded)" in outcome.code


def test_seed003_mnist_uses_the_input_data_shim():
    for path in ORIGINALS.glob("seed003_*.py"):
        outcome = migrate_source(path.read_text())
        assert "from tf_revive_runtime import input_data\n" in outcome.code
        assert "tf.reduce_sum(y*tf.math.log(pred), axis=1)" in outcome.code


# ---------------------------------------------------------------------------- positions
POSITION_SOURCES = [
    """
@tf.function
@decorate(tf.mul)
def f(x=tf.neg(1), *args, y: tf.Tensor = tf.sub(1, 2)) -> tf.Tensor:
    return tf.mul(x, y) if tf.neg(x) else tf.mul(y, x)
""",
    """
class A(tf.Module, metaclass=tf.mul):
    z = {tf.mul(1, 2): tf.neg(3), "k": [tf.mul(a, b) for a in tf.range(3)]}
    w = f"{tf.mul(1, 2)} é {tf.neg(2)!r:>{tf.sub(3, 1)}}"
""",
    """
with tf.Session() as sess, tf.device("/cpu:0"):
    try:
        x = (
            tf.mul(
                1, 2)
        )
    except tf.errors.OpError as e:  # c
        pass
    else: y = tf.neg(1); z = tf.sub(1, 2)
    finally:
        lambda q=tf.mul(1, 2): q
if tf.neg(1):
    pass
elif tf.mul(1, 2):
    pass
else:
    tf.sub(1, 2)
""",
    """
def outer():
\tdef inner():
\t\treturn tf.mul(1, 2) + tf.neg(3)  # é
\treturn inner
x = tf.concat(a, b); y = tf.split(a, n, b)
for q in tf.mul(1, 2):
    while tf.neg(q): q = tf.sub(q, 1)
match tf.mul(1, 2):
    case 1 if tf.neg(1):
        tf.sub(1, 2)
""",
]


@pytest.mark.parametrize("body", POSITION_SOURCES)
def test_finding_positions_match_libcsts_position_provider(body, monkeypatch):
    source = "import tensorflow as tf\nfrom tensorflow import mul\n" + body.lstrip("\n")
    fast = migrate_source(source).findings
    assert fast

    def fail(self, requests):
        raise migrate.findings._Mismatch

    monkeypatch.setattr(migrate.findings._Locator, "run", fail)
    slow = migrate_source(source).findings
    assert fast == slow


def test_positions_with_crlf_and_cr_only():
    for newline in ("\r\n", "\r"):
        source = newline.join(["import tensorflow as tf", "", "a = 1", "y = tf.mul(a, 2)", ""])
        outcome = migrate_source(source)
        assert [(f.line, f.column) for f in outcome.findings] == [(4, 4)]
        assert outcome.code == source.replace("tf.mul", "tf.multiply")


# ---------------------------------------------------------------------------- fast path
# Speed itself is measured by `python -m tools.bench`, never asserted in a test; what
# is asserted here is the mechanism that makes files without TensorFlow cheap.


def test_no_tensorflow_means_no_parse(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a file without TensorFlow was parsed")

    monkeypatch.setattr(libcst, "parse_module", refuse)
    source = "import numpy as np\n" + "x = np.zeros(3)  # tf.mul in a comment\n" * 2000
    outcome = migrate_source(source)
    assert outcome.code is source and outcome.findings == [] and outcome.changed is False
