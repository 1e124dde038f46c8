"""tools/eager_lengths.py: original vs translated non-blank lines (pure: no TensorFlow)."""
from tools.eager_lengths import MARKS, Length, code_lines, idiom_marks, marks_report, measure, report

SCRIPT = """\
import numpy as np
import tensorflow as tf

# a constant fetched once
x = tf.placeholder(tf.float32, [None])
y = tf.reduce_sum(x * 2.0)

sess = tf.Session()
print(sess.run(y, feed_dict={x: np.ones(3)}))
"""


def test_blank_lines_do_not_count_and_comments_do():
    assert code_lines("a = 1\n\n   \n# note\nb = 2\n") == 3


def test_a_script_is_measured_in_both_forms(tmp_path):
    path = tmp_path / "s.py"
    path.write_text(SCRIPT)
    got = measure(path)
    assert got.original == 7
    # 2 imports, the comment, decorator, def, `return ...`, the print
    assert got.translated == 7 and not got.longer


def test_the_report_counts_the_longer_translations_and_leaves_out_compat_ones(tmp_path):
    lengths = [Length(tmp_path / "a.py", 10, 12), Length(tmp_path / "b.py", 10, 9), Length(tmp_path / "c.py", 10, None)]
    text = report(lengths, every=False)
    assert [line.split()[0] for line in text[1:-1]] == ["a.py"]
    assert "3 scripts, 2 translated (1 kept in compat form)" in text[-1]
    assert "longer than the original: 1 of 2 (50%" in text[-1]


def test_the_idiom_marks_count_what_an_expert_would_not_write():
    original = "# Launch the graph\nx = tf.matmul(a, b)\nloss = f(x)\n"
    translation = ("from tf_revive_runtime import input_data\nfrom tf_revive_runtime.shims import thing\n"
                   "# Launch the graph in a session\n# the translation's own note\n"
                   "x = tf.matmul(a, b)\nx = tf.matmul(a, b)\nloss = f(x)\nopt = tf.compat.v1.train.AdamOptimizer(0.1)\n")
    marks = idiom_marks(original, translation)
    assert marks == {"compat": 1, "stale": 1, "repeated": 1, "runtime": 1, "notes": 2}
    clean = original.replace("# Launch the graph\n", "# two matrices\n")
    assert idiom_marks(clean, clean) == {"compat": 0, "stale": 0, "repeated": 0, "runtime": 0, "notes": 0}


def test_the_marks_report_lists_marked_scripts_and_counts_files(tmp_path):
    clean = Length(tmp_path / "a.py", 10, 9, dict.fromkeys(MARKS, 0))
    marked = Length(tmp_path / "b.py", 10, 12, {**dict.fromkeys(MARKS, 0), "compat": 2})
    text = marks_report([clean, marked, Length(tmp_path / "c.py", 10, None)])
    assert [line.split()[0] for line in text[1:-1]] == ["b.py"]
    assert text[-1] == "files with each mark, of 2 translated: compat 1, stale 0, repeated 0, runtime 0, notes 0"


def test_the_stale_mark_judges_the_opening_block_by_sentences():
    from tools.eager_lengths import stale_lines
    body = "x = tf.constant(1.0)\n# Launch the graph in a session\ny = x\n"
    # a sentence about the session over two lines, one of them shared with a sentence that stays
    assert stale_lines("# A linear model. The session is\n# opened in main().\n\n" + body, False) == 3
    # no false mark: the lines of a sentence about the model, though one alone reads as initialisation
    assert stale_lines("# Initialize the variables\n# with random values.\n" + body, False) == 1
    # no missed mark: a session named without a verb before it
    assert stale_lines("# A classifier whose session is made the default one.\n" + body, False) == 2
    assert stale_lines("#!/usr/bin/env python\n# A linear model.\n" + body.replace("# Launch the graph in a session", "# Plot the loss"), False) == 0


def test_an_authors_comment_the_translation_cut_is_not_a_note_of_its_own():
    original = ("# A linear model. The session is\n# opened in main().\n\nx = tf.constant(1.0)\n"
                "# Classification example: start a new session\ny = x\n")
    translation = "# A linear model.\n\nx = tf.constant(1.0)\n# Classification example\ny = x\n# the tool's own\n"
    assert idiom_marks(original, translation)["notes"] == 1
