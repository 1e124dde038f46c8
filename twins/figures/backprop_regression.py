"""Figure of backprop_regression: A's way to 10, and the loss of each step's sample."""
import numpy as np
from matplotlib.figure import Figure


def draw(results):
    A, loss = np.asarray(results["A"]), np.asarray(results["loss"])
    steps = np.arange(1, len(A) + 1)
    fig = Figure(figsize=(10, 4))
    left, right = fig.subplots(1, 2)

    left.plot(np.r_[0, steps], np.r_[results["A_init"], A], label="A")
    left.axhline(10, color="k", linestyle="--", linewidth=1, label="theory: A = 10")
    left.set(xlabel="step", ylabel="A", title=f"x*A = 10: A = {float(results['A_final']):.4f} after {len(A)} steps")
    left.legend(loc="lower right")

    right.semilogy(steps, np.maximum(loss, 1e-12), ".", markersize=3, label="loss on the step's sample")
    right.set(xlabel="step", ylabel="(x*A - 10)^2", title="L2 loss after each update")
    right.legend(loc="upper right")

    fig.tight_layout()
    return fig
