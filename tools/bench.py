"""``python -m tools.bench``: how fast ``migrate`` converts a whole tree, against
``tf_upgrade_v2`` and against the floor every libcst tool stands on.

One run builds a synthetic tree of legacy TensorFlow projects (:mod:`tools.corpus`: the
seed scripts varied into a few hundred files, with helper modules that never import
TensorFlow; nothing is downloaded), then times on that same tree, each as a subprocess of
the real command, best of ``--repeats`` (the repeats interleaved, so a burst of load on
the machine does not hit one tool only):

* ``migrate TREE -o OUT`` -- the default options (``-j 0``: one worker per core), the tree
  mirrored to OUT; with ``-j N`` given here, ``migrate -j N`` instead;
* ``migrate -j 1 TREE -o OUT`` -- one core: the per-core cost, to set against the floor;
* ``tf_upgrade_v2 --intree TREE --outtree OUT --reportfile R`` -- when installed (on PATH
  or next to this interpreter); it also writes an out tree, so the three are comparable;
* the floor: a ``python -c`` child that walks the tree, reads each file, runs
  ``libcst.parse_module(src).code`` and writes the result to a mirror tree -- one process,
  one core, no transform.

Start-up is counted the same way everywhere: every row is the wall time of a complete
command, from exec to exit, interpreter start-up and imports included (the floor pays
Python's start-up and ``import libcst`` exactly as ``migrate`` does; tf_upgrade_v2 pays
for importing TensorFlow, as its users do). Every command reads its packages' bytecode
as an installed package's user does: TensorFlow's and libcst's ``__pycache__`` come with
their installs, and ``migrate``'s is compiled before the timings (and removed after them),
as ``pip install`` compiles it. The start-up rows (``python -c pass``,
``python -c "import libcst"``, ``migrate --help``) are printed too, so a reader can take
them off. CPU seconds (user + system, the child and its workers) are shown beside wall
seconds: on a loaded machine they are the steadier figure.

``--memory`` also converts one TensorFlow-dense file at the default ``--max-size`` (the
worst case the size limit lets through; :mod:`tools.memory_profile`) and prints its peak
memory. The machine's load average is printed before and after the timings: figures
taken under load say so.

``--profile`` then times, unprofiled, the steps of the command line's per-file path that are
not the engine (reading, the requirements line's roots of each converted file, the atomic
writes with and without their fsync, and the writes' wall time one after another and on
migrate's writer threads), and runs the engine in this process over the same
files under cProfile and says where the time goes (reading, the no-TensorFlow fast path,
parsing, scope metadata, the transforms, printing).

The digest of the tree ``migrate`` wrote (sha256 over every file's relative path and bytes)
is printed, and the run fails when the default row's tree and ``-j 1``'s differ: two runs of
the bench before and after a change to the engine show whether the output changed.
"""
from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tools.corpus import ORIGINALS, Corpus, build

__all__ = ["FLOOR", "Timing", "find_tf_upgrade_v2", "main", "run_timed"]

# The floor: what any libcst-based rewriter must do for every file, and nothing more.
FLOOR = r"""
import os, sys
import libcst
top, out = sys.argv[1], sys.argv[2]
for directory, dirnames, filenames in os.walk(top):
    dirnames.sort()
    for name in sorted(filenames):
        if not name.endswith(".py"):
            continue
        path = os.path.join(directory, name)
        with open(path, "rb") as handle:
            source = handle.read().decode("utf-8")
        code = libcst.parse_module(source).code
        target = os.path.join(out, os.path.relpath(path, top))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(code.encode("utf-8"))
"""


# The targets (issue 21): the whole tree, as a user runs it, this many times shorter than
# tf_upgrade_v2's; one core at most this many times the libcst floor.
SPEED_TARGET = 5.0
FLOOR_TARGET = 1.2


def load_average() -> str:
    try:
        return "load average %.2f, %.2f, %.2f (1, 5, 15 min)" % os.getloadavg()
    except OSError:
        return "load average unknown"


