"""tools/eager_timing.py: which scripts it times, its CPU table, and the forking server's runs."""
from argparse import Namespace
from pathlib import Path

from tools.eager_timing import DEFAULT, TIMED, Runner, Timing, cpu_rows, scripts, summary


def test_the_default_scripts_are_the_timed_ones_of_the_collection():
    found = scripts(Namespace(paths=[], all=False, only=None))
    assert [p.stem for p in found] == sorted(TIMED, key=lambda stem: f"{stem}.py")
    assert len(scripts(Namespace(paths=[], all=True, only=None))) == len(list(DEFAULT.glob("*.py")))
    assert [p.stem for p in scripts(Namespace(paths=[], all=False, only="s10"))] == [
        "s100_dropout_mlp_eval_every_100", "s101_tensorboard_scalars_each_step", "s102_char_window_many_steps",
        "s103_denoising_eval_batches"]


def test_the_cpu_table_and_summary_give_the_medians_and_their_ratio():
    fast = Timing(Path("a.py"), compat=[1.0, 1.0, 1.0], eager=[1.0, 1.0, 1.0],
                  compat_cpu=[0.5, 0.4, 0.6], eager_cpu=[0.5, 0.9, 0.5])
    slow = Timing(Path("b.py"), compat=[1.0], eager=[2.0], compat_cpu=[0.25], eager_cpu=[0.75])
    assert cpu_rows([fast, slow], markdown=True) == [
        "| script | compat CPU s | eager CPU s | CPU eager / compat |", "|---|---:|---:|---:|",
        "| `a.py` | 0.50 | 0.50 | 1.00 |", "| `b.py` | 0.25 | 0.75 | 3.00 |"]
    assert summary([fast, slow], cpu_only=True) == [
        "CPU time: eager at most the compat time (x1.05) in 1 of 2 scripts; median eager/compat 2.00; "
        "worst 3.00 (`b.py`)"]


def test_a_forked_run_reports_its_time_and_one_past_the_timeout_is_stopped(tmp_path):
    quick, slow = tmp_path / "quick.py", tmp_path / "slow.py"
    quick.write_text("import time\nstart = time.process_time()\nwhile time.process_time() - start < 0.2:\n    pass\n")
    slow.write_text("import time\ntime.sleep(30)\n")
    runner = Runner(tmp_path, timeout=5)
    try:
        (seconds, cpu), error = runner.run(quick, str(quick))
        assert error == "" and seconds >= 0.2 and 0.2 <= cpu < 1.0
        assert runner.run(slow, str(slow)) == (None, "ran longer than 5 s")
        (_, cpu), error = runner.run(quick, str(quick))  # the server goes on after a stopped run
        assert error == "" and cpu >= 0.2
    finally:
        runner.close()
