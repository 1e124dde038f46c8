"""optimizers: legacy (TF1 classes) and modern (Keras via the equivalence table) agree, and
the configurations show what seed 002 says about them."""
import ast
import pathlib

import matplotlib.image
import numpy as np
import pytest

from modern import backprop_regression as modern_regression
from modern import optimizers as modern_program
from twins import cli
from twins.equality import assert_same_results
from twins.figures.optimizers import config_names
from migrate.tables.optimizers import EQUIVALENCE

NAME = "optimizers"
SEEDS = (0, 1)
CONFIGS = list(modern_program.CONFIGS)


@pytest.fixture(scope="module")
def runs(legacy):
    """{seed: (legacy results, modern results)}, default hyperparameters."""
    return {seed: (legacy.run(NAME, seed=seed), modern_program.run(seed=seed)) for seed in SEEDS}


def first_step_within(A, distance=1.0):
    """1-based step at which A first comes within `distance` of 10 (None: never)."""
    hits = np.nonzero(np.abs(np.asarray(A) - 10) < distance)[0]
    return int(hits[0]) + 1 if len(hits) else None


def jitter(A, last=25):
    """How much one sample moves A once it has settled: std of the last steps' changes."""
    return float(np.std(np.diff(np.asarray(A)[-last:])))


@pytest.mark.parametrize("seed", SEEDS)
def test_legacy_and_modern_give_the_same_numbers(runs, seed):
    legacy, modern = runs[seed]
    # GradientDescent is bit for bit; Momentum, Adagrad and Adadelta differ by an ulp of A
    # now and then (see migrate/tables/optimizers.py), well inside float32 tolerance.
    assert_same_results(legacy, modern)


def test_both_twins_use_the_same_config_table():
    from twins import optimizer_configs

    assert modern_program.CONFIGS is optimizer_configs.CONFIGS
    # legacy/ cannot be imported here (it disables TF 2 behaviour for the process): read it
    source = pathlib.Path(__file__).parents[1] / "legacy" / "optimizers.py"
    tree = ast.parse(source.read_text())
    imports = [node for node in tree.body if isinstance(node, ast.ImportFrom) and node.module == "twins.optimizer_configs"]
    assert [alias.name for node in imports for alias in node.names] == ["CONFIGS"]
    assert not [node for node in tree.body if isinstance(node, ast.Assign) and "CONFIGS" in ast.dump(node)]


def test_configs_use_only_equivalent_rows_and_cover_seed_002():
    used = {optimizer for optimizer, _ in modern_program.CONFIGS.values()}
    assert all(EQUIVALENCE[name].equivalent for name in used)
    # seed 002 names Momentum, Adagrad, Adadelta and the small vs large rate table
    assert {"GradientDescentOptimizer", "MomentumOptimizer", "AdagradOptimizer", "AdadeltaOptimizer"} <= used
    rates = [kw["learning_rate"] for opt, kw in modern_program.CONFIGS.values() if opt == "GradientDescentOptimizer"]
    assert len(rates) == 3


def test_results_hold_one_trajectory_per_config(runs):
    legacy, modern = runs[0]
    assert set(legacy) == set(modern)
    assert config_names(modern) == CONFIGS
    for name in CONFIGS:
        assert modern[f"{name}_A"].shape == modern[f"{name}_loss"].shape == (100,)
        assert np.ndim(modern[f"{name}_A_final"]) == np.ndim(modern[f"{name}_loss_final"]) == 0
    scalars = sorted(k for k, v in modern.items() if np.ndim(v) == 0 and not k.startswith("_"))
    assert scalars == sorted(["A_init"] + [f"{n}_A_final" for n in CONFIGS] + [f"{n}_loss_final" for n in CONFIGS])
    assert int(modern["_steps"]) == 100 * len(CONFIGS)


def test_every_config_starts_alike_and_gradient_descent_is_the_tutorial(runs):
    modern = runs[0][1]
    # same initial A, same samples: the first step of plain SGD at 0.02 is the tutorial's
    tutorial = modern_regression.run(seed=0)
    assert modern["A_init"] == tutorial["A_init"]
    np.testing.assert_array_equal(modern["gradient_descent_A"], tutorial["A"])
    np.testing.assert_array_equal(modern["gradient_descent_loss"], tutorial["loss"])


@pytest.mark.parametrize("seed", SEEDS)
def test_final_losses(runs, seed):
    for results in runs[seed]:
        # mean (x*A - 10)^2 over the data cannot go below ~ 100*var(x) ~ 1
        best = np.mean((results["x_vals"] * (10 * np.mean(results["x_vals"]) / np.mean(results["x_vals"] ** 2)) - 10) ** 2)
        assert 0.5 < best < 1.5
        for name in CONFIGS:
            A_final, loss_final = float(results[f"{name}_A_final"]), float(results[f"{name}_loss_final"])
            if name == "small_rate":
                assert 5 < A_final < 8 and loss_final > 5  # not there yet after 100 steps
            else:
                assert abs(A_final - 10) < 1 and loss_final < best + 1, name


@pytest.mark.parametrize("seed", SEEDS)
def test_seed_002_small_versus_large_learning_rate(runs, seed):
    results = runs[seed][1]
    small, tutorial, large = (results[f"{name}_A"] for name in ("small_rate", "gradient_descent", "large_rate"))
    # larger rate: faster convergence ...
    assert first_step_within(small) is None
    assert first_step_within(large) <= 10 < 40 <= first_step_within(tutorial)
    # ... but less accurate: each sample moves A more, about in proportion to the rate
    assert jitter(small) * 4 < jitter(tutorial) and jitter(tutorial) * 4 < jitter(large)


@pytest.mark.parametrize("seed", SEEDS)
def test_adaptive_and_momentum_configs_beat_the_tutorial_rate(runs, seed):
    results = runs[seed][1]
    tutorial = first_step_within(results["gradient_descent_A"])
    for name in ("momentum", "adagrad", "adadelta"):
        assert first_step_within(results[f"{name}_A"]) < tutorial, name
    # momentum 0.5 doubles the tutorial's effective step: about half the steps
    assert first_step_within(results["momentum_A"]) <= tutorial * 0.6


def test_adadelta_with_tf1_default_epsilon_barely_moves(monkeypatch):
    # the reason the table gives adadelta epsilon=0.01
    monkeypatch.setattr(modern_program, "CONFIGS", {"default": ("AdadeltaOptimizer", {"learning_rate": 1.0})})
    results = modern_program.run(seed=0)
    assert 0 < float(results["default_A_final"]) - float(results["A_init"]) < 0.1


def test_unknown_override_raises(legacy):
    with pytest.raises(TypeError, match="unknown hyperparameter"):
        modern_program.run(seed=0, learning_rate=0.1)  # rates live in CONFIGS, not in overrides
    with pytest.raises(RuntimeError, match="TypeError: optimizers: unknown hyperparameter"):
        legacy.run(NAME, seed=0, learning_rate=0.1)


def test_command_line_writes_the_figure(tmp_path):
    results = cli.main(NAME, "modern", modern_program.run, ["--out", str(tmp_path), "--steps", "20"])
    assert len(results["adadelta_A"]) == 20
    path = tmp_path / f"modern_{NAME}.png"
    assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    image = matplotlib.image.imread(path)
    assert image.shape == (500, 1300, 4) and image.std() > 0.01


def test_help_lists_the_options(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(NAME, "modern", modern_program.run, ["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for option in ("--seed", "--out", "--no-plot", "--steps", "--print-every"):
        assert option in out
