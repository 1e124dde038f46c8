"""Behaviour traps of TF 2.21's compat.v1 and the tf.contrib replacements, at run time:
a TF 1.x program (tests/fixtures/compat_checks/tf1_traps.py) checks its own results, with
the values TF 1.x documented, after migrate converted it; and the shims on their own."""
import os
import sys
from pathlib import Path

import numpy as np
import pytest

from tests import tf_worker

FIXTURE = Path(__file__).parent.parent / "fixtures" / "compat_checks" / "tf1_traps.py"


def test_tf1_traps_program_converted_passes_all_its_checks():
    source = FIXTURE.read_text()
    expected = source.count('check("')
    env = dict(os.environ, PYTHONPATH=os.getcwd())
    result = tf_worker.run([sys.executable, "-m", "migrate", "run", str(FIXTURE)],
                           capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    ok = [line for line in result.stdout.splitlines() if line.startswith("ok ")]
    assert len(ok) == expected == 34
    assert result.stdout.strip().splitlines()[-1] == f"ALL OK {expected}"


def test_vocabulary_processor_min_frequency_and_reverse(tmp_path):
    from tf_revive_runtime.vocabulary import VocabularyProcessor

    docs = ["the cat sat", "the dog sat", "the end"]
    vocab = VocabularyProcessor(3, min_frequency=1)
    ids = np.array(list(vocab.fit_transform(docs)))
    # kept: seen more than once, by falling frequency then alphabet: the=1, sat=2
    assert ids.tolist() == [[1, 0, 2], [1, 0, 2], [1, 0, 0]]
    assert list(vocab.reverse([[1, 2, 0]])) == ["the sat <UNK>"]
    vocab.save(tmp_path / "v")
    assert VocabularyProcessor.restore(tmp_path / "v").vocabulary_.get("sat") == 2


def test_contrib_eager_shim_is_tf2():
    tf = pytest.importorskip("tensorflow")
    from tf_revive_runtime import contrib_eager as tfe

    assert tfe.defun is tf.function and tfe.Variable is tf.Variable
    assert tfe.enable_eager_execution() is None
    assert [int(x) for x in tfe.Iterator(tf.data.Dataset.range(3))] == [0, 1, 2]
    with pytest.raises(AttributeError, match="no TF 2 counterpart"):
        tfe.implicit_value_and_gradients_of_nothing  # noqa: B018


def test_v1_flags_replaces_a_definition_absl_made():
    from absl import flags

    from tf_revive_runtime import v1_flags

    values = flags.FlagValues()
    flags.DEFINE_string("log_dir", "", "absl's", flag_values=values)
    v1_flags.DEFINE_string("log_dir", "/tmp/mine", "the script's", flag_values=values)
    values(["prog"])
    assert values.log_dir == "/tmp/mine"
