"""tools/eager_phases.py: the per-function and per-run lines it prints (pure: no TensorFlow)."""
from tools.eager_phases import report


def test_a_function_line_gives_its_traces_first_call_and_cost_per_later_call():
    result = {"cpu": 1.5, "seconds": 2.0, "error": None,
              "functions": {"train_step": {"calls": 11, "first": 0.5, "later": 0.02, "traces": 2, "trace": 0.4}},
              "runs": {"<tf.Operation 'init' type=NoOp>": {"calls": 1, "first": 0.01, "later": 0.0}}}
    lines = report("eager", result)
    assert lines[0] == "  eager  run: CPU 1.50 s, wall 2.00 s"
    assert lines[1].split() == ("tf.function train_step traced 2x (0.400 s), first call 0.500 s, "
                                "10 later calls 0.020 s (2.00 ms each)").split()
    assert lines[2].split()[-8:] == "first 0.010 s, 0 later 0.000 s (-)".split()
