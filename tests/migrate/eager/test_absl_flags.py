"""migrate.eager.absl_flags.py: tf.app.flags / tf.app.run -> absl.flags / absl.app in an
eager translation, or the reason it keeps the compat form."""
import textwrap

from migrate.eager.absl_flags import ABSL_PREDEFINED, problems, rewrite


def check(before, after):
    code, changes = rewrite(textwrap.dedent(before).lstrip("\n"))
    assert code == textwrap.dedent(after).lstrip("\n"), code
    again, more = rewrite(code)
    assert again == code and not more
    return changes


def test_the_shim_and_run_become_absl():
    changes = check('''
        import tensorflow as tf
        from tf_revive_runtime import v1_flags

        flags = v1_flags
        flags.DEFINE_integer("steps", 3, "Steps.")
        FLAGS = flags.FLAGS


        def main(_):
            print(FLAGS.steps)


        if __name__ == "__main__":
            tf.compat.v1.app.run()
        ''', '''
        import tensorflow as tf
        from absl import app
        from absl import flags

        flags.DEFINE_integer("steps", 3, "Steps.")
        FLAGS = flags.FLAGS


        def main(_):
            print(FLAGS.steps)


        if __name__ == "__main__":
            app.run(main)
        ''')
    assert [message for _, message in changes] == ["tf.app.run() -> absl's app.run(main)",
                                                    "tf.app.flags -> absl.flags"]


def test_a_named_main_and_argv_are_passed_on_and_other_spellings_of_the_module():
    check('''
        import tensorflow as tf
        from tf_revive_runtime import v1_flags
        v1_flags.DEFINE_string("name", "x", "A name.")
        tf.compat.v1.flags.DEFINE_bool("fast", False, "Fast.")
        tf.compat.v1.app.run(main=train, argv=["prog"])
        ''', '''
        import tensorflow as tf
        from absl import app
        from absl import flags
        flags.DEFINE_string("name", "x", "A name.")
        flags.DEFINE_bool("fast", False, "Fast.")
        app.run(train, argv=["prog"])
        ''')


def test_a_script_without_flags_is_untouched():
    code = "import tensorflow as tf\nx = tf.constant(1.0)\n"
    assert rewrite(code) == (code, [])


def test_flags_absl_already_defines_and_a_run_without_main_keep_the_compat_form():
    found = problems('import tensorflow as tf\n'
                     'tf.app.flags.DEFINE_string("log_dir", "/tmp/logs", "Where.")\n'
                     'tf.flags.DEFINE_integer("steps", 3, "Steps.")\n'
                     'tf.app.run()\n')
    assert found == [
        (2, 0, 'flags.DEFINE_string("log_dir", ...): absl already defines --log_dir, so absl.flags would '
               'raise DuplicateFlagError'),
        (4, 0, "tf.app.run() without a module-level main() to run")]
    assert problems("import tensorflow as tf\ndef main(_):\n    pass\ntf.app.run()\n") == []


def test_the_predefined_table_is_what_absl_defines():
    """In a fresh interpreter: this one may hold flags other tests defined."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", "from absl import app, flags, logging\n"
                           "print(' '.join(sorted(flags.FLAGS)))"], capture_output=True, text=True, check=True)
    assert ABSL_PREDEFINED == set(done.stdout.split())


def test_translate_source_writes_absl_and_refuses_a_flag_absl_defines():
    from migrate.eager import FALLBACK_RULE, translate_source

    script = ("import numpy as np\nimport tensorflow as tf\n\nflags = tf.app.flags\n"
              'flags.DEFINE_float("rate", 0.5, "Rate.")\nFLAGS = flags.FLAGS\n\n\n'
              "def main(_):\n    x = tf.placeholder(tf.float32, [None])\n    with tf.Session() as sess:\n"
              "        print(sess.run(x * FLAGS.rate, feed_dict={x: np.ones(2)}))\n\n\n"
              'if __name__ == "__main__":\n    tf.app.run()\n')
    outcome = translate_source(script)
    assert not [f for f in outcome.findings if f.rule == FALLBACK_RULE], outcome.findings
    assert "from absl import app\nfrom absl import flags\n" in outcome.code
    assert "app.run(main)" in outcome.code and "migrate" not in outcome.code and "v1_flags" not in outcome.code
    assert {f.line for f in outcome.findings if f.rule == "eager-absl"} == {4, 16}
    refused = translate_source(script.replace('"rate"', '"log_dir"').replace("FLAGS.rate", "FLAGS.log_dir"))
    reasons = [f for f in refused.findings if f.rule == FALLBACK_RULE]
    assert [(f.line, "absl already defines --log_dir" in f.message) for f in reasons] == [(5, True)]
