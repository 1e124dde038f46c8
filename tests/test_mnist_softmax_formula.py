"""mnist_softmax_formula (seed 003, third program: the hand-derived formula): legacy and modern give the same numbers."""
import re

import matplotlib.image
import numpy as np
import pytest

from modern import mnist_softmax_formula as modern_program
from seed_data import mnist
from twins import cli
from twins.equality import assert_same_results

NAME = "mnist_softmax_formula"


@pytest.fixture(scope="module")
def idx_dir(tmp_path_factory):
    """600 train / 100 test real digits (from the bundled subset) as the four gzipped IDX files:
    the programs read them through the real-data path. Validation takes 50 (5000 of 60000,
    scaled), leaving 550 training images: 5 batches of 100 per epoch."""
    directory = tmp_path_factory.mktemp("mnist_idx")
    data = mnist.load_bundled()
    mnist.write_idx(str(directory), data.x_train[:600], data.y_train[:600], data.x_test[:100], data.y_test[:100])
    return str(directory)


@pytest.mark.parametrize("seed", [0, 1])
def test_same_numbers_on_idx_files(legacy, idx_dir, seed):
    a = legacy.run(NAME, seed=seed, data_dir=idx_dir, epochs=3)
    b = modern_program.run(seed=seed, data_dir=idx_dir, epochs=3)
    assert a["_steps"] == b["_steps"] == 15
    assert a["batch_cost"].shape == (15,) and a["cost"].shape == (3,)
    assert_same_results(a, b)


def test_seed_changes_the_batches(idx_dir):
    a, b = (modern_program.run(seed=s, data_dir=idx_dir, epochs=1) for s in (0, 1))
    assert a["batch_cost"][0] == b["batch_cost"][0]  # W, b start at zero: cost log(10) whatever the batch
    assert not np.allclose(a["batch_cost"][1:], b["batch_cost"][1:])


def test_full_default_run_on_bundled_data(legacy):
    """The seed's settings (10 epochs of batch 100, lr 0.01) on the bundled subset: 36 steps per epoch.
    Same numbers on both sides over all 360 steps; accuracy measured 0.893 (seed 0) on the
    1000 bundled test images (the seed: 0.898 on full MNIST). Its W step is the batch SUM,
    100x the mean cost's gradient, so it beats the optimizer program (0.830 here, 0.873 in
    the seed) as in the seed."""
    from modern import mnist_softmax_optimizer

    a = legacy.run(NAME, seed=0, data_dir=mnist.BUNDLED)
    b = modern_program.run(seed=0, data_dir=mnist.BUNDLED)
    assert_same_results(a, b)
    assert b["_steps"] == 360
    assert b["cost"][0] == pytest.approx(1.035, abs=0.01) and b["cost_final"] == pytest.approx(0.2195, abs=0.01)
    assert b["cost_final"] < 0.5 * b["cost"][0]
    assert 0.87 <= b["accuracy"] <= 0.92
    optimizer = mnist_softmax_optimizer.run(seed=0, data_dir=mnist.BUNDLED)
    assert b["accuracy"] > optimizer["accuracy"] + 0.03
    assert b["cost_final"] < optimizer["cost_final"]


def test_b_is_updated_but_never_used(idx_dir):
    """The seed's b: it moves (by its pixel-row-mean "gradient"), but pred has no b, so the cost
    and W trajectories do not depend on it."""
    results = modern_program.run(seed=0, data_dir=idx_dir, epochs=1)
    assert np.any(results["b"] != 0)
    assert results["batch_cost"][0] == pytest.approx(np.log(10), rel=1e-6)  # softmax(x @ 0): uniform


def test_prints_like_the_tutorial(idx_dir, capsys):
    modern_program.run(seed=0, data_dir=idx_dir, epochs=2, verbose=True)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("MNIST: MNIST IDX files in " + idx_dir)
    assert re.fullmatch(r"Epoch: 0001 cost= \d\.\d{9}", lines[1]) and lines[2].startswith("Epoch: 0002 cost= ")
    assert lines[3] == "Optimization Finished!" and re.fullmatch(r"Accuracy: 0\.\d+", lines[4])
    modern_program.run(seed=0, data_dir=idx_dir, epochs=1)
    assert capsys.readouterr().out == ""


def test_figure(idx_dir, tmp_path):
    cli.main(NAME, "modern", modern_program.run, ["--out", str(tmp_path), "--epochs", "1", "--data-dir", idx_dir])
    path = tmp_path / f"modern_{NAME}.png"
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert matplotlib.image.imread(str(path)).shape == (400, 600, 4)
