"""Figure of iris_mlp: loss and accuracy per iteration, train vs test, side by side (as seed 004 plotted)."""
import matplotlib.pyplot as plt


def draw(results):
    fig = plt.figure(figsize=(10, 3))

    ax = fig.add_subplot(121)
    ax.plot(results["train_loss"], color="blue", label="train")
    ax.plot(results["test_loss"], color="red", label="test")
    ax.set_xlabel("Iteration")
    ax.set_ylabel("Loss")
    ax.legend()

    ax = fig.add_subplot(122)
    ax.plot(results["train_acc"], color="blue", label="train")
    ax.plot(results["test_acc"], color="red", label="test")
    ax.set_xlabel("Iteration")
    ax.set_ylabel("Accuracy")
    ax.legend()

    fig.tight_layout()
    return fig
