"""One module per program draws its figure from the results dict of run().

Both twins draw with the same code, so a difference in the pictures can only come
from a difference in the numbers.
"""
import importlib
import os

import matplotlib

matplotlib.use("Agg")  # headless: no display is needed or used
import matplotlib.pyplot as plt  # noqa: E402


def save(name, results, path):
    """Draw program `name`'s figure from `results` and write it to `path` as PNG."""
    draw = importlib.import_module(f"twins.figures.{name}").draw
    fig = draw(results)
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    fig.savefig(path, format="png", dpi=100)
    plt.close(fig)
    return path
