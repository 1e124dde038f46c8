"""The `requirements:` line: what a converted tree needs installed, read from its imports;
and every install hint the tool prints names only what installs (this venv, or the wheel)."""
import ast
import importlib.metadata
import json
import re
from pathlib import Path

from migrate import requirements
from migrate.requirements import pip_names, requirements_line, roots_of
from migrate.runtime import RUNTIME_PACKAGE
from tests.migrate.test_cli import migrate

REPO = Path(__file__).resolve().parents[2]
RUNTIME = REPO / RUNTIME_PACKAGE

CONVERTED = """\
import tensorflow as tf
from tf_revive_runtime import input_data
from tf_revive_runtime import v1_layers
tf.compat.v1.disable_v2_behavior()
x = tf.compat.v1.placeholder(tf.float32, [None, 3])
y = v1_layers.dense(x, 2)
"""


def names(code):
    return pip_names(roots_of(code))


def test_a_converted_file_needs_what_it_imports_and_what_the_runtime_imports():
    # v1_layers imports tf_keras; input_data numpy only (tensorflow brings it)
    assert names(CONVERTED) == ["tensorflow", "tf_keras", "tf-revive"]
    assert names("import tensorflow as tf\nfrom tf_revive_runtime import slim\n") == [
        "tensorflow", "tf-slim", "tf-revive"]
    assert names("import tensorflow as tf\nimport tf_revive_runtime.v1_flags as f\n") == [
        "tensorflow", "absl-py", "tf-revive"]
    assert names("import tensorflow as tf\nimport tf_keras\nimport tf_slim\n") == [
        "tensorflow", "tf_keras", "tf-slim"]


def test_tensorboard_only_for_tf2_summary():
    assert names("import tensorflow as tf\ntf.summary.scalar('a', 1.0)\n") == [
        "tensorflow", "tensorboard"]
    assert names("import tensorflow as T\nw = T.summary.create_file_writer('d')\n") == [
        "tensorflow", "tensorboard"]
    assert names("import tensorflow as tf\ntf.compat.v1.summary.scalar('a', 1.0)\n") == [
        "tensorflow"]
    assert names("from tensorflow import summary\n") == ["tensorflow", "tensorboard"]


def test_no_tensorflow_needs_nothing():
    assert roots_of("import os\nprint(1)\n") == set()
    assert roots_of("import numpy, pandas\n") == set()
    assert requirements_line(set()) is None
    assert requirements_line({"tensorflow", "tf_slim"}) == "requirements: tensorflow tf-slim"


def test_every_runtime_module_is_read_from_its_source():
    """The derived needs agree with each module's own imports, for every module."""
    for path in sorted(RUNTIME.rglob("*.py")):
        if path == RUNTIME / "__init__.py":
            continue
        parts = path.relative_to(RUNTIME).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        module = ".".join((RUNTIME_PACKAGE, *parts))
        tree = ast.parse(path.read_text())
        own = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
               for alias in node.names}
        own |= {node.module.split(".")[0] for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) and node.module and not node.level}
        assert own <= requirements._runtime_roots(module), module


def test_the_runtime_holds_what_converted_code_needs_and_says_why_no_public_package():
    """Each runtime module is a target of migrate's rewrites (its tables and fixers), and
    says why a public package does not serve instead."""
    tables = "".join(path.read_text() for path in (REPO / "migrate").rglob("*.py")
                     if path.name != "requirements.py")
    modules = [path for path in sorted(RUNTIME.glob("*.py")) if path.name != "__init__.py"]
    packages = [path / "__init__.py" for path in sorted(RUNTIME.iterdir()) if (path / "__init__.py").exists()]
    for path in modules + packages:
        name = path.stem if path.name != "__init__.py" else path.parent.name
        assert f"@{RUNTIME_PACKAGE}.{name}" in tables, name
        assert "Why not" in ast.get_docstring(ast.parse(path.read_text())), name


def _installable(name):
    """In this venv, or the wheel this repository builds (setup.cfg's name)."""
    setup = (REPO / "setup.cfg").read_text()
    if re.search(rf"^name = {re.escape(name)}$", setup, re.M):
        return True
    try:
        importlib.metadata.distribution(name)
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


def _pip_install_names(text):
    out = []
    for match in re.finditer(r"pip install ([^()\n;]+)", text):
        for word in match.group(1).split():
            if word.startswith("-") or word.endswith(".whl") or word in (".", "it"):
                continue
            out.append(word.strip("'\",."))
    return out


def test_every_printed_install_hint_names_only_installable_packages(monkeypatch):
    import importlib.util

    from migrate import cli

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "tensorflow" else real(name, *a))
    hints = [cli.tensorflow_missing("run"), requirements.INSTALL_HINT,
             requirements_line(requirements.PIP_NAMES)]
    monkeypatch.setattr(importlib.util, "find_spec", real)
    words = [w for hint in hints[:2] for w in _pip_install_names(hint)]
    words += hints[2].split(":")[1].split()
    assert "tensorflow" in words and "tf-revive" in words
    assert [w for w in words if not _installable(w)] == []
    assert "pip wheel --no-deps ." in requirements.INSTALL_HINT
    assert "tf-revive[" not in " ".join(hints)  # an extra of a wheel no index has


