"""`migrate -`: the source from stdin, the result on stdout, messages on stderr."""
import json
import os
import subprocess
import sys

TF1 = "import tensorflow as tf\nc = tf.mul(tf.constant(2.0), 3.0)\n"
TF2 = "import tensorflow as tf\nc = tf.multiply(tf.constant(2.0), 3.0)\n"


def migrate(*args, stdin: str | bytes):
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2", PYTHONDONTWRITEBYTECODE="1")
    data = stdin.encode() if isinstance(stdin, str) else stdin
    return subprocess.run([sys.executable, "-m", "migrate", *args], input=data, env=env,
                          capture_output=True, timeout=300)


def test_the_result_goes_to_stdout_and_the_report_to_stderr():
    done = migrate("-", stdin=TF1)
    assert done.returncode == 0
    assert done.stdout.decode() == TF2
    err = done.stderr.decode()
    assert "1 file seen: 1 changed" in err and "requirements: tensorflow" in err


def test_unchanged_source_comes_back_byte_for_byte():
    source = "print('no tensorflow')\r\n"
    done = migrate("-", stdin=source)
    assert done.returncode == 0 and done.stdout == source.encode()


def test_stdin_filename_names_the_source_in_messages():
    source = "import tensorflow as tf\nx = tf.contrib.nothing_like_it(1)\n"
    done = migrate("-", "--stdin-filename", "src/model.py", stdin=source)
    assert done.stderr.decode().startswith("src/model.py:2:"), done.stderr.decode()


def test_check_and_diff_exit_as_for_a_file():
    check = migrate("-", "--check", stdin=TF1)
    assert check.returncode == 1 and check.stdout == b""
    assert migrate("-", "--check", stdin=TF2).returncode == 0
    assert migrate("-", "--check", "--exit-zero-even-if-changed", stdin=TF1).returncode == 0
    diff = migrate("-", "--diff", "--stdin-filename", "a.py", stdin=TF1)
    assert diff.returncode == 0
    assert "-c = tf.mul(" in diff.stdout.decode() and "+++ a.py" in diff.stdout.decode()


def test_a_syntax_error_fails_with_the_source_echoed_unchanged():
    source = "import tensorflow as tf\nx = (\n"
    done = migrate("-", "--stdin-filename", "bad.py", stdin=source)
    assert done.returncode == 1 and done.stdout == source.encode()
    assert done.stderr.decode().startswith("bad.py:")


def test_a_notebook_on_stdin():
    cell = {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
            "source": TF1.splitlines(keepends=True)}
    notebook = json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    done = migrate("-", "--stdin-filename", "n.ipynb", stdin=notebook)
    assert done.returncode == 0
    assert "".join(json.loads(done.stdout)["cells"][0]["source"]) == TF2


def test_usage_errors():
    assert migrate("-", "a.py", stdin=TF1).returncode == 2
    assert migrate("a.py", "--stdin-filename", "x.py", stdin=TF1).returncode == 2
    assert migrate("-", "--report-json", "-", stdin=TF1).returncode == 2
