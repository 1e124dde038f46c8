"""``migrate verify SCRIPT [SCRIPT ...]``: run a Session script's two translations and
compare every number they produce.

What runs is exactly what the tool writes: the bytes of `migrate SCRIPT` (compat) and of
`migrate --to eager SCRIPT`, produced by the same read/decode/convert/encode steps as the
command line (tests/migrate/test_verify_runs_what_it_writes.py checks byte identity).
Nothing is added to either text; the values are observed from outside the program:

  1. random ops without an op seed get one at run time (seed=1, 2, ... in source order),
     the same in both translations: TensorFlow's random functions are wrapped in the
     child process, and the line a call comes from (autograph's source map included)
     picks its seed (migrate/verification/plan.py, hooks.py). With a global seed *and*
     an op seed, graph and eager TensorFlow draw the same values; with a global seed
     alone they do not;
  2. a `sys.settrace` tracer limited to the file under test records every new value of
     the names the original binds from `Session.run` / `.eval()` (`[x] = sess.run(...)`,
     `a, b = sess.run([...])`, `v = t.eval()`, `.append(sess.run(...))` lists); stdout
     is captured line by line;
  3. the compat and the eager translations run in two separate processes (all compat
     scripts in one, all eager scripts in the other: TensorFlow is imported once per
     side), each with numpy, Python `random` and TensorFlow seeded with --seed before
     the script (TensorFlow with its default graph seed instead where a random op of the
     script has an op seed: it draws what it draws when the script runs alone), every
     graph given that global seed, no network (proxies point at a
     closed port, so downloads fail fast), a time limit (--timeout), matplotlib on Agg,
     no stdin (a script reading input gets end-of-file on both sides), each script in its
     own mirror of its folder (migrate/verification/sandbox.py: the files next to the
     script are there, what one side writes the other does not see), each side in a
     process group of its own that verify ends, with its temporary folder, on every exit
     path (SIGTERM, SIGHUP and Ctrl-C included);
  4. every printed number (line by line: the numbers of each line, the rest of the line
     must be the same) and every watched value is compared;
  5. when numbers differ, both sides run again with TF_ENABLE_ONEDNN_OPTS=0 and
     grappler's rewrites off (the same kernels in the same order on both sides), and the
     report says where the two parted, how the gap grew, and whether that is float
     rounding drift or a semantic difference.

Two numbers are the same when |eager - compat| <= atol + rtol * |compat| with rtol=1e-5,
atol=1e-6 (float32 tolerance: float32 carries ~7 significant digits; graph and eager
TensorFlow may fuse or order the same float32 operations differently). A printed number
formatted at fixed precision with 5 or more significant digits (`%.5f` -> 0.51340) may
also differ by one unit in its last digit: rounding two values that agree to 1e-8 can
flip it. Watched values are compared at full precision.

Exit status: 0 same numbers; 1 a difference beyond tolerance (semantic); 2 a run failed
(error, timeout) or a script could not be read or translated; 3 nothing to compare: the
eager translation fell back to the compat form (the reasons are printed), or the file
does not use TensorFlow; 4 the numbers differ by float rounding drift only;
5 equal up to rounding: the eager translation states a choice that rounds differently from TF 1 (rule
eager-rounding: Keras Adam for tf.compat.v1.train.AdamOptimizer) and its numbers meet the
rounding tolerance: the first ROUNDING_FIRST values of every printed line and watched name
within float32 tolerance, every later value within ROUNDING_RTOL relative. Without such a
stated choice the numbers must be the same.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import types
from dataclasses import dataclass, field

from migrate.printed import NUMBER, last_digit  # noqa: F401 - the one printed-number comparison
from migrate.printed import numeric_lines
from migrate.verification import sandbox
from migrate.verification.plan import SeedPlan, Watched, seed_plan, watched_names

RTOL = 1e-5
ATOL = 1e-6
# "Equal up to rounding" (status rounding, exit 5), for translations that state such a choice
# (rule eager-rounding: a Keras optimizer whose arithmetic is TF 1's but rounds differently):
# the first ROUNDING_FIRST values of every channel (a printed line's shape, a watched name)
# that holds more within float32 tolerance (RTOL, ATOL), every other value within ROUNDING_RTOL
# (|eager - compat| <= ATOL + ROUNDING_RTOL * |compat|). docs/eager.md, "Equal up to rounding",
# gives the measurements that chose them.
ROUNDING_FIRST = 3
ROUNDING_RTOL = 1e-4
ROUNDING_RULE = "eager-rounding"
DEFAULT_TIMEOUT = 300
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# What starts a side's process (run_side): subprocess.Popen. The test suite puts here its
# stand-in that runs the same command in a forked child of a process that has already
# imported TensorFlow (tests/tf_worker, tests/conftest.py), which is what makes it fast.
spawn = subprocess.Popen

__all__ = ["main", "verify_scripts", "prepare", "compare", "explain", "format_report", "Report", "Prepared"]


# ---------------------------------------------------------------------------- source preparation


@dataclass
class Prepared:
    """A script's two translations, as bytes exactly as `migrate` and `migrate --to eager`
    write them, and what the runs watch (nothing of it is written into either text)."""

    path: str
    compat: str = ""
    eager: str = ""
    compat_bytes: bytes = b""
    eager_bytes: bytes = b""
    fell_back: bool = False
    fallback_reasons: list = field(default_factory=list)
    rounding: list = field(default_factory=list)  # eager-rounding findings: choices equal up to rounding
    changes: int = 0
    warnings: list = field(default_factory=list)
    watched: Watched = field(default_factory=Watched)
    seeds: SeedPlan = field(default_factory=SeedPlan)
    error: str | None = None
    not_tensorflow: bool = False  # the file does not use TensorFlow: nothing to verify

    @property
    def injected(self):
        """[(line in the original, op, seed)]: op seeds given at run time, the same on both sides."""
        return self.seeds.given


def prepare(path: str) -> Prepared:
    """Both translations of PATH through the command line's own per-file step
    (migrate.pipeline.convert_bytes: read the bytes, decode as Python does, convert,
    encode back), plus the watch and seed plans read from the original."""
    from migrate.eager import FALLBACK_RULE
    from migrate.files import decode_source, read_bytes
    from migrate.pipeline import EAGER, convert_bytes

    prep = Prepared(path)
    try:
        data = read_bytes(path)
        original = decode_source(data).text
        if "tensorflow" not in original:
            prep.not_tensorflow = True
            return prep
        compat = convert_bytes(data, path)
        eager = convert_bytes(data, path, to=EAGER)
        prep.compat_bytes = data if compat.data is None else compat.data
        prep.eager_bytes = data if eager.data is None else eager.data
        prep.compat = decode_source(prep.compat_bytes).text
        prep.eager = decode_source(prep.eager_bytes).text
        readable = _as_python3(original)
        prep.watched = watched_names(readable)
        prep.seeds = seed_plan(readable, prep.compat, prep.eager)
    except Exception as exc:  # unreadable, undecodable, unparsable
        prep.error = f"{type(exc).__name__}: {getattr(exc, 'message', None) or exc}"
        return prep
    prep.fallback_reasons = [f for f in eager.findings if f.rule == FALLBACK_RULE]
    prep.fell_back = bool(prep.fallback_reasons)
    prep.rounding = [f for f in eager.findings if f.rule == ROUNDING_RULE]
    prep.changes = sum(1 for f in eager.findings if f.severity == "change")
    prep.warnings = [f for f in eager.findings if f.severity == "warning" and f.rule != FALLBACK_RULE]
    return prep


def _as_python3(original: str) -> str:
    """The original as Python 3, for the watch and seed plans: a Python 2 file is read in
    the form the py2 rule family (fissix) turns it into, as `migrate` converts it."""
    try:
        compile(original, "<original>", "exec", dont_inherit=True)
        return original
    except SyntaxError:
        from migrate.families import py2

        return py2.modernize(original, syntax=True)[0]


# ---------------------------------------------------------------------------- the child process


def _seed_everything(mode, seed, state, graph_seed=None):
    """numpy and random get --seed; TensorFlow's global seed is --seed, or `graph_seed` (the
    seed plan's: TensorFlow's default graph seed where the script has seeded random ops)."""
    import random

    import numpy as np
    import tensorflow as tf

    np.random.seed(seed)
    random.seed(seed)
    tf_seed = seed if graph_seed is None else graph_seed
    state["seed"] = tf_seed
    if mode == "compat":
        tf.compat.v1.reset_default_graph()
        tf.compat.v1.get_default_graph().seed = tf_seed
    else:
        tf.random.set_seed(tf_seed)


def _remember_graph_seeds(state):
    """compat: every new Graph gets the current global seed, as the eager side has one."""
    import tensorflow as tf
    from tensorflow.python.framework import ops

    graph_init = ops.Graph.__init__

    def seeded_graph_init(self, *args, **kwargs):
        graph_init(self, *args, **kwargs)
        if type(self) is ops.Graph:
            self.seed = state["seed"]

    ops.Graph.__init__ = seeded_graph_init
    original_set = tf.compat.v1.set_random_seed

    def remembering_set(s):
        state["seed"] = s
        return original_set(s)

    tf.compat.v1.set_random_seed = remembering_set
    tf.compat.v1.random.set_random_seed = remembering_set


def _run_one(script, mode, seed, timeout, state, random_seeds):
    import builtins
    import traceback

    from migrate.verification.hooks import LineCounter, PrintedValues, Watcher

    _seed_everything(mode, seed, state, script.get("graph_seed"))
    with open(script["code"], "rb") as f:
        code = compile(f.read(), script["code"], "exec", dont_inherit=True)
    out = LineCounter()
    events: list = []
    reprs: list = []
    error = None
    random_seeds.start(script["code"], script["seeds"])
    start = time.perf_counter()
    cwd = os.getcwd()
    os.chdir(script["cwd"])
    saved_argv, saved_path, saved_stdout = sys.argv, list(sys.path), sys.stdout
    saved_main = sys.modules["__main__"]
    # the script is __main__, as when run by python: tf.app.run() / absl find its main() there
    main_module = types.ModuleType("__main__")
    main_module.__dict__.update({"__file__": script["name"], "__builtins__": builtins})
    sys.modules["__main__"] = main_module
    sys.argv = [script["name"]]
    sys.path.insert(0, os.path.dirname(os.path.abspath(script["name"])))
    # local helper modules are converted the same way as the script, as `migrate run` does
    from migrate.runner import _ConvertingFinder

    finder = _ConvertingFinder(os.path.dirname(os.path.abspath(script["name"])), True, mode)
    sys.meta_path.insert(0, finder)
    signal.alarm(timeout)
    try:
        sys.stdout = out
        with Watcher(script["code"], script["assigned"], script["appended"], out, events), \
                PrintedValues(script["code"], out, events, reprs):
            exec(code, main_module.__dict__)
    except SystemExit as exc:
        if exc.code not in (None, 0):
            error = f"SystemExit({exc.code!r})"
    except BaseException:
        error = traceback.format_exc(limit=-8)
    finally:
        signal.alarm(0)
        sys.meta_path.remove(finder)
        sys.stdout = saved_stdout
        sys.modules["__main__"] = saved_main
        os.chdir(cwd)
        sys.argv, sys.path[:] = saved_argv, saved_path
    return {"printed": out.getvalue(), "events": events, "reprs": reprs, "error": error,
            "seconds": time.perf_counter() - start, "seeds_used": random_seeds.used}


def _child(spec_path):
    with open(spec_path) as f:
        spec = json.load(f)
    mode, seed, timeout = spec["mode"], spec["seed"], spec["timeout"]

    import tensorflow as tf  # noqa: F401 - loaded before the first script, as a user's process would

    from migrate.verification.hooks import RandomSeeds, deterministic

    if spec.get("deterministic"):
        deterministic()
    state = {"seed": seed}
    if mode == "compat":
        _remember_graph_seeds(state)
    random_seeds = RandomSeeds(random_op_names())

    current: dict = {}

    def on_alarm(signum, frame):
        if current.get("warned"):  # the script swallowed the TimeoutError: stop for good
            with open(current["out"], "w") as f:
                json.dump({"printed": "", "events": [], "seconds": None, "seeds_used": {},
                           "error": f"the script ran longer than {timeout} s (and caught "
                                    "the TimeoutError raised to stop it)"}, f)
            os._exit(124)
        current["warned"] = True
        signal.alarm(2)  # a second chance to stop, then the process ends
        raise TimeoutError(f"the script ran longer than {timeout} s")

    signal.signal(signal.SIGALRM, on_alarm)
    for script in spec["scripts"]:
        current.clear()
        current["out"] = script["out"]
        result = _run_one(script, mode, seed, timeout, state, random_seeds)
        with open(script["out"], "w") as f:
            json.dump(result, f)


def random_op_names():
    from migrate.eager import names
    from migrate.tables.variable_scopes import INITIALIZER_SEED_POSITION

    return sorted(set(names.SEED_POSITION) | set(INITIALIZER_SEED_POSITION))


def _child_env(deterministic=False):
    env = dict(os.environ)
    closed = "http://127.0.0.1:9"
    env.update({
        "http_proxy": closed, "https_proxy": closed, "HTTP_PROXY": closed, "HTTPS_PROXY": closed,
        "ftp_proxy": closed, "all_proxy": closed, "ALL_PROXY": closed, "no_proxy": "", "NO_PROXY": "",
        "TF_CPP_MIN_LOG_LEVEL": "2", "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0",
        "PYTHONPATH": os.pathsep.join([REPO_ROOT] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]),
        "PYTHONDONTWRITEBYTECODE": "1",
    })
    if deterministic:
        env["TF_ENABLE_ONEDNN_OPTS"] = "0"
    return env


@dataclass
class Job:
    """One script for one side: what to run and what to watch."""

    name: str  # the original's path: __file__, argv[0], sys.path[0] of the run
    code: bytes
    assigned: list = field(default_factory=list)
    appended: list = field(default_factory=list)
    seeds: dict = field(default_factory=dict)
    graph_seed: int | None = None  # TensorFlow's global seed where the script sets none (None: --seed)


def jobs_for(prep: Prepared, mode: str) -> Job:
    return Job(os.path.abspath(prep.path), prep.compat_bytes if mode == "compat" else prep.eager_bytes,
               sorted(prep.watched.assigned), sorted(prep.watched.appended),
               prep.seeds.compat if mode == "compat" else prep.seeds.eager, prep.seeds.graph_seed)


def run_side(mode, jobs, seed, timeout, workdir, deterministic=False):
    """Start the child for one side; returns (process, [script specs], log). Each script runs
    in its own mirror of its folder (migrate/verification/sandbox.py), with no stdin, in a
    process group of its own (stop_side ends it with everything it started)."""
    scripts = []
    tag = f"{mode}{'_deterministic' if deterministic else ''}"
    for i, job in enumerate(jobs):
        place = sandbox.mirror(job.name, job.code, os.path.join(workdir, f"{tag}_{i}"))
        scripts.append({"name": place.script, "code": place.script, "cwd": place.folder, "linked": place.linked,
                        "out": os.path.join(workdir, f"{tag}_{i}.json"),
                        "assigned": job.assigned, "appended": job.appended,
                        "seeds": {str(k): v for k, v in job.seeds.items()}, "graph_seed": job.graph_seed})
    spec_path = os.path.join(workdir, f"{tag}.json")
    with open(spec_path, "w") as f:
        json.dump({"mode": mode, "seed": seed, "timeout": timeout, "scripts": scripts,
                   "deterministic": deterministic}, f)
    log = open(os.path.join(workdir, f"{tag}.log"), "w")
    proc = spawn([sys.executable, "-m", "migrate.verify", "--child", spec_path], cwd=workdir,
                 env=_child_env(deterministic), stdin=subprocess.DEVNULL, stdout=log,
                 stderr=subprocess.STDOUT, start_new_session=True)
    return proc, scripts, log


def stop_side(proc) -> None:
    """End a side's process and every process it started (its process group)."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            proc.kill()
        proc.wait()
    else:  # the child is gone; what it started may not be
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            pass


