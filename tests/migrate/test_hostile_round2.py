"""Hostile input, round 2 (issue 18): each case a user hit, reproduced, and what migrate does
now. Every test states the item's number in the issue.

Races are simulated deterministically: the conversion step is wrapped so that it edits the
file, or swaps it for a symbolic link, between the read and the write.
"""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from migrate import cli, pipeline

REPO = Path(__file__).resolve().parents[2]
TF1 = b"import tensorflow as tf\nx = tf.mul(1, 2)\n"
TF2 = b"import tensorflow as tf\nx = tf.multiply(1, 2)\n"


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def migrate(*args, timeout=120, cwd=None, env=None, **kwargs) -> subprocess.CompletedProcess:
    env = dict(os.environ if env is None else env, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "migrate", *map(str, args)], capture_output=True,
                          timeout=timeout, cwd=cwd, env=env, **kwargs)


def errors(text: str) -> list[str]:
    assert "Traceback" not in text, text
    return [line for line in text.splitlines() if ": error: " in line]


# --- 1. a file edited, or swapped for a symbolic link, during the run ------------------------


def _meddle(monkeypatch, victim_of, how):
    """Wrap the conversion: before converting FILE, ``how(FILE)`` changes it on disk."""
    convert = pipeline.convert_bytes

    def meddling(data, display, **options):
        target = victim_of(display)
        if target is not None:
            how(Path(target))
        return convert(data, display, **options)

    monkeypatch.setattr(pipeline, "convert_bytes", meddling)


def _append(path: Path) -> None:
    with open(path, "ab") as handle:
        handle.write(b"y = 2  # typed during the run\n")


def _swap_for_link(victim: Path):
    def swap(path: Path) -> None:
        path.unlink()
        path.symlink_to(victim)
    return swap


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_1_an_edit_made_during_the_run_is_kept(jobs, tmp_path, monkeypatch, capsys):
    tree = tmp_path / "tree"
    files = [write(tree / f"m{n}.py", TF1) for n in range(4)]
    edited = files[1]
    _meddle(monkeypatch, lambda name: name if name == str(edited) else None, _append)
    assert cli.main([str(tree), "-j", jobs, "-q"]) == 1
    assert errors(capsys.readouterr().err) == [
        f"{edited}: error: changed on disk since it was read (edited during the run?): not "
        "overwritten, the edit is kept; run migrate on it again"]
    assert edited.read_bytes() == TF1 + b"y = 2  # typed during the run\n"
    assert all(f.read_bytes() == TF2 for f in files if f != edited)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_1_a_file_swapped_for_a_link_is_not_written_through(jobs, tmp_path, monkeypatch, capsys):
    victim = write(tmp_path / "victim.txt", b"not python\n")
    tree = tmp_path / "tree"
    files = [write(tree / f"m{n}.py", TF1) for n in range(4)]
    swapped = files[2]
    _meddle(monkeypatch, lambda name: name if name == str(swapped) else None,
            _swap_for_link(victim))
    assert cli.main([str(tree), "-j", jobs, "-q"]) == 1
    [line] = errors(capsys.readouterr().err)
    assert line.startswith(f"{swapped}: error: was replaced by a symbolic link since it was read")
    assert victim.read_bytes() == b"not python\n" and swapped.is_symlink()
    assert all(f.read_bytes() == TF2 for f in files if f != swapped)


def test_1_a_single_named_file_edited_during_the_run(tmp_path, monkeypatch, capsys):
    source = write(tmp_path / "a.py", TF1)
    _meddle(monkeypatch, lambda name: name, _append)
    assert cli.main([str(source)]) == 1
    assert "changed on disk since it was read" in capsys.readouterr().err
    assert source.read_bytes().endswith(b"# typed during the run\n")


def test_1_a_link_named_on_the_command_line_still_converts_its_target(tmp_path, capsys):
    target = write(tmp_path / "real.py", TF1)
    link = tmp_path / "link.py"
    link.symlink_to(target)
    assert cli.main([str(link), "-q"]) == 0
    assert link.is_symlink() and target.read_bytes() == TF2


