"""Figure of optimizers: loss and A curves of every optimizer configuration."""
import numpy as np
from matplotlib.figure import Figure


def config_names(results):
    """Configuration names, in the program's order (results hold NAME_A_final per config)."""
    return [key[: -len("_A_final")] for key in results if key.endswith("_A_final")]


def draw(results, window=10):
    names = config_names(results)
    fig = Figure(figsize=(13, 5))
    left, right = fig.subplots(1, 2)
    for name in names:
        loss, A = np.asarray(results[f"{name}_loss"]), np.asarray(results[f"{name}_A"])
        steps = np.arange(1, len(loss) + 1)
        # single-sample losses jump by orders of magnitude: show their running mean
        width = max(1, min(window, len(loss)))
        smooth = np.convolve(loss, np.ones(width) / width, mode="valid")
        label = f"{name} (final MSE {float(results[f'{name}_loss_final']):.2f})"
        (line,) = left.semilogy(steps[width - 1:], np.maximum(smooth, 1e-12), label=label)
        right.plot(np.r_[0, steps], np.r_[results["A_init"], A], color=line.get_color(), label=name)
    left.set(xlabel="step", ylabel=f"loss, running mean of {window} steps",
             title="(x*A - 10)^2 on each step's sample, after the update")
    left.legend(fontsize="small")
    right.axhline(10, color="k", linestyle="--", linewidth=1)
    right.set(xlabel="step", ylabel="A", title="A (theory: 10)")
    right.legend(fontsize="small", loc="lower right")
    fig.tight_layout()
    return fig
