"""The figure that shows what `make demo` proves: one plot per program on which legacy,
modern and the migrated original are drawn on the same axes, above a panel of their
absolute differences; and an overview of all programs in one image.

What is drawn comes from one table (SERIES): the results keys of each program's
trajectory, and how to read the same trajectory from what the migrated original prints
(the seed scripts print a sample of it: `Step #25 A = [6.23]`, `Epoch: 0001 cost= 1.18`).
Every PNG carries, in a text chunk, a digest of exactly the arrays it was drawn from
(`digest`), so a test can check that the picture is the comparison's and not another.
"""
import hashlib
import os
import re
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")  # headless
import numpy as np  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

PNG_KEY = "tf-revive-arrays"  # PNG tEXt keyword holding the digest of the drawn arrays
STYLE = {  # side -> line style; the three must be visible on top of each other
    "legacy": dict(color="tab:blue", linewidth=3.0, alpha=0.45),
    "modern": dict(color="tab:orange", linewidth=1.2, linestyle="--"),
    "migrated original": dict(color="black", marker="o", linestyle="none", markersize=5, fillstyle="none"),
}


@dataclass(frozen=True)
class Series:
    keys: object  # tuple of results keys, or a function results -> keys
    xlabel: str
    ylabel: str
    printed: str = ""  # regex on the original's lower-cased printed lines: (x, y) of the first key
    x0: int = 1  # x of each trajectory's first value

    def keys_of(self, results):
        return list(self.keys(results) if callable(self.keys) else self.keys)


_A = r"step #(\d+) ?a = \[\s*([-+.\de]+)\s*\]"
_COST = r"epoch: (\d+) cost= ([-+.\de]+)"
SERIES = {
    "backprop_regression": Series(("A",), "step", "A (theory: 10)", _A),
    "backprop_classification": Series(("A",), "step", "A (theory: -1)", _A),
    "mnist_softmax_optimizer": Series(("cost",), "epoch", "average cost", _COST),
    "mnist_softmax_gradients": Series(("cost",), "epoch", "average cost", _COST),
    "mnist_softmax_formula": Series(("cost",), "epoch", "average cost", _COST),
    "iris_mlp": Series(("train_loss", "test_loss"), "iteration", "loss", x0=0),
    "optimizers": Series(lambda r: sorted(k for k in r if k.endswith("_A") and k != "A_init"), "step", "A"),
}


def printed_points(program, stdout):
    """(x, y) arrays of the trajectory as the migrated original printed it (empty if it prints none)."""
    pattern = SERIES[program].printed
    points = [re.search(pattern, line.lower()) for line in stdout.splitlines()] if pattern else []
    points = [(float(m.group(1)), float(m.group(2))) for m in points if m]
    return np.array([p[0] for p in points]), np.array([p[1] for p in points])


def drawn_arrays(program, legacy, modern, original=None):
    """Every array the figure draws, in drawing order: (label, x, y)."""
    series = SERIES[program]
    arrays = []
    for key in series.keys_of(legacy):
        for side, results in (("legacy", legacy), ("modern", modern)):
            y = np.asarray(results[key], dtype=np.float64).ravel()
            arrays.append((f"{side} {key}", np.arange(series.x0, series.x0 + len(y), dtype=np.float64), y))
    if original is not None and len(original[0]):
        arrays.append(("migrated original", np.asarray(original[0], float), np.asarray(original[1], float)))
    return arrays


def digest(arrays):
    """sha256 over the labels and float64 bytes of the drawn arrays."""
    h = hashlib.sha256()
    for label, x, y in arrays:
        h.update(label.encode())
        h.update(np.ascontiguousarray(x, dtype=np.float64).tobytes())
        h.update(np.ascontiguousarray(y, dtype=np.float64).tobytes())
    return h.hexdigest()


def _scaled(values, largest):
    """values / 10**e and the label suffix, so that no offset text crowds the panel."""
    if largest <= 0:
        return values, ""
    exponent = int(np.floor(np.log10(largest)))
    return values / 10.0 ** exponent, f" / 1e{exponent}"


