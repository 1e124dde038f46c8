"""backprop_regression: legacy and modern agree, and both do what seeds 000/001/002 show."""
import re

import matplotlib.image
import numpy as np
import pytest

from modern import backprop_regression as modern_program
from twins import cli
from twins.equality import assert_same_results

NAME = "backprop_regression"
SEEDS = (0, 1)


@pytest.fixture(scope="module")
def runs(legacy):
    """{seed: (legacy results, modern results)}, default hyperparameters."""
    return {seed: (legacy.run(NAME, seed=seed), modern_program.run(seed=seed)) for seed in SEEDS}


@pytest.mark.parametrize("seed", SEEDS)
def test_legacy_and_modern_give_the_same_numbers(runs, seed):
    # Same ops in the same order on both sides: this holds bit for bit, well inside RTOL.
    assert_same_results(*runs[seed])


def test_results_hold_full_trajectories(runs):
    legacy, modern = runs[0]
    assert set(legacy) == set(modern)
    for results in (legacy, modern):
        assert results["A"].shape == results["loss"].shape == results["indices"].shape == (100,)
        assert results["x_vals"].shape == (100,)
        assert np.ndim(results["A_final"]) == np.ndim(results["A_init"]) == 0
        assert results["A_final"] == results["A"][-1]
        assert int(results["_steps"]) == 100 and float(results["_train_seconds"]) > 0


@pytest.mark.parametrize("seed", SEEDS)
def test_a_converges_to_ten(runs, seed):
    for results in runs[seed]:
        assert abs(float(results["A_init"])) < 4  # a N(0, 1) draw, far from 10
        assert abs(float(results["A_final"]) - 10) < 1
        assert np.mean(results["loss"][-25:]) < np.mean(results["loss"][:25]) / 10


def test_data_are_the_tutorials(runs):
    x_vals = runs[0][1]["x_vals"]
    assert abs(x_vals.mean() - 1) < 0.05 and abs(x_vals.std() - 0.1) < 0.03
    assert not np.array_equal(x_vals, runs[1][1]["x_vals"])  # the seed matters


def test_trajectory_is_gradient_descent_on_the_sampled_points():
    # A_i = A_{i-1} - lr * d/dA (x*A - 10)^2 on sample indices[i]; loss_i = (x*A_i - 10)^2
    results = modern_program.run(seed=3, learning_rate=0.03, steps=40)
    x = results["x_vals"][results["indices"]].astype(np.float32).astype(np.float64)
    A = np.r_[results["A_init"], results["A"]].astype(np.float64)
    expected = A[:-1] - 0.03 * 2 * x * (x * A[:-1] - 10)
    np.testing.assert_allclose(results["A"], expected, rtol=1e-5)
    np.testing.assert_allclose(results["loss"], (x * A[1:] - 10) ** 2, rtol=1e-4, atol=1e-4)
    assert len(results["A"]) == 40


def test_modern_repeats_itself_in_one_process():
    assert_same_results(modern_program.run(seed=5, steps=10), modern_program.run(seed=5, steps=10), rtol=0, atol=0)


def test_verbose_prints_like_the_tutorial(capsys):
    modern_program.run(seed=0, verbose=True)
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(" A = ")[0] for line in lines[::2]] == ["Step #25", "Step #50", "Step #75", "Step #100"]
    assert all(re.fullmatch(r"Step #\d+ A = \[-?[\d.e+-]+\]", line) for line in lines[::2])
    assert all(re.fullmatch(r"Loss = \[[\d.e+-]+\]", line) for line in lines[1::2])
    assert len(lines) == 8
    modern_program.run(seed=0, steps=10)
    assert capsys.readouterr().out == ""


def test_unknown_override_raises(legacy):
    with pytest.raises(TypeError, match="unknown hyperparameter"):
        modern_program.run(seed=0, learning_rte=0.1)
    with pytest.raises(RuntimeError, match="TypeError: backprop_regression: unknown hyperparameter"):
        legacy.run(NAME, seed=0, learning_rte=0.1)


def test_command_line_writes_the_figure(tmp_path, capsys):
    results = cli.main(NAME, "modern", modern_program.run, ["--out", str(tmp_path), "--steps", "30", "--seed", "2"])
    assert len(results["A"]) == 30
    path = tmp_path / f"modern_{NAME}.png"
    assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    image = matplotlib.image.imread(path)
    assert image.shape == (400, 1000, 4) and image.std() > 0.01
    assert "figure written to" in capsys.readouterr().out


def test_help_lists_the_options(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(NAME, "modern", modern_program.run, ["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for option in ("--seed", "--out", "--no-plot", "--learning-rate", "--steps", "--print-every"):
        assert option in out
