"""`# migrate: skip` (a statement) and `# migrate: skip-file` (a file, a notebook)."""
import json

from migrate.engine import migrate_source
from migrate.notebooks import migrate_notebook
from migrate.pipeline import convert_text
from migrate.skip_comments import keep_lines, skip_lines, skips_file


def test_a_marked_statement_is_left_as_written_and_the_report_says_so():
    source = ("import tensorflow as tf\n"
              "a = tf.mul(2.0, 3.0)  # migrate: skip\n"
              "b = tf.mul(2.0, 3.0)\n")
    outcome = migrate_source(source)
    assert outcome.code == ("import tensorflow as tf\n"
                            "a = tf.mul(2.0, 3.0)  # migrate: skip\n"
                            "b = tf.multiply(2.0, 3.0)\n")
    skips = [f for f in outcome.findings if f.rule == "skip"]
    assert [(f.line, f.severity) for f in skips] == [(2, "warning")]
    assert [f.line for f in outcome.findings if f.severity == "change"] == [3]


def test_a_multi_line_statement_is_marked_on_its_last_line():
    source = ("import tensorflow as tf\n"
              "a = tf.concat(0,\n"
              "              [tf.mul(1., 2.)])  # migrate: skip\n")
    assert migrate_source(source).code == source


def test_the_comment_must_be_the_skip_comment():
    source = ("import tensorflow as tf\n"
              "a = tf.mul(2.0, 3.0)  # migrate: skipped, really?\n"
              "s = '# migrate: skip'\n")
    assert "tf.multiply" in migrate_source(source).code
    assert skip_lines(source) == set()


def test_rule_family_line_edits_are_undone_on_marked_lines():
    source = ("import tensorflow as tf\nimport numpy as np\n"
              "a = np.float(3)  # migrate: skip\n"
              "b = np.float(3)\n")
    code = migrate_source(source).code
    assert "a = np.float(3)  # migrate: skip\n" in code and "b = float(3)\n" in code


def test_skip_file_leaves_the_file_alone():
    source = "#!/usr/bin/env python\n# migrate: skip-file\nimport tensorflow as tf\nx = tf.mul(1, 2)\n"
    outcome = migrate_source(source)
    assert outcome.code == source and outcome.findings == [] and not outcome.changed
    assert skips_file(source)
    late = "\n" * 12 + "# migrate: skip-file\nimport tensorflow as tf\nx = tf.mul(1, 2)\n"
    assert not skips_file(late) and "tf.multiply" in migrate_source(late).code


def test_eager_keeps_the_compat_form_for_a_file_with_a_marked_statement():
    source = ("import tensorflow as tf\n"
              "x = tf.placeholder(tf.float32, [1])\n"
              "y = x * 2.0\n"
              "a = tf.mul(2.0, 3.0)  # migrate: skip\n"
              "with tf.Session() as sess:\n"
              "    print(sess.run(y, feed_dict={x: [1.0]}))\n")
    outcome = convert_text(source, "eager")
    assert "tf.compat.v1.Session()" in outcome.code
    assert "a = tf.mul(2.0, 3.0)  # migrate: skip" in outcome.code
    assert outcome.findings[0].rule == "eager-fallback" and outcome.findings[0].line == 4


def test_keep_lines():
    assert keep_lines("a\nb\n", "A\nB\n", {2}) == "A\nb\n"
    assert keep_lines("a\nb\n", "A\n", {2}) is None
    assert keep_lines("a\n", "A\n", set()) == "A\n"


def _notebook(*cells):
    return json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "outputs": [],
                                  "execution_count": None, "source": cell} for cell in cells],
                       "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def test_notebooks_honour_both():
    text = _notebook("import tensorflow as tf\n", "a = tf.mul(1., 2.)  # migrate: skip\n",
                     "b = tf.mul(1., 2.)\n")
    outcome = migrate_notebook(text)
    cells = ["".join(c["source"]) for c in json.loads(outcome.text)["cells"]]
    assert cells[1] == "a = tf.mul(1., 2.)  # migrate: skip\n"
    assert cells[2] == "b = tf.multiply(1., 2.)\n"
    assert [(f.cell, f.line) for f in outcome.findings if f.rule == "skip"] == [(2, 1)]
    whole = _notebook("# migrate: skip-file\nimport tensorflow as tf\n", "b = tf.mul(1., 2.)\n")
    assert not migrate_notebook(whole).changed