@dataclass
class Timing:
    name: str
    command: list[str]
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    returncodes: list[int] = field(default_factory=list)
    note: str = ""

    @property
    def wall(self) -> float:
        return min(self.walls) if self.walls else float("nan")

    @property
    def cpu(self) -> float:
        return min(self.cpus) if self.cpus else float("nan")

    @property
    def ok(self) -> bool:
        return bool(self.returncodes) and all(code == 0 for code in self.returncodes)


def find_tf_upgrade_v2() -> str | None:
    beside = Path(sys.executable).parent / "tf_upgrade_v2"
    if beside.exists():
        return str(beside)
    return shutil.which("tf_upgrade_v2")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_timed(command: list[str], env: dict | None = None, cwd: str | None = None) -> tuple[float, float, int, str]:
    """(wall seconds, CPU seconds of the child and its waited-for children, exit status,
    the tail of stderr) of one run of ``command``."""
    cpu_before = _children_cpu()
    started = time.perf_counter()
    completed = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, env=env, cwd=cwd)
    wall = time.perf_counter() - started
    cpu = _children_cpu() - cpu_before
    return wall, cpu, completed.returncode, completed.stderr.decode("utf-8", "replace")[-2000:]


def _environment() -> dict:
    env = dict(os.environ)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # no run leaves a cache for the next one
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    return env


def _count_py(root: Path) -> int:
    return sum(1 for _ in root.rglob("*.py")) if root.exists() else 0


def tree_digest(root: Path) -> str:
    """sha256 over a tree's files, each its relative path and bytes, in path order: the same
    tree written twice gives the same digest."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        name = path.relative_to(root).as_posix().encode()
        data = path.read_bytes()
        digest.update(b"%d:%s%d:%s" % (len(name), name, len(data), data))
    return digest.hexdigest()


@contextlib.contextmanager
def installed_bytecode(package: str = "migrate"):
    """``package``'s modules compiled to bytecode for the timings, as ``pip install``
    leaves them (and as tf_upgrade_v2's TensorFlow and the floor's libcst are): the timed
    runs set PYTHONDONTWRITEBYTECODE, and a checkout without ``__pycache__`` would make
    every run compile the package's sources again (about 0.1 s of CPU). The
    ``__pycache__`` folders made here are removed afterwards."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec(package)
    folder = Path(spec.origin).parent if spec and spec.origin else None
    if folder is None or not folder.is_dir():
        yield None
        return
    before = set(folder.rglob("__pycache__"))
    compileall.compile_dir(str(folder), quiet=1)
    try:
        yield folder
    finally:
        for made in set(folder.rglob("__pycache__")) - before:
            shutil.rmtree(made, ignore_errors=True)


# --- the table -------------------------------------------------------------------------------


def _ratio(numerator: float, denominator: float) -> str:
    if not denominator or numerator != numerator or denominator != denominator:
        return "–"
    return f"{numerator / denominator:.2f}"


def default_row(jobs: int, cores: int) -> str:
    """The name of the row that runs migrate as a user would (no -j), or with -j N given."""
    return f"migrate -j {jobs}" if jobs else f"migrate (default: -j 0 = {cores} cores)"


def table(corpus: Corpus, timings: dict[str, Timing], default: str) -> str:
    tf = timings.get("tf_upgrade_v2")
    floor = timings["floor"]
    header = (
        "| tool | wall s | CPU s | files/s | lines/s | × faster than tf_upgrade_v2 | × the floor's time |\n"
        "|---|---:|---:|---:|---:|---:|---:|"
    )
    rows = [header]
    for key in (default, "migrate -j 1", "tf_upgrade_v2", "floor"):
        timing = timings.get(key)
        if timing is None:
            continue
        label = timing.name + ("" if timing.ok else " (FAILED: exit " + ",".join(map(str, timing.returncodes)) + ")")
        rows.append(
            f"| {label} | {timing.wall:.2f} | {timing.cpu:.2f} | {corpus.files / timing.wall:.0f} | "
            f"{corpus.lines / timing.wall:.0f} | {_ratio(tf.wall, timing.wall) if tf else '–'} | "
            f"{_ratio(timing.wall, floor.wall)} |"
        )
    return "\n".join(rows)


