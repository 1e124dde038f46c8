"""The shared machinery of the twins: hyperparameter table, equality, tables, child process."""
import re

import numpy as np
import pytest

from twins.equality import assert_same_results, largest_difference
from twins.programs import NAMES, PROGRAMS, hyperparameters
from twins.table import markdown_table


def test_every_program_has_both_twins_and_a_figure():
    import importlib.util

    for name in NAMES:
        for package in ("legacy", "modern", "twins.figures"):
            assert importlib.util.find_spec(f"{package}.{name}") is not None, f"{package}.{name} is missing"


def test_hyperparameters_fill_defaults_and_reject_unknown_keys():
    p = hyperparameters("backprop_regression", {"steps": 7})
    assert p["steps"] == 7 and p["learning_rate"] == PROGRAMS["backprop_regression"].defaults["learning_rate"]
    assert p["verbose"] is False
    with pytest.raises(TypeError, match="stepz"):
        hyperparameters("backprop_regression", {"stepz": 7})


def test_equality_ignores_measurements_and_catches_one_step_of_drift():
    a = {"loss": np.array([1.0, 2.0, 3.0], np.float32), "_train_seconds": 1.0}
    b = {"loss": np.array([1.0, 2.0, 3.0], np.float32), "_train_seconds": 9.0}
    assert_same_results(a, b)
    assert largest_difference(a, b) == 0.0
    b["loss"] = np.array([1.0, 2.0, 3.001], np.float32)
    with pytest.raises(AssertionError, match="loss"):
        assert_same_results(a, b)
    assert largest_difference(a, b) == pytest.approx(0.001, rel=1e-3)


def test_equality_rejects_different_keys_and_shapes():
    with pytest.raises(AssertionError, match="keys"):
        assert_same_results({"a": 1.0}, {"b": 1.0})
    with pytest.raises(AssertionError, match="shape"):
        assert_same_results({"a": np.zeros(3)}, {"a": np.zeros(4)})


def test_markdown_table_aligns_columns():
    text = markdown_table(["name", "n"], [["a", 1], ["bbb", 22]], numeric={1})
    assert text.splitlines() == ["| name |  n |", "|------|---:|", "| a    |  1 |", "| bbb  | 22 |"]


def test_legacy_process_reports_errors_and_keeps_serving(legacy):
    with pytest.raises(RuntimeError, match="no_such_program"):
        legacy.run("no_such_program")
    with pytest.raises(RuntimeError, match="unknown hyperparameter"):
        legacy.run("backprop_regression", stepz=1)
    results = legacy.run("backprop_regression", seed=0, steps=3)
    assert results["A"].shape == (3,)


def test_compare_runs_both_sides_prints_a_short_table_and_draws_the_compared_arrays(tmp_path, capfd, legacy):
    from twins import compare, overlay
    from twins.legacy_process import as_arrays
    from twins.quiet import TF_LOG_LINE

    status = compare.main(["--only", "backprop_regression", "--no-originals", "--out", str(tmp_path)])
    captured = capfd.readouterr()
    assert status == 0
    lines = captured.out.splitlines()
    row = next(line for line in lines if line.startswith("| backprop_regression"))
    assert re.fullmatch(r"\| backprop_regression +\| +100 \| +0 \| yes +\| [\d.]+/[\d.]+ \|", row), row
    assert max(len(line.replace(str(tmp_path), "out")) for line in lines) <= 100, captured.out
    # quiet: no TensorFlow log line from the legacy child (which imported TensorFlow here)
    assert not [line for line in captured.err.splitlines() if TF_LOG_LINE.match(line.encode())
                or line.startswith("WARNING:tensorflow")], captured.err
    # every value in the file beside the figures
    full = (tmp_path / "compare.md").read_text()
    assert "A_final=9.7636" in full and "| legacy results" in full
    for side in ("legacy", "modern"):
        assert (tmp_path / f"{side}_backprop_regression.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # the overlay was drawn from exactly the arrays the two sides return for seed 0
    from modern import backprop_regression  # (imports TensorFlow: after the quiet check above)

    expected = overlay.drawn_arrays("backprop_regression", legacy.run("backprop_regression", seed=0),
                                    as_arrays(backprop_regression.run(seed=0)))
    figure = tmp_path / "backprop_regression.png"
    assert figure.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert overlay.png_digest(str(figure)) == overlay.digest(expected)
    assert overlay.png_digest(str(tmp_path / "overview.png")) == overlay.overview_digest({"backprop_regression": expected})


def test_cli_rejects_a_data_dir_that_does_not_exist(tmp_path, capsys):
    from twins import cli

    with pytest.raises(SystemExit) as exit_info:
        cli.main("iris_mlp", "modern", lambda **kw: pytest.fail("must not run"), ["--data-dir", str(tmp_path / "nope")])
    assert exit_info.value.code == 2
    assert "no such directory" in capsys.readouterr().err


def test_legacy_process_captures_what_a_program_prints(legacy):
    results, printed = legacy.run_printing("backprop_regression", seed=0, steps=25)
    assert printed.splitlines()[0] == f"Step #25 A = {results['A'][-1:]}"
