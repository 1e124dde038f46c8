"""make demo's overlay figures and quiet mode, without TensorFlow: the figure draws exactly
the compared arrays (line data and the PNG's digest), the migrated original's printed
trajectory is read in both seed spellings, and TensorFlow's log lines are filtered from
file descriptor 2, children included, while everything else passes."""
import subprocess
import sys

import numpy as np

from twins import overlay
from twins.programs import NAMES
from twins.quiet import TF_LOG_LINE, quiet_tensorflow

A = (np.arange(1, 101) / 10.0).astype(np.float32)


def test_every_program_has_a_series():
    assert set(overlay.SERIES) == set(NAMES)


def test_printed_points_read_both_seed_spellings_and_skip_other_lines():
    stdout = "Step #25 A = [2.5]\nLoss = [3.0]\nstep #50a = [5.0]\nMNIST: bundled subset (4000 train)\n"
    x, y = overlay.printed_points("backprop_regression", stdout)
    assert x.tolist() == [25.0, 50.0] and y.tolist() == [2.5, 5.0]
    x, y = overlay.printed_points("mnist_softmax_formula", "Epoch: 0001 cost= 1.184285608\nAccuracy: 0.89\n")
    assert x.tolist() == [1.0] and y.tolist() == [1.184285608]
    assert overlay.printed_points("iris_mlp", "i:10, TrainAcc:0.5")[0].size == 0


def test_the_figure_draws_exactly_the_compared_arrays(tmp_path):
    legacy, modern = {"A": A, "loss": A * 0}, {"A": A + np.float32(1e-6), "loss": A * 0}
    original = overlay.printed_points("backprop_regression", "Step #25 A = [2.5]\nStep #50 A = [5.0]\n")
    arrays = overlay.drawn_arrays("backprop_regression", legacy, modern, original)
    assert [label for label, _, _ in arrays] == ["legacy A", "modern A", "migrated original"]

    fig = overlay.figure("backprop_regression", arrays)
    top, bottom = fig.axes
    lines = {line.get_label(): line for line in top.lines}
    np.testing.assert_array_equal(lines["legacy"].get_ydata(), legacy["A"].astype(np.float64))
    np.testing.assert_array_equal(lines["modern"].get_ydata(), modern["A"].astype(np.float64))
    np.testing.assert_array_equal(lines["legacy"].get_xdata(), np.arange(1, 101))
    np.testing.assert_array_equal(lines["migrated original (printed)"].get_xdata(), [25, 50])
    # the difference panel: |legacy - modern| (scaled by the power of ten in its label)
    diff = bottom.lines[0].get_ydata()
    exponent = int(bottom.get_ylabel().split("1e")[1])
    np.testing.assert_allclose(diff * 10.0 ** exponent,
                               np.abs(legacy["A"].astype(np.float64) - modern["A"].astype(np.float64)))
    largest = float(np.max(np.abs(legacy["A"].astype(np.float64) - modern["A"].astype(np.float64))))
    assert top.get_title().endswith(f"max |legacy - modern| of A = {largest:.3g}")

    path = overlay.save(fig, str(tmp_path / "f.png"), overlay.digest(arrays))
    assert open(path, "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    assert overlay.png_digest(path) == overlay.digest(arrays)
    other = overlay.drawn_arrays("backprop_regression", legacy, legacy, original)
    assert overlay.digest(other) != overlay.digest(arrays)


def test_several_series_and_the_overview(tmp_path):
    opt = {"A_init": np.float32(1), "gd_A": A, "momentum_A": A * 2, "gd_loss": A}
    arrays = overlay.drawn_arrays("optimizers", opt, opt)
    assert [label for label, _, _ in arrays] == ["legacy gd_A", "modern gd_A", "legacy momentum_A", "modern momentum_A"]
    iris = {"train_loss": A, "test_loss": A / 2}
    drawn = {"optimizers": arrays, "iris_mlp": overlay.drawn_arrays("iris_mlp", iris, iris)}
    assert drawn["iris_mlp"][0][1][0] == 0  # iris starts at iteration 0
    path = overlay.save_overview(drawn, str(tmp_path / "overview.png"))
    assert open(path, "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    assert overlay.png_digest(path) == overlay.overview_digest(drawn)


def test_tf_log_lines_are_recognised():
    for line in (b"I0000 00:00:1796049211.812043   12057 cudart_stub.cc:31] Could not find cuda drivers",
                 b"E0000 00:00:1796049042.177204   10141 cuda_platform.cc:52] failed call to cuInit",
                 b"W1130 14:25:03.123456  999 tensorflow/core/framework/op.cc:7] x",
                 b"WARNING: All log messages before absl::InitializeLog() is called are written to STDERR"):
        assert TF_LOG_LINE.match(line), line
    for line in (b"running iris_mlp ...", b"Traceback (most recent call last):", b"I think so",
                 b"E: error in 0000 thing]"):
        assert not TF_LOG_LINE.match(line), line


def test_quiet_mode_filters_children_and_keeps_everything_else(capfd):
    child = ("import os, sys; sys.stderr.write('I0000 00:00:1.5   7 cudart_stub.cc:31] noise\\nkeep me\\n'); "
             "sys.stderr.write(os.environ['TF_CPP_MIN_LOG_LEVEL'] + ' ' + os.environ['PYTHONWARNINGS'] + '\\n')")
    with quiet_tensorflow():
        subprocess.run([sys.executable, "-c", child], check=True)
        print("progress line", file=sys.stderr, flush=True)
    err = capfd.readouterr().err
    assert "noise" not in err
    assert "keep me" in err and "progress line" in err and "3 ignore::DeprecationWarning" in err
    with quiet_tensorflow(enabled=False):
        subprocess.run([sys.executable, "-c", "import sys; sys.stderr.write('I0000 00:00:1.5 7 a.cc:1] shown\\n')"])
    assert "shown" in capfd.readouterr().err