def test_1_the_check_before_the_rename(tmp_path):
    """The identity is checked again right before the rename: a change that lands while
    the temporary file is written is caught too."""
    from migrate import files

    source = write(tmp_path / "a.py", TF1)
    _, identity = files.read_file(str(source))
    real_chmod = os.chmod

    def chmod_then_edit(path, mode, **kw):
        real_chmod(path, mode, **kw)
        if str(path).endswith(files.TEMPORARY_SUFFIX):
            _append(source)

    import unittest.mock
    with unittest.mock.patch.object(files.os, "chmod", chmod_then_edit):
        with pytest.raises(files.InputError, match="changed on disk since it was read"):
            files.write_atomic(str(source), TF2, expect=identity)
    assert source.read_bytes().startswith(TF1) and len(os.listdir(tmp_path)) == 1


# --- 2. --report-json through a symbolic link -------------------------------------------------


def test_2_a_report_through_a_link_is_refused_and_its_target_kept(tmp_path, capsys):
    other = write(tmp_path / "other.py", TF1)
    source = write(tmp_path / "src.py", TF1)
    report = tmp_path / "rep.json"
    report.symlink_to(other)
    with pytest.raises(SystemExit) as stop:
        cli.main(["--check", str(source), "--report-json", str(report)])
    assert stop.value.code == 2
    assert "is a symbolic link (to" in capsys.readouterr().err
    assert other.read_bytes() == TF1 and report.is_symlink()


def test_2_a_link_that_appears_before_the_report_is_written_is_refused(tmp_path):
    from migrate.files import InputError, write_atomic

    other = write(tmp_path / "other.txt", b"keep me\n")
    report = tmp_path / "rep.json"
    report.symlink_to(other)
    with pytest.raises(InputError, match="is a symbolic link"):
        write_atomic(str(report), b"{}\n", special="write", follow=False)
    assert other.read_bytes() == b"keep me\n"
    # a link to a device is written through it, as a redirection would
    null = tmp_path / "null"
    null.symlink_to("/dev/null")
    assert write_atomic(str(null), b"{}\n", special="write", follow=False)
    assert null.is_symlink()


def test_2_a_report_to_dev_stdout_goes_to_stdout_even_when_it_is_a_file(tmp_path):
    source = write(tmp_path / "src.py", TF1)
    with open(tmp_path / "out.json", "wb") as out:
        out.write(b"before\n")
        out.flush()
        done = subprocess.run(
            [sys.executable, "-m", "migrate", "-q", "--check", str(source), "--report-json",
             "/dev/stdout"], stdout=out, stderr=subprocess.PIPE, timeout=60,
            env=dict(os.environ, PYTHONPATH=str(REPO)))
    assert done.returncode == 1, done.stderr
    text = (tmp_path / "out.json").read_text()
    assert text.startswith("before\n{") and '"exit_code": 1' in text


# --- 7. migrate run: children started by spawn run the converted script -----------------------

JOB = '''# no tensorflow here: this comment makes migrate convert the Python 2 idioms below
import multiprocessing
from helper import total


def work(n):
    return sum(xrange(n)) + total(n)


if __name__ == "__main__":
    print("parent", work(2))
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        print(pool.map(work, [3, 4]))
'''


