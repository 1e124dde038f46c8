"""``python -m tools.eager_timing [PATH ...]``: how long each Session script of the
collection runs in its compat form (`migrate`) and in its eager form (`migrate --to eager`),
and the table docs/eager.md shows. A benchmark, not a test: run it on an idle machine.

Each form of each script (default: every tests/fixtures/session_scripts/*.py; or the
given files and folders, `--only PATTERN` keeping the names that contain PATTERN) is
written as `migrate` writes it and run `--repeat` times (default 3), each in a fresh
Python process, compat and eager in turn; the table gives the median. A run's time is
the script's own: the child imports TensorFlow first, then starts the clock and runs
the script as `__main__` (its `__file__`, `sys.argv[0]` and `sys.path[0]` those of the
original, its working directory a fresh temporary one, its output discarded); the
interpreter's start and the TensorFlow import are not counted. Each run's CPU time (all
its threads, `getrusage`) is shown too: on a machine shared with other jobs it varies
less than the wall time. The load average
(`os.getloadavg()`) is printed before and after: figures from a loaded machine say
little. `--markdown` prints the table in Markdown; `--write-docs` writes it between
the `<!-- eager timing -->` markers of docs/eager.md.
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


def child(code_path: str, name: str, out: str) -> None:
    """Run one translated script as __main__ and write its run time (seconds) to OUT."""
    import builtins
    import resource
    import types

    import numpy  # noqa: F401 - imported before the clock, as TensorFlow
    import tensorflow  # noqa: F401

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


def run_once(code_path: Path, name: str, workdir: Path, timeout: int) -> tuple[tuple | None, str]:
    out = workdir / "result.json"
    out.unlink(missing_ok=True)
    cwd = Path(tempfile.mkdtemp(dir=workdir))
    try:
        subprocess.run([sys.executable, "-m", "tools.eager_timing", "--child", str(code_path), name, str(out)],
                       cwd=cwd, env=_env(), timeout=timeout, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    except subprocess.TimeoutExpired:
        return None, f"ran longer than {timeout} s"
    if not out.exists():
        return None, "the run wrote no time"
    result = json.loads(out.read_text())
    return (result["seconds"], result["cpu"]), result["error"] or ""


# ---------------------------------------------------------------------------- the benchmark


def time_script(path: Path, repeat: int, timeout: int, workdir: Path) -> Timing:
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
            seconds, error = run_once(codes[mode], str(path.resolve()), workdir, timeout)
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
    return [p for p in found if not args.only or args.only in p.name]


def summary(timings: list[Timing]) -> list[str]:
    out = []
    for what, key in (("wall", "ratio"), ("CPU", "cpu_ratio")):
        ratios = [(getattr(t, key), t.path.name) for t in timings if getattr(t, key) is not None]
        if not ratios:
            return ["no script timed in both forms"]
        fast = sum(1 for r, _ in ratios if r <= TOLERANCE)
        worst = max(ratios)
        out.append(f"{what} time: eager at most the compat time (x{TOLERANCE:.2f}) in {fast} of {len(ratios)} "
                   f"scripts; median eager/compat {statistics.median(r for r, _ in ratios):.2f}; "
                   f"worst {worst[0]:.2f} (`{worst[1]}`)")
    return out


def rows(timings: list[Timing], markdown: bool) -> list[str]:
    out = (["| script | compat s | eager s | eager / compat | compat CPU s | eager CPU s | CPU eager / compat |",
            "|---|---:|---:|---:|---:|---:|---:|"] if markdown else [])

    def median(values):
        return f"{statistics.median(values):.2f}" if values else "—"

    for t in timings:
        cells = [median(t.compat), median(t.eager)]
        note = f"error: {t.error}" if t.error else "compat form kept" if t.fell_back else f"{t.ratio:.2f}"
        cpu = [median(t.compat_cpu), median(t.eager_cpu), f"{t.cpu_ratio:.2f}" if t.cpu_ratio is not None else "—"]
        if markdown:
            out.append(f"| `{t.path.name}` | {' | '.join(cells)} | {note.replace('|', '/')} | {' | '.join(cpu)} |")
        else:
            out.append(f"{t.path.name:45s} {cells[0]:>8s} {cells[1]:>8s}  {note:>6s}   CPU {cpu[0]:>7s} {cpu[1]:>7s}  {cpu[2]}")
    return out


def report(timings, repeat, load_before, load_after, seconds, markdown) -> str:
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    head = (f"Measured {when}, load average {load_before:.2f} before and {load_after:.2f} after "
            f"({os.cpu_count()} cores); median of {repeat} runs of each form, each in a fresh process, "
            "timing the script's own run (not the interpreter's start nor the TensorFlow import); "
            f"{seconds:.0f} s in all.")
    lines = [head, ""] + rows(timings, markdown) + [""] + summary(timings)
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
    parser = argparse.ArgumentParser(prog="python -m tools.eager_timing", description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="scripts or folders (default: the collection)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each form; the median is shown (default 3)")
    parser.add_argument("--only", help="time only the scripts whose file name contains this")
    parser.add_argument("--timeout", type=int, default=300, help="seconds one run may take (default 300)")
    parser.add_argument("--markdown", action="store_true", help="print the table in Markdown")
    parser.add_argument("--write-docs", action="store_true", help="write the Markdown table into docs/eager.md")
    args = parser.parse_args(argv)
    paths = scripts(args)
    if not paths:
        parser.error("no script to time")
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    timings = []
    with tempfile.TemporaryDirectory(prefix="eager-timing-") as tmp:
        for path in paths:
            timings.append(time_script(path, args.repeat, args.timeout, Path(tmp)))
            if not (args.markdown or args.write_docs):
                print(rows(timings[-1:], False)[0], flush=True)
    text = report(timings, args.repeat, load_before, os.getloadavg()[0], time.perf_counter() - start,
                  args.markdown or args.write_docs)
    if args.write_docs:
        write_docs(text)
    print(text if args.markdown or args.write_docs else "\n".join([""] + summary(timings)))
    return 1 if any(t.error for t in timings) else 0


if __name__ == "__main__":
    sys.exit(main())
