"""`migrate run`: a traceback shows the line that ran, at its number in the converted source,
and says that the numbers are those of the converted source.

The script imports a stand-in ``tensorflow`` package from its own directory (the script's
directory comes first on sys.path), so no real TensorFlow is loaded; the conversion (which
inserts ``tf.compat.v1.disable_v2_behavior()``, moving every later line down by one) is the
real one."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

FAKE_TENSORFLOW = """\
import types


def _disable_v2_behavior():
    pass


def _placeholder(dtype):
    return 3.0


compat = types.SimpleNamespace(v1=types.SimpleNamespace(
    disable_v2_behavior=_disable_v2_behavior, placeholder=_placeholder))
float32 = "float32"


def multiply(a, b):
    return a * b
"""

SCRIPT = """\
import tensorflow as tf
product = tf.mul(2.0, tf.placeholder(tf.float32))
first = 'the original line 3'
second = 'the original line 4'
raise ValueError('boom ' + str(product))
never_reached = 'the original line 6'
"""


def run(tmp_path: Path, script: str):
    (tmp_path / "tensorflow").mkdir()
    (tmp_path / "tensorflow" / "__init__.py").write_text(FAKE_TENSORFLOW)
    path = tmp_path / "legacy.py"
    path.write_text(script)
    done = subprocess.run([sys.executable, "-m", "migrate", "run", "-q", str(path)],
                          cwd=REPO, env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"),
                          capture_output=True, text=True, timeout=120)
    return path, done


def test_the_traceback_shows_the_converted_line_at_its_converted_number(tmp_path):
    path, done = run(tmp_path, SCRIPT)
    assert done.returncode == 1, done.stderr
    lines = done.stderr.splitlines()
    # converted: line 2 is disable_v2_behavior() (a placeholder needs graph mode), so the
    # raise moved from line 5 to 6, where the original has another statement
    at = lines.index(f'  File "{path}", line 6, in <module>')
    assert lines[at + 1].strip() == "raise ValueError('boom ' + str(product))"
    assert "ValueError: boom 6.0" in lines
    assert "the original line" not in done.stderr  # never the original's text at line 6
    assert lines[-1].startswith(f"migrate run: the lines above are those of the converted "
                                f"source of {path}")
    assert f"'migrate --diff {path}' shows the conversion" in lines[-1]


def test_an_unchanged_script_gets_no_note(tmp_path):
    path, done = run(tmp_path, "x = 1\nraise KeyError('plain')\n")
    assert done.returncode == 1
    assert f'  File "{path}", line 2, in <module>' in done.stderr
    assert "raise KeyError('plain')" in done.stderr and "migrate run:" not in done.stderr