def _draw(program, arrays, top, bottom, compact=False):
    series = SERIES[program]
    sides = {label: (x, y) for label, x, y in arrays}
    keys = [label.split(" ", 1)[1] for label in sides if label.startswith("legacy ")]
    several = len(keys) > 1
    colors = matplotlib.colormaps["tab10"]
    diffs = []  # (x, |difference|, style)
    for i, key in enumerate(keys):
        (x, a), (_, b) = sides[f"legacy {key}"], sides[f"modern {key}"]
        legacy_style, modern_style = dict(STYLE["legacy"]), dict(STYLE["modern"])
        if several:  # one colour per series; thick = legacy, dashed = modern
            legacy_style["color"] = modern_style["color"] = colors(i % 10)
            top.plot(x, a, label=key.removesuffix("_A"), **legacy_style)
            top.plot(x, b, **modern_style)
        else:
            top.plot(x, a, label="legacy", **legacy_style)
            top.plot(x, b, label="modern", **modern_style)
        diffs.append((x, np.abs(a - b), dict(color=legacy_style["color"], linewidth=1)))
    original = sides.get("migrated original")
    if original is not None:
        x, y = original
        top.plot(x, y, label="migrated original (printed)", **STYLE["migrated original"])
        legacy_x, legacy_y = sides[f"legacy {keys[0]}"]
        at = np.minimum(np.searchsorted(legacy_x, x), len(legacy_x) - 1)
        ok = legacy_x[at] == x
        diffs.append((x[ok], np.abs(y[ok] - legacy_y[at[ok]]),
                      dict(color="black", marker="o", linestyle="none", fillstyle="none", markersize=4)))
    largest = max(float(np.max(d)) if len(d) else 0.0 for _, d, _ in diffs)
    suffix = ""
    for x, d, style in diffs:
        scaled, suffix = _scaled(d, largest)
        bottom.plot(x, scaled, **style)
    twins_largest = max(float(np.max(d)) for _, d, _ in diffs[:len(keys)])
    if several:
        top.plot([], [], color="gray", **{k: v for k, v in STYLE["legacy"].items() if k != "color"}, label="legacy")
        top.plot([], [], color="gray", **{k: v for k, v in STYLE["modern"].items() if k != "color"}, label="modern")
    top.set(ylabel=series.ylabel, title=title(program, keys, twins_largest) if not compact else program)
    bottom.set(xlabel=series.xlabel, ylabel=f"|diff|{suffix}")
    bottom.margins(y=0.2)
    # an absolute difference: the axis starts at 0 (margins alone would take it below)
    bottom.set_ylim(0, max(bottom.get_ylim()[1], 1e-12))
    top.legend(fontsize="xx-small" if compact else "small", ncol=2 if several else 1)
    if not compact:
        bottom.text(0.01, 0.95, "|legacy - modern|" + ("; circles: |original - legacy|, printed digits"
                                                        if original is not None else ""),
                    transform=bottom.transAxes, va="top", fontsize="small")


def title(program, keys, largest):
    """A program figure's title: the largest |legacy - modern| over the curves it draws.

    It names them, since the table of `make demo` gives the largest over every result
    (for optimizers also the losses and final values, which are not drawn)."""
    drawn = keys[0] if len(keys) == 1 else f"the {len(keys)} curves drawn"
    return f"{program}: max |legacy - modern| of {drawn} = {largest:.3g}"


def figure(program, arrays):
    fig = Figure(figsize=(8, 6))
    top, bottom = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 1]})
    _draw(program, arrays, top, bottom)
    fig.tight_layout()
    return fig


def save(fig, path, arrays_digest):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    fig.savefig(path, format="png", dpi=100, metadata={PNG_KEY: arrays_digest})
    return path


def save_program(program, legacy, modern, original, path):
    """Draw and write one program's overlay figure; return its digest."""
    arrays = drawn_arrays(program, legacy, modern, original)
    value = digest(arrays)
    save(figure(program, arrays), path, value)
    return value


def save_overview(drawn, path):
    """All programs in one image (program -> drawn arrays); its digest covers them all, in order."""
    names = list(drawn)
    columns = min(4, len(names))
    rows = -(-len(names) // columns)
    fig = Figure(figsize=(4.2 * columns, 3.6 * rows))
    grid = fig.add_gridspec(rows, columns)
    for i, program in enumerate(names):
        cell = grid[divmod(i, columns)].subgridspec(2, 1, height_ratios=[3, 1], hspace=0.12)
        top = fig.add_subplot(cell[0])
        bottom = fig.add_subplot(cell[1], sharex=top)
        _draw(program, drawn[program], top, bottom, compact=True)
        top.tick_params(labelbottom=False)
        bottom.yaxis.set_major_locator(MaxNLocator(2))
    fig.suptitle("legacy (thick), modern (dashed) and the migrated original (circles) on the same axes; "
                 "below each: their absolute difference", fontsize="medium")
    fig.tight_layout()
    return save(fig, path, overview_digest(drawn))


def overview_digest(drawn):
    """The overview's digest: over each program's digest, in order."""
    h = hashlib.sha256()
    for program, arrays in drawn.items():
        h.update(program.encode())
        h.update(digest(arrays).encode())
    return h.hexdigest()


def png_digest(path):
    """The digest stored in a PNG written by `save`, or None (reads the tEXt chunks)."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    pos = 8
    while pos + 8 <= len(data):
        length = int.from_bytes(data[pos:pos + 4], "big")
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if kind == b"tEXt" and body.startswith(PNG_KEY.encode() + b"\0"):
            return body.split(b"\0", 1)[1].decode("latin-1")
        if kind == b"IEND":
            break
        pos += 12 + length
    return None
