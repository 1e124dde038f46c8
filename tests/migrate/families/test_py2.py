"""The py2 family (migrate/families/py2.py, fissix): before/after, and what stays refused."""
import libcst
import pytest

from migrate.engine import migrate_source
from migrate.families import using
from tests.migrate.helpers import check_noop, check_transformed, rules


def test_print_statements_and_idioms_become_python_3_and_tf_is_fixed_too():
    outcome = check_transformed(
        """
        import tensorflow as tf
        import urllib
        sess = tf.Session()  # the session
        for i in xrange(3):
            print "step", i
        d = {}
        for k, v in d.iteritems():
            print k
        urllib.urlretrieve("http://x/y", "y")
        """,
        """
        import tensorflow as tf
        tf.compat.v1.disable_v2_behavior()
        import urllib.request, urllib.parse, urllib.error
        sess = tf.compat.v1.Session()  # the session
        for i in range(3):
            print("step", i)
        d = {}
        for k, v in d.items():
            print(k)
        urllib.request.urlretrieve("http://x/y", "y")
        """,
    )
    assert [f.line for f in outcome.findings if f.rule == "py2"] == [2, 4, 5, 7, 8, 9]


@pytest.mark.parametrize("before,after", [
    ("print 'a' % x\n", "print('a' % x)\n"),
    ("try:\n    pass\nexcept ValueError, e:\n    pass\n", "try:\n    pass\nexcept ValueError as e:\n    pass\n"),
    ("n = 0777\n", "n = 0o777\n"),
    ("name = raw_input('?')\n", "name = input('?')\n"),
    ("ok = d.has_key('a')\n", "ok = 'a' in d\n"),
])
def test_py2_row(before, after):
    outcome = check_transformed(f"import tensorflow as tf\n{before}", f"import tensorflow as tf\n{after}")
    assert set(rules(outcome, "change")) == {"py2"}


def test_python_3_code_is_untouched():
    check_noop("import tensorflow as tf\nprint('x')\nfor k in d.keys():\n    pass\n")


def test_a_file_still_python_2_after_fissix_keeps_the_parse_error():
    with pytest.raises(libcst.ParserSyntaxError):
        migrate_source("import tensorflow as tf\nprint 'a'\nx = = 1\n")


def test_switched_off_the_file_is_refused_as_before():
    with using(frozenset({"tf", "numpy", "matplotlib"})):
        with pytest.raises(libcst.ParserSyntaxError):
            migrate_source("import tensorflow as tf\nprint 'a'\n")
        assert migrate_source("import tensorflow as tf\nfor i in xrange(2): pass\n").changed is False


def test_files_without_tensorflow_are_not_converted():
    check_noop("for i in xrange(2): pass\n")


@pytest.mark.parametrize("text,found", [
    ("n = xrange(3)\n", True), ("d.iteritems()\n", True), ("x.has_key(1)\n", True),
    ("import urllib2\n", True), ("urllib.urlopen(u)\n", True), ("s = raw_input()\n", True),
    ("isinstance(s, basestring)\n", True), ("u = unicode(x)\n", True),
    ("itertools.izip(a, b)\n", True), ("os.getcwdu()\n", True),
    ("try:\n    pass\nexcept ValueError, e:\n    pass\n", True),
    ("xrangex(1)\n", False), ("unicode_x(1)\n", False), ("urllib.parse.quote(u)\n", False),
    ("try:\n    pass\nexcept (A, B):\n    pass\n", False), ("print(1)\n", False),
])
def test_idioms_are_told_by_their_word_then_their_pattern(text, found):
    from migrate.families.py2 import has_idioms

    assert has_idioms(text) is found
