"""migrate verify's "equal up to rounding" (status rounding, exit 5) on synthetic number
sequences: the first ROUNDING_FIRST values of every channel within float32 tolerance, every
later value within ROUNDING_RTOL, and only for a translation that states a choice that rounds
differently (rule eager-rounding: Keras Adam for tf.compat.v1.train.AdamOptimizer)."""
import pytest

from migrate import verify
from migrate.findings import CHANGE, Finding
from migrate.verification.plan import Watched
from migrate.verify import Prepared, Report, compare

ADAM = Finding(7, 0, verify.ROUNDING_RULE, "tf.train.AdamOptimizer became tf.keras.optimizers.Adam, equal to it "
                                           "up to rounding (migrate verify's rounding tolerance), not bit for bit",
               CHANGE)
STEPS = 300


def _judge(relative_gaps, stated=True):
    """compare() and the rounding criterion for a fetched loss whose eager value at step k is
    the compat value times (1 + relative_gaps[k])."""
    compat = [2.0 / (1.0 + 0.05 * k) for k in range(len(relative_gaps))]
    eager = [c * (1.0 + g) for c, g in zip(compat, relative_gaps)]

    def run(values):
        return {"printed": "", "error": None, "seconds": 0.1,
                "events": [["loss", 0, {"dtype": "float32", "shape": [], "data": [v]}] for v in values]}

    prepared = Prepared("x.py", watched=Watched({"loss": (3, "Session.run")}), rounding=[ADAM] if stated else [])
    report = compare(Report("x.py", prepared), run(compat), run(eager))
    if report.status == "different":
        report.verdict = verify.within_rounding(report)
        if report.verdict:
            report.status = "rounding"
    return report


def test_the_tolerance_is_stated_where_verify_explains_itself():
    assert verify.ROUNDING_FIRST == 3 and verify.ROUNDING_RTOL == 1e-4
    assert verify.Report("x.py", Prepared("x.py"), status="rounding").exit_code == 5
    assert "ROUNDING_FIRST" in verify.__doc__ and "5 equal up to rounding" in verify.__doc__


def test_equal_numbers_are_the_same_not_rounding():
    report = _judge([0.0] * STEPS)
    assert report.status == "same" and report.exit_code == 0


def test_rounding_drift_within_the_bounds_is_equal_up_to_rounding():
    # bit-equal for two steps, a few ulps at step 3, then a gap growing to 6e-5 relative
    gaps = [0.0, 0.0, 3e-7] + [3e-7 + 2e-7 * k for k in range(STEPS - 3)]
    report = _judge(gaps)
    assert report.status == "rounding" and report.exit_code == 5, report.verdict
    text = verify.format_report(report)
    assert "EQUAL UP TO ROUNDING: the translation rounds differently by choice (line 7: " \
           "tf.train.AdamOptimizer became tf.keras.optimizers.Adam)" in text
    assert "rtol=0.0001" in text and "beyond float32 tolerance" in text


def test_the_same_numbers_without_a_stated_rounding_choice_stay_different():
    gaps = [0.0, 0.0, 3e-7] + [3e-7 + 2e-7 * k for k in range(STEPS - 3)]
    report = _judge(gaps, stated=False)
    assert report.status == "different" and not report.verdict


@pytest.mark.parametrize("where", [0, 1, 2])
def test_a_difference_beyond_float32_tolerance_in_the_first_steps_is_not_rounding(where):
    # a learning rate 1e-3 off, or RMSProp's mean square started at zeros: wrong from the first steps
    gaps = [0.0] * STEPS
    gaps[where] = 5e-5
    report = _judge(gaps)
    assert report.status == "different" and report.exit_code == 1
    assert verify.beyond_rounding(report)[0].startswith("the translation rounds differently by choice (line 7)")


def test_a_slow_semantic_divergence_is_not_rounding():
    # within float32 tolerance for the first steps, then a gap growing 1e-6 a step (a missing
    # weight decay): beyond rtol=1e-4 from step 100 on
    report = _judge([1e-6 * k for k in range(STEPS)])
    assert report.status == "different"


def test_a_structural_difference_is_never_rounding():
    report = _judge([0.0, 0.0, 0.0, 1e-5])
    report.structural.append("`loss` took 3 values in the eager run, 4 in compat")
    assert verify.within_rounding(report) == []


def test_results_printed_once_at_the_end_are_judged_by_the_relative_tolerance_only():
    report = _judge([0.0, 0.0, 0.0, 3e-5] + [0.0] * 10)
    report.items[-1].channel = "printed 'W #'"  # one value, after the whole run: no first steps
    report.items[-1].excess, report.items[-1].loose_excess = 1e-6, -1.0
    assert verify.within_rounding(report)
