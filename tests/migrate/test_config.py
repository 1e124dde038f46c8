"""[tool.migrate] in pyproject.toml: found as ruff finds its own, overridden by flags."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from migrate import config

TF1 = "import tensorflow as tf\nimport numpy as np\nc = tf.mul(2.0, np.float(3))\n"


def migrate(*args, cwd, stdin=None):
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2", PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "-m", "migrate", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300, input=stdin)


def project(tmp_path: Path, settings: str) -> Path:
    root = tmp_path / "proj"
    (root / ".git").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[project]\nname = 'x'\n\n[tool.migrate]\n" + settings)
    (root / "src" / "deep").mkdir(parents=True)
    (root / "src" / "deep" / "a.py").write_text(TF1)
    return root


def test_found_from_the_common_parent_up_to_the_repository_root(tmp_path):
    root = project(tmp_path, "ignore = ['numpy']\n")
    assert config.find([str(root / "src" / "deep" / "a.py")]) == str(root / "pyproject.toml")
    assert config.find([str(root / "src"), str(root / "src" / "deep")]) == str(root / "pyproject.toml")
    # the search stops at the directory holding .git: a pyproject.toml above it is not ours
    (tmp_path / "pyproject.toml").write_text("[tool.migrate]\njobs = 1\n")
    inner = tmp_path / "proj" / "sub"
    (inner / ".git").mkdir(parents=True)
    assert config.find([str(inner)]) is None
    # a pyproject.toml without [tool.migrate] is passed by
    (root / "src" / "pyproject.toml").write_text("[tool.black]\nline-length = 99\n")
    assert config.find([str(root / "src" / "deep")]) == str(root / "pyproject.toml")


def test_settings_apply_and_flags_override_them(tmp_path):
    root = project(tmp_path, "ignore = ['numpy']\ntarget = 'compat'\njobs = 1\n")
    done = migrate("--diff", "src", "--report-json", "r.json", cwd=root)
    assert done.returncode == 0, done.stderr
    assert "+c = tf.multiply(2.0, np.float(3))" in done.stdout  # numpy ignored by the file
    assert json.loads((root / "r.json").read_text())["config"] == str(root / "pyproject.toml")
    flag = migrate("--diff", "--ignore", "py2", "src", cwd=root)
    assert "+c = tf.multiply(2.0, float(3))" in flag.stdout  # the flag wins
    isolated = migrate("--diff", "--isolated", "src", cwd=root)
    assert "+c = tf.multiply(2.0, float(3))" in isolated.stdout


def test_exclude_and_max_size(tmp_path):
    root = project(tmp_path, "exclude = ['deep']\n")
    (root / "src" / "b.py").write_text(TF1)
    done = migrate("--check", "src", cwd=root)
    assert "would rewrite src/b.py" in done.stderr and "a.py" not in done.stderr
    assert "deep" in migrate("--check", "--exclude", "x", "src", cwd=root).stderr  # flag wins
    (root / "pyproject.toml").write_text("[tool.migrate]\nmax-size = '10'\n")
    too_big = migrate("--check", "src/b.py", cwd=root)
    assert too_big.returncode == 1 and "too large" in too_big.stderr
    assert migrate("--check", "--max-size", "1M", "src/b.py", cwd=root).returncode == 1
    assert "too large" not in migrate("--check", "--max-size", "1M", "src/b.py", cwd=root).stderr


def test_stdin_filename_finds_the_configuration_and_its_excludes(tmp_path):
    root = project(tmp_path, "exclude = ['skipped_*.py']\n")
    kept = migrate("-", "--stdin-filename", "src/skipped_a.py", cwd=root, stdin=TF1)
    assert kept.returncode == 0 and kept.stdout == TF1
    changed = migrate("-", "--stdin-filename", "src/a.py", cwd=root, stdin=TF1)
    assert "tf.multiply" in changed.stdout


@pytest.mark.parametrize("settings, wording", [
    ("colour = 'red'\n", "unknown key 'colour'"),
    ("jobs = 'many'\n", "jobs = 'many'"),
    ("target = 'fast'\n", "target = 'fast'"),
    ("select = ['nothing']\n", "unknown"),
    ("max-size = '1.5'\n", "max-size"),
    ("jobs = [\n", "not valid TOML"),
])
def test_a_bad_setting_is_a_usage_error_naming_the_file_and_key(tmp_path, settings, wording):
    root = project(tmp_path, settings)
    done = migrate("--check", "src", cwd=root)
    assert done.returncode == 2, done.stderr
    assert wording in done.stderr
    if "unknown rule" not in done.stderr and wording != "unknown":
        assert "pyproject.toml" in done.stderr


def test_config_names_a_file(tmp_path):
    root = project(tmp_path, "ignore = ['numpy']\n")
    (tmp_path / "other.toml").write_text("ignore = ['py2']\n")
    done = migrate("--diff", "--config", tmp_path / "other.toml", "src", cwd=root)
    assert "+c = tf.multiply(2.0, float(3))" in done.stdout
    assert migrate("--config", tmp_path / "none.toml", "src", cwd=root).returncode == 2
