"""migrate/eager/tf1_flag_uses.py: a script reading flags before tf.app.run() (or using a
default or name absl refuses) keeps tf_revive_runtime.v1_flags in its eager translation,
and says why; the translation runs with TF 1's values."""
import json
import os
import sys
import textwrap

from migrate.eager import translate_source
from migrate.eager.tf1_flag_uses import find
from tests import tf_worker

HEAD = "import tensorflow as tf\nfrom tf_revive_runtime import v1_flags\nflags = v1_flags\nFLAGS = flags.FLAGS\n"


def lines_of(found):
    return [line for line, _ in found]


def test_reads_inside_main_only_need_nothing():
    assert find(HEAD + "def main(_):\n    print(FLAGS.n)\ntf.compat.v1.app.run()\n") == []


def test_a_module_level_read_a_class_body_and_a_default_value():
    found = find(HEAD + "X = FLAGS.n\nclass A:\n    y = FLAGS.m\ndef f(z=FLAGS.k):\n    pass\n")
    assert lines_of(found) == [5, 7, 8]
    assert "FLAGS.n is read before tf.app.run() parses the command line" in found[0][1]
    assert "UnparsedFlagAccessError" in found[0][1]


def test_functions_and_classes_called_before_run_transitively():
    found = find(HEAD + "def helper():\n    return FLAGS.lr\ndef setup():\n    return helper()\n"
                 "class Model:\n    def __init__(self):\n        self.n = FLAGS.n\n"
                 "def later():\n    return FLAGS.unused\n"
                 "setup()\nif __name__ == '__main__':\n    Model()\n    tf.compat.v1.app.run(main=later)\n")
    assert found == [
        (6, "FLAGS.lr is read in helper(), which runs before tf.app.run() parses the command line "
            "(absl's flags would raise UnparsedFlagAccessError)"),
        (11, "FLAGS.n is read in Model(), which runs before tf.app.run() parses the command line "
             "(absl's flags would raise UnparsedFlagAccessError)")]


def test_an_explicit_parse_makes_later_reads_safe_and_methods_need_no_parse():
    assert find(HEAD + "import sys\nFLAGS(sys.argv)\nX = FLAGS.n\nFLAGS.is_parsed()\n") == []


def test_defaults_and_names_absl_refuses():
    found = find(HEAD + "flags.DEFINE_string('gpu', 0, 'g')\nflags.DEFINE_integer('n', -1e3, 'n')\n"
                 "flags.DEFINE_float('f', 1, 'ok for absl')\nflags.DEFINE_string('s', None, 'ok')\n"
                 "flags.DEFINE_integer(flag_name='k', default_value=1, docstring='d')\n"
                 "def main(_):\n    print(FLAGS.__flags)\n")
    assert [(line, reason.split(":")[0]) for line, reason in found] == [
        (5, "DEFINE_string with the default 0"), (6, "DEFINE_integer with the default 1e3"),
        (9, "DEFINE_integer(default_value=...)"), (9, "DEFINE_integer(docstring=...)"),
        (9, "DEFINE_integer(flag_name=...)"), (11, "TF 0.x's FLAGS.__flags is not in absl's flags")]


SCRIPT = '''
import numpy as np
import tensorflow as tf

flags = tf.app.flags
flags.DEFINE_float("rate", 0.5, "Rate.")
flags.DEFINE_string("log_dir", "/tmp/logs", "absl also defines it: fine with TF 1's flags.")
FLAGS = flags.FLAGS
SCALE = FLAGS.rate * 2


def main(_):
    x = tf.placeholder(tf.float32, [None])
    with tf.Session() as sess:
        print(sess.run(x * SCALE, feed_dict={x: np.ones(2)}).tolist(), FLAGS.log_dir)


if __name__ == "__main__":
    tf.app.run()
'''


def test_the_eager_translation_keeps_tf1_flags_says_so_and_runs(tmp_path):
    outcome = translate_source(textwrap.dedent(SCRIPT).lstrip())
    assert not [f for f in outcome.findings if f.rule == "eager-fallback"], outcome.findings
    assert "tf.Session" not in outcome.code and "from tf_revive_runtime import v1_flags" in outcome.code
    notes = [(f.line, f.message) for f in outcome.findings if f.rule == "eager-absl"]
    assert len(notes) == 1 and notes[0][0] == 8 and "keeps tf_revive_runtime.v1_flags" in notes[0][1]
    script = tmp_path / "eager.py"
    script.write_text(outcome.code)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([os.getcwd(), os.environ.get("PYTHONPATH", "")])}
    done = tf_worker.run([sys.executable, str(script), "--rate=2", "--log_dir", "/x", "--other"],
                         capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-3:] == ["[4.0,", "4.0]", "/x"]


def test_other_names_of_the_flags_module_and_of_FLAGS():
    found = find("import tensorflow as tf\nfrom tf_revive_runtime import v1_flags as fl\nopts = fl.FLAGS\n"
                 "f2 = fl\nN = opts.n + f2.FLAGS.m + tf.compat.v1.flags.FLAGS.k\n")
    assert [reason.split(" is read")[0] for _, reason in found] == ["FLAGS.k", "FLAGS.m", "FLAGS.n"]