def collect(proc, scripts, log, deadline, workdir, mode):
    try:
        proc.wait(timeout=max(1.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        pass
    stop_side(proc)
    log.close()
    results = []
    with open(log.name, errors="replace") as f:
        tail = f.read()[-3000:]
    for s in scripts:
        if os.path.exists(s["out"]):
            with open(s["out"]) as f:
                results.append(dict(json.load(f), linked=s["linked"]))
        else:
            results.append({"printed": "", "events": [], "seconds": None,
                            "error": f"the {mode} process stopped before this script finished "
                                     f"(exit {proc.returncode}); its output:\n{tail}"})
    return results


# ---------------------------------------------------------------------------- comparison

def indexed_numeric_lines(text):
    """migrate.printed.numeric_lines, each with the index of its line in the output added
    (the drift analysis orders printed lines and watched values by it)."""
    out = []
    for number, line in enumerate(text.splitlines()):
        for shape, numbers, stripped, units in numeric_lines(line):
            out.append((shape, numbers, stripped, units, number))
    return out


def _diff(a, b, units=None):
    """(max abs diff, worst excess over tolerance, largest |b|) of two equal-length float lists."""
    import math

    worst_abs, worst_excess, scale = 0.0, -math.inf, 0.0
    units = units or [0.0] * len(b)
    for x, y, u in zip(a, b, units):
        if math.isnan(x) and math.isnan(y) or x == y:
            d = 0.0
        else:
            d = abs(x - y)
            if math.isnan(d):
                d = math.inf
        worst_abs = max(worst_abs, d)
        if not math.isnan(y) and not math.isinf(y):
            scale = max(scale, abs(y))
        worst_excess = max(worst_excess, d - max(ATOL + RTOL * abs(y), u * (1 + 1e-6)))
    return worst_abs, worst_excess, scale


def _loose(a, b, units=None):
    """(worst excess over the rounding tolerance ATOL + ROUNDING_RTOL * |b|, the relative
    tolerance these values need beyond ATOL) of two equal-length float lists."""
    import math

    worst, needed = -math.inf, 0.0
    for x, y, u in zip(a, b, units or [0.0] * len(b)):
        d = 0.0 if (math.isnan(x) and math.isnan(y)) or x == y else abs(x - y)
        if math.isnan(d):
            d = math.inf
        worst = max(worst, d - max(ATOL + ROUNDING_RTOL * abs(y), u * (1 + 1e-6)))
        if d > max(ATOL, u * (1 + 1e-6)):
            needed = max(needed, (d - ATOL) / abs(y) if y else math.inf)
    return worst, needed


def _flatten(encoded, out, path=""):
    """Flatten an encoded fetch value into (structure signature, floats)."""
    if encoded is None:
        out[0].append(f"{path}None")
        return
    if "list" in encoded or "tuple" in encoded:
        items = encoded.get("list", encoded.get("tuple"))
        out[0].append(f"{path}[{len(items)}]")
        for i, v in enumerate(items):
            _flatten(v, out, f"{path}{i}.")
        return
    if "dict" in encoded:
        for k in sorted(encoded["dict"]):
            _flatten(encoded["dict"][k], out, f"{path}{k}.")
        return
    if "data" in encoded:
        out[0].append(f"{path}{tuple(encoded['shape'])}")
        out[1].extend(encoded["data"])
        return
    out[0].append(f"{path}{json.dumps(encoded, sort_keys=True)}")


def _describe(encoded) -> str:
    fx = ([], [])
    _flatten(encoded, fx)
    return ", ".join(fx[0][:4]) + (" ..." if len(fx[0]) > 4 else "")


@dataclass
class Line:
    label: str
    text: str
    count: int
    max_abs: float
    ok: bool


@dataclass
class Item:
    """One compared value in the order the compat run produced it (for the drift analysis)."""

    time: float  # lines printed before it (a printed line: its own index)
    channel: str  # what it is: a printed line's shape or a watched name
    index: int  # its place among the values of that channel
    max_abs: float
    excess: float
    scale: float
    loose_excess: float = 0.0  # excess over the rounding tolerance (ROUNDING_RTOL)
    needed: float = 0.0  # the relative tolerance this value needs beyond ATOL


@dataclass
class Report:
    path: str
    prepared: Prepared
    status: str = "same"  # same | rounding | different | drift | failed | fell-back | not-tensorflow
    lines: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    items: list = field(default_factory=list)
    structural: list = field(default_factory=list)  # differences that no rounding explains
    verdict: list = field(default_factory=list)  # the drift analysis, when the numbers differ
    compat_seconds: float | None = None
    eager_seconds: float | None = None
    printed_compared: int = 0
    reprs_skipped: int = 0  # prints of a tensor or variable itself, not compared (graph repr / eager value)
    fetches_compared: int = 0
    linked: list = field(default_factory=list)  # entries of the script's folder both runs share

    @property
    def exit_code(self):
        return {"same": 0, "different": 1, "failed": 2, "fell-back": 3, "not-tensorflow": 3, "drift": 4,
                "rounding": 5}[self.status]

    @property
    def largest(self):
        return max((ln.max_abs for ln in self.lines), default=0.0)


def without_reprs(text: str, reprs) -> str:
    """The printed text less the lines of prints that showed a TensorFlow object itself
    ([first line, line after] in `reprs`), each left as an empty line (indexes stay)."""
    lines = text.splitlines()
    for first, after in reprs:
        for i in range(first, min(after, len(lines))):
            lines[i] = ""
    return "\n".join(lines)


def _printed_texts(report, compat, eager):
    """(eager, compat) printed texts to compare. A print of a tensor or variable itself shows
    the graph's repr in the compat form (`Tensor("Const:0", ...)`) and the value eagerly: the
    translation says so (rule eager-printed-repr), and those lines are not compared, one for
    one; a different number of such prints is a difference of structure."""
    reprs_e, reprs_c = eager.get("reprs", []), compat.get("reprs", [])
    if len(reprs_e) != len(reprs_c):
        report.structural.append(f"a tensor or variable printed itself {len(reprs_e)} times in the eager run, "
                                 f"{len(reprs_c)} in compat")
        return eager["printed"], compat["printed"]
    report.reprs_skipped = len(reprs_c)
    return without_reprs(eager["printed"], reprs_e), without_reprs(compat["printed"], reprs_c)


def _compare_printed(report, compat, eager):
    text_e, text_c = _printed_texts(report, compat, eager)
    a, b = indexed_numeric_lines(text_e), indexed_numeric_lines(text_c)
    if [line[0] for line in a] != [line[0] for line in b]:
        missing = ("<missing>", [], "<no line>", [], -1)
        for i, (x, y) in enumerate(zip(a + [missing] * max(0, len(b) - len(a)),
                                       b + [missing] * max(0, len(a) - len(b)))):
            if x[0] != y[0] or len(x[1]) != len(y[1]):
                report.structural.append(f"printed numeric line {i + 1} differs in its text: eager {x[2]!r}, "
                                         f"compat {y[2]!r}")
                break
    seen: dict = {}
    for i, ((shape, xs, text, _, _), (shape_b, ys, _, units, where)) in enumerate(zip(a, b)):
        if len(xs) != len(ys) or shape != shape_b:
            continue
        d, excess, scale = _diff(xs, ys, units)
        report.lines.append(Line(f"printed line {i + 1}", text, len(xs), d, excess <= 0))
        report.items.append(Item(where, f"printed '{shape[:40]}'", seen.get(shape, 0), d, excess, scale,
                                 *_loose(xs, ys, units)))
        seen[shape] = seen.get(shape, 0) + 1
        report.printed_compared += 1


def _compare_watched(report, compat, eager):
    watched = report.prepared.watched
    ra, rb = {}, {}
    for name, _, value in eager["events"]:
        ra.setdefault(name, []).append(value)
    for name, printed, value in compat["events"]:
        rb.setdefault(name, []).append((printed, value))
    for name in sorted(set(ra) | set(rb)):
        xs, ys = ra.get(name, []), rb.get(name, [])
        label = watched.label(name) if name in watched.assigned or name in watched.appended else \
            f"values passed to {name}"
        if len(xs) != len(ys):
            report.structural.append(f"{label} took {len(xs)} values in the eager run, {len(ys)} in compat")
            continue
        worst, worst_excess, count = 0.0, float("-inf"), 0
        for k, (x, (printed, y)) in enumerate(zip(xs, ys)):
            fx, fy = ([], []), ([], [])
            _flatten(x, fx)
            _flatten(y, fy)
            if fx[0] != fy[0] or len(fx[1]) != len(fy[1]):
                report.structural.append(f"{label}, value {k + 1}: a different structure, eager {_describe(x)}, "
                                         f"compat {_describe(y)}")
                break
            d, excess, scale = _diff(fx[1], fy[1])
            report.items.append(Item(printed - 0.5, label, k, d, excess, scale, *_loose(fx[1], fy[1])))
            worst, worst_excess, count = max(worst, d), max(worst_excess, excess), count + len(fx[1])
        else:
            report.lines.append(Line(label, f"{len(xs)} values", count, worst, worst_excess <= 0))
            report.fetches_compared += len(xs)


def compare(report: Report, compat: dict, eager: dict):
    report.compat_seconds, report.eager_seconds = compat.get("seconds"), eager.get("seconds")
    for side, result in (("compat", compat), ("eager", eager)):
        if result.get("error"):
            report.status = "failed"
            report.problems.append(f"the {side} translation failed:\n{result['error'].rstrip()}")
    if report.status == "failed":
        return report
    _compare_printed(report, compat, eager)
    _compare_watched(report, compat, eager)
    report.problems.extend(report.structural)
    if report.structural or any(not ln.ok for ln in report.lines):
        report.status = "different"
    if report.status == "same" and not report.lines:
        report.problems.append("no number was printed or fetched: nothing to compare")
    return report


# ---------------------------------------------------------------------------- equal up to rounding


def _early(items) -> list:
    """Whether each item is among the first ROUNDING_FIRST values of a channel that holds a
    trajectory (more than ROUNDING_FIRST values): the first steps of the run. A channel of
    a few values (results printed at the end) has no first steps to hold tight."""
    sizes: dict = {}
    for it in items:
        sizes[it.channel] = sizes.get(it.channel, 0) + 1
    return [it.index < ROUNDING_FIRST < sizes[it.channel] for it in items]


def rounding_gap(items) -> tuple[float, float]:
    """(the largest relative gap beyond ATOL of the first steps' values, that of every other
    value): what the rounding criterion compares with float32 tolerance and ROUNDING_RTOL."""
    early = _early(items)
    first = max((it.needed for it, e in zip(items, early) if e), default=0.0)
    later = max((it.needed for it, e in zip(items, early) if not e), default=0.0)
    return first, later


def within_rounding(report: Report) -> list:
    """The verdict lines when numbers that differ beyond float32 tolerance are equal up to
    rounding; [] when they are not, or when the translation stated no choice equal up to
    rounding only (prepared.rounding): then the numbers must be the same.

    Equal up to rounding: no difference of text or structure; the first ROUNDING_FIRST values
    of every channel holding more (a printed line's shape, a watched name) within float32
    tolerance; every other value within ROUNDING_RTOL (|eager - compat| <= ATOL +
    ROUNDING_RTOL * |compat|, number by number)."""
    if not report.prepared.rounding or report.structural or not report.items:
        return []
    early = _early(report.items)
    if any(it.excess > 0 if e else it.loose_excess > 0 for it, e in zip(report.items, early)):
        return []
    first, later = rounding_gap(report.items)
    choices = "; ".join(f"line {f.line}: {f.message.split(', equal')[0]}" for f in report.prepared.rounding)
    verdict = (f"EQUAL UP TO ROUNDING: the translation rounds differently by choice ({choices}); the first "
               f"{ROUNDING_FIRST} values of every printed line and fetched name agree within float32 tolerance "
               f"(largest relative gap {first:.2g}), every later value within rtol={ROUNDING_RTOL:g} "
               f"(largest {later:.2g})")
    return [verdict]


def beyond_rounding(report: Report) -> list:
    """What a report whose translation stated a rounding choice says when its numbers are
    beyond the rounding tolerance."""
    if not report.prepared.rounding:
        return []
    first, later = rounding_gap(report.items)
    line = (f"the translation rounds differently by choice (line {report.prepared.rounding[0].line}) but the "
            f"numbers are beyond verify's rounding tolerance (the first {ROUNDING_FIRST} values: largest "
            f"relative gap {first:.2g}; later values: {later:.2g}, rtol={ROUNDING_RTOL:g}): this run amplifies "
            "the difference; `migrate --to eager --exact-optimizers` keeps TF 1's optimizer, bit for bit")
    return [line]


# ---------------------------------------------------------------------------- rounding drift or not


def _first(items, test):
    return next((it for it in sorted(items, key=lambda it: it.time) if test(it)), None)


def _growth(items, channel) -> str:
    """The gap of one channel at a few points after the two sides part."""
    series = [it for it in items if it.channel == channel]
    start = next((k for k, it in enumerate(series) if it.max_abs > 0), None)
    if start is None:
        return ""
    points, k = [], start
    while k < len(series):
        points.append(k)
        k = start + max(1, (k - start) * 2) if k > start else start + 1
    if points[-1] != len(series) - 1:
        points.append(len(series) - 1)
    return ", ".join(f"value {series[k].index + 1}: {series[k].max_abs:.3g}" for k in points[:8])


def explain(report: Report, rerun: Report | None) -> list:
    """Say whether numbers that differ are float rounding drift or a semantic difference.

    Rounding drift: the first value that differs at all does so within float32 tolerance,
    and the gap grows from there or vanishes with oneDNN and grappler rewrites off. A rerun
    that agrees never makes a first difference beyond tolerance rounding. Semantic: a difference in text or structure, or a first difference
    already beyond what rounding gives."""
    if report.structural:
        return ["SEMANTIC DIFFERENCE: " + report.structural[0]]
    parted = _first(report.items, lambda it: it.max_abs > 0)
    beyond = _first(report.items, lambda it: it.excess > 0)
    if parted is None or beyond is None:
        return []
    out = [f"the two sides part at {parted.channel}, value {parted.index + 1}, by {parted.max_abs:.3g}"
           f"; the first difference beyond tolerance is {beyond.channel}, value {beyond.index + 1} "
           f"({beyond.max_abs:.3g})",
           f"gap of {beyond.channel}: {_growth(report.items, beyond.channel)}"]
    if rerun is not None:
        if rerun.status == "same":
            out.append(f"rerun with TF_ENABLE_ONEDNN_OPTS=0 and grappler rewrites off: SAME NUMBERS "
                       f"(largest difference {rerun.largest:.3g})")
            if parted.excess <= 0:
                return ["ROUNDING DRIFT: " + out[0]] + out[1:]
            # a rerun that agrees does not explain a first difference beyond tolerance (the runs
            # may have read different inputs): that is never called rounding
            return ["SEMANTIC DIFFERENCE: " + out[0]] + out[1:] + [
                "the first value that differs is already beyond float32 tolerance: not rounding, "
                "although the rerun agreed (something outside the arithmetic changed between runs)"]
        if rerun.status == "failed" or rerun.structural:
            out.append("rerun with TF_ENABLE_ONEDNN_OPTS=0 and grappler rewrites off: "
                       + (rerun.structural[0] if rerun.structural else "failed"))
            return ["SEMANTIC DIFFERENCE: " + out[0]] + out[1:]
        parted2 = _first(rerun.items, lambda it: it.max_abs > 0)
        out.append(f"rerun with TF_ENABLE_ONEDNN_OPTS=0 and grappler rewrites off: still different, parting at "
                   f"{parted2.channel}, value {parted2.index + 1}, by {parted2.max_abs:.3g}" if parted2 else
                   "rerun: still different")
        parted = parted2 or parted
    if parted.excess <= 0 and parted is not beyond:
        return ["ROUNDING DRIFT: " + out[0]] + out[1:] + [
            "the first difference is within float32 tolerance and grows over the run: the two sides round "
            "the same arithmetic differently"]
    return ["SEMANTIC DIFFERENCE: " + out[0]] + out[1:] + [
        "the first value that differs is already beyond float32 tolerance: not rounding"]


# ---------------------------------------------------------------------------- driver


def _run_pair(preps, seed, timeout, workdir, deterministic=False):
    jobs_c = [jobs_for(p, "compat") for p in preps]
    jobs_e = [jobs_for(p, "eager") for p in preps]
    deadline = time.monotonic() + timeout * len(preps) + 60
    started = []
    try:
        started.append(run_side("compat", jobs_c, seed, timeout, workdir, deterministic))
        started.append(run_side("eager", jobs_e, seed, timeout, workdir, deterministic))
        return (collect(*started[0], deadline, workdir, "compat"),
                collect(*started[1], deadline, workdir, "eager"))
    finally:  # an interrupt or a signal while waiting: no child outlives verify
        for proc, _, log in started:
            stop_side(proc)
            log.close()


def verify_scripts(paths, seed=0, timeout=DEFAULT_TIMEOUT, keep=None, rerun=True):
    """Verify several scripts: two TensorFlow processes in all (plus two more for the
    scripts whose numbers differ, rerun without oneDNN and grappler). Returns [Report]."""
    return verify_prepared([prepare(p) for p in paths], seed, timeout, keep, rerun)


def verify_prepared(preps, seed=0, timeout=DEFAULT_TIMEOUT, keep=None, rerun=True):
    """verify_scripts for scripts already prepared (both translations in hand)."""
    paths = [prep.path for prep in preps]
    reports = [Report(p, prep) for p, prep in zip(paths, preps)]
    index = []
    for i, (path, prep) in enumerate(zip(paths, preps)):
        if prep.not_tensorflow:
            reports[i].status = "not-tensorflow"
        elif prep.error:
            reports[i].status = "failed"
            reports[i].problems.append(f"cannot prepare {path}: {prep.error}")
        elif prep.fell_back:
            reports[i].status = "fell-back"
        else:
            index.append(i)
    if not index:
        return reports
    workdir = _workdir(keep)
    try:
        _run_and_compare(preps, reports, index, seed, timeout, workdir, rerun)
    finally:  # every exit path, an interrupt or SIGTERM included (main turns it into SystemExit)
        if keep is None:
            import shutil

            shutil.rmtree(workdir, ignore_errors=True)
    return reports


class KeepError(ValueError):
    """--keep names a directory that already holds files: verify never overwrites them."""


def _workdir(keep) -> str:
    if keep is None:
        return tempfile.mkdtemp(prefix="migrate-verify-")
    workdir = os.path.abspath(keep)
    if os.path.lexists(workdir) and (not os.path.isdir(workdir) or os.path.islink(workdir) or os.listdir(workdir)):
        raise KeepError(f"--keep {keep!r}: it exists and is not an empty directory; verify does not "
                        "overwrite files: give a new or empty directory")
    os.makedirs(workdir, exist_ok=True)
    return workdir


def _run_and_compare(preps, reports, index, seed, timeout, workdir, rerun):
    paths = [prep.path for prep in preps]
    compat, eager = _run_pair([preps[i] for i in index], seed, timeout, workdir)
    for k, i in enumerate(index):
        compare(reports[i], compat[k], eager[k])
        reports[i].linked = compat[k].get("linked", [])
    for i in index:
        if reports[i].status == "different":
            reports[i].verdict = within_rounding(reports[i])
            if reports[i].verdict:
                reports[i].status = "rounding"
    differing = [i for i in index if reports[i].status == "different"]
    numeric = [i for i in differing if not reports[i].structural]
    reruns = {}
    if rerun and numeric:
        compat, eager = _run_pair([preps[i] for i in numeric], seed, timeout, workdir, deterministic=True)
        for k, i in enumerate(numeric):
            reruns[i] = compare(Report(paths[i], preps[i]), compat[k], eager[k])
    for i in differing:
        reports[i].verdict = explain(reports[i], reruns.get(i)) + beyond_rounding(reports[i])
        if reports[i].verdict and reports[i].verdict[0].startswith("ROUNDING DRIFT"):
            reports[i].status = "drift"


def format_report(report: Report, max_lines=40) -> str:
    prep = report.prepared
    out = [f"verify {report.path}"]
    if prep.injected:
        out.append("  op seeds given at run time (the same in both translations; the files are not changed): " +
                   ", ".join(f"line {ln} tf.{op}(seed={k})" for ln, op, k in prep.injected))
    out.extend(f"  note: {p}" for p in prep.seeds.problems)
    if report.status == "not-tensorflow":
        out.append("  NOTHING TO VERIFY: the file does not use TensorFlow (migrate leaves it unchanged)")
        return "\n".join(out)
    if report.status == "fell-back":
        out.append("  NOT TRANSLATED: the eager translation fell back to the compat form, nothing to compare:")
        out.extend(f"    line {f.line}: {f.message}" for f in prep.fallback_reasons)
        return "\n".join(out)
    if prep.error is None:
        out.append(f"  eager translation: {prep.changes} changes, {len(prep.warnings)} warnings")
        out.extend(f"    warning line {f.line}: {f.message}" for f in prep.warnings)
    if report.compat_seconds is not None:
        out.append(f"  compat run {report.compat_seconds:.1f} s, eager run {report.eager_seconds:.1f} s; "
                   f"{report.printed_compared} printed numeric lines and {report.fetches_compared} values "
                   f"(bound from Session.run, or passed to print) compared")
    if report.reprs_skipped:
        out.append(f"  not compared: {report.reprs_skipped} print(s) of a tensor or variable itself (the compat form "
                   "prints the graph's repr, the eager form its value; rule eager-printed-repr)")
    if report.linked:
        out.append(f"  note: linked into both runs' folders, not copied (a symbolic link, or beyond the copy "
                   f"budget of {sandbox.COPY_BUDGET_BYTES >> 20} MiB / {sandbox.COPY_BUDGET_FILES} files): "
                   + ", ".join(report.linked) + "; a write into them reaches your folder")
    shown = report.lines
    if len(shown) > max_lines:
        bad = [ln for ln in shown if not ln.ok]
        rest = sorted((ln for ln in shown if ln.ok), key=lambda ln: -ln.max_abs)[:max(0, max_lines - len(bad))]
        keep_ids = {id(ln) for ln in (bad[:max_lines] + rest)}
        shown = [ln for ln in shown if id(ln) in keep_ids]
        out.append(f"  ({len(report.lines) - len(shown)} more lines not shown)")
    width = max((len(ln.label) for ln in shown), default=0)
    for ln in shown:
        mark = "ok " if ln.ok else "DIFF"
        text = ln.text if len(ln.text) <= 60 else ln.text[:57] + "..."
        out.append(f"  {mark} {ln.label:<{width}}  max |diff| {ln.max_abs:.3g}  {text}")
    for p in report.problems:
        out.append("  " + p.replace("\n", "\n    "))
    for v in report.verdict:
        out.append("  " + v)
    tol = f"float32 tolerance (rtol={RTOL:g}, atol={ATOL:g})"
    if report.status == "same" and report.lines:
        out.append(f"  SAME NUMBERS: largest difference {report.largest:.3g}, within {tol}")
    elif report.status == "same":
        out.append("  NOTHING COMPARED")
    elif report.status == "rounding":
        out.append(f"  EQUAL UP TO ROUNDING: largest difference {report.largest:.3g}, beyond {tol}, within "
                   f"verify's rounding tolerance (first {ROUNDING_FIRST} values of each: {tol}; later: "
                   f"rtol={ROUNDING_RTOL:g}, atol={ATOL:g})")
    elif report.status == "drift":
        out.append(f"  DIFFERENT BY ROUNDING DRIFT: largest difference {report.largest:.3g}, beyond {tol}")
    elif report.status == "different":
        out.append(f"  DIFFERENT: largest difference {report.largest:.3g}, beyond {tol}")
    elif report.status == "failed" and prep.error is not None:
        out.append("  FAILED: the translations could not be made, nothing ran")
    elif report.status == "failed":
        out.append("  FAILED: a translation did not run to the end")
    return "\n".join(out)


class _signals_as_exit:
    """SIGTERM and SIGHUP end verify the way Ctrl-C does: as an exception, so that every
    `finally` runs (the children's process groups are ended, the temporary folder removed);
    the exit status is 128 + the signal's number, as a shell reports a signal."""

    SIGNALS = (signal.SIGTERM, signal.SIGHUP)

    def __enter__(self):
        self.saved = {}
        for sig in self.SIGNALS:
            try:
                self.saved[sig] = signal.signal(sig, self._raise)
            except ValueError:  # not the main thread: leave the handlers alone
                pass
        return self

    @staticmethod
    def _raise(signum, frame):
        raise SystemExit(128 + signum)

    def __exit__(self, *exc):
        for sig, handler in self.saved.items():
            signal.signal(sig, handler)
        return False


def build_parser() -> argparse.ArgumentParser:
    """`migrate verify`'s command line (tools/docs.py documents it from here)."""
    parser = argparse.ArgumentParser(
        prog="migrate verify",
        description="Run a Session script's compat and eager translations (the very bytes `migrate` and "
                    "`migrate --to eager` write) with the same seeds and compare every printed number and "
                    "every value bound from Session.run (float32 tolerance: rtol=1e-5, atol=1e-6). When "
                    "numbers differ, both run again with oneDNN and grappler rewrites off, to tell float "
                    "rounding drift from a semantic difference.",
        epilog="exit status: 0 same numbers, 1 different, 2 a run failed or a script could not be translated, "
               "3 nothing to compare (the eager translation fell back, or no TensorFlow), "
               "4 different by float rounding drift only, 5 equal up to rounding: the translation states a "
               f"choice that rounds differently (a Keras Adam for tf.compat.v1.train.AdamOptimizer) and "
               f"the first {ROUNDING_FIRST} values of every printed line and fetched value that has more "
               f"agree within float32 tolerance, every other one within rtol={ROUNDING_RTOL:g}, atol={ATOL:g}")
    parser.add_argument("scripts", nargs="+", metavar="SCRIPT")
    parser.add_argument("--seed", type=int, default=0,
                        help="numpy, random and TensorFlow seed (default 0; a script with seeded random ops "
                             "runs under TensorFlow's default graph seed)")
    parser.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT,
                        help=f"seconds each script may run, per side (default {DEFAULT_TIMEOUT})")
    parser.add_argument("--keep", metavar="DIR", help="keep both translations (as run, in the mirrors of the "
                        "script's folder) and the run logs in DIR, a new or empty directory")
    parser.add_argument("--no-rerun", action="store_true",
                        help="when numbers differ, do not rerun without oneDNN and grappler to explain why")
    parser.add_argument("--show", action="store_true", help="print the eager translation too")
    parser.add_argument("--exact-optimizers", action="store_true",
                        help="verify the translation `migrate --to eager --exact-optimizers` writes")
    parser.add_argument("--json", action="store_true", help="one JSON object per script instead of text")
    return parser


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--child"]:
        _child(argv[1])
        return 0
    args = build_parser().parse_args(argv)
    from migrate.eager import options

    try:
        with _signals_as_exit():
            with options.using(exact_optimizers=args.exact_optimizers):
                preps = [prepare(p) for p in args.scripts]
            reports = verify_prepared(preps, seed=args.seed, timeout=args.timeout, keep=args.keep,
                                      rerun=not args.no_rerun)
    except KeepError as exc:
        print(f"migrate verify: {exc}", file=sys.stderr)
        return 2
    for report in reports:
        if args.json:
            print(json.dumps({"script": report.path, "status": report.status, "exit": report.exit_code,
                              "largest_difference": report.largest,
                              "relative_gap": dict(zip(("first", "later"), rounding_gap(report.items))),
                              "lines": [vars(ln) for ln in report.lines], "problems": report.problems,
                              "verdict": report.verdict,
                              "fallback": [str(f) for f in report.prepared.fallback_reasons]}))
            continue
        if args.show and report.prepared.eager:
            print(report.prepared.eager)
        print(format_report(report))
    return max(r.exit_code for r in reports)


if __name__ == "__main__":
    sys.exit(main())
