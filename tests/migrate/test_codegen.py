"""migrate.codegen.module_code prints a libcst module exactly as ``Module.code`` does."""
from pathlib import Path

import libcst
import pytest

from migrate.codegen import module_code
from migrate.engine import migrate_source

FIXTURES = sorted((Path(__file__).parent.parent / "fixtures").rglob("*.py"))

ODD = [
    "",
    "\n",
    "# only a comment",
    "x = 1",  # no final newline
    "x = 1\r\ny = 2\r\n",  # CRLF
    "if x:\n\ty = 1\n\tif y:\n\t\tz = (1,\n  2)\n",  # tabs, continuation
    "@d\nclass A(B, metaclass=M):\n    '''doc'''\n    def f(self, *a, k=1, **kw) -> int:\n"
    "        return [i async for i in g() if i] or {**kw} or f'{a!r:>{k}}'\n",
    "match p:\n    case [1, *rest] | {'k': _} if rest:\n        pass\n",
    "lambda: (yield)\nx = a if b else c; del x\n\n\n# trailing\n",
]


def test_the_fixtures_print_the_same():
    assert len(FIXTURES) > 100
    for path in FIXTURES:
        module = libcst.parse_module(path.read_text(encoding="utf-8"))
        assert module_code(module) == module.code, path


@pytest.mark.parametrize("source", ODD)
def test_odd_sources_print_the_same(source):
    module = libcst.parse_module(source)
    assert module_code(module) == module.code == source


def test_a_changed_tree_prints_the_same():
    source = "import tensorflow as tf\nif 1:\n\tx = tf.mul(a, b)  # c\n"
    module = libcst.parse_module(source)
    changed = module.with_changes(body=[*module.body, libcst.parse_statement("y = 2\n")])
    assert module_code(changed) == changed.code == source + "y = 2\n"
    assert migrate_source(source).code == "import tensorflow as tf\nif 1:\n\tx = tf.multiply(a, b)  # c\n"
