"""The evidence: the seeds' original scripts, converted by migrate, print the numbers
of the matching legacy/ programs, and tf_upgrade_v2's conversion of them does not run.

Each original runs through the real command (`python -m migrate run SCRIPT`), which
converts in memory and leaves the file as it was. The originals set no seeds, so the
test seeds them from outside (tests/migrate/seeding/sitecustomize.py explains how)
exactly as the legacy programs seed themselves; with that, the comparison is the
strict one: every printed number, to float32 print precision.
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.migrate.printed import assert_same_printed_numbers

ORIGINALS = Path(__file__).parent.parent / "fixtures" / "originals"
SEEDING = Path(__file__).parent / "seeding"
SEED = 3

# original script -> the legacy programs it contains, in the order it runs them,
# and how many numeric lines at least must be compared.
PAIRS = {
    "seed000_backprop.py": (["backprop_regression", "backprop_classification"], 4 * 2 + 7 * 2),
    "seed001_regression.py": (["backprop_regression"], 4 * 2),
    "seed001_classification.py": (["backprop_classification"], 7 * 2),
    "seed002_backprop_tf0.py": (["backprop_regression", "backprop_classification"], 4 * 2 + 7 * 2),
    "seed003_mnist_optimizer.py": (["mnist_softmax_optimizer"], 10 + 1),
    "seed003_mnist_gradients.py": (["mnist_softmax_gradients"], 10 + 1),
    "seed003_mnist_formula.py": (["mnist_softmax_formula"], 10 + 1),
}


def run_seeded(command, cwd):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(SEEDING), os.getcwd()]), SEED_FOR_TEST=str(SEED),
               TF_CPP_MIN_LOG_LEVEL="2", MPLBACKEND="Agg")
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("original", sorted(PAIRS))
def test_converted_original_prints_the_numbers_of_its_legacy_program(original, legacy, tmp_path):
    programs, at_least = PAIRS[original]
    before = (ORIGINALS / original).read_bytes()
    result = run_seeded([sys.executable, "-m", "migrate", "run", str(ORIGINALS / original)], cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (ORIGINALS / original).read_bytes() == before, "migrate run must not touch the script"
    expected = "".join(legacy.run_printing(name, seed=SEED)[1] for name in programs)
    assert_same_printed_numbers(result.stdout, expected, at_least=at_least)


TF_UPGRADE_V2 = shutil.which("tf_upgrade_v2") or (
    str(Path(sys.executable).parent / "tf_upgrade_v2") if (Path(sys.executable).parent / "tf_upgrade_v2").exists() else None
)


@pytest.mark.skipif(TF_UPGRADE_V2 is None, reason="tf_upgrade_v2 is not installed")
@pytest.mark.parametrize("original", ["seed002_backprop_tf0.py", "seed001_regression.py"])
def test_tf_upgrade_v2_output_of_the_same_original_fails_where_ours_runs(original, tmp_path):
    converted = tmp_path / original
    subprocess.run([TF_UPGRADE_V2, "--infile", str(ORIGINALS / original), "--outfile", str(converted),
                    "--reportfile", str(tmp_path / "report.txt")], check=True, capture_output=True)
    source = converted.read_text()
    # What it leaves: TF 0.x names, lower-cased typos, and graph code under eager execution.
    assert "disable_v2_behavior" not in source and "disable_eager_execution" not in source
    result = run_seeded([sys.executable, str(converted)], cwd=tmp_path)
    assert result.returncode != 0
    assert "Error" in result.stderr
    ours = run_seeded([sys.executable, "-m", "migrate", "run", str(ORIGINALS / original)], cwd=tmp_path)
    assert ours.returncode == 0, ours.stderr[-3000:]
