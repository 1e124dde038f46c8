"""make demo's figures say what they show (no TensorFlow, no rendering by eye): every panel
of the overview has a legend naming its curves, a difference axis never runs below zero, and
a figure's title gives the largest |legacy - modern| over the curves it draws and says so
(the table's `max diff` is over every result)."""
import numpy as np
import pytest

from twins import overlay

STEPS = np.arange(1, 61, dtype=np.float32)


def results(program, shift):
    """Twin-like results for a program: its drawn series, plus a result that is not drawn."""
    if program == "iris_mlp":
        return {"train_loss": 1 / STEPS + shift, "test_loss": 2 / STEPS, "final_accuracy": np.float32(0.9)}
    if program == "optimizers":
        return {"A_init": np.float32(1), "gd_0.02_A": STEPS / 6 + shift, "momentum_A": STEPS / 7,
                "adagrad_A": STEPS / 8, "gd_0.02_loss": STEPS * 0 + 40 * shift}
    return {"A": STEPS / 6 + shift}


PROGRAMS = ("backprop_regression", "iris_mlp", "optimizers")


def drawn(program, shift=np.float32(2e-6)):
    return overlay.drawn_arrays(program, results(program, 0), results(program, shift))


def test_every_panel_of_the_overview_has_a_legend_naming_its_curves(tmp_path):
    from matplotlib.figure import Figure

    figure = Figure()
    for program in PROGRAMS:
        top, bottom = figure.subplots(2, 1)
        overlay._draw(program, drawn(program), top, bottom, compact=True)  # as save_overview draws
        legend = top.get_legend()
        assert legend is not None, program
        labels = {text.get_text() for text in legend.get_texts()}
        keys = [label.split(" ", 1)[1] for label, _, _ in drawn(program) if label.startswith("legacy ")]
        if len(keys) > 1:  # one colour per curve: each is named, and so are the two styles
            assert {key.removesuffix("_A") for key in keys} | {"legacy", "modern"} <= labels, labels
        else:
            assert {"legacy", "modern"} <= labels
    path = overlay.save_overview({p: drawn(p) for p in PROGRAMS}, str(tmp_path / "overview.png"))
    assert open(path, "rb").read(8) == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("shift", [np.float32(0), np.float32(3e-6)])
@pytest.mark.parametrize("program", PROGRAMS)
def test_the_difference_axis_starts_at_zero(program, shift):
    for compact in (False, True):
        from matplotlib.figure import Figure

        top, bottom = Figure().subplots(2, 1)
        overlay._draw(program, drawn(program, shift), top, bottom, compact=compact)
        low, high = bottom.get_ylim()
        assert low == 0 and high > 0, (program, compact, low, high)


def test_the_title_gives_the_largest_difference_of_the_curves_it_draws_and_says_so():
    legacy, modern = results("optimizers", 0), results("optimizers", np.float32(2e-6))
    arrays = overlay.drawn_arrays("optimizers", legacy, modern)
    top = overlay.figure("optimizers", arrays).axes[0]
    curves = [k for k in legacy if k.endswith("_A") and k != "A_init"]
    over_drawn = max(float(np.max(np.abs(np.float64(legacy[k]) - np.float64(modern[k])))) for k in curves)
    over_every = max(float(np.max(np.abs(np.float64(legacy[k]) - np.float64(modern[k])))) for k in legacy)
    assert over_every > over_drawn  # the table's figure is another one: the title must say which
    assert top.get_title() == f"optimizers: max |legacy - modern| of the {len(curves)} curves drawn = {over_drawn:.3g}"
