"""Tests of migrate/fixers/cannot_run.py: one line each, with its line number, nothing changed."""
import pytest

from tests.migrate.helpers import check_noop


@pytest.mark.parametrize("line,what", [
    ("n = int(input('steps? '))", "input() waits"),
    ("data = np.load('/home/alice/data/train.npy')", "home"),
    ("p = r'C:\\Users\\bob\\mnist'", "home"),
    ("p = '/Users/carol/x.csv'", "home"),
])
def test_cannot_run_row(line, what):
    outcome = check_noop(f"import tensorflow as tf\n\n{line}\n")
    assert [(f.line, f.rule) for f in outcome.findings] == [(3, "cannot-run")]
    assert what in outcome.findings[0].message


def test_ordinary_paths_and_methods_named_input_are_fine():
    check_noop("import tensorflow as tf\np = '/tmp/data'\nq = 'home/alice'\nx = layer.input(3)\n")
