"""TF 1.x's flag semantics in converted scripts (tf_revive_runtime/v1_flags.py): flags read
at import time or before tf.app.run() parse the command line on first access, unknown
arguments are left to tf.app.run / argparse, non-string defaults are kept as TF 1.x kept
them, and TF 0.x-1.4's ``FLAGS.__flags`` dictionary. Scripts run through ``migrate run``."""
import json
import sys
import textwrap

import pytest
from absl import flags

from tests import tf_worker
from tf_revive_runtime import v1_flags

TF1_SCRIPT = '''
import argparse
import json
import sys

import tensorflow as tf

flags = tf.app.flags
flags.DEFINE_string("storage_folder", "/tmp/store", "Where.")
flags.DEFINE_string("gpu", 0, "A non-string default TF 1 accepted.")
flags.DEFINE_integer("batch_size", 1e2, "A float default for an integer flag.")
flags.DEFINE_float("learning_rate", 0.01, "Rate.")
flags.DEFINE_boolean("shuffle", True, "Shuffle.")
tf.app.flags.DEFINE_integer(flag_name="epochs", default_value=3, docstring="TF 1's keyword names.")
FLAGS = flags.FLAGS

AT_IMPORT = {"storage_folder": FLAGS.storage_folder, "gpu": FLAGS.gpu}


def configure():
    return {"batch_size": FLAGS.batch_size, "learning_rate": FLAGS.learning_rate}


BEFORE_RUN = configure()
OTHERS, _ = argparse.ArgumentParser().parse_known_args()
parser = argparse.ArgumentParser()
parser.add_argument("--extra", type=int, default=0)
EXTRA = parser.parse_known_args()[0].extra


def main(argv):
    print(json.dumps({"import": AT_IMPORT, "before_run": BEFORE_RUN, "extra": EXTRA,
                      "main_argv": argv[1:], "shuffle": FLAGS.shuffle, "epochs": FLAGS.epochs,
                      "__flags": sorted(FLAGS.__flags)}))


if __name__ == "__main__":
    tf.app.run()
'''


def _run(tmp_path, *args):
    script = tmp_path / "train.py"
    script.write_text(textwrap.dedent(TF1_SCRIPT))
    done = tf_worker.run([sys.executable, "-m", "migrate", "run", "-q", str(script), *args],
                         capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_flags_read_at_import_and_before_run_without_arguments(tmp_path):
    got = _run(tmp_path)
    assert got["import"] == {"storage_folder": "/tmp/store", "gpu": 0}
    assert got["before_run"] == {"batch_size": 100.0, "learning_rate": 0.01}
    assert (got["extra"], got["main_argv"], got["shuffle"], got["epochs"]) == (0, [], True, 3)
    assert got["__flags"] == ["batch_size", "epochs", "gpu", "learning_rate", "shuffle", "storage_folder"]


def test_command_line_values_reach_import_time_reads_and_unknown_ones_are_left(tmp_path):
    got = _run(tmp_path, "--storage_folder=/data", "--gpu", "1", "--batch_size", "32",
               "--learning_rate=0.5", "--noshuffle", "--extra", "7", "positional")
    assert got["import"] == {"storage_folder": "/data", "gpu": "1"}
    assert got["before_run"] == {"batch_size": 32, "learning_rate": 0.5}
    assert got["extra"] == 7 and got["shuffle"] is False
    assert got["main_argv"] == ["--extra", "7", "positional"]  # as TF 1's tf.app.run passed them


@pytest.fixture
def values(monkeypatch):
    """A fresh FlagValues behind the TF 1 wrapper."""
    fresh = flags.FlagValues()
    monkeypatch.setattr(sys, "argv", ["prog", "--n=5", "--other=1"])
    return fresh, v1_flags._FlagValuesWrapper(fresh)


def test_first_read_parses_known_flags_only(values):
    fresh, wrapped = values
    v1_flags.DEFINE_integer("n", 1, "n", flag_values=wrapped)
    assert not fresh.is_parsed()
    assert wrapped.n == 5 and fresh.is_parsed()
    assert sys.argv == ["prog", "--n=5", "--other=1"]


def test_non_string_defaults_are_kept_and_command_line_values_parsed(values):
    fresh, wrapped = values
    v1_flags.DEFINE_string("gpu", 0, "g", flag_values=fresh)
    v1_flags.DEFINE_integer("n", 2.5, "n", lower_bound=0, flag_values=fresh)
    assert wrapped.gpu == 0 and wrapped.n == 5
    fresh(["prog", "--gpu=3"])
    assert fresh.gpu == "3"
    with pytest.raises(flags.IllegalFlagValueError):
        fresh(["prog", "--n=-1"])  # the flag's own parser and bounds still apply


def test_string_defaults_still_fail_as_in_tf1(values):
    fresh, _ = values
    with pytest.raises(flags.IllegalFlagValueError):
        v1_flags.DEFINE_integer("n", "many", "n", flag_values=fresh)


def test_tf0_dictionary_and_parse_flags(values):
    fresh, wrapped = values
    v1_flags.DEFINE_integer("n", 1, "n", flag_values=fresh)
    v1_flags.DEFINE_string("word", "hi", "w", flag_values=fresh)
    assert wrapped._parse_flags() == ["prog", "--other=1"]
    assert wrapped.__flags == {"n": 5, "word": "hi"}
    assert wrapped.__dict__["__flags"] == {"n": 5, "word": "hi"} and wrapped.__dict__["__parsed"]
    assert wrapped.flag_values_dict()["n"] == 5 and "n" in wrapped and wrapped["n"].value == 5
