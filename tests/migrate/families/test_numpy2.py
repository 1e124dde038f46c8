"""The numpy family (migrate/families/numpy2.py: ruff's NPY001/NPY201 safe fixes, newshape=)."""
import pytest

from migrate.families import using
from migrate.engine import migrate_source
from tests.migrate.helpers import check_noop, check_transformed, rules

HEAD = "import numpy as np\nimport tensorflow as tf\n"


@pytest.mark.parametrize("before,after,code", [
    ("x = np.float(3)  # keep\n", "x = float(3)  # keep\n", "NPY001"),
    ("y = np.zeros(3, dtype=np.int)\n", "y = np.zeros(3, dtype=int)\n", "NPY001"),
    ("z = np.float_(2) + np.NaN\n", "z = np.float64(2) + np.nan\n", "NPY201"),
    ("p = np.product(a)\n", "p = np.prod(a)\n", "NPY201"),
    ("r = np.reshape(a, newshape=(2, 3))\n", "r = np.reshape(a, shape=(2, 3))\n", None),
])
def test_numpy_row(before, after, code):
    outcome = check_transformed(HEAD + before, HEAD + after)
    assert set(rules(outcome)) == {"numpy"}
    if code:
        assert all(code in f.message for f in outcome.findings)
    assert outcome.findings[0].line == 3


def test_switched_off():
    with using(frozenset({"tf", "py2", "matplotlib"})):
        check_noop(HEAD + "x = np.float(3)\n")


def test_modern_numpy_is_untouched():
    check_noop(HEAD + "x = np.float64(3)\ny = np.reshape(a, (2, 3))\n")


def test_the_line_numbers_are_the_files_when_tf_adds_lines():
    outcome = migrate_source(HEAD + "x = tf.placeholder(tf.float32)\ny = np.float(1)\n")
    assert [(f.line, f.rule) for f in outcome.findings if f.rule == "numpy"] == [(4, "numpy")]
