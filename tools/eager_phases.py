"""``python -m tools.eager_phases SCRIPT ...``: where a script's run spends its CPU seconds,
compat form next to eager form (`tools/eager_timing.py` says how long; this says where).

Each form runs once in a new interpreter (as `tools.eager_timing --fresh` runs it: the
clock starts after the TensorFlow import). For the eager form, each `tf.function`: how
many times it was traced and the CPU seconds of those traces, its first call (trace,
graph optimisation and run), and the CPU milliseconds of each later call. For the compat
form, each distinct `Session.run` fetch: its first run and each later one. CPU seconds
(`getrusage`, all threads) vary less than wall seconds on a shared machine; the load
average is printed with them. A diagnostic, not a test.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tools.eager_timing import _env, child, preload


def _cpu():
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def watch(stats: dict) -> None:
    """Count the calls, traces and Session runs of this process into `stats`."""
    from tensorflow.python.client import session
    from tensorflow.python.eager.polymorphic_function import polymorphic_function, tracing_compilation

    calls = stats.setdefault("functions", {})
    runs = stats.setdefault("runs", {})
    calling = []
    call, trace, run = (polymorphic_function.Function.__call__, tracing_compilation._create_concrete_function,
                        session.BaseSession.run)

    def timed_call(self, *args, **kwargs):
        calling.append(self._name)
        start = _cpu()
        try:
            return call(self, *args, **kwargs)
        finally:
            calling.pop()
            record = calls.setdefault(self._name, {"calls": 0, "first": 0.0, "later": 0.0, "traces": 0, "trace": 0.0})
            record["calls"] += 1
            record["first" if record["calls"] == 1 else "later"] += _cpu() - start

    def timed_trace(*args, **kwargs):
        start = _cpu()
        try:
            return trace(*args, **kwargs)
        finally:
            if calling:
                record = calls.setdefault(calling[-1], {"calls": 0, "first": 0.0, "later": 0.0, "traces": 0,
                                                        "trace": 0.0})
                record["traces"] += 1
                record["trace"] += _cpu() - start

    def timed_run(self, fetches, *args, **kwargs):
        start = _cpu()
        try:
            return run(self, fetches, *args, **kwargs)
        finally:
            record = runs.setdefault(repr(fetches)[:70], {"calls": 0, "first": 0.0, "later": 0.0})
            record["calls"] += 1
            record["first" if record["calls"] == 1 else "later"] += _cpu() - start

    polymorphic_function.Function.__call__ = timed_call
    tracing_compilation._create_concrete_function = timed_trace
    session.BaseSession.run = timed_run


def phases_child(code_path: str, name: str, out: str) -> None:
    preload()
    stats: dict = {}
    watch(stats)
    child(code_path, name, out)
    result = json.loads(Path(out).read_text())
    result.update(stats)
    Path(out).write_text(json.dumps(result))


def report(mode: str, result: dict) -> list[str]:
    lines = [f"  {mode:6s} run: CPU {result['cpu']:.2f} s, wall {result['seconds']:.2f} s"
             + (f"  ERROR {result['error']}" if result["error"] else "")]
    for fname, r in result.get("functions", {}).items():
        later = r["calls"] - 1
        per_call = f"{1000 * r['later'] / later:.2f} ms each" if later else "-"
        lines.append(f"    tf.function {fname:28s} traced {r['traces']}x ({r['trace']:.3f} s), first call "
                     f"{r['first']:.3f} s, {later} later calls {r['later']:.3f} s ({per_call})")
    for fetch, r in result.get("runs", {}).items():
        later = r["calls"] - 1
        per_call = f"{1000 * r['later'] / later:.2f} ms each" if later else "-"
        lines.append(f"    Session.run {fetch:70s} first {r['first']:.3f} s, {later} later {r['later']:.3f} s "
                     f"({per_call})")
    return lines


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--child"]:
        phases_child(*argv[1:4])
        return 0
    parser = argparse.ArgumentParser(prog="python -m tools.eager_phases", description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", help="Session scripts")
    args = parser.parse_args(argv)
    from migrate.verify import prepare

    print(f"load average {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores)")
    with tempfile.TemporaryDirectory(prefix="eager-phases-") as tmp:
        for path in map(Path, args.paths):
            prep = prepare(str(path))
            print(path.name + (f": {prep.error}" if prep.error else " (compat form kept)" if prep.fell_back else ""))
            if prep.error:
                continue
            for mode, data in [("compat", prep.compat_bytes)] + ([] if prep.fell_back else [("eager", prep.eager_bytes)]):
                code = Path(tmp) / f"{path.stem}_{mode}.py"
                code.write_bytes(data)
                out = Path(tmp) / "phases.json"
                out.unlink(missing_ok=True)
                subprocess.run([sys.executable, "-m", "tools.eager_phases", "--child", str(code),
                                str(path.resolve()), str(out)], cwd=tempfile.mkdtemp(dir=tmp), env=_env(),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
                print("\n".join(report(mode, json.loads(out.read_text()))) if out.exists()
                      else f"  {mode}: the run wrote nothing")
    print(f"load average {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
