"""The libcst codemod command docs/migrate.md gives works in any project: it is read from
the docs and run in a folder outside this repository (no .libcst.codemod.yaml, no black)."""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TF1 = b"import tensorflow as tf\r\n\r\nc = tf.mul(tf.constant(2.0), 3.0)  # kept\r\n"


def documented_command() -> list[str]:
    text = (REPO / "docs" / "migrate.md").read_text()
    (line,) = re.findall(r"^\s*(python -m libcst\.tool codemod .*PATH)\s*$", text, re.M)
    return shlex.split(line)


def test_the_documented_codemod_command_works_outside_the_repository(tmp_path):
    project = tmp_path / "project"
    (project / "pkg").mkdir(parents=True)
    target = project / "pkg" / "train.py"
    target.write_bytes(TF1)
    command = documented_command()
    assert command[-1] == "PATH"
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONDONTWRITEBYTECODE="1")
    done = subprocess.run([sys.executable, *command[1:-1], "pkg"], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Transformed 1 files successfully" in done.stderr, done.stderr
    assert target.read_bytes() == (b"import tensorflow as tf\r\n\r\n"
                                   b"c = tf.multiply(tf.constant(2.0), 3.0)  # kept\r\n")
    assert sorted(p.name for p in project.rglob("*")) == ["pkg", "train.py"]
