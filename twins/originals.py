"""The seeds' original scripts, converted by `migrate run`, next to the legacy programs.

The originals (tests/fixtures/originals/, reconstructed from shared/seeds/) set no
seeds. They are run unmodified through the real command, `python -m migrate run`,
with the seeds set from outside by twins/seeding/sitecustomize.py, the same way each
legacy program seeds itself; then every number they print must equal the number the
legacy program prints at the same place (twins.printed).
"""
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ORIGINALS_DIR = REPO / "tests" / "fixtures" / "originals"
SEEDING = Path(__file__).resolve().parent / "seeding"

# original script -> (the legacy programs it runs, in order; numeric lines it prints)
ORIGINALS = {
    "seed000_backprop.py": (["backprop_regression", "backprop_classification"], 4 * 2 + 7 * 2 + 1),
    "seed001_regression.py": (["backprop_regression"], 4 * 2),
    "seed001_classification.py": (["backprop_classification"], 7 * 2),
    "seed002_backprop_tf0.py": (["backprop_regression", "backprop_classification"], 4 * 2 + 7 * 2),
    "seed003_mnist_optimizer.py": (["mnist_softmax_optimizer"], 10 + 1),
    "seed003_mnist_gradients.py": (["mnist_softmax_gradients"], 10 + 1),
    "seed003_mnist_formula.py": (["mnist_softmax_formula"], 10 + 1),
}


def seeded_environment(seed):
    path = [str(SEEDING), str(REPO)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    return dict(os.environ, PYTHONPATH=os.pathsep.join(path), SEED_FOR_TEST=str(seed),
                TF_CPP_MIN_LOG_LEVEL="2", MPLBACKEND="Agg")


def run_seeded(command, seed, cwd, timeout=900, runner=subprocess.run):
    """Run `command` (a script invocation) with the seeds set from outside; `runner` is
    subprocess.run or a stand-in with its signature (the tests' shared TensorFlow process)."""
    return runner(command, cwd=cwd, env=seeded_environment(seed), capture_output=True, text=True,
                  timeout=timeout)


def run_converted(original, seed, cwd, runner=subprocess.run):
    """(CompletedProcess, seconds) of `python -m migrate run ORIGINAL`, seeded."""
    start = time.perf_counter()
    result = run_seeded([sys.executable, "-m", "migrate", "run", str(ORIGINALS_DIR / original)], seed, cwd,
                        runner=runner)
    return result, time.perf_counter() - start


def run_eager(original, seed, cwd):
    """(CompletedProcess, seconds) of ORIGINAL translated by `migrate --to eager` and run, seeded.

    The seconds cover the run of the translation, not the translation itself.
    """
    translated = Path(cwd) / f"eager_{original}"
    subprocess.run([sys.executable, "-m", "migrate", "--to", "eager", "-q", "-o", str(translated),
                    str(ORIGINALS_DIR / original)], check=True, capture_output=True, text=True, cwd=cwd)
    start = time.perf_counter()
    result = run_seeded([sys.executable, str(translated)], seed, cwd)
    return result, time.perf_counter() - start


def verify(original, cwd):
    """(CompletedProcess, seconds) of `python -m migrate verify ORIGINAL`."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "migrate", "verify", str(ORIGINALS_DIR / original)], cwd=cwd,
                            env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2"), capture_output=True, text=True,
                            timeout=900)
    return result, time.perf_counter() - start
