"""TF 1 programs that reach their graph through something other than a Session or a
placeholder (collections read back, tf.gradients, tf.metrics, MonitoredSession kinds, a
test file with only the session helpers and .eval()/.run()): converted by migrate, each
prints the numbers it prints under ``tf.compat.v1`` + ``disable_v2_behavior()`` (TF's
documented way to get TF 1 behaviour).  All programs run in one TensorFlow process
(tests/migrate/graph_mode_runner.py)."""
import json
import os
import sys

import pytest

from tests.migrate.graph_mode_runner import PROGRAMS, converted_source
from tests import tf_worker

pytest.importorskip("tensorflow")

EXPECTED = {  # what each prints under TF 1 behaviour (also asserted against the reference run)
    "collection_counts.py": [16, 2, 3, 1],
    "losses_collection.py": [2, 1, 1.4166667],
    "monitored_sessions.py": [5, 3, 3],
    "session_helpers_test.py": [5, 4, 3, 6],
    "streaming_metrics.py": [0.625, 0.625],
    "symbolic_gradients.py": [3, 12, 27, 6, 12, 18],
}


def _env():
    return dict(os.environ, PYTHONPATH=os.getcwd())


@pytest.fixture(scope="module")
def runs():
    result = tf_worker.run([sys.executable, "-m", "tests.migrate.graph_mode_runner"],
                           capture_output=True, text=True, env=_env(), timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_every_program_is_checked():
    assert sorted(p.name for p in PROGRAMS.glob("*.py")) == sorted(EXPECTED)


@pytest.mark.parametrize("program", sorted(EXPECTED))
def test_converted_program_prints_tf1s_numbers(runs, program):
    reference, converted = runs[program]["reference"], runs[program]["converted"]
    assert reference["error"] is None and converted["error"] is None, converted["error"]
    assert reference["numbers"] == pytest.approx(EXPECTED[program])
    assert converted["numbers"] == reference["numbers"]
    if reference["tests"] is not None:
        assert converted["tests"] == reference["tests"]
        assert converted["tests"]["errors"] == converted["tests"]["failed"] == 0


def test_converted_test_file_keeps_graph_mode_under_tf_test_main(tmp_path):
    """graph mode set at module level holds when tf.test.main() (absltest) runs the tests."""
    source = converted_source((PROGRAMS / "session_helpers_test.py").read_text())
    assert "tf.compat.v1.disable_v2_behavior()" in source
    path = tmp_path / "session_helpers_test.py"
    path.write_text(source)
    result = tf_worker.run([sys.executable, str(path)], capture_output=True, text=True,
                           env=_env(), timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Ran 4 tests" in result.stderr and "OK" in result.stderr
    printed = [line for line in result.stdout.splitlines() if line]
    assert sorted(printed) == ["cached_session 5.0", "session run 4.0", "test_session eval [3. 6.]"]
