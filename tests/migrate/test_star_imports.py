"""TensorFlow from a local module's star import (migrate/project_imports.py, issue 18 item 6)."""
from pathlib import Path

from migrate import cli
from migrate.pipeline import convert_text

COMMON = "import numpy as np\nimport tensorflow as tf\n"
TRAIN = "from common import *\n\nx = tf.placeholder(tf.float32, [2])\nsess = tf.Session()\n"
CONVERTED = ("from common import *\ntf.compat.v1.disable_v2_behavior()\n\n"
             "x = tf.compat.v1.placeholder(tf.float32, [2])\nsess = tf.compat.v1.Session()\n")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_a_tree_follows_its_own_modules(tmp_path, capsys):
    write(tmp_path / "common.py", COMMON)
    train = write(tmp_path / "train.py", TRAIN)
    nested = write(tmp_path / "pkg" / "t.py", TRAIN.replace("from common", "from ..common"))
    write(tmp_path / "pkg" / "__init__.py", "")
    assert cli.main([str(tmp_path), "-q", "-j", "1"]) == 0
    assert train.read_text() == CONVERTED
    assert nested.read_text() == CONVERTED.replace("from common", "from ..common")


def test_findings_are_at_the_files_own_lines(tmp_path):
    write(tmp_path / "common.py", "from deeper import *\n")  # followed in turn
    write(tmp_path / "deeper.py", COMMON)
    outcome = convert_text(TRAIN, path=str(tmp_path / "train.py"))
    assert outcome.code == CONVERTED
    lines = sorted({f.line for f in outcome.findings})
    assert lines == [1, 3, 4], outcome.findings  # graph-mode at the star import, then uses


def test_crlf_and_a_cycle(tmp_path):
    write(tmp_path / "common.py", "from train import *\nimport tensorflow as tf\n")
    source = TRAIN.replace("\n", "\r\n")
    outcome = convert_text(source, path=str(tmp_path / "train.py"))
    assert outcome.code == CONVERTED.replace("\n", "\r\n")


def test_a_module_whose_all_leaves_tf_out_brings_no_tf(tmp_path):
    write(tmp_path / "common.py", COMMON + "__all__ = ['np']\n")
    outcome = convert_text(TRAIN, path=str(tmp_path / "train.py"))
    assert outcome.code == TRAIN and outcome.findings == []


def test_a_star_import_that_cannot_be_followed_is_a_warning(tmp_path, capsys):
    train = write(tmp_path / "train.py", TRAIN.replace("common", "elsewhere"))
    broken = write(tmp_path / "b.py", TRAIN.replace("common", "bad"))
    write(tmp_path / "bad.py", "def (:\n")
    assert cli.main([str(train), str(broken), "-q"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{train}:1:1: TF025 star-import: 'from elsewhere import *' could not be followed (elsewhere "
        "is not a module of this project): if it brings TensorFlow (tf), this file was not "
        "converted; import tensorflow here, or convert it with that module beside it",
        f"{broken}:1:1: TF025 star-import: 'from bad import *' could not be followed (bad cannot be "
        "read or parsed): if it brings TensorFlow (tf), this file was not converted; import "
        "tensorflow here, or convert it with that module beside it"]
    assert train.read_text() == TRAIN.replace("common", "elsewhere")


def test_no_warning_where_tf_is_not_used(tmp_path):
    outcome = convert_text("from os.path import *\nx = join('a')\n", path=str(tmp_path / "a.py"))
    assert outcome.findings == []
