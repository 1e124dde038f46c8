"""The tool installs alone: the wheel built from this repository holds only the `migrate`
package, requires only what the rewrite needs (TOOL_REQUIREMENTS), and works in a virtual
environment without TensorFlow; there `migrate run` and `migrate verify` say in one line
that TensorFlow is needed.

Offline and fast: the wheel is built without build isolation, installed with
`pip --no-index --no-deps`, and the new environment sees its requirements (read from the
wheel's metadata, followed recursively, linked from this environment) through a .pth file
naming a folder that holds nothing else, so TensorFlow, numpy and the demo's packages stay
out of it. The real `pip install` from PyPI (cold and warm cache) is measured by
tools/install_size.py (docs/performance.md).
"""
import importlib.metadata
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from migrate import cli

REPO = Path(__file__).resolve().parents[2]
# What the rewrite needs, and all the wheel may require: libcst (the rewriter), fissix
# (Python 2 syntax, family py2), ruff (NumPy 2 removals, family numpy).
TOOL_REQUIREMENTS = {"libcst", "fissix", "ruff"}

TF1_SCRIPT = """import tensorflow as tf

x = tf.placeholder(tf.float32, shape=[1])
w = tf.Variable(tf.random_normal([1], seed=1))
loss = tf.square(tf.mul(x, w) - 10.0)
train = tf.train.GradientDescentOptimizer(0.02).minimize(loss)

sess = tf.Session()
sess.run(tf.initialize_all_variables())
for step in range(100):
    sess.run(train, feed_dict={x: [1.0]})
print(sess.run(w))
"""


def _name(requirement):
    return re.split(r"[\s;<>=!~\[(]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _wheel_requirements(wheel):
    with zipfile.ZipFile(wheel) as zf:
        (metadata_name,) = [n for n in zf.namelist() if n.endswith(".dist-info/METADATA")]
        metadata = zf.read(metadata_name).decode()
    return [line.split(":", 1)[1].strip() for line in metadata.splitlines() if line.startswith("Requires-Dist:")]


def _link_distribution(name, deps, seen):
    """Link an installed distribution's top-level modules (and scripts, into deps/bin) into
    deps, then its own requirements; distributions not installed here are skipped (markers)."""
    if name in seen:
        return
    seen.add(name)
    try:
        dist = importlib.metadata.distribution(name)
    except importlib.metadata.PackageNotFoundError:
        return
    for file in dist.files or ():
        top = file.parts[0]
        if top == "..":  # a script installed into bin/ (ruff's binary)
            (deps / "bin").mkdir(exist_ok=True)
            link = deps / "bin" / file.name
            if not link.exists():
                link.symlink_to(Path(dist.locate_file(file)).resolve())
        elif not top.endswith((".dist-info", ".data")) and top != "__pycache__":
            link = deps / top
            if not link.exists() and not link.is_symlink():
                link.symlink_to(Path(dist.locate_file(top)).resolve())
    for requirement in dist.requires or ():
        if "extra ==" not in requirement:
            _link_distribution(_name(requirement), deps, seen)


def _source_tree(dest):
    """What a build needs: the repository without its venv, git data, outputs and tests."""
    ignore = shutil.ignore_patterns(".git", ".venv", "out", "build", "dist", "*.egg-info", "__pycache__",
                                    "tests", ".hypothesis", ".pytest_cache", "docs")
    shutil.copytree(REPO, dest, ignore=ignore)
    return dest


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    src = _source_tree(tmp_path_factory.mktemp("build") / "src")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--no-index", "-w", str(out), str(src)], check=True, capture_output=True, timeout=300)
    (built,) = out.glob("*.whl")
    return built


@pytest.fixture(scope="module")
def tool_venv(wheel, tmp_path_factory):
    """bin/ of a fresh venv holding the wheel, libcst and PyYAML, and nothing else."""
    root = tmp_path_factory.mktemp("venv")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                    "--no-index", str(wheel)], check=True, capture_output=True, timeout=300)
    deps = root / "deps"
    deps.mkdir()
    seen = set()
    for requirement in _wheel_requirements(wheel):
        if "extra ==" not in requirement:
            _link_distribution(_name(requirement), deps, seen)
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    Path(site, "tool_deps.pth").write_text(str(deps) + "\n")
    return venv / "bin"


