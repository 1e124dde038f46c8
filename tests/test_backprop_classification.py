"""backprop_classification: legacy and modern agree, and both do what seeds 000/001/002 show."""
import re

import matplotlib.image
import numpy as np
import pytest

from modern import backprop_classification as modern_program
from twins import cli
from twins.equality import assert_same_results

NAME = "backprop_classification"
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
        assert results["A"].shape == results["loss"].shape == results["indices"].shape == (1400,)
        assert results["x_vals"].shape == results["y_vals"].shape == results["predictions"].shape == (100,)
        assert np.ndim(results["A_final"]) == np.ndim(results["accuracy"]) == 0
        assert results["A_final"] == results["A"][-1]
        assert int(results["_steps"]) == 1400


@pytest.mark.parametrize("seed", SEEDS)
def test_a_converges_to_minus_one_and_classifies(runs, seed):
    for results in runs[seed]:
        assert abs(float(results["A_init"]) - 10) < 4  # random_normal(mean=10)
        assert abs(float(results["A_final"]) + 1) < 0.5  # theory: -(m1 + m2)/2 = -1
        assert float(results["accuracy"]) >= 0.95  # the tutorial: 1.0


def test_predictions_are_the_rounded_sigmoid_at_the_final_a(runs):
    for results in runs[1]:
        x = results["x_vals"].astype(np.float32)
        expected = (x + results["A_final"] > 0).astype(np.float32)
        np.testing.assert_array_equal(results["predictions"], expected)
        assert float(results["accuracy"]) == np.mean(results["predictions"] == results["y_vals"])


def test_data_are_the_tutorials(runs):
    results = runs[0][1]
    x, y = results["x_vals"], results["y_vals"]
    np.testing.assert_array_equal(y, np.r_[np.zeros(50), np.ones(50)])
    assert abs(x[:50].mean() + 1) < 0.4 and abs(x[50:].mean() - 3) < 0.4


def test_trajectory_is_gradient_descent_on_the_sampled_points():
    # d/dA of sigmoid cross-entropy(x + A, y) is sigmoid(x + A) - y
    results = modern_program.run(seed=3, learning_rate=0.1, steps=50)
    x = results["x_vals"][results["indices"]].astype(np.float32).astype(np.float64)
    y = results["y_vals"][results["indices"]]
    A = np.r_[results["A_init"], results["A"]].astype(np.float64)
    sigmoid = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    np.testing.assert_allclose(results["A"], A[:-1] - 0.1 * (sigmoid(x + A[:-1]) - y), rtol=1e-5, atol=1e-6)
    z = x + A[1:]
    cross_entropy = np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))
    np.testing.assert_allclose(results["loss"], cross_entropy, rtol=1e-4, atol=1e-6)


def test_verbose_prints_like_the_tutorial(capsys):
    modern_program.run(seed=0, verbose=True, steps=400)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 5
    assert re.fullmatch(r"Step #200 A = \[-?[\d.e+-]+\]", lines[0])
    assert re.fullmatch(r"Loss = \[\[[\d.e+-]+\]\]", lines[1])  # [[...]]: the expanded batch dimension
    assert lines[2].startswith("Step #400 A = ")
    assert re.fullmatch(r"Ending Accuracy = [\d.]+", lines[4])


def test_unknown_override_raises(legacy):
    with pytest.raises(TypeError, match="unknown hyperparameter"):
        modern_program.run(seed=0, epochs=3)
    with pytest.raises(RuntimeError, match="TypeError: backprop_classification: unknown hyperparameter"):
        legacy.run(NAME, seed=0, epochs=3)


def test_command_line_writes_the_figure(tmp_path):
    results = cli.main(NAME, "modern", modern_program.run, ["--out", str(tmp_path), "--steps", "200"])
    assert len(results["A"]) == 200
    path = tmp_path / f"modern_{NAME}.png"
    assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    image = matplotlib.image.imread(path)
    assert image.shape == (400, 1400, 4) and image.std() > 0.01


def test_help_lists_the_options(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(NAME, "modern", modern_program.run, ["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for option in ("--seed", "--out", "--no-plot", "--learning-rate", "--steps", "--print-every"):
        assert option in out
