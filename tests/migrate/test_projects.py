"""A project converts as a project (issue 19 item 2): TensorFlow re-exported by the
project's own modules (migrate/project_imports.py, migrate/local_modules.py), `migrate run`
converting the helper modules of the script's project, and a TF 1.x project of two
packages (tests/fixtures/tf1_project) whose own test suite passes once `migrate` has
converted the tree -- and fails on TF 2.21 before."""
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np

from migrate import cli
from migrate.pipeline import convert_text
from tests import tf_worker

ROOT = Path(__file__).resolve().parents[2]
PROJECT = ROOT / "tests" / "fixtures" / "tf1_project"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def package(tmp_path: Path) -> Path:
    write(tmp_path / "nets" / "common.py",
          "import tensorflow as tf\nslim = tf.contrib.slim\nFLAGS = tf.app.flags.FLAGS\n")
    write(tmp_path / "nets" / "__init__.py", "from .common import tf\n")
    return tmp_path


def test_a_package_init_re_exporting_tf(tmp_path):
    user = write(package(tmp_path) / "user.py", "from nets import tf\n\nc = tf.mul(2, 2)\n")
    outcome = convert_text(user.read_text(), path=str(user))
    assert outcome.code == "from nets import tf\n\nc = tf.multiply(2, 2)\n"
    assert [(f.line, f.rule) for f in outcome.findings] == [(3, "tf0-name")]


def test_a_module_attribute_is_tensorflow(tmp_path):
    source = ("import nets.common\nfrom nets import common as C\n\n"
              "a = C.tf.mul(1, 2)  # C.tf.mul in a comment\n"
              "b = nets.common.tf.sub(3, 1)\nprint('C.tf.mul')\n")
    user = write(package(tmp_path) / "user.py", source)
    outcome = convert_text(source, path=str(user))
    assert outcome.code == source.replace(".tf.mul(1", ".tf.multiply(1").replace(".sub(", ".subtract(")
    assert [(f.line, f.column) for f in outcome.findings] == [(4, 4), (5, 4)]


def test_names_derived_from_tf_in_a_helper_are_tensorflow_too(tmp_path):
    source = "from nets.common import FLAGS, slim\n\nd = slim.fully_connected(1, 3)\nprint(FLAGS.x)\n"
    user = write(package(tmp_path) / "sub" / "user.py", source)
    write(tmp_path / "setup.py", "")  # the project root: nets is found from sub/
    outcome = convert_text(source, path=str(user))
    assert outcome.code == source  # slim and FLAGS are the helper's (converted there)
    assert outcome.findings == []  # what was done to the stand-ins is no change of the file


def test_relative_re_export_and_a_local_name_that_is_not_tf(tmp_path):
    write(package(tmp_path) / "nets" / "layers.py", "from .common import tf\nimport numpy as np\n")
    source = "from .layers import tf, np\nx = tf.placeholder(tf.float32)\ny = np.ones(2)\n"
    user = write(tmp_path / "nets" / "models.py", source)
    outcome = convert_text(source, path=str(user))
    assert outcome.code == ("from .layers import tf, np\ntf.compat.v1.disable_v2_behavior()\n"
                            "x = tf.compat.v1.placeholder(tf.float32)\ny = np.ones(2)\n")


def test_a_module_without_tensorflow_is_left_alone(tmp_path):
    write(tmp_path / "helpers.py", "import numpy as np\ntf = np\n")
    source = "from helpers import tf\nx = tf.mul(1, 2)\n"
    user = write(tmp_path / "user.py", source)
    outcome = convert_text(source, path=str(user))
    assert outcome.code == source and outcome.findings == []


def _pytest(directory: Path) -> subprocess.CompletedProcess:
    """The project's own suite, `python -m pytest` in a forked child of the worker's TensorFlow
    process (tests/tf_worker): a fresh interpreter's import of TensorFlow saved."""
    return tf_worker.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          "tests"], cwd=directory, capture_output=True, text=True, timeout=900,
                         env=_env())


def _env():
    import os

    env = dict(os.environ, PYTHONPATH=str(ROOT), TF_CPP_MIN_LOG_LEVEL="2")
    return env


def test_the_project_fails_on_tf2_as_it_is_and_its_own_tests_pass_converted(tmp_path):
    tree = tmp_path / "tf1_project"
    shutil.copytree(PROJECT, tree)
    before = _pytest(tree)
    assert before.returncode != 0 and "has no attribute" in before.stdout, before.stdout[-2000:]
    assert cli.main([str(tree), "-q", "-j", "1"]) == 0
    for path in PROJECT.rglob("*.py"):  # every module with TensorFlow use was converted
        if "tf." in path.read_text():
            assert (tree / path.relative_to(PROJECT)).read_text() != path.read_text(), path
    after = _pytest(tree)
    assert after.returncode == 0, after.stdout[-3000:]
    assert "5 passed" in after.stdout


def _numpy_final_loss(steps, learning_rate, hidden):
    sys.path.insert(0, str(PROJECT / "tests"))
    try:
        from reference import numpy_losses  # the fixture's own NumPy reference
    finally:
        sys.path.remove(str(PROJECT / "tests"))
    return numpy_losses(steps, learning_rate, hidden)[-1]


def test_migrate_run_converts_the_packages_of_the_scripts_project():
    # scripts/train.py reaches src/ (not below the script's directory): the project root
    # (setup.py) decides which modules are converted in memory
    result = tf_worker.run([sys.executable, "-m", "migrate", "run", "-q", "scripts/train.py",
                            "--steps", "5", "--learning_rate", "0.2"], cwd=PROJECT,
                           capture_output=True, text=True, timeout=600, env=_env())
    assert result.returncode == 0, result.stderr[-3000:]
    printed = float(result.stdout.split()[-1])
    np.testing.assert_allclose(printed, _numpy_final_loss(5, 0.2, 4), rtol=1e-4)
