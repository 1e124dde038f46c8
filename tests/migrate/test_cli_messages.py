"""What the summary, the JSON report and the warnings say: the words match what happened.

- ``--check``/``--diff`` write nothing, so the report says "would_change", never "changed";
- a PATH that does not exist is an error naming it, and no file seen;
- ``--to eager`` on a notebook says, per notebook, that the compat form was kept.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TF1 = b"import tensorflow as tf\n\na = tf.constant(2.0)\nb = tf.constant(3.0)\nc = tf.mul(a, b)\n"


def migrate(*args, cwd):
    return subprocess.run([sys.executable, "-m", "migrate", *map(str, args)], cwd=cwd,
                          env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"),
                          capture_output=True, text=True, timeout=300)


def notebook(*sources: str) -> str:
    cells = [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
              "source": source} for source in sources]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5},
                      indent=1) + "\n"


def test_check_reports_would_change_in_json_and_in_words(tmp_path):
    (tmp_path / "a.py").write_bytes(TF1)
    (tmp_path / "b.py").write_text("print('no tensorflow here')\n")
    for mode in ("--check", "--diff"):
        done = migrate(mode, "a.py", "b.py", "--report-json",
                       "-" if mode == "--check" else "r.json", cwd=tmp_path)
        text = done.stdout if mode == "--check" else (tmp_path / "r.json").read_text()
        report = json.loads(text)
        assert report["summary"]["would_change"] == 1 and "changed" not in report["summary"]
        assert {f["file"]: f["status"] for f in report["files"]} == {
            "a.py": "would_change", "b.py": "unchanged"}
        assert "2 files seen: 1 would change, 1 unchanged" in done.stderr
    assert (tmp_path / "a.py").read_bytes() == TF1
    done = migrate("a.py", "--report-json", "-", cwd=tmp_path)
    report = json.loads(done.stdout)
    assert report["summary"]["changed"] == 1 and report["files"][0]["status"] == "changed"


def test_a_missing_path_is_an_error_naming_it_and_no_file_seen(tmp_path):
    done = migrate("--check", "nope.py", "--report-json", "-", cwd=tmp_path)
    assert done.returncode == 1
    assert "nope.py: error: no such file or directory" in done.stderr.splitlines()
    assert "migrate: 0 files seen: 0 would change, 0 unchanged, 0 failed; 1 path not found" in done.stderr
    report = json.loads(done.stdout)
    assert report["summary"]["files"] == 0 and report["summary"]["not_found"] == 1
    assert report["files"] == [] and [e["file"] for e in report["errors"]] == ["nope.py"]
    (tmp_path / "a.py").write_bytes(TF1)
    done = migrate("a.py", "gone.py", cwd=tmp_path)
    assert done.returncode == 1 and "1 file seen: 1 changed, 0 unchanged, 0 failed; 1 path not found" in done.stderr


def test_to_eager_on_a_notebook_says_the_compat_form_was_kept(tmp_path):
    (tmp_path / "nb.ipynb").write_text(notebook(
        "import tensorflow as tf\n",
        "x = tf.placeholder(tf.float32, [1])\nsess = tf.Session()\nprint(sess.run(x * 2, feed_dict={x: [1.0]}))\n"))
    (tmp_path / "plain.ipynb").write_text(notebook("print(1)\n"))
    (tmp_path / "s.py").write_bytes(TF1)
    done = migrate("--to", "eager", ".", "--report-json", "r.json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if "eager-fallback" in line]
    assert warnings == ["nb.ipynb: TF106 eager-fallback: --to eager does not translate notebooks: "
                        "converted in the compat form (tf.compat.v1, graph mode); for the eager "
                        "translation convert it to a .py file first (jupyter nbconvert --to script)"]
    assert "tf.compat.v1.Session()" in (tmp_path / "nb.ipynb").read_text()
    report = json.loads((tmp_path / "r.json").read_text())
    assert [f["file"] for f in report["findings"] if f["rule"] == "eager-fallback"] == ["nb.ipynb"]
    done = migrate("nb.ipynb", cwd=tmp_path)  # compat asked: nothing to say
    assert "eager-fallback" not in done.stderr
