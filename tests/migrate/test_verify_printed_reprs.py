"""migrate verify and `print(t)` of a tensor or variable itself (rule eager-printed-repr): the
compat form prints the graph's repr, the eager form the value; those lines are not compared,
one for one, and a different number of such prints is a difference of structure."""
from migrate.verify import Prepared, Report, compare, format_report


def _run(printed, reprs):
    return {"printed": printed, "events": [], "reprs": reprs, "error": None, "seconds": 0.1}


def _compare(compat, eager):
    return compare(Report("x.py", Prepared("x.py")), compat, eager)


COMPAT = 'Tensor("Const:0", shape=(), dtype=string)\nstep 1 loss 0.5\n<tf.Variable \'Variable:0\' ' \
         'shape=(1,) dtype=float32_ref>\nstep 2 loss 0.25\n'
EAGER = "tf.Tensor(b'Hello', shape=(), dtype=string)\nstep 1 loss 0.5\n<tf.Variable 'Variable:0' shape=(1,) " \
        "dtype=float32, numpy=\narray([1.], dtype=float32)>\nstep 2 loss 0.25\n"


def test_the_lines_of_printed_tensors_are_left_out_and_the_rest_compared():
    report = _compare(_run(COMPAT, [[0, 1], [2, 3]]), _run(EAGER, [[0, 1], [2, 4]]))
    assert report.status == "same" and report.printed_compared == 2 and report.reprs_skipped == 2
    assert "not compared: 2 print(s) of a tensor or variable itself" in format_report(report)


def test_without_the_reprs_the_same_outputs_differ():
    report = _compare(_run(COMPAT, []), _run(EAGER, []))
    assert report.status == "different"


def test_a_different_number_of_printed_tensors_is_a_difference_of_structure():
    report = _compare(_run(COMPAT, [[0, 1]]), _run(EAGER, [[0, 1], [2, 4]]))
    assert report.status == "different"
    assert "a tensor or variable printed itself 2 times in the eager run, 1 in compat" in report.structural


def test_a_number_changed_next_to_a_printed_tensor_is_still_found():
    eager = EAGER.replace("step 2 loss 0.25", "step 2 loss 0.3")
    report = _compare(_run(COMPAT, [[0, 1], [2, 3]]), _run(eager, [[0, 1], [2, 4]]))
    assert report.status == "different" and report.reprs_skipped == 2


def test_tensorflow_objects_whose_print_is_not_compared():
    import pytest

    tf = pytest.importorskip("tensorflow")
    from migrate.verification.hooks import _is_tensorflow_object

    assert _is_tensorflow_object(tf.constant(1.0)) and _is_tensorflow_object(tf.Variable(1.0))
    assert _is_tensorflow_object(tf.TensorShape([None, 3])) and _is_tensorflow_object(tf.TensorShape(None))
    assert not _is_tensorflow_object(tf.TensorShape([1, 3]))  # prints `(1, 3)` in both forms
    assert not _is_tensorflow_object(tf.constant(1.0).numpy()) and not _is_tensorflow_object("Tensor")