def run_in(bin_dir, *args, cwd, check_rc=None):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    if check_rc is not None:
        assert done.returncode == check_rc, (done.returncode, done.stdout, done.stderr)
    return done


def test_the_wheel_holds_only_the_tool_and_its_runtime_and_requires_only_libcst(wheel):
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        (metadata_name,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        metadata = zf.read(metadata_name).decode()
    top_level = {n.split("/")[0] for n in names}
    assert top_level == {"migrate", "tf_revive_runtime", metadata_name.split("/")[0]}, top_level
    assert not any(n.endswith(".npz") for n in names)  # no demo data in the tool
    requires = [line.split(":", 1)[1].strip() for line in metadata.splitlines() if line.startswith("Requires-Dist:")]
    hard = [r for r in requires if "extra ==" not in r and "python_version" not in r]
    assert {_name(r) for r in hard} == TOOL_REQUIREMENTS, hard
    # [tool.migrate] on Python 3.10 (3.11 reads TOML itself): tomli there only
    older = [r for r in requires if "python_version" in r]
    assert [_name(r) for r in older] == ["tomli"] and '< "3.11"' in older[0], older
    tensorflow = [r for r in requires if r.startswith("tensorflow")]
    assert tensorflow and all("extra ==" in r for r in tensorflow), requires
    with zipfile.ZipFile(wheel) as zf:
        entry_points = zf.read(metadata_name.replace("METADATA", "entry_points.txt")).decode()
    assert "migrate = migrate.cli:main" in entry_points


def test_the_tool_works_without_tensorflow(tool_venv, tmp_path):
    python = tool_venv / "python"
    probe = run_in(tool_venv, python, "-c",
                   "import importlib.util as u, migrate; print(migrate.__file__); "
                   "print([m for m in ('tensorflow', 'numpy', 'twins', 'legacy', 'seed_data') if u.find_spec(m)])",
                   cwd=tmp_path, check_rc=0)
    where, found = probe.stdout.splitlines()
    assert "site-packages" in where and found == "[]", probe.stdout

    done = run_in(tool_venv, "migrate", "--help", cwd=tmp_path, check_rc=0)
    assert "usage:" in done.stdout and "--diff" in done.stdout

    script = tmp_path / "fit.py"
    script.write_text(TF1_SCRIPT)
    done = run_in(tool_venv, "migrate", "--check", "fit.py", cwd=tmp_path, check_rc=1)
    assert "would rewrite fit.py" in done.stderr
    done = run_in(tool_venv, "migrate", "--diff", "fit.py", cwd=tmp_path, check_rc=0)
    assert "-loss = tf.square(tf.mul(x, w) - 10.0)" in done.stdout
    assert "+loss = tf.square(tf.multiply(x, w) - 10.0)" in done.stdout
    assert script.read_text() == TF1_SCRIPT
    run_in(tool_venv, "migrate", "fit.py", cwd=tmp_path, check_rc=0)
    converted = script.read_text()
    assert "tf.compat.v1.disable_v2_behavior()" in converted and "tf.mul(" not in converted

    notebook = tmp_path / "nb.ipynb"
    notebook.write_text(json.dumps({
        "cells": [{"cell_type": "code", "execution_count": None, "id": "a", "metadata": {}, "outputs": [],
                   "source": ["import tensorflow as tf\n", "y = tf.mul(2, 3)"]}],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1) + "\n")
    run_in(tool_venv, "migrate", "nb.ipynb", cwd=tmp_path, check_rc=0)
    cell = json.loads(notebook.read_text())["cells"][0]["source"]
    assert "".join(cell) == "import tensorflow as tf\ny = tf.multiply(2, 3)", cell

    # the other rule families run on their own dependencies: fissix (py2) and ruff (numpy)
    legacy = tmp_path / "legacy_py2.py"
    legacy.write_text("import tensorflow as tf\nimport numpy as np\nprint 'total', np.float(3)\n")
    run_in(tool_venv, "migrate", "legacy_py2.py", cwd=tmp_path, check_rc=0)
    assert legacy.read_text() == "import tensorflow as tf\nimport numpy as np\nprint('total', float(3))\n"


def test_the_pre_commit_hook_entry_works_without_tensorflow(tool_venv, tmp_path):
    """pre-commit runs the hook's `entry` with the staged file names (what it does after
    installing the repository into its own venv, which needs PyPI: measured by hand, see
    docs/performance.md)."""
    hooks = (REPO / ".pre-commit-hooks.yaml").read_text()
    entry = next(line.split(":", 1)[1].strip() for line in hooks.splitlines() if line.strip().startswith("entry:"))
    (tmp_path / "a.py").write_text(TF1_SCRIPT)
    (tmp_path / "b.py").write_text("print('no tensorflow here')\n")
    done = run_in(tool_venv, *entry.split(), "a.py", "b.py", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "tf.multiply" in (tmp_path / "a.py").read_text()
    assert (tmp_path / "b.py").read_text() == "print('no tensorflow here')\n"


@pytest.mark.parametrize("command", ["run", "verify"])
def test_run_and_verify_say_in_one_line_that_tensorflow_is_needed(tool_venv, tmp_path, command):
    (tmp_path / "fit.py").write_text(TF1_SCRIPT)
    done = run_in(tool_venv, "migrate", command, "fit.py", cwd=tmp_path, check_rc=2)
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.startswith(f"migrate {command}: TensorFlow is needed"), done.stderr
    assert "pip install tensorflow" in done.stderr
    help_text = run_in(tool_venv, "migrate", command, "--help", cwd=tmp_path, check_rc=0).stdout
    assert "usage" in help_text.lower()


def test_tensorflow_missing_is_checked_without_importing_it(monkeypatch, capsys):
    """The same message in process, absence simulated: nothing runs, exit status 2."""
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "tensorflow" else real(name, *a))
    assert cli.main(["run", "whatever.py"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("migrate run: TensorFlow is needed and is not installed in this environment")
    assert err.count("\n") == 1
    monkeypatch.setattr(importlib.util, "find_spec", real)
    assert cli.tensorflow_missing("run") is None  # this test environment has it


def test_input_data_without_a_checkout_says_where_to_put_the_files(tmp_path, monkeypatch):
    """The installed tool ships no MNIST: with no real files and no checkout subset, the
    shim's error names the files and the places it looked."""
    from tf_revive_runtime import input_data

    monkeypatch.setattr(input_data, "DEFAULT_DIR", str(tmp_path / "no-tmp-data"))
    monkeypatch.setattr(input_data, "KERAS_CACHE", str(tmp_path / "no-keras" / "mnist.npz"))
    monkeypatch.setattr(input_data, "BUNDLED", str(tmp_path / "no-checkout" / "mnist_subset.npz"))
    with pytest.raises(FileNotFoundError) as error:
        input_data.read_data_sets(str(tmp_path / "MNIST_data"), one_hot=True)
    message = str(error.value)
    assert "train-images-idx3-ubyte.gz" in message and "no-tmp-data" in message and "nothing is downloaded" in message


def test_to_eager_works_without_tensorflow(tool_venv, tmp_path):
    """--to eager is a rewrite too: it needs neither TensorFlow nor the demo side."""
    (tmp_path / "fit.py").write_text(TF1_SCRIPT)
    done = run_in(tool_venv, "migrate", "--to", "eager", "--diff", "fit.py", cwd=tmp_path, check_rc=0)
    assert "+    with tf.GradientTape() as tape:" in done.stdout, done.stdout + done.stderr
    assert "tf.keras.optimizers.SGD(learning_rate=0.02" in done.stdout
