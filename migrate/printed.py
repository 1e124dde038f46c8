"""Compare what two programs printed, number by number (``migrate verify``, and the
twins' equivalence tests through ``twins/printed.py``).

A line's "shape" is the line with every number replaced by '#', spaces removed and
lower-cased, so `step #25a = [6.3]` and `Step #25 A = [6.3]` have the same shape (numpy
pads arrays by their widest element, hence no spaces). Lines whose shape only one side
prints (a note on where the data came from, say) are not compared by
:func:`assert_same_printed_numbers`; every other line must appear on both sides in the
same order with the same numbers.
"""
from __future__ import annotations

import re

__all__ = ["NUMBER", "assert_same_printed_numbers", "last_digit", "numeric_lines", "shape"]

NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?|nan|inf")


def shape(line: str) -> str:
    return re.sub(r"\s+", "", NUMBER.sub("#", line)).lower()


def last_digit(number: str) -> float:
    """One unit in the last printed digit of a number printed with >= 5 significant digits
    at fixed precision (0.51340, 1.035270929), else 0: `%.5f` of two values 1e-8 apart
    can differ by that unit, which says nothing about the values."""
    mantissa, _, exponent = number.lower().partition("e")
    digits = mantissa.lstrip("+-").replace(".", "").lstrip("0")
    if "." not in mantissa or len(digits) < 5:
        return 0.0
    decimals = len(mantissa.split(".", 1)[1])
    return 10.0 ** (-decimals + (int(exponent) if exponent else 0))


def numeric_lines(text: str) -> list[tuple[str, list[float], str, list[float]]]:
    """[(shape, [numbers], the line stripped, [last-digit units])] for every line that
    holds a number."""
    out = []
    for line in text.splitlines():
        numbers = NUMBER.findall(line)
        if numbers:
            out.append((shape(line), [float(x) for x in numbers], line.strip(),
                        [last_digit(x) for x in numbers]))
    return out


def assert_same_printed_numbers(actual: str, expected: str, rtol=1e-5, atol=1e-6, at_least=1):
    """Return (lines compared, largest absolute difference); raise AssertionError on any
    difference in the lines both sides print."""
    import numpy as np

    a, b = numeric_lines(actual), numeric_lines(expected)
    common = {line[0] for line in a} & {line[0] for line in b}
    a = [line for line in a if line[0] in common]
    b = [line for line in b if line[0] in common]
    assert [line[0] for line in a] == [line[0] for line in b], (
        f"different printed lines:\n{actual}\n---- expected ----\n{expected}")
    assert len(a) >= at_least, (
        f"only {len(a)} comparable lines:\n{actual}\n---- expected ----\n{expected}")
    largest = 0.0
    for (s, x, _, _), (_, y, _, _) in zip(a, b):
        np.testing.assert_allclose(x, y, rtol=rtol, atol=atol, err_msg=f"line {s!r}")
        if x:
            largest = max(largest, float(np.max(np.abs(np.subtract(x, y)))))
    return len(a), largest