def targets(timings: dict[str, Timing], default: str) -> list[tuple[str, bool | None, str]]:
    one = timings["migrate -j 1"]
    many = timings[default]
    tf = timings.get("tf_upgrade_v2")
    floor = timings["floor"]
    out = []
    if tf is not None:
        out.append((f"whole tree ≥ {SPEED_TARGET:g}× shorter than tf_upgrade_v2, {default}",
                    tf.wall / many.wall >= SPEED_TARGET, f"{tf.wall / many.wall:.2f}×"))
        out.append(("(for scale: migrate -j 1, and the libcst floor itself, against tf_upgrade_v2)", None,
                    f"{tf.wall / one.wall:.2f}×, {tf.wall / floor.wall:.2f}×"))
    else:
        out.append((f"whole tree ≥ {SPEED_TARGET:g}× shorter than tf_upgrade_v2", None, "tf_upgrade_v2 not installed"))
    out.append((f"per core ≤ {FLOOR_TARGET:g}× the libcst floor (migrate -j 1 / floor, CPU s)",
                one.cpu / floor.cpu <= FLOOR_TARGET,
                f"{one.cpu / floor.cpu:.2f}× (wall: {one.wall / floor.wall:.2f}×)"))
    out.append((f"{default}: speed-up over one core (wall)", None, f"{one.wall / many.wall:.2f}×"))
    return out


# --- profile ---------------------------------------------------------------------------------


def command_line_steps(paths: list[Path], scratch: Path) -> list[str]:
    """CPU seconds (this process, unprofiled) of each step of the command line's per-file
    path: reading, the conversion (Python's check, the engine on its thread, the project
    lookups), the requirements line's roots of the converted text (read from the
    conversion's trees; parsed only where none was at hand), and the atomic write of
    every file into ``scratch`` (as ``-o`` writes), then the same writes with fsync left out."""
    from migrate import files
    from migrate.pipeline import COMPAT, InputError, convert_text
    from migrate.pipeline import _roots_of as roots_of  # as the command line reads them

    steps = dict.fromkeys(["reading", "conversion", "requirements line", "atomic writes",
                           "atomic writes without fsync"], 0.0)
    converted = []
    for path in paths:
        started = time.process_time()
        text = files.decode_source(files.read_bytes(str(path))).text
        steps["reading"] += time.process_time() - started
        started = time.process_time()
        try:
            code = convert_text(text, COMPAT, str(path)).code
        except InputError:
            code = text
        steps["conversion"] += time.process_time() - started
        started = time.process_time()
        roots_of(code)
        steps["requirements line"] += time.process_time() - started
        converted.append((path, code.encode("utf-8")))
    fsync = os.fsync
    for step, target in (("atomic writes", scratch / "with-fsync"), ("atomic writes without fsync", scratch / "no-fsync")):
        if step.endswith("without fsync"):
            os.fsync = lambda fd: None
        try:
            for path, data in converted:
                destination = target / path.name
                destination.parent.mkdir(parents=True, exist_ok=True)
                started = time.process_time()
                files.write_atomic(str(destination), data)
                steps[step] += time.process_time() - started
                destination.unlink()
        finally:
            os.fsync = fsync
    one_by_one, threaded = _write_walls(converted, scratch)
    return [f"command line's per-file steps, unprofiled (CPU s, user + system, {len(paths)} files):"] + [
        f"  {step}: {seconds:.2f}" for step, seconds in steps.items()] + [
        f"  the atomic writes' wall s: {one_by_one:.2f} one after another, {threaded:.2f} on "
        f"migrate's writer threads (migrate/writing.py, as the command line makes them)"]


def _write_walls(converted: list[tuple[Path, bytes]], scratch: Path) -> tuple[float, float]:
    """Wall seconds of writing every converted file (as ``-o`` writes, into a fresh mirror in
    ``scratch``): one after another, then on :class:`migrate.writing.Writers`."""
    from concurrent.futures import Future

    from migrate.pipeline import FileResult, Prepared, Task, write_result
    from migrate.writing import Writers

    walls = []
    for threaded in (False, True):
        target = scratch / ("threads" if threaded else "one-by-one")
        writers = Writers() if threaded else None
        started = time.perf_counter()
        for number, (path, data) in enumerate(converted):
            task = Task(str(path), str(path), str(target / f"{number // 50}" / f"{number}_{path.name}"))
            prepared = Prepared(FileResult(str(path), "changed"), data)
            if writers is None:
                write_result(task, prepared)
                continue
            arrived: Future = Future()
            arrived.set_result(prepared)
            writers.after(task, arrived)
        if writers is not None:
            writers.close()
        walls.append(time.perf_counter() - started)
        shutil.rmtree(target, ignore_errors=True)
    return walls[0], walls[1]


