"""Figure of backprop_classification: A's way to -1, and the classes with sigmoid(x + A)."""
import numpy as np
from matplotlib.figure import Figure


def draw(results):
    A, loss = np.asarray(results["A"]), np.asarray(results["loss"])
    x_vals, y_vals = np.asarray(results["x_vals"]), np.asarray(results["y_vals"])
    A_final = float(results["A_final"])
    steps = np.arange(1, len(A) + 1)
    fig = Figure(figsize=(14, 4))
    left, middle, right = fig.subplots(1, 3)

    left.plot(np.r_[0, steps], np.r_[results["A_init"], A], label="A")
    left.axhline(-1, color="k", linestyle="--", linewidth=1, label="theory: A = -(m1 + m2)/2 = -1")
    left.set(xlabel="step", ylabel="A", title=f"sigmoid(x + A): A = {A_final:.4f} after {len(A)} steps")
    left.legend(loc="upper right")

    middle.semilogy(steps, np.maximum(loss, 1e-12), ".", markersize=2)
    middle.set(xlabel="step", ylabel="cross-entropy", title="loss on the step's sample, after the update")

    grid = np.linspace(x_vals.min() - 0.5, x_vals.max() + 0.5, 200)
    for label, color in ((0, "tab:blue"), (1, "tab:red")):
        chosen = y_vals == label
        right.plot(x_vals[chosen], y_vals[chosen], "o", color=color, alpha=0.5, label=f"class {label}")
    right.plot(grid, 1 / (1 + np.exp(-(grid + A_final))), "k-", label="sigmoid(x + A)")
    right.axvline(-A_final, color="gray", linestyle=":", label=f"boundary x = {-A_final:.3f}")
    right.set(xlabel="x", ylabel="class / probability", title=f"accuracy {float(results['accuracy']):.2f}")
    right.legend(loc="center right", fontsize="small")

    fig.tight_layout()
    return fig
