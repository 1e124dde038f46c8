"""TF 1.0's breaking changes at run time: the dtype shim, and a TF 0.11 program
(tests/fixtures/tf0_checks/tf0_11_api.py) that checks its own results after migrate
converted it. The rows of each fixer are tested in tests/migrate/fixers/test_<fixer>.py."""
import os
import sys
from pathlib import Path

import pytest

from tests import tf_worker

FIXTURE = Path(__file__).parent.parent / "fixtures" / "tf0_checks" / "tf0_11_api.py"


# ---------------------------------------------------------------------------- at run time
def test_the_dtype_shim_picks_labels_and_refuses_to_guess():
    tf = pytest.importorskip("tensorflow")
    from tf_revive_runtime import tf0_nn

    labels = tf.constant([[1], [2]], dtype=tf.int64)
    inputs = tf.ones([2, 4])
    assert tf0_nn._order(inputs, labels, 1)[0] is not None
    got_labels, got_inputs = tf0_nn._order(inputs, labels, 1)
    assert got_labels.dtype == tf.int64 and got_inputs.dtype == tf.float32
    got_labels, got_inputs = tf0_nn._order(labels, inputs, 1)
    assert got_labels.dtype == tf.int64
    # both float: the shape [batch, num_true] tells
    got_labels, _ = tf0_nn._order(tf.ones([2, 4]), tf.zeros([2, 1]), 1)
    assert got_labels.shape == (2, 1)
    with pytest.raises(ValueError, match="cannot tell labels from inputs"):
        tf0_nn._order(tf.ones([2, 4]), tf.ones([2, 4]), 1)


def test_tf0_11_program_converted_passes_all_its_checks():
    """Our TF 0.11 self-checking program: every check passes after migrate, on TF 2.21."""
    source = FIXTURE.read_text()
    expected = source.count('check("')  # every check runs once
    env = dict(os.environ, PYTHONPATH=os.getcwd())
    result = tf_worker.run([sys.executable, "-m", "migrate", "run", str(FIXTURE)],
                           capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    ok = [line for line in result.stdout.splitlines() if line.startswith("ok ")]
    assert len(ok) == expected == 40
    assert result.stdout.strip().splitlines()[-1] == f"ALL OK {expected}"


def test_tf0_11_program_does_not_run_unconverted():
    tf = pytest.importorskip("tensorflow")
    assert not hasattr(tf, "mul") and not hasattr(tf, "Session")