def profile(corpus: Corpus, top: int = 25) -> str:
    """Where the engine's time goes on the corpus (in this process, under cProfile)."""
    import cProfile
    import io
    import pstats

    from migrate.engine import migrate_source
    from migrate.files import decode_source

    paths = corpus.paths()
    texts = [(path, decode_source(path.read_bytes()).text) for path in paths]
    # Unprofiled per-file cost, by kind of file.
    import libcst

    kinds = {"no 'tensorflow' substring": [0, 0.0, 0.0], "'tensorflow' mentioned": [0, 0.0, 0.0]}
    read_time = 0.0
    for path, text in texts:
        started = time.perf_counter()
        decode_source(path.read_bytes())
        read_time += time.perf_counter() - started
        kind = "'tensorflow' mentioned" if "tensorflow" in text else "no 'tensorflow' substring"
        started = time.perf_counter()
        migrate_source(text)
        engine = time.perf_counter() - started
        started = time.perf_counter()
        libcst.parse_module(text).code
        floor = time.perf_counter() - started
        kinds[kind][0] += 1
        kinds[kind][1] += engine
        kinds[kind][2] += floor
    with tempfile.TemporaryDirectory(prefix="migrate-bench-writes-") as scratch:
        lines = command_line_steps(paths, Path(scratch)) + [""]
    lines += [
        "per-file cost, unprofiled (this process, one core):",
        f"  reading + decoding a file: {1e6 * read_time / len(texts):.0f} µs on average",
    ]
    for kind, (count, engine, floor) in kinds.items():
        if count:
            lines.append(
                f"  {kind}: {count} files, engine {1e3 * engine:.0f} ms in all "
                f"({1e6 * engine / count:.0f} µs/file); libcst parse+print of the same files "
                f"{1e3 * floor:.0f} ms (engine = {engine / floor:.2f}× parse+print)"
            )

    profiler = cProfile.Profile()
    profiler.enable()
    for _, text in texts:
        migrate_source(text)
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = sum(entry[3] for key, entry in stats.stats.items() if key[2] == "migrate_source") or 1e-9

    def cumulative(predicate) -> float:
        # the outermost calls only: sum cumulative time of matching functions not called by another match
        seconds = 0.0
        for key, (cc, nc, tt, ct, callers) in stats.stats.items():
            if predicate(key) and not any(predicate(caller) for caller in callers):
                seconds += ct
        return seconds

    def named(*names, module: str = ""):
        return lambda key: key[2] in names and module in key[0]

    def in_file(fragment: str, *names: str):
        return lambda key: fragment in key[0].replace(os.sep, "/") and (not names or key[2] in names)

    buckets = [
        ("libcst parse (parse_module)", named("parse_module", module="libcst")),
        ("import/binding pre-scan (migrate/imports.py collect, scan)", in_file("migrate/imports.py", "collect", "scan")),
        ("scope metadata (MetadataWrapper: copy + resolve)",
         lambda key: key[2] in ("resolve", "resolve_many", "__init__") and "metadata/wrapper" in key[0]),
        ("rewriting (engine passes: Rewriter.run / Module.visit)",
         lambda key: (key[2] == "run" and key[0].replace(os.sep, "/").endswith("migrate/engine.py"))
         or (key[2] == "visit" and "_nodes/module" in key[0])),
        ("finding positions (migrate/findings.py locate)", in_file("migrate/findings.py", "locate")),
        ("printing (codegen.module_code / Module.code / code_for_node)",
         lambda key: named("code", "code_for_node", module="libcst")(key)
         or in_file("migrate/codegen.py", "module_code")(key)),
    ]
    lines += ["", f"cProfile, engine total {total:.2f} s (profiled; the profiler inflates Python-heavy parts):"]
    accounted = 0.0
    for label, predicate in buckets:
        seconds = cumulative(predicate)
        accounted += seconds
        lines.append(f"  {label}: {seconds:.2f} s ({100 * seconds / total:.0f}%)")
    own = sum(entry[2] for key, entry in stats.stats.items() if os.sep + "migrate" + os.sep in key[0])
    lines.append(f"  other (migrate's own scans, fast path, glue): {max(0.0, total - accounted):.2f} s "
                 f"({100 * max(0.0, total - accounted) / total:.0f}%); own time inside migrate/*.py overall: "
                 f"{own:.2f} s")
    buffer = io.StringIO()
    pstats.Stats(profiler, stream=buffer).sort_stats("cumulative").print_stats(top)
    lines += ["", "top functions by cumulative time:"]
    lines += [line for line in buffer.getvalue().splitlines() if line.strip()][-(top + 2):]
    buffer = io.StringIO()
    pstats.Stats(profiler, stream=buffer).sort_stats("tottime").print_stats(15)
    lines += ["", "top functions by own time:"]
    lines += [line for line in buffer.getvalue().splitlines() if line.strip()][-17:]
    return "\n".join(lines)


