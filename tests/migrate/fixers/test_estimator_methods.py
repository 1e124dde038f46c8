"""Tests of migrate/fixers/estimator_methods.py: one per row of
hand.ESTIMATOR_METHODS_NOT_BUILT (the run-time refusal: tests/runtime/test_estimator_programs.py)."""
import pytest

from migrate.tables import hand
from tests.migrate.helpers import check_noop


@pytest.mark.parametrize("method", sorted(hand.ESTIMATOR_METHODS_NOT_BUILT))
def test_an_export_method_is_warned_about_with_its_line(method):
    outcome = check_noop(f"import tensorflow as tf\nestimator = make()\n\nestimator.{method}('dir', fn)\n")
    assert [(f.line, f.rule) for f in outcome.findings] == [(4, "estimator")]
    assert hand.ESTIMATOR_METHODS_NOT_BUILT[method] in outcome.findings[0].message


def test_the_same_method_name_outside_an_estimator_file_is_not_ours():
    check_noop("model.export_saved_model('dir')\n")