def test_the_command_prints_the_line_and_the_report_carries_it(tmp_path):
    (tmp_path / "a.py").write_text("import tensorflow as tf\nfrom tensorflow.examples.tutorials."
                                   "mnist import input_data\nx = tf.placeholder(tf.float32)\n")
    (tmp_path / "b.py").write_text("import tensorflow as tf\nimport tf_slim\n")
    (tmp_path / "c.py").write_text("print('no tensorflow')\n")
    done = migrate(tmp_path, "--report-json", tmp_path / "r.json", check_rc=0)
    lines = [line for line in done.stderr.splitlines() if "requirements:" in line]
    assert lines == ["migrate: requirements: tensorflow tf-slim tf-revive"]
    assert "pip wheel --no-deps ." in done.stderr
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["requirements"] == ["tensorflow", "tf-slim", "tf-revive"]
    again = migrate(tmp_path, "--report-json", tmp_path / "r.json", check_rc=0)
    assert "requirements:" not in again.stderr  # nothing changed: nothing to announce
    assert json.loads((tmp_path / "r.json").read_text())["requirements"] == [
        "tensorflow", "tf-slim", "tf-revive"]
    (tmp_path / "d.py").write_text("import tensorflow as tf\nx = tf.mul(1, 2)\n")
    assert "requirements:" not in migrate(tmp_path / "d.py", "--check", check_rc=1).stderr
    quiet = migrate(tmp_path / "c.py", "-q", check_rc=0)
    assert quiet.stderr == ""


def test_a_notebook_needs_what_its_cells_import(tmp_path):
    cells = [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
              "source": ["import tensorflow as tf\n", "x = tf.placeholder(tf.float32)\n"]},
             {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
              "source": ["import tf_slim\n"]}]
    notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "n.ipynb").write_text(json.dumps(notebook))
    done = migrate(tmp_path / "n.ipynb", "--check", "--report-json", "-", check_rc=1)
    assert json.loads(done.stdout)["requirements"] == ["tensorflow", "tf-slim"]


READ_FROM_TREES = [
    CONVERTED,
    "import tensorflow as tf\ntf.summary.scalar('a', 1.0)\n",
    "import tensorflow as T\nw = T . summary.create_file_writer('d')\n",
    "import tensorflow as tf\ntf.compat.v1.summary.scalar('a', 1.0)\n",
    "from tensorflow import summary\n",
    "from tensorflow import *\nfrom tf_revive_runtime import *\n",
    "from . import tensorflow\nfrom .tf_keras import x\nimport os.path as tf_keras\n",
    "import tensorflow.compat.v1 as tf, tf_slim\n",
    "def f():\n    import tf_keras\n    try:\n        import absl.flags\n    except ImportError:\n"
    "        from tf_revive_runtime.v1_flags import FLAGS\n    else:\n        pass\n"
    "    finally:\n        import tensorboard\nclass A:\n    if 1: import tensorflow as q; q.summary.x\n",
    "import tensorflow as tf\nfor i in x:\n    pass\nelse:\n    from tf_revive_runtime import slim\n"
    "while 0:\n    pass\nelse:\n    import tensorflow as tf2\nwith a:\n    match b:\n        case 1:\n"
    "            from tf_revive_runtime import input_data\n",
]


def test_roots_read_from_the_engines_tree_are_those_parsed_from_its_code():
    """The pipeline reads a converted file's roots from the engine's libcst tree (no second
    parse): the same roots as Python's parse of the code, for every form of import."""
    import libcst

    from migrate.requirements import roots_of_module

    for code in READ_FROM_TREES:
        assert roots_of_module(libcst.parse_module(code), code) == roots_of(code), code
    assert roots_of_module(libcst.parse_module(READ_FROM_TREES[8]), READ_FROM_TREES[8]) == {
        "tf_keras", "absl", "tf_revive_runtime", "tensorboard", "tensorflow"}


def test_a_converted_file_is_not_parsed_again_for_its_requirements(tmp_path, monkeypatch):
    """Changed or unchanged, a TensorFlow file's requirements come from the trees the
    conversion made (Python's parse is the syntax check's, once per file)."""
    import ast

    from migrate.pipeline import convert_bytes

    parses = []
    real = ast.parse
    monkeypatch.setattr(ast, "parse", lambda *a, **k: parses.append(a) or real(*a, **k))
    changed = convert_bytes(b"import tensorflow as tf\nx = tf.placeholder(tf.float32)\n",
                            "a.py")
    kept = convert_bytes(b"import tensorflow as tf\nimport tf_keras\nx = tf.ones(2)\n", "b.py")
    assert changed.data is not None and kept.data is None
    assert pip_names(changed.requirements) == ["tensorflow"]
    assert pip_names(kept.requirements) == ["tensorflow", "tf_keras"]
    assert parses == []
