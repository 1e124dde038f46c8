"""What "the same numbers" means between two results dicts of run().

Keys starting with "_" are measurements of the run itself (wall time, step count),
not results, and are never compared. Everything else must be present on both sides
with the same shape, and agree to float32 tolerance.
"""
import numpy as np

# float32 carries about 7 significant digits; these leave room for the last one or two.
RTOL = 1e-5
ATOL = 1e-6


def result_keys(results):
    return sorted(key for key in results if not key.startswith("_"))


def largest_difference(a, b):
    """Largest absolute difference over all compared values of two results dicts."""
    worst = 0.0
    for key in result_keys(a):
        x, y = np.asarray(a[key], dtype=np.float64), np.asarray(b[key], dtype=np.float64)
        if x.size:
            worst = max(worst, float(np.max(np.abs(x - y))))
    return worst


def assert_same_results(a, b, rtol=RTOL, atol=ATOL):
    """Raise AssertionError naming the first key whose values differ beyond tolerance."""
    assert result_keys(a) == result_keys(b), f"different keys: {result_keys(a)} vs {result_keys(b)}"
    for key in result_keys(a):
        x, y = np.asarray(a[key]), np.asarray(b[key])
        assert x.shape == y.shape, f"{key}: shape {x.shape} vs {y.shape}"
        np.testing.assert_allclose(x, y, rtol=rtol, atol=atol, err_msg=f"results differ at key {key!r}")
