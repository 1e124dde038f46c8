"""A TF 1.x Estimator program (tests/fixtures/estimator/tf1_estimator_programs.py: custom
model_fn, tf.estimator.inputs, TPUEstimator with use_tpu=False from tf.contrib.tpu, canned
DNNClassifier under train_and_evaluate, a resumed model_dir) converted by `migrate run`
and run: it checks every result against its own Session twin and prints one line each."""
import os
import sys
from pathlib import Path

from tests import tf_worker

FIXTURE = Path(__file__).parent.parent / "fixtures" / "estimator" / "tf1_estimator_programs.py"


def test_tf1_estimator_program_converted_equals_its_session_twins():
    expected = FIXTURE.read_text().count('\ncheck("')
    env = dict(os.environ, PYTHONPATH=os.getcwd())
    result = tf_worker.run([sys.executable, "-m", "migrate", "run", str(FIXTURE)],
                           capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    ok = [line for line in result.stdout.splitlines() if line.startswith("ok ")]
    assert len(ok) == expected == 11, result.stdout
    assert result.stdout.strip().splitlines()[-1] == f"ALL OK {expected}"
