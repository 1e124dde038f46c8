"""Where `migrate verify` runs a script, and what it leaves behind (issue 18, items 2, 8-11):
each side in its own mirror of the script's folder, no stdin, process groups ended and the
temporary folder removed on SIGTERM, `--keep` never overwriting, and messages that say what
happened (a file without TensorFlow, a Python 2 script)."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from migrate import verify
from migrate.verification import sandbox

REPO = Path(__file__).resolve().parents[2]

USES_ITS_FOLDER = '''\
import os
import sys

import numpy as np
import tensorflow as tf

here = os.path.dirname(os.path.abspath(__file__))
data = np.loadtxt("data.csv", delimiter=",")
extra = sys.stdin.read()
with open(os.path.join(here, "runs.txt"), "a") as f:
    f.write("run\\n")
with open(os.path.join(here, "runs.txt")) as f:
    runs = len(f.readlines())
x = tf.placeholder(tf.float32)
total = tf.reduce_sum(x) * runs + len(extra)
with tf.Session() as sess:
    print("total", sess.run(total, {x: data}))
'''

SLEEPS = '''\
import time

import tensorflow as tf

x = tf.constant(2.0)
with tf.Session() as sess:
    print(sess.run(x))
    time.sleep(300)
'''


def _env(tmp):
    return dict(os.environ, PYTHONPATH=str(REPO), TMPDIR=str(tmp))


# ---------------------------------------------------------------------------- the mirror (no TensorFlow)

def test_the_mirror_copies_the_folder_and_puts_the_translation_under_the_scripts_name(tmp_path):
    src = tmp_path / "project"
    (src / "data").mkdir(parents=True)
    (src / "data" / "a.csv").write_text("1,2\n")
    (src / "vocab.txt").write_text("w\n")
    (src / "train.py").write_text("original\n")
    (src / ".git").mkdir()
    (src / ".git" / "HEAD").write_text("x")
    place = sandbox.mirror(str(src / "train.py"), b"translated\n", str(tmp_path / "m"))
    assert Path(place.script).read_bytes() == b"translated\n"
    assert Path(place.script).name == "train.py"
    assert (tmp_path / "m" / "data" / "a.csv").read_text() == "1,2\n"
    assert not (tmp_path / "m" / "data").is_symlink() and not (tmp_path / "m" / ".git").exists()
    assert place.linked == []
    (tmp_path / "m" / "vocab.txt").write_text("changed\n")  # a write in the mirror...
    assert (src / "vocab.txt").read_text() == "w\n"  # ...never reaches the user's folder
    assert (src / "train.py").read_text() == "original\n"


def test_entries_beyond_the_budget_and_symbolic_links_are_linked_and_named(tmp_path, monkeypatch):
    src = tmp_path / "project"
    src.mkdir()
    (src / "small.txt").write_text("s")
    (src / "big.bin").write_bytes(b"x" * 5000)
    (tmp_path / "elsewhere.txt").write_text("e")
    (src / "link.txt").symlink_to(tmp_path / "elsewhere.txt")
    (src / "s.py").write_text("")
    monkeypatch.setattr(sandbox, "COPY_BUDGET_BYTES", 1000)
    place = sandbox.mirror(str(src / "s.py"), b"", str(tmp_path / "m"))
    assert sorted(place.linked) == ["big.bin", "link.txt"]
    assert (tmp_path / "m" / "big.bin").is_symlink() and not (tmp_path / "m" / "small.txt").is_symlink()
    assert (tmp_path / "m" / "link.txt").read_text() == "e"


def test_a_folder_with_more_files_than_the_budget_is_linked(tmp_path, monkeypatch):
    src = tmp_path / "project"
    (src / "many").mkdir(parents=True)
    for i in range(5):
        (src / "many" / f"{i}.txt").write_text("")
    (src / "s.py").write_text("")
    monkeypatch.setattr(sandbox, "COPY_BUDGET_FILES", 3)
    assert sandbox.mirror(str(src / "s.py"), b"", str(tmp_path / "m")).linked == ["many"]


# ---------------------------------------------------------------------------- messages (no run)

def test_a_file_without_tensorflow_is_nothing_to_verify_not_a_failure(tmp_path):
    plain = tmp_path / "plain.py"
    plain.write_text("print(1)\n")
    [report] = verify.verify_scripts([str(plain)])
    assert (report.status, report.exit_code) == ("not-tensorflow", 3)
    text = verify.format_report(report)
    assert "NOTHING TO VERIFY" in text and "FAILED" not in text


def test_a_python2_script_is_prepared_in_the_form_migrate_gives_it(tmp_path):
    script = tmp_path / "old.py"
    script.write_text('import tensorflow as tf\nx = tf.constant(3.0)\nsess = tf.Session()\nprint "v", sess.run(x)\n')
    prep = verify.prepare(str(script))
    assert prep.error is None, prep.error
    assert 'print("v", sess.run(x))' in prep.compat and not prep.fell_back


def test_an_unparsable_file_says_the_translations_could_not_be_made(tmp_path):
    script = tmp_path / "broken.py"
    script.write_text("import tensorflow as tf\nx = (\n")
    [report] = verify.verify_scripts([str(script)])
    assert report.exit_code == 2
    assert "could not be made, nothing ran" in verify.format_report(report)


def test_keep_never_overwrites_a_directory_that_holds_files(tmp_path, capsys):
    script = tmp_path / "s.py"
    script.write_text(SLEEPS)
    kept = tmp_path / "kept"
    kept.mkdir()
    (kept / "compat.log").write_text("mine")
    assert verify.main(["--keep", str(kept), str(script)]) == 2
    assert "not an empty directory" in capsys.readouterr().err
    assert (kept / "compat.log").read_text() == "mine" and sorted(os.listdir(kept)) == ["compat.log"]


# ---------------------------------------------------------------------------- runs (TensorFlow)

def test_each_side_runs_in_its_own_mirror_with_no_stdin(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (project / "data.csv").write_text("1,2\n3,4\n")
    (project / "uses_data.py").write_text(USES_ITS_FOLDER)
    done = subprocess.run([sys.executable, "-m", "migrate", "verify", str(project / "uses_data.py")],
                          input="12345\n", capture_output=True, text=True, env=_env(tmp_path), timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "total 10.0" in done.stdout  # data.csv found; runs.txt written once per side; stdin empty
    assert sorted(os.listdir(project)) == ["data.csv", "uses_data.py"]  # nothing written next to the script


def _processes_mentioning(text):
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if text in cmdline:
            found.append((int(pid), cmdline))
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc to find left-over processes")
def test_sigterm_ends_both_sides_and_removes_the_temporary_folder(tmp_path):
    script = tmp_path / "sleeps.py"
    script.write_text(SLEEPS)
    proc = subprocess.Popen([sys.executable, "-m", "migrate", "verify", str(script)], env=_env(tmp_path),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # both children started: their logs exist
        logs = list(tmp_path.glob("migrate-verify-*/*.log"))
        if len(logs) == 2 and len(_processes_mentioning(str(tmp_path) + "/migrate-verify-")) == 2:
            break
        time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("verify's children did not start")
    time.sleep(1.0)
    proc.send_signal(signal.SIGTERM)
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM, out
    assert not list(tmp_path.glob("migrate-verify-*")), "the temporary folder is left behind"
    time.sleep(0.5)
    assert _processes_mentioning(str(tmp_path) + "/migrate-verify-") == []


def test_the_mirror_never_copies_itself_when_it_lies_inside_the_scripts_folder(tmp_path):
    # a script in /tmp, verify's temporary folder under /tmp: the mirror is inside the source
    (tmp_path / "s.py").write_text("")
    (tmp_path / "data.txt").write_text("d")
    place = sandbox.mirror(str(tmp_path / "s.py"), b"", str(tmp_path / "work" / "deeper" / "compat_0"))
    assert sorted(os.listdir(place.folder)) == ["data.txt", "s.py"]
    assert place.linked == []


def _item(index, max_abs, excess):
    return verify.Item(time=index, channel="printed line 1", index=index, max_abs=max_abs, excess=excess, scale=1.0)


def test_a_rerun_that_agrees_never_turns_a_first_difference_beyond_tolerance_into_drift():
    report = verify.Report("s.py", verify.Prepared("s.py"), status="different",
                           items=[_item(0, 2.0, 2.0), _item(1, 2.0, 2.0)])
    rerun = verify.Report("s.py", verify.Prepared("s.py"), status="same")
    assert verify.explain(report, rerun)[0].startswith("SEMANTIC DIFFERENCE")
    drifting = verify.Report("s.py", verify.Prepared("s.py"), status="different",
                             items=[_item(0, 1e-7, 0.0), _item(1, 1e-3, 1e-3)])
    assert verify.explain(drifting, rerun)[0].startswith("ROUNDING DRIFT")


def test_a_fifo_next_to_the_script_is_linked_never_opened(tmp_path):
    (tmp_path / "s.py").write_text("")
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "sub").mkdir()
    os.mkfifo(tmp_path / "sub" / "inner")
    (tmp_path / "sub" / "data.txt").write_text("d")
    place = sandbox.mirror(str(tmp_path / "s.py"), b"", str(tmp_path / "work" / "m"))  # returns: nothing blocks
    assert place.linked == ["pipe"]
    assert (tmp_path / "work" / "m" / "sub" / "data.txt").read_text() == "d"
    assert not (tmp_path / "work" / "m" / "sub" / "inner").exists()
