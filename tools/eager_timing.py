"""``python -m tools.eager_timing [PATH ...]``: how long each Session script of the
collection runs in its compat form (`migrate`) and in its eager form (`migrate --to eager`),
and the table docs/eager.md shows. A benchmark, not a test: run it on an idle machine.

Each form of each script (default: the scripts of TIMED, the collection's longer runs and
worst ratios; `--all` every tests/fixtures/session_scripts/*.py; or the given files and
folders, `--only PATTERN` keeping the names that contain PATTERN) is written as `migrate`
writes it and run `--repeat` times (default 3), compat and eager in turn; the table gives
the median. Each run is a fresh process, forked from a server process that imported
numpy and TensorFlow once (`--fresh`: a new interpreter per run, which imports them
itself; slower, the same figures). A run's time is the script's own: the clock starts
after those imports and the script runs as `__main__` (its `__file__`, `sys.argv[0]` and
`sys.path[0]` those of the original, its working directory a fresh temporary one, its
output discarded). The TensorFlow import is not counted because both forms pay it alike:
TensorFlow 2.21's `import tensorflow` already loads Keras 3 (the eager form's first
`tf.keras.optimizers` use imports no further module); whatever else a form imports is
inside the clock. Each run's CPU time (all its threads, `getrusage`) is shown too: on a
machine shared with other jobs it varies less than the wall time (`--cpu` prints the CPU
columns and summary only). The load average (`os.getloadavg()`) is printed before and
after: figures from a loaded machine say little. `--markdown` prints the table in
Markdown; `--write-docs` writes it between the `<!-- eager timing -->` markers of
docs/eager.md.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT = REPO / "tests" / "fixtures" / "session_scripts"
DOCS = REPO / "docs" / "eager.md"
BEGIN, END = "<!-- eager timing -->", "<!-- end of eager timing -->"
TOLERANCE = 1.05  # eager counts as "as fast" up to 5 % above the compat time (timing noise)
# The scripts timed by default: the collection's longer runs (s100-s103, s26) and those whose
# eager form paid most above the compat form (summaries, shared dropout, Keras optimizers
# with slots), each run 0.2-2.5 s in its compat form.
TIMED = ("s01_two_layer_relu", "s04_adam", "s06_accuracy_in_loop", "s25_adam_mlp", "s26_cnn_mnist",
         "s30_summaries_filewriter", "s60_feed_helper_train_test", "s64_dropout_mlp_feed_helper",
         "s65_noise_shared_by_runs", "s67_random_batch_in_graph", "s68_summaries_train_test_writers",
         "s95_adam_mlp_minibatches", "s100_dropout_mlp_eval_every_100", "s101_tensorboard_scalars_each_step",
         "s102_char_window_many_steps", "s103_denoising_eval_batches")


@dataclass
class Timing:
    path: Path
    fell_back: bool = False
    compat: list = field(default_factory=list)  # wall seconds of each run
    eager: list = field(default_factory=list)
    compat_cpu: list = field(default_factory=list)  # CPU seconds (all the process's threads)
    eager_cpu: list = field(default_factory=list)
    error: str = ""

    @property
    def ratio(self):
        if self.error or self.fell_back or not self.compat or not self.eager:
            return None
        return statistics.median(self.eager) / statistics.median(self.compat)

    @property
    def cpu_ratio(self):
        if self.ratio is None:
            return None
        return statistics.median(self.eager_cpu) / statistics.median(self.compat_cpu)


# ---------------------------------------------------------------------------- the child process


def preload():
    """What every run imports before its clock starts."""
    import numpy  # noqa: F401 - imported before the clock, as TensorFlow
    import tensorflow  # noqa: F401

    from migrate.runner import _ConvertingFinder  # noqa: F401


def child(code_path: str, name: str, out: str) -> None:
    """Run one translated script as __main__ and write its run time (seconds) to OUT."""
    import builtins
    import resource
    import types

    preload()
    from migrate.runner import _ConvertingFinder

    with open(code_path, "rb") as f:
        code = compile(f.read(), code_path, "exec", dont_inherit=True)  # autograph reads this text
    mode = "eager" if code_path.endswith("_eager.py") else "compat"
    main = types.ModuleType("__main__")
    main.__dict__.update({"__file__": name, "__builtins__": builtins})
    sys.modules["__main__"] = main
    sys.argv = [name]
    sys.path.insert(0, os.path.dirname(name))
    sys.meta_path.insert(0, _ConvertingFinder(os.path.dirname(name), True, mode))
    error = None
    sys.stdout = open(os.devnull, "w")

    def cpu():
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    start, start_cpu = time.perf_counter(), cpu()
    try:
        exec(code, main.__dict__)
    except SystemExit as exc:
        if exc.code not in (None, 0):
            error = f"SystemExit({exc.code!r})"
    except BaseException as exc:  # noqa: BLE001 - reported, not raised
        error = f"{type(exc).__name__}: {exc}"[:200]
    seconds, cpu_seconds = time.perf_counter() - start, cpu() - start_cpu
    with open(out, "w") as f:
        json.dump({"seconds": seconds, "cpu": cpu_seconds, "error": error}, f)


def _env():
    env = dict(os.environ)
    env.update({"TF_CPP_MIN_LOG_LEVEL": "2", "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0",
                "PYTHONDONTWRITEBYTECODE": "1",
                "PYTHONPATH": os.pathsep.join([str(REPO)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])})
    return env


def serve() -> None:
    """The server (`--serve`): import once, then fork one child per request line on stdin
    ({"code", "name", "out", "cwd", "timeout"}) and answer a line {"timed_out": bool} when
    it ends. A forked child starts from the imports alone: nothing has run in the server."""
    import signal

    preload()
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:  # the run
            try:
                os.chdir(request["cwd"])
                quiet = os.open(os.devnull, os.O_WRONLY)
                os.dup2(quiet, 1)  # the server's stdout is the answer pipe
                os.dup2(quiet, 2)
                child(request["code"], request["name"], request["out"])
            finally:
                os._exit(0)
        deadline, timed_out = time.monotonic() + request["timeout"], False
        while os.waitpid(pid, os.WNOHANG) == (0, 0):
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                timed_out = True
                break
            time.sleep(0.005)
        print(json.dumps({"timed_out": timed_out}), flush=True)


class Runner:
    """Runs one translated script in a fresh process: forked by the server, or (fresh=True)
    a new interpreter."""

    def __init__(self, workdir: Path, timeout: int, fresh: bool = False):
        self.workdir, self.timeout, self.fresh = workdir, timeout, fresh
        self.server = None if fresh else subprocess.Popen(
            [sys.executable, "-m", "tools.eager_timing", "--serve"], cwd=workdir, env=_env(), text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def close(self):
        if self.server is not None:
            self.server.stdin.close()
            self.server.wait()

    def run(self, code_path: Path, name: str) -> tuple[tuple | None, str]:
        out = self.workdir / "result.json"
        out.unlink(missing_ok=True)
        cwd = Path(tempfile.mkdtemp(dir=self.workdir))
        if self.fresh:
            try:
                subprocess.run([sys.executable, "-m", "tools.eager_timing", "--child", str(code_path), name, str(out)],
                               cwd=cwd, env=_env(), timeout=self.timeout, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
            except subprocess.TimeoutExpired:
                return None, f"ran longer than {self.timeout} s"
        else:
            request = {"code": str(code_path), "name": name, "out": str(out), "cwd": str(cwd), "timeout": self.timeout}
            self.server.stdin.write(json.dumps(request) + "\n")
            self.server.stdin.flush()
            answer = self.server.stdout.readline()
            if not answer:
                return None, "the timing server ended"
            if json.loads(answer)["timed_out"]:
                return None, f"ran longer than {self.timeout} s"
        if not out.exists():
            return None, "the run wrote no time"
        result = json.loads(out.read_text())
        return (result["seconds"], result["cpu"]), result["error"] or ""


# ---------------------------------------------------------------------------- the benchmark


def time_script(path: Path, repeat: int, runner: Runner, workdir: Path) -> Timing:
    from migrate.verify import prepare

    prep = prepare(str(path))
    timing = Timing(path, fell_back=prep.fell_back)
    if prep.error:
        timing.error = prep.error
        return timing
    forms = [("compat", prep.compat_bytes)] + ([] if prep.fell_back else [("eager", prep.eager_bytes)])
    codes = {}
    for mode, data in forms:
        codes[mode] = workdir / f"{path.stem}_{mode}.py"
        codes[mode].write_bytes(data)
    for _ in range(repeat):
        for mode, _data in forms:
            seconds, error = runner.run(codes[mode], str(path.resolve()))
            if error:
                timing.error = f"{mode}: {error}"
                return timing
            getattr(timing, mode).append(seconds[0])
            getattr(timing, f"{mode}_cpu").append(seconds[1])
    return timing


def scripts(args) -> list[Path]:
    found = []
    for given in args.paths or [str(DEFAULT)]:
        p = Path(given)
        found += sorted(p.glob("*.py")) if p.is_dir() else [p]
    if not args.paths and not args.all:
        found = [p for p in found if p.stem in TIMED]
    return [p for p in found if not args.only or args.only in p.name]


def summary(timings: list[Timing], cpu_only: bool = False) -> list[str]:
    out = []
    for what, key in (("wall", "ratio"), ("CPU", "cpu_ratio"))[1 if cpu_only else 0:]:
        ratios = [(getattr(t, key), t.path.name) for t in timings if getattr(t, key) is not None]
        if not ratios:
            return ["no script timed in both forms"]
        fast = sum(1 for r, _ in ratios if r <= TOLERANCE)
        worst = max(ratios)
        out.append(f"{what} time: eager at most the compat time (x{TOLERANCE:.2f}) in {fast} of {len(ratios)} "
                   f"scripts; median eager/compat {statistics.median(r for r, _ in ratios):.2f}; "
                   f"worst {worst[0]:.2f} (`{worst[1]}`)")
    return out


def rows(timings: list[Timing], markdown: bool, cpu_only: bool = False) -> list[str]:
    if cpu_only:
        return cpu_rows(timings, markdown)
    out = (["| script | compat s | eager s | eager / compat | compat CPU s | eager CPU s | CPU eager / compat |",
            "|---|---:|---:|---:|---:|---:|---:|"] if markdown else [])
    for t in timings:
        cells = [_median(t.compat), _median(t.eager)]
        note = f"error: {t.error}" if t.error else "compat form kept" if t.fell_back else f"{t.ratio:.2f}"
        cpu = [_median(t.compat_cpu), _median(t.eager_cpu), f"{t.cpu_ratio:.2f}" if t.cpu_ratio is not None else "—"]
        if markdown:
            out.append(f"| `{t.path.name}` | {' | '.join(cells)} | {note.replace('|', '/')} | {' | '.join(cpu)} |")
        else:
            out.append(f"{t.path.name:45s} {cells[0]:>8s} {cells[1]:>8s}  {note:>6s}   CPU {cpu[0]:>7s} {cpu[1]:>7s}  {cpu[2]}")
    return out


def _median(values):
    return f"{statistics.median(values):.2f}" if values else "—"


def cpu_rows(timings: list[Timing], markdown: bool) -> list[str]:
    """The CPU columns only (`--cpu`)."""
    out = ["| script | compat CPU s | eager CPU s | CPU eager / compat |", "|---|---:|---:|---:|"] if markdown else []
    for t in timings:
        note = f"error: {t.error}" if t.error else "compat form kept" if t.fell_back else f"{t.cpu_ratio:.2f}"
        cells = [_median(t.compat_cpu), _median(t.eager_cpu), note.replace("|", "/")]
        out.append(f"| `{t.path.name}` | {' | '.join(cells)} |" if markdown
                   else f"{t.path.name:45s} CPU {cells[0]:>7s} {cells[1]:>7s}  {cells[2]}")
    return out


def report(timings, repeat, load_before, load_after, seconds, markdown, cpu_only=False, fresh=False) -> str:
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    process = "a new interpreter" if fresh else "a fresh process forked after the TensorFlow import"
    head = (f"Measured {when}, load average {load_before:.2f} before and {load_after:.2f} after "
            f"({os.cpu_count()} cores); median of {repeat} runs of each form, each in {process}, "
            "timing the script's own run (not the interpreter's start nor the TensorFlow import); "
            f"{seconds:.0f} s in all.")
    lines = [head, ""] + rows(timings, markdown, cpu_only) + [""] + summary(timings, cpu_only)
    return "\n".join(lines)


def write_docs(text: str, docs: Path = DOCS) -> None:
    page = docs.read_text(encoding="utf-8")
    if BEGIN not in page or END not in page:
        raise SystemExit(f"{docs} has no {BEGIN} ... {END} block")
    before, rest = page.split(BEGIN, 1)
    after = rest.split(END, 1)[1]
    docs.write_text(f"{before}{BEGIN}\n{text}\n{END}{after}", encoding="utf-8")


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--child"]:
        child(*argv[1:4])
        return 0
    if argv[:1] == ["--serve"]:
        serve()
        return 0
    parser = argparse.ArgumentParser(prog="python -m tools.eager_timing", description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="scripts or folders (default: the collection's scripts in TIMED)")
    parser.add_argument("--all", action="store_true", help="time every script of the collection")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each form; the median is shown (default 3)")
    parser.add_argument("--only", help="time only the scripts whose file name contains this")
    parser.add_argument("--timeout", type=int, default=300, help="seconds one run may take (default 300)")
    parser.add_argument("--fresh", action="store_true",
                        help="start a new interpreter for each run instead of forking one that imported TensorFlow")
    parser.add_argument("--cpu", action="store_true", help="print the CPU seconds and their summary only")
    parser.add_argument("--markdown", action="store_true", help="print the table in Markdown")
    parser.add_argument("--write-docs", action="store_true", help="write the Markdown table into docs/eager.md")
    args = parser.parse_args(argv)
    paths = scripts(args)
    if not paths:
        parser.error("no script to time")
    markdown = args.markdown or args.write_docs
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    timings = []
    with tempfile.TemporaryDirectory(prefix="eager-timing-") as tmp:
        runner = Runner(Path(tmp), args.timeout, args.fresh)
        try:
            for path in paths:
                timings.append(time_script(path, args.repeat, runner, Path(tmp)))
                if not markdown:
                    print(rows(timings[-1:], False, args.cpu)[0], flush=True)
        finally:
            runner.close()
    text = report(timings, args.repeat, load_before, os.getloadavg()[0], time.perf_counter() - start,
                  markdown, args.cpu, args.fresh)
    if args.write_docs:
        write_docs(text)
    print(text if markdown else "\n".join([""] + summary(timings, args.cpu)))
    return 1 if any(t.error for t in timings) else 0


if __name__ == "__main__":
    sys.exit(main())
