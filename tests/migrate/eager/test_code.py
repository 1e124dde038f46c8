"""migrate/eager/code.py: the code-writing helpers of the eager stage."""
from migrate.eager.code import returned_directly


def test_a_value_named_only_to_be_returned_is_returned_directly():
    assert returned_directly("def f(x):\n    y = x * 2.0\n    return y\n") == "def f(x):\n    return x * 2.0\n"


def test_a_tuple_named_only_to_be_returned_is_returned_directly():
    code = "@dec\ndef f(x):\n    # both\n    a, b = g(x)\n    return a, b\n"
    assert returned_directly(code) == "@dec\ndef f(x):\n    # both\n    return g(x)\n"


def test_other_endings_are_left_as_written():
    for code in ["def f(x):\n    a, = g(x)\n    return a\n",  # unpacks one element: not the same value
                 "def f(x):\n    a, b = g(x)\n    return b, a\n",
                 "def f(x):\n    y = x\n    return y + 1\n",
                 "def f(x):\n    y = z = x\n    return y\n",
                 "def f(x):\n    with t:\n        y = x\n    return y\n",
                 "def f(x):\n    y = x; z = 1\n    return y\n",
                 "def f(x):\n    return x\n"]:
        assert returned_directly(code) == code, code