def test_7_spawned_children_run_the_converted_script_and_modules(tmp_path):
    write(tmp_path / "job.py", JOB.encode())
    write(tmp_path / "helper.py", b"# tensorflow-free\ndef total(n):\n    return len(list(xrange(n)))\n")
    done = migrate("run", "job.py", cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr.decode()[-3000:]
    assert done.stdout.decode().splitlines() == ["parent 3", "[6, 10]"]
    assert b"xrange" in (tmp_path / "job.py").read_bytes()  # nothing written


# --- 12. a pipe closed early ------------------------------------------------------------------


def _closed_pipe_run(*args, both=False):
    """The command with stdout (and stderr when ``both``) into a pipe whose reader is gone
    before it starts: every write to it fails (EPIPE), deterministically."""
    read, write_end = os.pipe()
    os.close(read)
    try:
        return subprocess.run(
            [sys.executable, "-m", "migrate", *map(str, args)], stdout=write_end,
            stderr=write_end if both else subprocess.PIPE, timeout=300,
            env=dict(os.environ, PYTHONPATH=str(REPO)))
    finally:
        os.close(write_end)


def test_12_a_closed_stdout_stops_the_printing_not_the_run(tmp_path):
    files = [write(tmp_path / f"f{n:02d}.py", TF1) for n in range(12)]
    done = _closed_pipe_run("--diff", "-j", "1", tmp_path)
    assert done.returncode == 4
    assert b"Traceback" not in done.stderr and b"output was lost" in done.stderr
    assert b"12 files seen: 12 would change" in done.stderr
    assert all(f.read_bytes() == TF1 for f in files)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_12_closed_stdout_and_stderr_still_convert_every_file(jobs, tmp_path):
    files = [write(tmp_path / f"f{n:02d}.py", TF1) for n in range(12)]
    done = _closed_pipe_run("-j", jobs, tmp_path, both=True)
    assert done.returncode == 4
    assert all(f.read_bytes() == TF2 for f in files)


# --- 13. out of file descriptors or memory --------------------------------------------------


def _fail_on(monkeypatch, name_part, error):
    convert = pipeline.convert_bytes

    def failing(data, display, **options):
        if name_part in display:
            if callable(error):
                error()
            raise error
        return convert(data, display, **options)

    monkeypatch.setattr(pipeline, "convert_bytes", failing)


@pytest.mark.parametrize("error,message", [
    (MemoryError(), "out of memory while converting it"),
    (OSError(24, "Too many open files"), "too many open files"),
])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_13_a_lack_of_resources_is_named_and_never_reads_as_would_change(
        error, message, jobs, tmp_path, monkeypatch, capsys):
    files = [write(tmp_path / f"f{n}.py", TF1) for n in range(4)]
    _fail_on(monkeypatch, "f2.py", error)
    assert cli.main(["--check", "-q", "-j", jobs, str(tmp_path)]) == 3
    [line] = errors(capsys.readouterr().err)
    assert line.startswith(f"{files[2]}: error: ") and message in line
    assert cli.main(["-q", "-j", jobs, str(tmp_path)]) == 3
    assert [f.read_bytes() for f in files] == [TF2, TF2, TF1, TF2]


def test_13_no_worker_process_can_start(tmp_path, monkeypatch, capsys):
    import multiprocessing.popen_fork

    files = [write(tmp_path / f"f{n}.py", TF1) for n in range(4)]

    def no_pipe():
        raise OSError(24, "Too many open files")

    monkeypatch.setattr(multiprocessing.popen_fork.os, "pipe", no_pipe)
    assert cli.main(["-q", "-j", "2", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert "migrate: cannot start worker processes (too many open files" in err
    assert "Traceback" not in err and all(f.read_bytes() == TF2 for f in files)


def test_13_a_big_file_whose_conversion_aborts_the_process_costs_that_file_only(
        tmp_path, monkeypatch, capsys):
    """A native allocation that fails (ulimit -v) aborts the process: a big file is
    converted in a forked process even with -j 1, so the run goes on."""
    from migrate import workers

    big = write(tmp_path / "big.py", TF1 + b"#" * workers.ISOLATE_FROM + b"\n")
    small = write(tmp_path / "small.py", TF1)
    _fail_on(monkeypatch, "big.py", os.abort)
    assert cli.main(["--check", "-q", "-j", "1", str(big), str(small)]) == 3
    assert errors(capsys.readouterr().err) == [
        f"{big}: error: the converter's process died on this file (out of memory?): left untouched"]
    assert cli.main(["-q", "-j", "1", str(big), str(small)]) == 3
    assert small.read_bytes() == TF2 and big.read_bytes().startswith(TF1)


# --- 14. the size limit ------------------------------------------------------------------------


@pytest.mark.parametrize("text,size", [("0.5M", 512 * 1024), ("1.5K", 1536), ("2M", 2 << 20),
                                       ("1000", 1000), ("0", None), ("0K", None), ("1MiB", 1 << 20)])
def test_14_max_size_is_parsed_exactly(text, size):
    assert cli._size(text) == size


@pytest.mark.parametrize("text", ["0.5", "0.3K", "inf", "nan", "-1", "1e-9M", "lots"])
def test_14_a_size_that_is_not_whole_bytes_is_a_usage_error(text, capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["--max-size", text, "x.py"])
    assert stop.value.code == 2 and "--max-size" in capsys.readouterr().err


def test_14_a_notebooks_outputs_do_not_count_toward_the_limit(tmp_path, capsys):
    import base64
    import json

    image = base64.b64encode(os.urandom(300_000)).decode()
    cell = {"cell_type": "code", "execution_count": 1, "metadata": {},
            "source": ["import tensorflow as tf\n", "x = tf.mul(1, 2)"],
            "outputs": [{"output_type": "display_data", "metadata": {},
                         "data": {"image/png": image}}]}
    comments = {"cell_type": "code", "execution_count": 2, "metadata": {}, "outputs": [],
                "source": ["# a comment line of forty characters....\n"] * 500}  # 20 kB
    notebook = {"cells": [cell, comments], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = write(tmp_path / "n.ipynb", json.dumps(notebook, indent=1).encode())
    assert cli.main(["-q", "--max-size", "100K", str(path)]) == 0
    assert "tf.multiply" in path.read_text() and image in path.read_text()
    # the code cells themselves are limited
    assert cli.main(["-q", "--max-size", "10K", str(path)]) == 1
    assert "code cells too large: 20.1 KB of code, over the 10 KB limit" in capsys.readouterr().err
    assert cli.main(["-q", "--max-size", "1K", str(path)]) == 1
    assert "notebook file too large: over 64 times the 1 KB limit" in capsys.readouterr().err


# --- 15. messages ------------------------------------------------------------------------------


def test_15_a_name_with_a_newline_cannot_forge_a_line(tmp_path, capsys):
    name = "evil\nfake.py:1:1: error: forged.py"
    write(tmp_path / name, TF1)
    write(tmp_path / "bad.py", b"import tensorflow as tf\nx = (\n")
    os.rename(tmp_path / "bad.py", tmp_path / "bad\x1b[2J.py")
    assert cli.main(["--check", str(tmp_path)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert not any(line.startswith("fake.py") for line in err)
    assert f"would rewrite {ascii(str(tmp_path / name))}" in err
    assert any(line.startswith(ascii(str(tmp_path / "bad\x1b[2J.py")) + ":") for line in err)


def test_15_a_symlink_loop_is_named_as_such(tmp_path, capsys):
    loop = tmp_path / "loop.py"
    loop.symlink_to(loop)
    broken = tmp_path / "broken.py"
    broken.symlink_to(tmp_path / "nowhere")
    assert cli.main([str(loop), str(broken)]) == 1
    assert errors(capsys.readouterr().err) == [
        f"{loop}: error: a symbolic link loop (too many levels of symbolic links)",
        f"{broken}: error: broken symbolic link"]


def test_15_a_null_byte_is_reported_where_it_is(tmp_path, capsys):
    source = write(tmp_path / "a.py", b"import tensorflow as tf\nx = 1\ny = 'ab\x00'\n")
    assert cli.main([str(source)]) == 1
    assert errors(capsys.readouterr().err) == [
        f"{source}:3:8: error: cannot parse: the source contains a null byte (\\x00)"]


def test_15_a_read_only_file_system_is_named(tmp_path, monkeypatch):
    from migrate import files

    target = write(tmp_path / "a.py", TF1)
    monkeypatch.setattr(files.os, "access", lambda *a, **k: False)

    class ReadOnly:
        f_flag = os.ST_RDONLY

    monkeypatch.setattr(files.os, "statvfs", lambda path: ReadOnly())
    with pytest.raises(files.InputError, match="is on a read-only file system"):
        files.write_atomic(str(target), TF2)
    import errno

    assert files.describe_os_error(OSError(errno.EROFS, "Read-only file system")) == \
        "the file system is read-only"


def test_1_a_concurrent_run_that_wrote_the_same_conversion_is_no_error(tmp_path):
    """Two runs on one tree: the second finds the file changed, but to exactly the bytes it
    would write -- nothing to do, and no error (held up in round 1: keep it so)."""
    from migrate import files

    source = write(tmp_path / "a.py", TF1)
    _, identity = files.read_file(str(source))
    other = tmp_path / "other.py"
    other.write_bytes(TF2)
    os.replace(other, source)  # the other run's atomic write
    assert files.write_atomic(str(source), TF2, expect=identity) is False
    assert source.read_bytes() == TF2
