"""tools/adversarial.py counts what it must: its checks catch a lost file, a split hard
link, a device replaced, bytes changed outside the edit and a stray temporary."""
import os
import stat
from pathlib import Path

from tools import adversarial
from tools.adversarial import CHANGED, LOST, Outcome, check, snapshot

TF1 = b"import tensorflow as tf\n\x0cdef f():\n    return tf.mul(1, 2)\n"


def test_check_counts_every_kind_of_damage(tmp_path: Path):
    (tmp_path / "a.py").write_bytes(TF1)
    (tmp_path / "b.py").write_bytes(TF1)
    (tmp_path / "c.py").write_bytes(TF1)
    os.link(tmp_path / "c.py", tmp_path / "c2.py")
    os.mkfifo(tmp_path / "pipe.py")
    before = snapshot(tmp_path)
    (tmp_path / "a.py").write_bytes(TF1.replace(b"\x0c", b""))  # a byte lost outside the edit
    (tmp_path / "b.py").unlink()
    (tmp_path / "c.py").unlink()
    (tmp_path / "c.py").write_bytes(TF1)  # the link split
    (tmp_path / "pipe.py").unlink()
    (tmp_path / "pipe.py").write_bytes(b"")  # the FIFO replaced by a file
    (tmp_path / ".a.py.1.x.migrate-tmp").write_bytes(b"")
    outcome = Outcome("damage")
    check(before, snapshot(tmp_path), outcome)
    assert len(outcome.problems[LOST]) == 3  # b.py gone, pipe.py replaced, c/c2 split
    assert len(outcome.problems[CHANGED]) == 2  # a.py's form feed, the temporary
    assert stat.S_ISREG((tmp_path / "pipe.py").stat().st_mode)


def test_the_exact_conversion_counts_as_the_edit(tmp_path: Path):
    (tmp_path / "a.py").write_bytes(TF1)
    before = snapshot(tmp_path)
    (tmp_path / "a.py").write_bytes(TF1.replace(b"tf.mul(", b"tf.multiply("))
    outcome = Outcome("edit")
    check(before, snapshot(tmp_path), outcome)
    assert outcome.problems == {} and outcome.files == 1


def test_a_case_runs_the_real_command():
    [case] = [c for c in adversarial.CASES if c.name == "mistyped --report-json over a source"]
    outcome = adversarial.run_case(case)
    assert outcome.problems == {} and outcome.files == 2
