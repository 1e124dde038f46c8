"""Compare what two programs printed, number by number.

A line's "shape" is the line with every number replaced by '#', spaces removed and
lower-cased, so `step #25a = [6.3]` (seed 001's spelling) and `Step #25 A = [6.3]`
(seed 002's) have the same shape. Lines whose shape only one side prints (a note on
where the data came from, say) are not compared; every other line must appear on both
sides in the same order with the same numbers.
"""
import re

import numpy as np

NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?|nan|inf")


def shape(line):
    return re.sub(r"\s+", "", NUMBER.sub("#", line)).lower()


def numeric_lines(text):
    return [(shape(line), [float(x) for x in NUMBER.findall(line)]) for line in text.splitlines() if NUMBER.search(line)]


def assert_same_printed_numbers(actual, expected, rtol=1e-5, atol=1e-6, at_least=1):
    """Return (lines compared, largest absolute difference); raise AssertionError on any difference."""
    a, b = numeric_lines(actual), numeric_lines(expected)
    common = {s for s, _ in a} & {s for s, _ in b}
    a = [line for line in a if line[0] in common]
    b = [line for line in b if line[0] in common]
    assert [s for s, _ in a] == [s for s, _ in b], f"different printed lines:\n{actual}\n---- expected ----\n{expected}"
    assert len(a) >= at_least, f"only {len(a)} comparable lines:\n{actual}\n---- expected ----\n{expected}"
    largest = 0.0
    for (s, x), (_, y) in zip(a, b):
        np.testing.assert_allclose(x, y, rtol=rtol, atol=atol, err_msg=f"line {s!r}")
        if x:
            largest = max(largest, float(np.max(np.abs(np.subtract(x, y)))))
    return len(a), largest
