"""py2 print forms that Python 3 parses with another meaning (migrate/families/py2_print.py,
issue 18 item 4): before/after, and the cases left alone."""
import subprocess
import sys

import pytest

from migrate.engine import migrate_source
from migrate.families import using
from tests.migrate.helpers import check_noop, check_transformed

HEAD = "import sys\nimport tensorflow as tf\n"


@pytest.mark.parametrize("before,after", [
    ('print >>sys.stderr, "x"\n', 'print("x", file=sys.stderr)\n'),
    ("print >> sys.stderr, 'a %d' % 3\n", "print('a %d' % 3, file=sys.stderr)\n"),
    ('print >>sys.stderr, "x", 1,\n', 'print("x", 1, end=" ", file=sys.stderr)\n'),
    ("print >>sys.stderr\n", "print(file=sys.stderr)\n"),
    ("print\n", "print()\n"),
    ("print  # blank line\n", "print()  # blank line\n"),
    ("def f():\n    print\n    return 1\n", "def f():\n    print()\n    return 1\n"),
    ("if True: print\n", "if True: print()\n"),
])
def test_print_forms(before, after):
    outcome = migrate_source(HEAD + before)
    assert outcome.code == HEAD + after
    assert [f.rule for f in outcome.findings] == ["py2"] * len([
        line for line in before.splitlines() if "print" in line])


@pytest.mark.parametrize("source", [
    "print(x)\n", "print('a', file=sys.stderr)\n", "x = print\n", "(print >> f), 2\n",
    "y = print >> 2\n",
])
def test_python_3_print_is_untouched(source):
    assert migrate_source(HEAD + source).code == HEAD + source


@pytest.mark.parametrize("binding", [
    "def print(*a): pass\n", "print = log.info\n", "from logging import info as print\n",
    "def g(print):\n    pass\n", "for print in []: pass\n",
])
def test_a_module_that_binds_print_is_left_alone(binding):
    source = HEAD + binding + "print >>sys.stderr, 'x'\nprint\n"
    assert migrate_source(source).code == HEAD + binding + "print >>sys.stderr, 'x'\nprint\n"


def test_switched_off_with_the_py2_family():
    source = HEAD + "print\n"
    with using(frozenset({"tf"})):
        assert migrate_source(source).code == source


def test_the_converted_prints_run(tmp_path):
    source = HEAD + 'print >>sys.stderr, "to stderr"\nprint\nprint >>sys.stdout, "a",\nprint >>sys.stdout, "b"\n'
    code = migrate_source(source).code.replace("import tensorflow as tf\n", "")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "to stderr\n" and done.stdout == "\na b\n"


def test_print_next_to_python_3_print_and_an_idiom():
    """fissix reads code that parses as Python 3 with print as a function, so an xrange next
    to print(x, file=f) is converted too."""
    source = HEAD + "for i in xrange(2):\n    print(i, file=sys.stderr)\nprint >>sys.stderr, 'x'\n"
    assert migrate_source(source).code == (
        HEAD + "for i in range(2):\n    print(i, file=sys.stderr)\nprint('x', file=sys.stderr)\n")
