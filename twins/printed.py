"""Compare what two programs printed, number by number: the shipped tool's comparison
(:mod:`migrate.printed`, which ``migrate verify`` uses), shared by the twins' tests."""
from migrate.printed import NUMBER, assert_same_printed_numbers, numeric_lines, shape  # noqa: F401
