"""The three MNIST programs of seed 003 (built-in optimizer, tf.gradients + assign, the
hand-derived formula): legacy and modern give the same numbers, and the levels of the seed."""
import importlib
import re

import matplotlib.image
import numpy as np
import pytest

from tf_revive_runtime import input_data as mnist
from twins import cli
from twins.equality import assert_same_results

# program -> what its full default run on the bundled subset gives (seed 0): the first and
# last epoch's average cost, and the accuracy range on the 1000 bundled test images. The
# seed's figures on full MNIST were 0.873, 0.874 and 0.898.
FULL_RUN = {
    "mnist_softmax_optimizer": {"cost_first": 2.128, "cost_final": 0.919, "accuracy": (0.80, 0.86)},
    "mnist_softmax_gradients": {"cost_first": 2.128, "cost_final": 0.919, "accuracy": (0.80, 0.86)},
    "mnist_softmax_formula": {"cost_first": 1.035, "cost_final": 0.2195, "accuracy": (0.87, 0.92)},
}
NAMES = list(FULL_RUN)


def modern_program(name):
    return importlib.import_module(f"modern.{name}")


@pytest.fixture(scope="module")
def idx_dir(tmp_path_factory):
    """600 train / 100 test real digits (from the bundled subset) as the four gzipped IDX files:
    the programs read them through the real-data path. Validation takes 50 (5000 of 60000,
    scaled), leaving 550 training images: 5 batches of 100 per epoch."""
    directory = tmp_path_factory.mktemp("mnist_idx")
    data = mnist.load_bundled()
    mnist.write_idx(str(directory), data.x_train[:600], data.y_train[:600], data.x_test[:100], data.y_test[:100])
    return str(directory)


@pytest.fixture(scope="module")
def full_runs(legacy):
    """name -> (legacy, modern) results of the seed's settings (10 epochs of batch 100, lr 0.01)
    on the bundled subset, seed 0: 36 steps per epoch."""
    return {name: (legacy.run(name, seed=0, data_dir=mnist.BUNDLED), modern_program(name).run(seed=0, data_dir=mnist.BUNDLED))
            for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("seed", [0, 1])
def test_same_numbers_on_idx_files(legacy, idx_dir, name, seed):
    a = legacy.run(name, seed=seed, data_dir=idx_dir, epochs=3)
    b = modern_program(name).run(seed=seed, data_dir=idx_dir, epochs=3)
    assert a["_steps"] == b["_steps"] == 15
    assert a["batch_cost"].shape == (15,) and a["cost"].shape == (3,)
    assert_same_results(a, b)


@pytest.mark.parametrize("name", NAMES)
def test_full_default_run_on_bundled_data(full_runs, name):
    a, b = full_runs[name]
    assert_same_results(a, b)  # all 360 steps
    assert b["_steps"] == 360
    expected = FULL_RUN[name]
    assert b["cost"][0] == pytest.approx(expected["cost_first"], abs=0.01)
    assert b["cost_final"] == pytest.approx(expected["cost_final"], abs=0.01)
    low, high = expected["accuracy"]
    assert low <= b["accuracy"] <= high


@pytest.mark.parametrize("name", ["mnist_softmax_optimizer", "mnist_softmax_gradients"])
def test_the_average_cost_falls_every_epoch(full_runs, name):
    assert np.all(np.diff(full_runs[name][1]["cost"]) < 0)


def test_formula_beats_the_optimizer_as_in_the_seed(full_runs):
    """Its W step is the batch SUM, 100x the mean cost's gradient, so it gets further in the
    same steps (seed: 0.898 vs 0.873)."""
    formula, optimizer = full_runs["mnist_softmax_formula"][1], full_runs["mnist_softmax_optimizer"][1]
    assert formula["cost_final"] < 0.5 * formula["cost"][0]
    assert formula["accuracy"] > optimizer["accuracy"] + 0.03
    assert formula["cost_final"] < optimizer["cost_final"]


def test_formula_updates_b_but_never_uses_it(idx_dir):
    """The seed's b moves (by its pixel-row-mean "gradient"), but pred has no b, so the cost
    and W trajectories do not depend on it."""
    results = modern_program("mnist_softmax_formula").run(seed=0, data_dir=idx_dir, epochs=1)
    assert np.any(results["b"] != 0)
    assert results["batch_cost"][0] == pytest.approx(np.log(10), rel=1e-6)  # softmax(x @ 0): uniform


def test_gradients_program_equals_the_optimizer_program(idx_dir):
    """tf.gradients + W.assign(W - lr * grad) is what GradientDescentOptimizer does: with the same
    batches the two programs agree exactly (the seed's runs differed only in their batches)."""
    assert_same_results(modern_program("mnist_softmax_gradients").run(seed=0, data_dir=idx_dir, epochs=2),
                        modern_program("mnist_softmax_optimizer").run(seed=0, data_dir=idx_dir, epochs=2),
                        rtol=0, atol=0)


def test_seed_changes_the_batches(idx_dir):
    a, b = (modern_program("mnist_softmax_optimizer").run(seed=s, data_dir=idx_dir, epochs=1) for s in (0, 1))
    assert a["batch_cost"][0] == b["batch_cost"][0]  # W, b start at zero: cost log(10) whatever the batch
    assert not np.allclose(a["batch_cost"][1:], b["batch_cost"][1:])


@pytest.mark.parametrize("name", NAMES)
def test_prints_like_the_tutorial(idx_dir, capsys, name):
    program = modern_program(name)
    program.run(seed=0, data_dir=idx_dir, epochs=2, verbose=True)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("MNIST: MNIST IDX files in " + idx_dir)
    assert re.fullmatch(r"Epoch: 0001 cost= \d\.\d{9}", lines[1]) and lines[2].startswith("Epoch: 0002 cost= ")
    assert lines[3] == "Optimization Finished!" and re.fullmatch(r"Accuracy: 0\.\d+", lines[4])
    program.run(seed=0, data_dir=idx_dir, epochs=1)
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("name", NAMES)
def test_figure(idx_dir, tmp_path, name):
    cli.main(name, "modern", modern_program(name).run, ["--out", str(tmp_path), "--epochs", "1", "--data-dir", idx_dir])
    path = tmp_path / f"modern_{name}.png"
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert matplotlib.image.imread(str(path)).shape == (400, 600, 4)
