"""The writer threads (migrate/writing.py): with -j N the parent writes each converted file
on a thread as soon as it arrives; the report keeps the files' order, a failed write costs
its file only, a stop leaves no temporary file and no half-made write, and two writes to
one destination keep the tasks' order."""
import os
import threading
from concurrent.futures import Future
from pathlib import Path

import pytest

from migrate import cli, files, workers
from migrate.pipeline import FileResult, Prepared, Task
from migrate.writing import Writers

TF1 = b"import tensorflow as tf\nx = tf.mul(1, 2)\n"
TF2 = b"import tensorflow as tf\nx = tf.multiply(1, 2)\n"


def _prepared(task: Task, data: bytes) -> Future:
    converting: Future = Future()
    converting.set_result(Prepared(FileResult(task.display, "changed"), data))
    return converting


def _temporaries(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(files.TEMPORARY_SUFFIX)]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_failing_write_fails_its_file_only_and_the_order_is_kept(jobs, tmp_path, monkeypatch):
    paths = [tmp_path / f"{name}.py" for name in "abcdefgh"]
    for path in paths:
        path.write_bytes(TF1)
    real = os.replace

    def full_disk_for_d(source, destination, *args, **kwargs):
        if str(destination).endswith("d.py"):
            raise OSError(28, "No space left on device")
        return real(source, destination, *args, **kwargs)

    monkeypatch.setattr(os, "replace", full_disk_for_d)
    tasks = [Task(str(p), str(p), str(p)) for p in paths]
    results = list(workers.run_tasks(tasks, jobs, cli._Progress(len(tasks), False)))
    assert [r.file for r in results] == [str(p) for p in paths]
    assert [r.status for r in results] == ["changed"] * 3 + ["failed"] + ["changed"] * 4
    assert "No space left on device" in results[3].error.message
    assert not [f for f in results[3].findings if f.severity == "change"]
    assert [p.read_bytes() for p in paths] == [TF2] * 3 + [TF1] + [TF2] * 4
    assert _temporaries(tmp_path) == []


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_interrupt_leaves_whole_files_and_no_temporary(jobs, tmp_path):
    paths = [tmp_path / f"{name}.py" for name in "abcdefghijkl"]
    for path in paths:
        path.write_bytes(TF1)

    class Interrupting:  # Ctrl-C as the third file is reported
        def update(self, done, name):
            if done == 3:
                raise KeyboardInterrupt

    tasks = [Task(str(p), str(p), str(p)) for p in paths]
    results = []
    with pytest.raises(KeyboardInterrupt):
        for result in workers.run_tasks(tasks, jobs, Interrupting()):
            results.append(result)
    assert [r.status for r in results] == ["changed", "changed"]
    assert [p.read_bytes() for p in paths[:2]] == [TF2, TF2]
    assert all(p.read_bytes() in (TF1, TF2) for p in paths)
    assert _temporaries(tmp_path) == []


def test_stop_undoes_a_write_in_progress_and_makes_no_other(tmp_path, monkeypatch):
    writers = Writers(threads=1)
    in_fsync = threading.Event()

    def slow_fsync(descriptor):  # the write waits for the disk until the run stops
        in_fsync.set()
        assert writers._stop.wait(10)

    monkeypatch.setattr(os, "fsync", slow_fsync)
    sources = [tmp_path / f"{name}.py" for name in "ab"]
    for source in sources:
        source.write_bytes(TF1)
    out = tmp_path / "out"
    tasks = [Task(str(s), str(s), str(out / s.name)) for s in sources]
    outcomes = [writers.after(task, _prepared(task, TF2)) for task in tasks]
    assert in_fsync.wait(10)
    writers.stop()
    assert isinstance(outcomes[0].exception(timeout=10), files.WriteStopped)
    assert not outcomes[1].done()  # never started: cancelled with the pool
    assert sorted(p.name for p in out.iterdir()) == []  # no file, no temporary
    assert [s.read_bytes() for s in sources] == [TF1, TF1]


def test_two_writes_to_one_destination_keep_the_tasks_order(tmp_path, monkeypatch):
    writers = Writers(threads=4)
    real = os.fsync
    calls = []

    def first_is_slow(descriptor):
        calls.append(descriptor)
        if len(calls) == 1:
            threading.Event().wait(0.3)  # the second write would overtake it on another thread
        real(descriptor)

    monkeypatch.setattr(os, "fsync", first_is_slow)
    first, second = tmp_path / "one" / "x.py", tmp_path / "two" / "x.py"
    for path, data in ((first, b"first = 1\n"), (second, b"second = 2\n")):
        path.parent.mkdir()
        path.write_bytes(data)
    destination = tmp_path / "out" / "x.py"
    tasks = [Task(str(p), str(p), str(destination)) for p in (first, second)]
    outcomes = [writers.after(task, _prepared(task, Path(task.path).read_bytes()))
                for task in tasks]
    writers.close()
    assert [o.result().output for o in outcomes] == [str(destination)] * 2
    assert destination.read_bytes() == b"second = 2\n" and len(calls) == 2
    assert _temporaries(destination.parent) == []


def test_a_conversion_that_raised_is_handed_on_and_nothing_is_written(tmp_path):
    writers = Writers()
    converting: Future = Future()
    task = Task(str(tmp_path / "a.py"), "a.py", str(tmp_path / "a.py"))
    outcome = writers.after(task, converting)
    converting.set_exception(RuntimeError("worker died"))
    writers.close()
    assert str(outcome.exception()) == "worker died" and list(tmp_path.iterdir()) == []


def test_the_bench_profile_reports_the_writes_wall_one_by_one_and_on_the_threads(tmp_path):
    from tools.bench import command_line_steps

    paths = []
    for name, data in (("a.py", TF1), ("b.py", b"x = 1\n"), ("c.py", TF1)):
        paths.append(tmp_path / "tree" / name)
        paths[-1].parent.mkdir(exist_ok=True)
        paths[-1].write_bytes(data)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    lines = command_line_steps(paths, scratch)
    assert lines[0] == "command line's per-file steps, unprofiled (CPU s, user + system, 3 files):"
    assert lines[-1].startswith("  the atomic writes' wall s: ")
    assert lines[-1].endswith(" on migrate's writer threads (migrate/writing.py, as the command "
                              "line makes them)")
    assert not (scratch / "threads").exists() and not (scratch / "one-by-one").exists()
    assert [p.read_bytes() for p in paths] == [TF1, b"x = 1\n", TF1]  # the tree untouched
