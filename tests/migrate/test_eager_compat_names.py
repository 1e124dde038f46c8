"""tools/eager_compat_names.py: the tf.compat.v1 names an eager translation writes (pure: no TensorFlow)."""
from tools.eager_compat_names import Names, compat_names, measure, report

SCRIPT = """\
import tensorflow as tf

w = tf.Variable([1.0, 2.0])
y = tf.reduce_sum(tf.div(w, 2.0))  # a variable's dtype is not read: div stays

sess = tf.Session()
sess.run(tf.global_variables_initializer())
print(sess.run(y))
"""


def test_the_outermost_compat_names_are_read_once_each():
    code = ("import tensorflow as tf\n"
            "a = tf.compat.v1.train.Saver().save\n"
            "b = tf.compat.v1.div(1, 2) + tf.compat.v1.div(3, 4)\n"
            "c = tf.math.divide(1, 2)\n"
            "import tensorflow.compat.v1 as v1\n")
    assert compat_names(code) == ["div", "train.Saver"]


def test_a_script_is_translated_and_its_compat_names_read(tmp_path):
    path = tmp_path / "s.py"
    path.write_text(SCRIPT)
    assert measure(path).names == ["div"]


def test_the_report_counts_files_per_name_and_leaves_out_compat_ones(tmp_path):
    measured = [Names(tmp_path / "a.py", ["div", "train.Saver"]), Names(tmp_path / "b.py", ["div"]),
                Names(tmp_path / "c.py", []), Names(tmp_path / "d.py", None)]
    text = report(measured)
    assert text[0].split() == ["a.py", "div", "train.Saver"]
    assert text[1].split() == ["b.py", "div"]
    assert text[3].split() == ["div", "2"] and text[4].split() == ["train.Saver", "1"]
    assert text[-1] == ("4 scripts, 3 translated (1 kept in compat form); 2 of 3 translations write a "
                        "tf.compat.v1 name (67%; target at most 10%)")
