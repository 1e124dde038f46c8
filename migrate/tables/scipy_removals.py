"""SciPy's removed (or deprecated-for-removal) import paths and functions, and what replaces
each: the one table the scipy family (migrate/families/scipy_paths.py) and `migrate run`'s
explanations read. Facts from SciPy's release notes (the version that removed each is in
`removed`; "2.0" marks a private module path deprecated in 1.8 and announced for removal in
SciPy 2.0, which still warns today); `python -m tools.scipy_table_check` checks every row
against the installed SciPy and NumPy (the new name exists; the old one is gone or warns).

A row whose `new` is empty is refused: the file keeps the name and the report says
`reason`. `keywords`: the old function's parameters after the first, by position: a name
where the replacement takes it by keyword only (a positional argument there becomes that
keyword), "" where it stays positional; more positional arguments than that are refused
(for a row with keywords or refused_keywords); `refused_keywords`: arguments whose meaning changed, a call passing one is
refused; `warning`: said with a rewrite whose result can differ.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    old: str  # the dotted name as legacy code wrote it
    new: str  # its replacement ("" = refused)
    removed: str  # the SciPy version that removed it
    reason: str = ""  # why it is refused
    keywords: tuple = ()
    refused_keywords: tuple = ()
    warning: str = ""


_IMAGE_IO = ("PIL-based image helper; use imageio (imageio.v2.imread / imageio.imwrite) or "
             "PIL.Image; there is no faithful one-line rewrite (the old helpers also rescaled to uint8)")
PRIVATE = "2.0"

MODULE_ROWS = (
    Row("scipy.sparse.linalg.eigen.arpack", "scipy.sparse.linalg", "1.8"),
    Row("scipy.sparse.linalg.eigen.lobpcg", "scipy.sparse.linalg", "1.8"),
    Row("scipy.sparse.linalg.eigen", "scipy.sparse.linalg", PRIVATE),
    Row("scipy.sparse.linalg.isolve", "scipy.sparse.linalg", PRIVATE),
    Row("scipy.sparse.linalg.dsolve", "scipy.sparse.linalg", PRIVATE),
    Row("scipy.sparse.linalg.interface", "scipy.sparse.linalg", PRIVATE),
    Row("scipy.ndimage.filters", "scipy.ndimage", PRIVATE),
    Row("scipy.ndimage.fourier", "scipy.ndimage", PRIVATE),
    Row("scipy.ndimage.interpolation", "scipy.ndimage", PRIVATE),
    Row("scipy.ndimage.measurements", "scipy.ndimage", PRIVATE),
    Row("scipy.ndimage.morphology", "scipy.ndimage", PRIVATE),
    Row("scipy.signal.signaltools", "scipy.signal", PRIVATE),
    Row("scipy.signal.filter_design", "scipy.signal", PRIVATE),
    Row("scipy.signal.spectral", "scipy.signal", PRIVATE),
    Row("scipy.signal.windows.windows", "scipy.signal.windows", PRIVATE),
    Row("scipy.interpolate.interpolate", "scipy.interpolate", PRIVATE),
    Row("scipy.interpolate.fitpack", "scipy.interpolate", PRIVATE),
    Row("scipy.optimize.minpack", "scipy.optimize", PRIVATE),
    Row("scipy.optimize.optimize", "scipy.optimize", PRIVATE),
    Row("scipy.linalg.basic", "scipy.linalg", PRIVATE),
    Row("scipy.linalg.decomp", "scipy.linalg", PRIVATE),
    Row("scipy.stats.stats", "scipy.stats", PRIVATE),
    Row("scipy.stats.morestats", "scipy.stats", PRIVATE),
    Row("scipy.spatial.kdtree", "scipy.spatial", PRIVATE),
    Row("scipy.special.basic", "scipy.special", PRIVATE),
    Row("scipy.io.matlab.mio", "scipy.io.matlab", PRIVATE),
)

_WINDOWS = ("barthann", "bartlett", "blackman", "blackmanharris", "bohman", "boxcar", "chebwin",
            "cosine", "exponential", "flattop", "gaussian", "general_gaussian", "hamming", "hann",
            "kaiser", "nuttall", "parzen", "triang", "tukey")

NAME_ROWS = (
    Row("scipy.misc.comb", "scipy.special.comb", "1.3"),
    Row("scipy.misc.factorial", "scipy.special.factorial", "1.3"),
    Row("scipy.misc.factorial2", "scipy.special.factorial2", "1.3"),
    Row("scipy.misc.factorialk", "scipy.special.factorialk", "1.3"),
    Row("scipy.misc.logsumexp", "scipy.special.logsumexp", "1.3"),
    Row("scipy.misc.pade", "scipy.interpolate.pade", "1.3"),
    Row("scipy.misc.imread", "", "1.2", _IMAGE_IO),
    Row("scipy.misc.imsave", "", "1.2", _IMAGE_IO),
    Row("scipy.misc.imresize", "", "1.3", _IMAGE_IO),
    Row("scipy.misc.imrotate", "", "1.3", _IMAGE_IO),
    Row("scipy.misc.imfilter", "", "1.3", _IMAGE_IO),
    Row("scipy.misc.toimage", "", "1.3", _IMAGE_IO),
    Row("scipy.misc.fromimage", "", "1.3", _IMAGE_IO),
    Row("scipy.misc.bytescale", "", "1.3", _IMAGE_IO),
    Row("scipy.misc.derivative", "", "1.12", "scipy.differentiate.derivative (SciPy 1.15) takes other "
        "arguments (no dx, n, order): rewrite the call by hand"),
    Row("scipy.misc.ascent", "scipy.datasets.ascent", "1.12",
        warning="scipy.datasets downloads the image on first use (needs pooch)"),
    Row("scipy.misc.face", "scipy.datasets.face", "1.12",
        warning="scipy.datasets downloads the image on first use (needs pooch)"),
    Row("scipy.misc.electrocardiogram", "scipy.datasets.electrocardiogram", "1.12",
        warning="scipy.datasets downloads the data on first use (needs pooch)"),
    Row("scipy.integrate.simps", "scipy.integrate.simpson", "1.14", keywords=("", "dx", "axis"),
        refused_keywords=("even",),
        reason="simps's `even` argument is gone: simpson treats an even number of samples its own way",
        warning="for an even number of samples simpson applies Cartwright's correction where simps "
                "averaged two Simpson rules (even='avg'): the last digits can differ"),
    Row("scipy.integrate.trapz", "scipy.integrate.trapezoid", "1.14"),
    Row("scipy.integrate.cumtrapz", "scipy.integrate.cumulative_trapezoid", "1.14"),
    Row("scipy.integrate.romberg", "", "1.15", "no drop-in replacement: scipy.integrate.quad "
        "integrates with another method and error estimate"),
    Row("scipy.integrate.quadrature", "", "1.15", "no drop-in replacement: scipy.integrate.quad "
        "integrates with another method and error estimate"),
    *(Row(f"scipy.signal.{name}", f"scipy.signal.windows.{name}", "1.13") for name in _WINDOWS),
    Row("scipy.signal.slepian", "", "1.6", "scipy.signal.windows.dpss is a different window"),
    Row("scipy.stats.itemfreq", "", "1.3", "use np.unique(a, return_counts=True) (itemfreq returned "
        "[value, count] rows: np.array(np.unique(a, return_counts=True)).T)"),
    Row("scipy.stats.betai", "scipy.special.betainc", "1.0"),
    Row("scipy.stats.nanmean", "", "1.0", "np.nanmean averages over all axes by default, "
        "scipy.stats.nanmean over axis 0: write np.nanmean(x, axis=0)"),
    Row("scipy.stats.nanstd", "", "1.0", "np.nanstd's defaults differ (axis=None, ddof=0; "
        "scipy.stats.nanstd: axis=0, bias=False meaning ddof=1)"),
    Row("scipy.linalg.pinv2", "scipy.linalg.pinv", "1.9", keywords=(), refused_keywords=("cond", "rcond"),
        reason="pinv2's cond / rcond cut-offs are pinv's atol / rtol with another meaning"),
)

# scipy's top level re-exported NumPy (`from numpy import *`, numpy.lib.scimath, two of
# numpy.random) until SciPy 1.12 removed the aliases. scimath's functions return complex
# results for negative input (scipy.sqrt(-1) == 1j): they map to numpy.emath.
NUMPY_ALIASES = (
    "array", "asarray", "zeros", "ones", "empty", "zeros_like", "ones_like", "arange", "linspace",
    "logspace", "meshgrid", "exp", "exp2", "expm1", "log1p", "sin", "cos", "tan", "arctan",
    "arctan2", "sinh", "cosh", "tanh", "pi", "e", "inf", "nan", "isnan", "isinf", "isfinite", "dot",
    "sum", "prod", "cumsum", "mean", "std", "var", "median", "absolute", "sign", "floor", "ceil",
    "real", "imag", "conj", "conjugate", "transpose", "reshape", "concatenate", "hstack", "vstack",
    "where", "argmax", "argmin", "amax", "amin", "maximum", "minimum", "diag", "eye", "identity",
    "outer", "ravel", "ndarray", "float64", "float32", "int32", "int64", "complex128", "newaxis",
    "polyfit", "polyval", "poly1d", "roots", "interp", "histogram", "sort", "argsort", "unique",
    "clip", "allclose", "fabs", "mod", "tile", "repeat", "squeeze", "nonzero", "shape", "size",
)
SCIMATH = ("sqrt", "log", "log10", "log2", "logn", "power", "arccos", "arcsin", "arctanh")
NUMPY_ROWS = (
    *(Row(f"scipy.{name}", f"numpy.{name}", "1.12") for name in NUMPY_ALIASES),
    *(Row(f"scipy.{name}", f"numpy.emath.{name}", "1.12") for name in SCIMATH),
    Row("scipy.rand", "numpy.random.rand", "1.12"),
    Row("scipy.randn", "numpy.random.randn", "1.12"),
    Row("scipy.ifft", "numpy.fft.ifft", "1.12"),
)

ROWS = MODULE_ROWS + NAME_ROWS + NUMPY_ROWS
BY_OLD = {row.old: row for row in ROWS}
MODULES = frozenset(row.old for row in MODULE_ROWS)
