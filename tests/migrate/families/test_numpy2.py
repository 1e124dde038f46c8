"""The numpy family (migrate/families/numpy2.py: ruff's NPY001/NPY201 safe fixes, newshape=)."""
import pytest

from migrate.families import using
from migrate.engine import migrate_source
from tests.migrate.helpers import check_noop, check_transformed, rules

HEAD = "import numpy as np\nimport tensorflow as tf\n"


@pytest.mark.parametrize("before,after,code", [
    ("x = np.float(3)  # keep\n", "x = float(3)  # keep\n", "NPY001"),
    ("y = np.zeros(3, dtype=np.int)\n", "y = np.zeros(3, dtype=int)\n", "NPY001"),
    ("z = np.float_(2) + np.NaN\n", "z = np.float64(2) + np.nan\n", "NPY201"),
    ("p = np.product(a)\n", "p = np.prod(a)\n", "NPY201"),
    ("r = np.reshape(a, newshape=(2, 3))\n", "r = np.reshape(a, shape=(2, 3))\n", None),
])
def test_numpy_row(before, after, code):
    outcome = check_transformed(HEAD + before, HEAD + after)
    assert set(rules(outcome)) == {"numpy"}
    if code:
        assert all(code in f.message for f in outcome.findings)
    assert outcome.findings[0].line == 3


def test_switched_off():
    with using(frozenset({"tf", "py2", "matplotlib"})):
        check_noop(HEAD + "x = np.float(3)\n")


def test_modern_numpy_is_untouched():
    check_noop(HEAD + "x = np.float64(3)\ny = np.reshape(a, (2, 3))\n")


def test_the_line_numbers_are_the_files_when_tf_adds_lines():
    outcome = migrate_source(HEAD + "x = tf.placeholder(tf.float32)\ny = np.float(1)\n")
    assert [(f.line, f.rule) for f in outcome.findings if f.rule == "numpy"] == [(4, "numpy")]


# issue 18, item 3: ruff is fed bytes, so line ends and non-ASCII text survive any locale
_LINES = ["import numpy as np", "import tensorflow as tf", "x = np.float(3)", "sess = tf.Session()"]


@pytest.mark.parametrize("end", ["\r\n", "\r"])
def test_crlf_and_lone_cr_survive_a_numpy_fix(end):
    out = migrate_source(end.join(_LINES) + end).code
    assert "x = float(3)" in out and "tf.compat.v1.Session()" in out
    lines = out.split(end)
    assert lines[-1] == "" and not any("\r" in line or "\n" in line for line in lines)


def test_non_ascii_source_under_the_c_locale(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    source = tmp_path / "cafe.py"
    source.write_bytes("# café\n".encode() + "\n".join(_LINES).encode() + b"\n")
    repo = Path(__file__).resolve().parents[3]
    done = subprocess.run([sys.executable, "-m", "migrate", "-q", str(source)], capture_output=True,
                          env=dict(os.environ, LC_ALL="C", LANG="C", PYTHONUTF8="0",
                                   PYTHONCOERCECLOCALE="0", PYTHONPATH=str(repo)), timeout=120)
    assert done.returncode == 0, done.stderr
    assert source.read_bytes().startswith("# café\n".encode()) and b"x = float(3)" in source.read_bytes()


# migrate/tables/numpy_names.py: the core names that need neither NumPy imported nor ruff
@pytest.mark.parametrize("name", sorted(__import__("migrate.tables.numpy_names", fromlist=["x"]).CORE_NAMES))
def test_a_core_name_is_in_numpy_and_ruff_leaves_it_alone(name):
    import json

    import numpy

    from migrate.families.numpy2 import _ruff, _ruff_run

    assert hasattr(numpy, name)
    ruff = _ruff()
    assert ruff is not None
    report = _ruff_run(ruff, f"import numpy as np\nx = np.{name}\ny = np.{name}(1)\n",
                       "--output-format", "json")
    assert report.returncode == 0 and json.loads(report.stdout) == [], report.stdout


def test_core_names_only_need_neither_numpy_nor_ruff():
    import subprocess
    import sys

    probe = ("import sys\nfrom migrate.families import numpy2\n"
             "print(numpy2._uses_missing_names('import numpy as np\\nx = np.zeros(3) + "
             "np.random.rand(3)\\ny = np.concatenate([x, x])\\n'), 'numpy' in sys.modules)\n"
             "print(numpy2._uses_missing_names('import numpy as np\\nx = np.float_(1)\\n'), "
             "'numpy' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=60, cwd=__import__("pathlib").Path(__file__).parents[3])
    assert done.stdout.split("\n")[:2] == ["False False", "True True"], done.stderr
