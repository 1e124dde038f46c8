"""tools/eager_lengths.py: original vs translated non-blank lines (pure: no TensorFlow)."""
from tools.eager_lengths import Length, code_lines, measure, report

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
