"""The numpy family's NEP 50 rule (migrate/families/nep50.py): a NumPy max/min reduction
plus an integer, used as a count or a shape, is made a Python int first.  Run-time numbers
with TF: tests/fixtures/compat_checks/tf1_traps.py (check "nep50_one_hot_depth")."""
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
import pytest

from migrate.engine import migrate_source
from migrate.families import using
from migrate.tables import hand
from tests.migrate.helpers import check_noop, check_transformed, rules

HEAD = "import numpy as np\nimport tensorflow as tf\ntf.compat.v1.disable_v2_behavior()\n"


@pytest.mark.parametrize("before,after", [
    ("d = tf.one_hot(y, np.max(y) + 1)\n", "d = tf.one_hot(y, int(np.max(y)) + 1)\n"),
    ("d = tf.one_hot(y, depth=y.max() + 1)\n", "d = tf.one_hot(y, depth=int(y.max()) + 1)\n"),
    ("x = tf.compat.v1.placeholder(tf.float32, [None, np.amax(y) + 1])\n",
     "x = tf.compat.v1.placeholder(tf.float32, [None, int(np.amax(y)) + 1])\n"),
    ("e = np.eye(np.max(y) + 1)[y]\n", "e = np.eye(int(np.max(y)) + 1)[y]\n"),
    ("d = tf.one_hot(y, np.max(np.array(y)) + 1)\n", "d = tf.one_hot(y, int(np.max(np.array(y))) + 1)\n"),
    ("r = list(range(1 + y.max()))\n", "r = list(range(1 + int(y.max())))\n"),
    ("m = build(num_classes=np.amin(y) - 1)\n", "m = build(num_classes=int(np.amin(y)) - 1)\n"),
])
def test_count_or_shape_places(before, after):
    outcome = check_transformed(HEAD + before, HEAD + after)
    assert rules(outcome) == ["numpy"] and outcome.findings[0].line == 4
    assert "NEP 50" in outcome.findings[0].message


@pytest.mark.parametrize("name,row", sorted(hand.INTEGER_ARGUMENTS.items()))
def test_every_integer_argument_row(name, row):
    position, _ = row
    args = ", ".join(["a"] * position + ["np.max(y) + 1"])
    outcome = migrate_source(f"{HEAD}t = tf.{name}({args})\n")  # the TF pass may rename tf.{name}
    assert f"({', '.join(['a'] * position + ['int(np.max(y)) + 1'])})" in outcome.code
    assert [f.line for f in outcome.findings if f.rule == "numpy"] == [4]


def test_through_a_name_used_as_a_depth():
    check_transformed(HEAD + "n = np.max(labels) + 1\nz = tf.one_hot(labels, n)\nk = n * 2\n",
                      HEAD + "n = int(np.max(labels)) + 1\nz = tf.one_hot(labels, n)\nk = n * 2\n")


def test_undecidable_uses_are_warned_with_the_line_and_left():
    outcome = check_noop(HEAD + "\npeak = np.max(data) + 1\nscale = total(data.max() * 2)\n")
    assert [(f.line, f.severity) for f in outcome.findings] == [(5, "warning"), (6, "warning")]


def test_other_reductions_and_axes_are_not_the_class():
    check_noop(HEAD + "a = np.max(y, axis=0) + 1\nb = np.mean(y) + 1\nc = tf.one_hot(y, len(v) + 1)\n"
               "d = tf.reduce_max(y) + 1\n")


def test_the_rewrite_gives_numpy_1s_value_under_numpy_2():
    """NEP 50 ("Promotion rules for Python scalars"): NumPy 1.x gave np.uint8(255) + 1 == 256
    (value-based promotion to a wider type); NumPy 2 keeps uint8 and wraps to 0."""
    labels = np.array([3, 255, 0], dtype=np.uint8)
    with np.errstate(over="ignore"):
        assert np.max(labels) + 1 == (0 if np.__version__ >= "2" else 256)
    assert int(np.max(labels)) + 1 == 256 and int(labels.max()) + 1 == 256


def test_switched_off_with_the_numpy_family():
    with using(frozenset({"tf", "py2", "matplotlib"})):
        check_noop(HEAD + "d = tf.one_hot(y, np.max(y) + 1)\n")


@given(values=st.lists(st.integers(0, 255), min_size=1, max_size=6),
       dtype=st.sampled_from(["uint8", "int8", "uint16", "int16", "int32", "int64"]),
       operator=st.sampled_from(["+", "-", "*"]), literal=st.integers(0, 300),
       reduction=st.sampled_from(["np.max(y)", "np.amax(y)", "y.max()", "np.min(y)", "y.min()"]),
       swapped=st.booleans())
@settings(max_examples=40, deadline=None)
def test_generated_counts_get_numpy_1s_value(values, dtype, operator, literal, reduction, swapped):
    """NumPy 1.x (value-based promotion, what TF 1.x scripts ran on) gave the exact integer:
    Python's arithmetic on the reduced value.  The converted line must give it under NumPy 2."""
    info = np.iinfo(dtype)
    y = np.array([min(max(v, info.min), info.max) for v in values], dtype=dtype)
    expression = f"{literal} {operator} {reduction}" if swapped else f"{reduction} {operator} {literal}"
    outcome = migrate_source(f"{HEAD}n = {expression}\nz = tf.one_hot(y, n)\n")
    line = outcome.code.splitlines()[3]
    assert line.count("int(") == 1, line
    scope = {"np": np, "y": y}
    exec(line, scope)  # noqa: S102 - the converted line
    reduced = int(max(y.tolist()) if "max" in reduction else min(y.tolist()))
    expected = eval(f"{literal} {operator} {reduced}" if swapped else f"{reduced} {operator} {literal}")
    assert scope["n"] == expected and isinstance(scope["n"], int)


def test_the_rule_reads_the_engines_tree_and_parses_nothing_more(monkeypatch):
    """One libcst parse per file: the engine's tree of the source is what the rule reads
    (a second parse comes only after a change, to read the changed source)."""
    import libcst

    parsed = []
    real = libcst.parse_module
    monkeypatch.setattr(libcst, "parse_module", lambda source, *a, **k: parsed.append(source) or real(source, *a, **k))
    source = HEAD + "d = tf.reduce_sum(y) * (np.max(y) + 1)\n"  # warned about, not changed
    outcome = migrate_source(source)
    assert rules(outcome) == ["numpy"] and outcome.findings[0].severity == "warning"
    assert parsed == [source]