def _memory(work: Path) -> str:
    from migrate.files import DEFAULT_MAX_SIZE, human_size
    from tools.memory_profile import measure

    status, peak, wall, _ = measure(DEFAULT_MAX_SIZE, str(work))
    return (f"a TensorFlow-dense file of {human_size(DEFAULT_MAX_SIZE)} (the default --max-size): "
            f"peak {peak / 1024:.0f} MB resident, {wall:.1f} s (migrate --check -j 1, exit {status})")


def _time_all(plan: dict, startup: dict, repeats: int, env: dict, out) -> None:
    """Each command of ``plan`` (its out tree emptied first) and ``startup``, ``repeats``
    times, the repeats interleaved."""
    for repeat in range(repeats):
        for name, timing in list(plan.items()) + list(startup.items()):
            if name in plan:
                shutil.rmtree(out(name), ignore_errors=True)
            wall, cpu, code, stderr = run_timed(timing.command, env=env)
            timing.walls.append(wall)
            timing.cpus.append(cpu)
            timing.returncodes.append(code)
            if code != 0:
                print(f"{name}: exit {code}\n{stderr}", file=sys.stderr)
            print(f"[{repeat + 1}/{repeats}] {name}: {wall:.2f} s wall, {cpu:.2f} s CPU", file=sys.stderr)


