"""migrate/run_explanations.py: `migrate run` prints one line after the traceback of a
failure it recognises; small failing scripts run under `migrate run`, one per row."""
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from migrate.run_explanations import EXPLANATIONS, documented_list, explain

ROOT = Path(__file__).resolve().parents[2]


def run(script: Path, cwd: Path):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-m", "migrate", "run", "-q", str(script)], cwd=cwd,
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 1, done.stderr
    lines = done.stderr.splitlines()
    return lines[-2], lines[-1]  # the exception line, then the explanation


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip())
    return path


def test_a_ragged_np_array(tmp_path):
    script = write(tmp_path / "pairs.py", """
        import numpy as np
        pairs = [[1, 2], [3]]
        data = np.array(pairs)
        """)
    error, line = run(script, tmp_path)
    assert error.startswith("ValueError: setting an array element with a sequence")
    assert line.startswith("migrate run: np.array over sequences of different lengths") and "dtype=object" in line


def test_a_numpy2_scalar_that_cannot_take_a_python_int(tmp_path):
    script = write(tmp_path / "offset.py", """
        import numpy as np
        labels = np.array([3, 7], dtype=np.uint8)
        shifted = labels.max() + 300
        """)
    error, line = run(script, tmp_path)
    assert error == "OverflowError: Python integer 300 out of bounds for uint8"
    assert line == ("migrate run: NumPy 2 (NEP 50) keeps a NumPy scalar's type in arithmetic with a Python "
                    "number, so a uint8 scalar cannot take 300; convert the scalar first (int(x) + 300), "
                    "as NumPy 1 did")


def test_an_overflowed_scalar_used_as_a_shape(tmp_path):
    script = write(tmp_path / "onehot.py", """
        import numpy as np
        labels = np.array([3, 255, 7], dtype=np.uint8)
        classes = max(labels) + 1
        one_hot = np.zeros((len(labels), classes))
        one_hot[np.arange(3), labels] = 1
        """)
    error, line = run(script, tmp_path)
    assert error.startswith("IndexError: index 3 is out of bounds")
    assert line.startswith("migrate run: NumPy 2 (NEP 50) kept a NumPy scalar's type in arithmetic with a "
                           f"Python int and it overflowed ({script}:3: overflow encountered in scalar add)")


def test_a_removed_scipy_path(tmp_path):
    # a stand-in scipy next to the script: the real one need not be installed
    write(tmp_path / "scipy" / "__init__.py", "")
    write(tmp_path / "scipy" / "misc.py", "def comb(n, k):\n    return 0\n")
    script = write(tmp_path / "faces.py", "from scipy.misc import imread\n")
    error, line = run(script, tmp_path)
    assert error.startswith("ImportError: cannot import name 'imread' from 'scipy.misc'")
    assert line.startswith("migrate run: scipy.misc.imread is gone from the installed SciPy")
    assert "use imageio" in line  # the scipy table's reason


def test_a_removed_scipy_module_names_its_replacement_from_the_table():
    error = ModuleNotFoundError("No module named 'scipy.sparse.linalg.eigen.arpack'; "
                                "'scipy.sparse.linalg.eigen' is not a package")
    assert explain(error, "/x/s.py").startswith("scipy.sparse.linalg.eigen.arpack is gone from the installed "
                                                "SciPy (removed after a deprecation): use scipy.sparse.linalg;")
    assert explain(ModuleNotFoundError("No module named 'scipy'"), "/x/s.py") is None  # not installed at all


def test_a_data_file_next_to_the_script_run_from_elsewhere(tmp_path):
    script = write(tmp_path / "project" / "train.py", "open('data/train.csv').read()\n")
    write(tmp_path / "project" / "data" / "train.csv", "1,2\n")
    error, line = run(script, tmp_path)
    assert error == "FileNotFoundError: [Errno 2] No such file or directory: 'data/train.csv'"
    assert line == (f"migrate run: 'data/train.csv' is a relative path, looked up in the working directory "
                    f"({tmp_path}), not next to the script ({tmp_path / 'project'}), where the file is; run the "
                    "script from the directory that holds its data")


def test_failures_it_does_not_recognise_get_no_line(tmp_path):
    script = write(tmp_path / "plain.py", "raise ValueError('mine')\n")
    assert run(script, tmp_path)[1] == "ValueError: mine"
    script = write(tmp_path / "missing.py", "open('nowhere.txt')\n")  # run from its own directory
    assert run(script, tmp_path)[1].startswith("FileNotFoundError")


def test_a_cause_is_recognised_and_an_absolute_path_is_not(tmp_path):
    try:
        try:
            import numpy as np
            np.array([[1], [1, 2]])
        except ValueError as inner:
            raise RuntimeError("loading failed") from inner
    except RuntimeError as outer:
        assert explain(outer, str(tmp_path / "s.py")).startswith("np.array over sequences")
    assert explain(FileNotFoundError(2, "No such file or directory", "/abs/x"), "/elsewhere/s.py") is None


def test_every_row_has_a_test_above():
    tested = Path(__file__).read_text()
    for row in EXPLANATIONS:
        assert row.text.split("{")[0][:30] in tested, row.title


def test_the_readme_lists_the_table():
    readme = (ROOT / "README.md").read_text()
    block = readme.split("<!-- run explanations -->\n", 1)[1].split("\n<!-- end of run explanations -->", 1)[0]
    assert block == documented_list(), "README is stale: paste `python -m migrate.run_explanations`"
