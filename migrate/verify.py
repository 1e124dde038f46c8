"""``migrate verify SCRIPT [SCRIPT ...]``: run a Session script's two translations and
compare every number they produce.

For each script:
  1. random ops without an op seed get one (seed=1, 2, ... in source order), the same
     in both translations: with a global seed *and* an op seed, graph and eager
     TensorFlow draw the same values; with a global seed alone they do not (graph mode
     derives the op seed from the number of ops built before, eager mode from a counter);
  2. every Session.run / .eval() whose value the script uses is wrapped in a recording
     hook, `__verify_record__(value, "LINE:COL")`, so that what the compat run fetched
     there can be matched with what the eager translation computed there;
  3. the compat translation (migrate_source) and the eager translation (migrate.eager)
     run in two separate processes (all compat scripts in one, all eager scripts in the
     other: TensorFlow is imported once per side), each with numpy, Python `random` and
     TensorFlow seeded with --seed before the script, every graph given that global
     seed, no network (proxies point at a closed port, so downloads fail fast), a time
     limit (--timeout), matplotlib on Agg, in a scratch directory;
  4. every printed number (line by line: the numbers of each line, the rest of the line
     must be the same) and every recorded fetch is compared; the largest difference is
     reported line by line.

Two numbers are the same when |eager - compat| <= atol + rtol * |compat| with rtol=1e-5,
atol=1e-6 (float32 tolerance: float32 carries ~7 significant digits; graph and eager
TensorFlow may fuse or order the same float32 operations differently). A printed number
formatted at fixed precision with 5 or more significant digits (`%.5f` -> 0.51340) may
also differ by one unit in its last digit: rounding two values that agree to 1e-8 can
flip it. Fetched values are compared at full precision.

Exit status: 0 same numbers; 1 a difference beyond tolerance; 2 a run failed (error,
timeout) or a script could not be read; 3 the eager translation fell back to the compat
form, so there was nothing to compare (the reasons are printed).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

from migrate.printed import NUMBER, last_digit, numeric_lines  # noqa: F401 - the one comparison

RTOL = 1e-5
ATOL = 1e-6
DEFAULT_TIMEOUT = 300
RECORD = "__verify_record__"
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

__all__ = ["main", "verify_scripts", "inject_op_seeds", "instrument", "prepare", "Report"]


# ---------------------------------------------------------------------------- source preparation


def inject_op_seeds(source: str):
    """(source with seed=K added to unseeded random ops, [(line, op, K)])."""
    import libcst as cst
    from libcst.metadata import MetadataWrapper, PositionProvider

    from migrate.eager import names as N

    wrapper = MetadataWrapper(cst.parse_module(source))
    module = wrapper.module
    pos = wrapper.resolve(PositionProvider)
    resolver = N.Resolver.from_module(module)
    injected = []
    counter = [0]
    taken = set()

    class Seeds(cst.CSTVisitor):
        def visit_Call(self, node):
            path = resolver.tf1_path(node.func)
            if path in N.SEED_POSITION:
                for a in node.args:
                    if a.keyword is not None and a.keyword.value == "seed" and isinstance(a.value, cst.Integer):
                        taken.add(int(a.value.value))

    module.visit(Seeds())

    class Inject(cst.CSTTransformer):
        def leave_Call(self, original, updated):
            path = resolver.tf1_path(original.func)
            if path not in N.SEED_POSITION:
                return updated
            positional = [a for a in updated.args if a.keyword is None]
            if any(a.star for a in updated.args):
                return updated
            if len(positional) > N.SEED_POSITION[path] or any(
                    a.keyword is not None and a.keyword.value == "seed" for a in updated.args):
                return updated
            counter[0] += 1
            while counter[0] in taken:
                counter[0] += 1
            seed = counter[0]
            injected.append((pos[original].start.line, path, seed))
            args = list(updated.args)
            if args and args[-1].comma is cst.MaybeSentinel.DEFAULT:
                args[-1] = args[-1].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
            args.append(cst.Arg(keyword=cst.Name("seed"), value=cst.Integer(str(seed)),
                                equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""),
                                                      whitespace_after=cst.SimpleWhitespace(""))))
            return updated.with_changes(args=args)

    return module.visit(Inject()).code, injected


def instrument(source: str):
    """(source with each used Session.run/.eval() value wrapped in __verify_record__, [sites])."""
    import libcst as cst
    from libcst.metadata import MetadataWrapper, PositionProvider

    from migrate.eager import names as N

    wrapper = MetadataWrapper(cst.parse_module(source))
    module = wrapper.module
    pos = wrapper.resolve(PositionProvider)
    resolver = N.Resolver.from_module(module)
    sessions = set()
    statements = set()

    class Find(cst.CSTVisitor):
        def visit_Assign(self, node):
            if isinstance(node.value, cst.Call) and resolver.tf1_path(node.value.func) in N.SESSION:
                for t in node.targets:
                    if isinstance(t.target, cst.Name):
                        sessions.add(t.target.value)

        def visit_WithItem(self, node):
            if isinstance(node.item, cst.Call) and resolver.tf1_path(node.item.func) in N.SESSION \
                    and node.asname is not None and isinstance(node.asname.name, cst.Name):
                sessions.add(node.asname.name.value)

        def visit_Expr(self, node):
            statements.add(node.value)

    module.visit(Find())
    sites = []

    class Wrap(cst.CSTTransformer):
        def leave_Call(self, original, updated):
            f = original.func
            if original in statements or not isinstance(f, cst.Attribute):
                return updated
            is_run = f.attr.value == "run" and isinstance(f.value, cst.Name) and f.value.value in sessions
            is_eval = f.attr.value == "eval"
            if not (is_run or is_eval):
                return updated
            where = f"{pos[original].start.line}:{pos[original].start.column}"
            sites.append((where, "Session.run" if is_run else ".eval()"))
            return cst.Call(func=cst.Name(RECORD), args=[cst.Arg(updated, comma=cst.Comma(
                whitespace_after=cst.SimpleWhitespace(" "))), cst.Arg(cst.SimpleString(repr(where)))])

    return module.visit(Wrap()).code, sites


@dataclass
class Prepared:
    path: str
    compat: str = ""
    eager: str = ""
    fell_back: bool = False
    fallback_reasons: list = field(default_factory=list)
    changes: int = 0
    warnings: list = field(default_factory=list)
    injected: list = field(default_factory=list)
    sites: list = field(default_factory=list)
    error: str | None = None


def prepare(path: str) -> Prepared:
    from migrate.eager import FALLBACK_RULE
    from migrate.pipeline import convert_text, read_source

    prep = Prepared(path)
    try:
        source = read_source(path)
        seeded, prep.injected = inject_op_seeds(source)
        instrumented, prep.sites = instrument(seeded)
        prep.compat = convert_text(instrumented).code
        outcome = convert_text(instrumented, to="eager")
    except Exception as exc:  # unreadable, unparsable
        prep.error = f"{type(exc).__name__}: {exc}"
        return prep
    prep.eager = outcome.code
    prep.fallback_reasons = [f for f in outcome.findings if f.rule == FALLBACK_RULE]
    prep.fell_back = bool(prep.fallback_reasons)
    prep.changes = sum(1 for f in outcome.findings if f.severity == "change")
    prep.warnings = [f for f in outcome.findings if f.severity == "warning" and f.rule != FALLBACK_RULE]
    return prep


# ---------------------------------------------------------------------------- the child process


def _encode(value, depth=0):
    import numpy as np

    if depth > 20:
        return {"repr": "..."}
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return {"list" if isinstance(value, list) else "tuple": [_encode(v, depth + 1) for v in value]}
    if isinstance(value, dict):
        return {"dict": {str(k): _encode(v, depth + 1) for k, v in value.items()}}
    if isinstance(value, (bytes, str)):
        return {"bytes": value.decode("latin-1") if isinstance(value, bytes) else value}
    if hasattr(value, "numpy") and not isinstance(value, np.ndarray):
        try:
            value = value.numpy()
        except Exception:
            return {"repr": repr(value)[:200]}
    try:
        arr = np.asarray(value)
    except Exception:
        return {"repr": repr(value)[:200]}
    if arr.dtype.kind in "biufc":
        return {"dtype": str(arr.dtype), "shape": list(arr.shape),
                "data": arr.astype(np.float64).ravel().tolist() if arr.dtype.kind != "c" else
                arr.ravel().real.tolist()}
    if arr.dtype.kind in "SU":
        return {"strings": [x.decode("latin-1") if isinstance(x, bytes) else str(x) for x in arr.ravel().tolist()]}
    return {"repr": repr(value)[:200]}


def _child(spec_path):
    import builtins
    import contextlib
    import io
    import random
    import signal
    import traceback

    with open(spec_path) as f:
        spec = json.load(f)
    mode, seed, timeout = spec["mode"], spec["seed"], spec["timeout"]

    import numpy as np
    import tensorflow as tf

    state = {"seed": seed}
    if mode == "compat":
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

    def on_alarm(signum, frame):
        raise TimeoutError(f"the script ran longer than {timeout} s")

    signal.signal(signal.SIGALRM, on_alarm)
    for script in spec["scripts"]:
        records = []

        def record(value, where, _records=records):
            _records.append([where, _encode(value)])
            return value

        builtins.__verify_record__ = record
        np.random.seed(seed)
        random.seed(seed)
        state["seed"] = seed
        if mode == "compat":
            tf.compat.v1.reset_default_graph()
            tf.compat.v1.get_default_graph().seed = seed
        else:
            tf.random.set_seed(seed)
        with open(script["code"], encoding="utf-8") as f:
            code = f.read()
        out = io.StringIO()
        error = None
        start = time.perf_counter()
        cwd = os.getcwd()
        os.chdir(script["cwd"])
        saved_argv, saved_path = sys.argv, list(sys.path)
        sys.argv = [script["name"]]
        sys.path.insert(0, os.path.dirname(os.path.abspath(script["name"])))
        signal.alarm(timeout)
        try:
            with contextlib.redirect_stdout(out):
                exec(compile(code, script["code"], "exec"), {"__name__": "__main__", "__file__": script["name"],
                                                            "__builtins__": builtins})
        except SystemExit as exc:
            if exc.code not in (None, 0):
                error = f"SystemExit({exc.code!r})"
        except BaseException:
            error = traceback.format_exc(limit=-8)
        finally:
            signal.alarm(0)
            os.chdir(cwd)
            sys.argv, sys.path[:] = saved_argv, saved_path
        seconds = time.perf_counter() - start
        with open(script["out"], "w") as f:
            json.dump({"printed": out.getvalue(), "records": records, "error": error, "seconds": seconds}, f)


def _child_env():
    env = dict(os.environ)
    closed = "http://127.0.0.1:9"
    env.update({
        "http_proxy": closed, "https_proxy": closed, "HTTP_PROXY": closed, "HTTPS_PROXY": closed,
        "ftp_proxy": closed, "all_proxy": closed, "ALL_PROXY": closed, "no_proxy": "", "NO_PROXY": "",
        "TF_CPP_MIN_LOG_LEVEL": "2", "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0",
        "PYTHONPATH": os.pathsep.join([REPO_ROOT] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]),
        "PYTHONDONTWRITEBYTECODE": "1",
    })
    return env


def run_side(mode, jobs, seed, timeout, workdir):
    """Start the child for one side; returns (process, spec, [result paths])."""
    scripts = []
    for i, (name, code) in enumerate(jobs):
        code_path = os.path.join(workdir, f"{mode}_{i}.py")
        with open(code_path, "w", encoding="utf-8") as f:
            f.write(code)
        cwd = os.path.join(workdir, f"cwd_{mode}_{i}")
        os.makedirs(cwd, exist_ok=True)
        scripts.append({"name": name, "code": code_path, "cwd": cwd, "out": os.path.join(workdir, f"{mode}_{i}.json")})
    spec_path = os.path.join(workdir, f"{mode}.json")
    with open(spec_path, "w") as f:
        json.dump({"mode": mode, "seed": seed, "timeout": timeout, "scripts": scripts}, f)
    log = open(os.path.join(workdir, f"{mode}.log"), "w")
    proc = subprocess.Popen([sys.executable, "-m", "migrate.verify", "--child", spec_path], cwd=workdir,
                            env=_child_env(), stdout=log, stderr=subprocess.STDOUT)
    return proc, scripts, log


def collect(proc, scripts, log, deadline, workdir, mode):
    try:
        proc.wait(timeout=max(1.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    log.close()
    results = []
    tail = ""
    with open(os.path.join(workdir, f"{mode}.log"), errors="replace") as f:
        tail = f.read()[-3000:]
    for s in scripts:
        if os.path.exists(s["out"]):
            with open(s["out"]) as f:
                results.append(json.load(f))
        else:
            results.append({"printed": "", "records": [], "seconds": None,
                            "error": f"the {mode} process stopped before this script finished "
                                     f"(exit {proc.returncode}); its output:\n{tail}"})
    return results


# ---------------------------------------------------------------------------- comparison

def _diff(a, b, units=None):
    """(max abs diff, worst excess over tolerance) of two equal-length float lists."""
    import math

    worst_abs, worst_excess = 0.0, -math.inf
    units = units or [0.0] * len(b)
    for x, y, u in zip(a, b, units):
        if math.isnan(x) and math.isnan(y) or x == y:
            d = 0.0
        else:
            d = abs(x - y)
            if math.isnan(d):
                d = math.inf
        worst_abs = max(worst_abs, d)
        worst_excess = max(worst_excess, d - max(ATOL + RTOL * abs(y), u * (1 + 1e-6)))
    return worst_abs, worst_excess


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


@dataclass
class Line:
    label: str
    text: str
    count: int
    max_abs: float
    ok: bool


@dataclass
class Report:
    path: str
    prepared: Prepared
    status: str = "same"  # same | different | failed | fell-back
    lines: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    compat_seconds: float | None = None
    eager_seconds: float | None = None
    printed_compared: int = 0
    fetches_compared: int = 0

    @property
    def exit_code(self):
        return {"same": 0, "different": 1, "failed": 2, "fell-back": 3}[self.status]

    @property
    def largest(self):
        return max((ln.max_abs for ln in self.lines), default=0.0)


def compare(report: Report, compat: dict, eager: dict):
    report.compat_seconds, report.eager_seconds = compat.get("seconds"), eager.get("seconds")
    for side, result in (("compat", compat), ("eager", eager)):
        if result.get("error"):
            report.status = "failed"
            report.problems.append(f"the {side} translation failed:\n{result['error'].rstrip()}")
    if report.status == "failed":
        return report
    a, b = numeric_lines(eager["printed"]), numeric_lines(compat["printed"])
    if [line[0] for line in a] != [line[0] for line in b]:
        report.status = "different"
        missing = ("<missing>", [], "<no line>", [])
        for i, (x, y) in enumerate(zip(a + [missing] * max(0, len(b) - len(a)),
                                       b + [missing] * max(0, len(a) - len(b)))):
            if x[0] != y[0] or len(x[1]) != len(y[1]):
                report.problems.append(f"printed numeric line {i + 1} differs in its text: eager {x[2]!r}, "
                                       f"compat {y[2]!r}")
                break
    for i, ((shape, xs, text, _), (_, ys, _, units)) in enumerate(zip(a, b)):
        if len(xs) != len(ys):
            continue
        d, excess = _diff(xs, ys, units)
        report.lines.append(Line(f"printed line {i + 1}", text, len(xs), d, excess <= 0))
        report.printed_compared += 1
    ra, rb = {}, {}
    for where, value in eager["records"]:
        ra.setdefault(where, []).append(value)
    for where, value in compat["records"]:
        rb.setdefault(where, []).append(value)
    for where in sorted(set(ra) | set(rb), key=lambda w: tuple(int(p) for p in w.split(":"))):
        xs, ys = ra.get(where, []), rb.get(where, [])
        if len(xs) != len(ys):
            report.status = "different"
            report.problems.append(f"fetch at line {where}: {len(xs)} values in the eager run, {len(ys)} in compat")
            continue
        worst, worst_excess, count, structure_ok = 0.0, float("-inf"), 0, True
        for x, y in zip(xs, ys):
            fx, fy = ([], []), ([], [])
            _flatten(x, fx)
            _flatten(y, fy)
            if fx[0] != fy[0] or len(fx[1]) != len(fy[1]):
                structure_ok = False
                report.problems.append(f"fetch at line {where}: different structure, eager {fx[0][:4]}, "
                                       f"compat {fy[0][:4]}")
                break
            d, excess = _diff(fx[1], fy[1])
            worst, worst_excess, count = max(worst, d), max(worst_excess, excess), count + len(fx[1])
        if not structure_ok:
            report.status = "different"
            continue
        site = dict(report.prepared.sites).get(where, "fetch")
        report.lines.append(Line(f"{site} at line {where}", f"{len(xs)} calls", count, worst, worst_excess <= 0))
        report.fetches_compared += len(xs)
    if any(not ln.ok for ln in report.lines):
        report.status = "different"
    if report.status == "same" and not report.lines:
        report.problems.append("no number was printed or fetched: nothing to compare")
    return report


# ---------------------------------------------------------------------------- driver


def verify_scripts(paths, seed=0, timeout=DEFAULT_TIMEOUT, keep=None):
    """Verify several scripts; two TensorFlow processes in all. Returns [Report]."""
    preps = [prepare(p) for p in paths]
    reports = [Report(p, prep) for p, prep in zip(paths, preps)]
    jobs_compat, jobs_eager, index = [], [], []
    for i, (path, prep) in enumerate(zip(paths, preps)):
        if prep.error:
            reports[i].status = "failed"
            reports[i].problems.append(f"cannot prepare {path}: {prep.error}")
            continue
        if prep.fell_back:
            reports[i].status = "fell-back"
            continue
        index.append(i)
        jobs_compat.append((os.path.abspath(path), prep.compat))
        jobs_eager.append((os.path.abspath(path), prep.eager))
    if not index:
        return reports
    workdir = keep or tempfile.mkdtemp(prefix="migrate-verify-")
    os.makedirs(workdir, exist_ok=True)
    deadline = time.monotonic() + timeout * len(index) + 60
    started = [run_side("compat", jobs_compat, seed, timeout, workdir),
               run_side("eager", jobs_eager, seed, timeout, workdir)]
    compat_results = collect(*started[0], deadline, workdir, "compat")
    eager_results = collect(*started[1], deadline, workdir, "eager")
    for k, i in enumerate(index):
        compare(reports[i], compat_results[k], eager_results[k])
    if keep is None:
        import shutil

        shutil.rmtree(workdir, ignore_errors=True)
    return reports


def format_report(report: Report, max_lines=40) -> str:
    prep = report.prepared
    out = [f"verify {report.path}"]
    if prep.injected:
        out.append("  op seeds injected (the same in both translations): " +
                   ", ".join(f"line {ln} tf.{op}(seed={k})" for ln, op, k in prep.injected))
    if report.status == "fell-back":
        out.append("  NOT TRANSLATED: the eager translation fell back to the compat form, nothing to compare:")
        out.extend(f"    line {f.line}: {f.message}" for f in prep.fallback_reasons)
        return "\n".join(out)
    if prep.error is None:
        out.append(f"  eager translation: {prep.changes} changes, {len(prep.warnings)} warnings")
        out.extend(f"    warning line {f.line}: {f.message}" for f in prep.warnings)
    if report.compat_seconds is not None:
        out.append(f"  compat run {report.compat_seconds:.1f} s, eager run {report.eager_seconds:.1f} s; "
                   f"{report.printed_compared} printed numeric lines and {report.fetches_compared} fetched values "
                   "compared")
    shown = report.lines
    if len(shown) > max_lines:
        bad = [ln for ln in shown if not ln.ok]
        rest = sorted((ln for ln in shown if ln.ok), key=lambda ln: -ln.max_abs)[:max(0, max_lines - len(bad))]
        keep_ids = {id(ln) for ln in bad + rest}
        shown = [ln for ln in shown if id(ln) in keep_ids]
        out.append(f"  ({len(report.lines) - len(shown)} more lines within tolerance not shown)")
    width = max((len(ln.label) for ln in shown), default=0)
    for ln in shown:
        mark = "ok " if ln.ok else "DIFF"
        text = ln.text if len(ln.text) <= 60 else ln.text[:57] + "..."
        out.append(f"  {mark} {ln.label:<{width}}  max |diff| {ln.max_abs:.3g}  {text}")
    for p in report.problems:
        out.append("  " + p.replace("\n", "\n    "))
    tol = f"float32 tolerance (rtol={RTOL:g}, atol={ATOL:g})"
    if report.status == "same" and report.lines:
        out.append(f"  SAME NUMBERS: largest difference {report.largest:.3g}, within {tol}")
    elif report.status == "same":
        out.append("  NOTHING COMPARED")
    elif report.status == "different":
        out.append(f"  DIFFERENT: largest difference {report.largest:.3g}, beyond {tol}")
    elif report.status == "failed":
        out.append("  FAILED: a translation did not run to the end")
    return "\n".join(out)


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--child"]:
        _child(argv[1])
        return 0
    parser = argparse.ArgumentParser(
        prog="migrate verify",
        description="Run a Session script's compat and eager translations with the same seeds and compare "
                    "every printed and fetched number (float32 tolerance: rtol=1e-5, atol=1e-6).",
        epilog="exit status: 0 same numbers, 1 different, 2 a run failed, 3 not translated (fell back)")
    parser.add_argument("scripts", nargs="+", metavar="SCRIPT")
    parser.add_argument("--seed", type=int, default=0, help="numpy, random and TensorFlow seed (default 0)")
    parser.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT,
                        help=f"seconds each script may run, per side (default {DEFAULT_TIMEOUT})")
    parser.add_argument("--keep", metavar="DIR", help="keep both translations and the run logs in DIR")
    parser.add_argument("--show", action="store_true", help="print the eager translation too")
    parser.add_argument("--json", action="store_true", help="one JSON object per script instead of text")
    args = parser.parse_args(argv)
    reports = verify_scripts(args.scripts, seed=args.seed, timeout=args.timeout, keep=args.keep)
    for report in reports:
        if args.json:
            print(json.dumps({"script": report.path, "status": report.status, "exit": report.exit_code,
                              "largest_difference": report.largest,
                              "lines": [vars(ln) for ln in report.lines], "problems": report.problems,
                              "fallback": [str(f) for f in report.prepared.fallback_reasons]}))
            continue
        if args.show and report.prepared.eager:
            print(report.prepared.eager)
        print(format_report(report))
    return max(r.exit_code for r in reports)


if __name__ == "__main__":
    sys.exit(main())