# --- main ------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(
        prog="python -m tools.bench",
        description="Time migrate over a synthetic tree of legacy TensorFlow projects, against "
                    "tf_upgrade_v2 and against libcst's parse+print floor; print a markdown table.",
    )
    parser.add_argument("--files", type=int, default=400, metavar="N", help="files in the tree (default 400)")
    parser.add_argument("--seed", type=int, default=0, help="the tree's seed (default 0)")
    parser.add_argument("--repeats", type=int, default=3, metavar="R", help="best of R runs (default 3)")
    parser.add_argument("-j", "--jobs", type=int, default=0, metavar="N",
                        help="time 'migrate -j N' as the main row instead of migrate's default "
                             f"(-j 0: one worker per core, {cores} here)")
    parser.add_argument("--originals", default=str(ORIGINALS), metavar="DIR",
                        help="the seed scripts to vary (default: tests/fixtures/originals)")
    parser.add_argument("--no-tf-upgrade", action="store_true", help="do not time tf_upgrade_v2")
    parser.add_argument("--profile", action="store_true", help="also profile the engine on the tree")
    parser.add_argument("--memory", action="store_true",
                        help="also measure the peak memory of converting a TensorFlow-dense file "
                             "at the default --max-size")
    parser.add_argument("--keep", metavar="DIR", help="build the tree (and out trees) in DIR and keep them")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    if args.repeats < 1 or args.files < 1 or args.jobs < 0:
        parser.error("--files and --repeats must be at least 1, -j at least 0")
    default = default_row(args.jobs, cores)

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="migrate-bench-"))
    try:
        tree = work / "tree"
        corpus = build(tree, files=args.files, seed=args.seed, originals=args.originals)
        print(f"corpus: {corpus.describe()} (seed {args.seed}) in {tree}", file=sys.stderr)
        python = sys.executable
        env = _environment()
        tf_upgrade = None if args.no_tf_upgrade else find_tf_upgrade_v2()

        def out(name: str) -> Path:
            return work / ("out-" + name.replace(" ", "").replace("-", "_"))

        plan: dict[str, Timing] = {}

        def add(name: str, command_for, note: str = "") -> None:
            plan[name] = Timing(name, command_for(out(name)), note=note)

        jobs = ["-j", str(args.jobs)] if args.jobs else []
        add(default, lambda o: [python, "-m", "migrate", "-q", *jobs, str(tree), "-o", str(o)])
        add("migrate -j 1", lambda o: [python, "-m", "migrate", "-q", "-j", "1", str(tree), "-o", str(o)])
        if tf_upgrade:
            add("tf_upgrade_v2", lambda o: [tf_upgrade, "--intree", str(tree), "--outtree", str(o),
                                            "--reportfile", str(work / "tf_upgrade_v2-report.txt")])
        add("floor", lambda o: [python, "-c", FLOOR, str(tree), str(o)],
            note="libcst.parse_module(src).code per file, one process")
        startup = {
            "python -c pass": Timing("python -c pass", [python, "-c", "pass"]),
            "python -c 'import libcst'": Timing("python -c 'import libcst'", [python, "-c", "import libcst"]),
            "migrate --help": Timing("migrate --help", [python, "-m", "migrate", "--help"]),
        }
        load_before = load_average()
        with installed_bytecode("migrate"):
            _time_all(plan, startup, args.repeats, env, out)

        print(f"## migrate at scale: {corpus.files} files, {corpus.lines} lines "
              f"({corpus.tensorflow_files} TensorFlow scripts, {corpus.helper_files} without TensorFlow)\n")
        print(f"best of {args.repeats}; {cores} cores (os.cpu_count()); Python {sys.version.split()[0]}; "
              f"every row is a whole command, start-up included; migrate's modules compiled to "
              f"bytecode first, as pip install leaves them\n")
        print(f"machine: {load_before} before the timings, {load_average()} after\n")
        print(table(corpus, plan, default))
        print()
        print("start-up (wall s, best of {}): ".format(args.repeats)
              + ", ".join(f"{name} {timing.wall:.3f}" for name, timing in startup.items()) + "\n")
        written = {name: _count_py(out(name)) for name in plan}
        print("files written: " + ", ".join(f"{name} {count}" for name, count in written.items()) + "\n")
        digests = {name: tree_digest(out(name)) for name in (default, "migrate -j 1")}
        same = len(set(digests.values())) == 1
        print(f"converted tree: sha256 {digests[default]} ({default} and migrate -j 1: "
              f"{'the same bytes' if same else 'DIFFERENT: ' + digests['migrate -j 1']})\n")
        print("targets:")
        results = targets(plan, default)
        for label, met, figure in results:
            verdict = "" if met is None else (" — met" if met else " — MISSED")
            print(f"- {label}: {figure}{verdict}")
        memory = None
        if args.memory:
            memory = _memory(work)
            print(f"\nmemory at the limit: {memory}")
        if args.profile:
            print()
            print("```")
            print(profile(corpus))
            print("```")
        if args.json:
            payload = {
                "corpus": {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(corpus).items()},
                "repeats": args.repeats, "jobs": args.jobs, "cores": cores,
                "timings": {name: asdict(timing) | {"wall": timing.wall, "cpu": timing.cpu}
                            for name, timing in {**plan, **startup}.items()},
                "targets": [{"target": label, "met": met, "figure": figure} for label, met, figure in results],
                "written": written,
                "converted_digest": digests,
                "memory": memory,
            }
            Path(args.json).write_text(json.dumps(payload, indent=2) + "\n")
        failed = [name for name, timing in plan.items() if not timing.ok and name != "tf_upgrade_v2"]
        return 1 if failed or not same else 0
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
