"""The figure of the three MNIST softmax programs: average cost per epoch (what the seed printed)."""
import matplotlib.pyplot as plt
import numpy as np


def draw_cost(results, title):
    cost = np.asarray(results["cost"], dtype=float)
    epochs = np.arange(1, len(cost) + 1)
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(epochs, cost, "o-", color="blue", label="average batch cost")
    ax.set_xlabel("Epoch")
    ax.set_ylabel("Cost (cross-entropy)")
    ax.set_title(f"{title}\ntest accuracy {float(results['accuracy']):.4f}")
    ax.set_xticks(epochs)
    ax.legend()
    fig.tight_layout()
    return fig
