"""The `migrate` command through its real entry point (`python -m migrate ...`).

Each subprocess here starts in well under a second: the CLI never imports TensorFlow
(checked below). The `migrate run` test of a TF1 script runs in a forked child of the
worker's TensorFlow process (tests/tf_worker); `migrate verify` pays for its two sides' imports.
"""
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests import tf_worker

REPO = Path(__file__).resolve().parents[2]
OLD = 1_000_000_000 * 10**9  # an mtime (ns) set before a run: unchanged files keep it

TF1 = b"import tensorflow as tf\n\na = tf.constant(2.0)\nb = tf.constant(3.0)\nc = tf.mul(a, b)\n"
TF2 = b"import tensorflow as tf\n\nc = tf.multiply(tf.constant(2.0), tf.constant(3.0))\n"


def migrate(*args, cwd=None, check_rc=None):
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2", PYTHONDONTWRITEBYTECODE="1")
    done = subprocess.run(
        [sys.executable, "-m", "migrate", *map(str, args)],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=300,
    )
    if check_rc is not None:
        assert done.returncode == check_rc, done.stderr + done.stdout
    return done


def converted(data: bytes) -> bool:
    return b"tf.multiply(" in data and b"tf.mul(" not in data


def write(path: Path, data: bytes, mtime=True) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    if mtime:
        os.utime(path, ns=(OLD, OLD))
    return path


def untouched(path: Path, data: bytes) -> bool:
    return path.read_bytes() == data and path.stat().st_mtime_ns == OLD


def test_help_documents_everything_and_no_run_imports_tensorflow(tmp_path):
    done = migrate("--help", check_rc=0)
    for needle in ("--output", "--diff", "--check", "--jobs", "--report-json", "--quiet",
                   "--exclude", "migrate run", "exit-codes", "notebooks"):
        assert needle in done.stdout, needle
    topics = {"options": ("--progress", "--max-size"), "exit-codes": ("exit status", "usage error"),
              "files": ("./run", "site-packages", "pyvenv.cfg"), "examples": ("examples:",),
              "notebooks": ("notebook",)}
    for topic, needles in topics.items():
        text = migrate("help", topic, check_rc=0).stdout
        assert all(needle in text for needle in needles), topic
    script = write(tmp_path / "a.py", TF1)
    probe = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "migrate", "--check", "-j", "2", script],
        capture_output=True, text=True, timeout=120,
    )
    assert probe.returncode in (0, 1), probe.stderr
    imported = [line.rsplit("|", 1)[-1].strip() for line in probe.stderr.splitlines()
                if line.startswith("import time:")]
    assert "libcst" in imported and "migrate.cli" in imported
    assert not [name for name in imported if name.split(".")[0] in ("tensorflow", "keras", "tf_keras")]


def test_in_place_over_trees_with_default_and_extra_excludes(tmp_path):
    a = write(tmp_path / "pkg" / "a.py", TF1)
    os.chmod(a, 0o754)
    clean = write(tmp_path / "pkg" / "sub" / "clean.py", TF2)
    plain = write(tmp_path / "pkg" / "plain.py", b"print('no tf here')\n")
    in_run = write(tmp_path / "run" / "r.py", TF1)  # a directory literally named `run`
    skipped = [
        write(tmp_path / "pkg" / rel, TF1)
        for rel in (".hidden/x.py", ".x.py", "__pycache__/x.py", "venv/x.py", "build/x.py",
                    "node_modules/x.py", "lib/site-packages/x.py", "env2/x.py", "skip_me.py",
                    "gen/skipped/x.py")
    ]
    write(tmp_path / "pkg" / "env2" / "pyvenv.cfg", b"home = /usr\n")
    data = write(tmp_path / "pkg" / "notes.txt", b"tf.mul(a, b)\n")
    done = migrate("./run", "pkg", "--exclude", "skip_*", "--exclude", "gen/skipped",
                   cwd=tmp_path, check_rc=0)
    assert converted(a.read_bytes()) and converted(in_run.read_bytes())
    assert stat.S_IMODE(a.stat().st_mode) == 0o754
    assert untouched(clean, TF2) and untouched(plain, b"print('no tf here')\n")
    for path in skipped:
        assert untouched(path, TF1), path
    assert untouched(data, b"tf.mul(a, b)\n")
    assert "rewrote pkg/a.py" in done.stderr and "rewrote run/r.py" in done.stderr
    assert "4 files seen: 2 changed, 2 unchanged, 0 failed" in done.stderr


def test_output_to_a_file_and_mirrored_tree(tmp_path):
    src = write(tmp_path / "old.py", TF1)
    migrate(src, "-o", tmp_path / "new" / "new.py", check_rc=0)
    assert untouched(src, TF1)
    assert converted((tmp_path / "new" / "new.py").read_bytes())

    tree = tmp_path / "legacy"
    write(tree / "a.py", TF1)
    write(tree / "deep" / "b.py", TF2)
    write(tree / "deep" / "README.md", b"docs\n")
    write(tree / ".git" / "c.py", TF1)
    out = tmp_path / "out"
    done = migrate(tree, "--output", out, "-q", check_rc=0)
    assert done.stderr == ""
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "a.py", "deep/b.py"]  # Python files only, converted or not; no README, no .git
    assert converted((out / "a.py").read_bytes()) and (out / "deep" / "b.py").read_bytes() == TF2
    assert untouched(tree / "a.py", TF1)
    assert migrate("a.py", "b.py", "-o", out).returncode == 2  # usage error


def test_output_dash_is_a_usage_error_that_names_the_stdout_way_and_writes_nothing(tmp_path):
    src = write(tmp_path / "old.py", TF1)
    done = migrate(src, "-o", "-", cwd=tmp_path)
    assert done.returncode == 2 and "migrate - < FILE" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.py"] and untouched(src, TF1)


def test_diff_and_check_write_nothing(tmp_path):
    a = write(tmp_path / "a.py", TF1)
    done = migrate("--diff", "a.py", cwd=tmp_path, check_rc=0)
    assert done.stdout.startswith("--- a.py\n+++ a.py\n@@")
    assert "-c = tf.mul(a, b)\n" in done.stdout and "tf.multiply(" in done.stdout
    assert untouched(a, TF1)
    done = migrate("--check", a, check_rc=1)
    assert done.stdout == "" and "would rewrite" in done.stderr and untouched(a, TF1)
    write(a, TF2)
    assert migrate("--check", "--diff", a, check_rc=0).stdout == ""


def test_bad_inputs_fail_one_line_each_and_are_left_byte_for_byte(tmp_path):
    bad = {
        "syntax.py": b"import tensorflow as tf\nx = tf.mul(1, \n",
        # still Python 2 after fissix (its tail is cut off): today's one-line error, untouched
        "py2.py": b"import tensorflow as tf\nprint \"x\", tf.__version__\nx = (\n",
        "latin1.py": b"import tensorflow as tf\nname = 'caf\xe9'\nc = tf.mul(1, 2)\n",
        "bad_cookie.py": b"# -*- coding: klingon -*-\nimport tensorflow as tf\n",
    }
    for name, data in bad.items():
        write(tmp_path / name, data)
    good = write(tmp_path / "good.py", TF1)
    (tmp_path / "empty").mkdir()
    write(tmp_path / "empty" / "notes.txt", b"x\n")
    report = tmp_path / "report.json"
    done = migrate(*bad, "missing.py", "empty", "good.py", "--report-json", report,
                   cwd=tmp_path, check_rc=1)
    lines = done.stderr.splitlines()

    def line_for(name):
        found = [line for line in lines if line.startswith(name + ":")]
        assert len(found) == 1, (name, lines)
        return found[0]

    assert line_for("syntax.py").startswith("syntax.py:2:") and "error: cannot parse:" in line_for("syntax.py")
    assert "Python 2" in line_for("py2.py") and line_for("py2.py").startswith("py2.py:2:1: error:")
    assert line_for("latin1.py").startswith("latin1.py:2:12: error: cannot decode as utf-8")
    assert "coding" in line_for("latin1.py")
    assert "error: cannot decode" in line_for("bad_cookie.py")
    assert line_for("missing.py") == "missing.py: error: no such file or directory"
    assert line_for("empty").startswith("empty: error: no Python files")
    for name, data in bad.items():
        assert untouched(tmp_path / name, data), name
    assert converted(good.read_bytes())  # the others were still processed
    # missing.py is no file seen: an error naming it, counted apart
    assert "6 files seen: 1 changed, 0 unchanged, 5 failed; 1 path not found" in done.stderr

    result = json.loads(report.read_text())
    assert result["exit_code"] == 1 and result["mode"] == "write"
    assert {k: result["summary"][k] for k in ("files", "changed", "unchanged", "failed",
                                              "not_found")} == {
        "files": 6, "changed": 1, "unchanged": 0, "failed": 5, "not_found": 1}
    assert {e["file"] for e in result["errors"]} == {*bad, "missing.py", "empty"}
    assert all(set(e) == {"file", "cell", "line", "column", "message"} for e in result["errors"])
    assert {f["file"]: f["status"] for f in result["files"]}["good.py"] == "changed"
    changes = [f for f in result["findings"] if f["severity"] == "change"]
    assert changes and all(
        set(f) == {"file", "cell", "line", "column", "rule", "code", "severity", "message"} for f in changes)
    assert any(f["file"] == "good.py" and f["line"] == 5 and f["column"] >= 1 for f in changes)
    assert result["summary"]["warnings"] == sum(f["severity"] == "warning" for f in result["findings"])


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root reads a mode-000 file anyway (test_files covers the message)")
def test_unreadable_file_is_reported_and_the_rest_converted(tmp_path):
    secret = write(tmp_path / "secret.py", TF1)
    good = write(tmp_path / "good.py", TF1)
    os.chmod(secret, 0)
    try:
        done = migrate(secret, good, check_rc=1)
        assert f"{secret}: error: cannot read: permission denied" in done.stderr
        assert converted(good.read_bytes())
    finally:
        os.chmod(secret, 0o644)
    assert untouched(secret, TF1)


def test_unreadable_file_in_process(tmp_path, monkeypatch, capsys):
    """The same through migrate.cli.main with os.open() denying the read (works as root)."""
    from migrate import cli

    secret = write(tmp_path / "secret.py", TF1)
    real_open = os.open

    def deny(path, *args, **kwargs):
        if os.fspath(path) == str(secret):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    assert cli.main([str(secret), "-q"]) == 1
    assert capsys.readouterr().err == f"{secret}: error: cannot read: permission denied\n"
    monkeypatch.undo()
    assert untouched(secret, TF1)


def test_encodings_line_endings_and_tabs_survive(tmp_path):
    bom = write(tmp_path / "bom.py", b"\xef\xbb\xbf" + TF1.replace(b"2.0)", "2.0)  # é".encode(), 1))
    crlf = write(tmp_path / "crlf.py", TF1.replace(b"\n", b"\r\n").rstrip(b"\r\n"))  # no final newline
    latin = write(tmp_path / "latin.py", b"# -*- coding: latin-1 -*-\n" + TF1 + b"name = 'caf\xe9'\n")
    tabs = write(tmp_path / "tabs.py", TF1 + b"if True:\n\td = tf.mul(c, c)\n")
    migrate(tmp_path, check_rc=0)

    data = bom.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and not data[3:].startswith(b"\xef\xbb\xbf")
    assert converted(data) and "# é".encode() in data

    data = crlf.read_bytes()
    assert converted(data) and b"\r\n" in data
    assert b"\n" not in data.replace(b"\r\n", b"") and not data.endswith(b"\n")

    data = latin.read_bytes()
    assert converted(data) and data.startswith(b"# -*- coding: latin-1 -*-\n")
    assert data.endswith(b"name = 'caf\xe9'\n")

    data = tabs.read_bytes()
    assert converted(data) and b"\n\td = tf.multiply(c, c)\n" in data


def test_parallel_jobs_give_the_same_results(tmp_path):
    base = tmp_path / "base"
    for index in range(7):
        write(base / f"m{index}.py", TF1 + b"x%d = tf.mul(c, %d.0)\n" % (index, index))
    write(base / "clean.py", TF2)
    write(base / "broken.py", b"import tensorflow as tf\nx = (\n")
    runs = {}
    for jobs in ("1", "2", None):  # None: the default, -j 0 (every core)
        tree = tmp_path / f"j{jobs}"
        shutil.copytree(base, tree)
        options = ["-j", jobs] if jobs else []
        done = migrate(".", *options, "--report-json", "r.json", cwd=tree, check_rc=1)
        files = {p.name: p.read_bytes() for p in sorted(tree.iterdir()) if p.suffix == ".py"}
        report = json.loads((tree / "r.json").read_text())
        runs[jobs] = (files, done.stderr, done.stdout, report)
    assert runs["1"] == runs["2"] == runs[None]
    files = runs["1"][0]
    assert all(converted(files[f"m{index}.py"]) for index in range(7))
    assert files["clean.py"] == TF2 and files["broken.py"] == b"import tensorflow as tf\nx = (\n"


def test_libcst_codemod_command(tmp_path):
    target = write(tmp_path / "a.py", TF1.replace(b"\n", b"\r\n"))
    done = subprocess.run(
        [sys.executable, "-m", "libcst.tool", "codemod", "codemod.MigrateTensorFlow", str(target)],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    data = target.read_bytes()
    assert converted(data) and b"\n" not in data.replace(b"\r\n", b"")


def test_pre_commit_hook_definition():
    import yaml

    hooks = {hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"migrate", "migrate-check"}
    assert hooks["migrate"]["entry"] == "migrate"
    assert hooks["migrate-check"]["entry"] == "migrate --check"
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["types_or"] == ["python", "jupyter"]


def test_the_check_hook_only_reports(tmp_path):
    """The migrate-check hook's entry, as pre-commit runs it: exit 1, the file untouched."""
    import yaml

    (hook,) = [h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
               if h["id"] == "migrate-check"]
    target = write(tmp_path / "a.py", TF1)
    done = migrate(*hook["entry"].split()[1:], target, check_rc=1)
    assert target.read_bytes() == TF1 and "would rewrite" in done.stderr


def test_exit_zero_even_if_changed(tmp_path):
    target = write(tmp_path / "a.py", TF1)
    migrate("--check", "--exit-zero-even-if-changed", target, check_rc=0)
    assert target.read_bytes() == TF1
    write(tmp_path / "bad.py", b"import tensorflow as tf\nx = (\n")
    migrate("--check", "--exit-zero-even-if-changed", tmp_path, check_rc=1)  # a failure still counts


def test_the_readme_gives_a_pre_commit_config_to_paste():
    import yaml

    readme = (REPO / "README.md").read_text()
    block = readme.split("```yaml\n", 1)[1].split("```", 1)[0]
    config = yaml.safe_load(block)
    (repo,) = config["repos"]
    assert repo["rev"] and {hook["id"] for hook in repo["hooks"]} <= {"migrate", "migrate-check"}
    hooks = {hook["id"] for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    assert {hook["id"] for hook in repo["hooks"]} <= hooks


def test_usage_errors_exit_2(tmp_path, capsys):
    from migrate import cli

    for argv in ([], ["a.py", "b.py", "-o", "out"], ["--diff", "-o", "x", "a.py"], ["-j", "-1", "a.py"],
                 ["--no-such-option", "a.py"]):
        with pytest.raises(SystemExit) as caught:
            cli.main(argv)
        assert caught.value.code == 2, argv
    capsys.readouterr()


def test_run_executes_a_script_like_python_does(tmp_path):
    """`migrate run` without TensorFlow: argv, __name__, __file__, sys.path, exit status,
    tracebacks naming the script; nothing written next to it."""
    script = write(tmp_path / "tool.py", (
        b"import sys\n"
        b"import helper\n"
        b"print(__name__, __file__, sys.argv, sys.path[0] == __import__('os').path.dirname(__file__))\n"
        b"print(helper.VALUE)\n"
        b"if sys.argv[1] == 'boom':\n"
        b"    raise RuntimeError('boom')\n"
        b"sys.exit(int(sys.argv[1]))\n"))
    write(tmp_path / "helper.py", b"VALUE = 42\n")
    done = migrate("run", script, "7", "--flag", cwd=REPO, check_rc=7)
    assert done.stdout.splitlines() == [
        f"__main__ {script} {[str(script), '7', '--flag']} True", "42"]
    done = migrate("run", script, "boom", check_rc=1)
    assert f'File "{script}", line 6, in <module>' in done.stderr
    assert "RuntimeError: boom" in done.stderr and "migrate/runner.py" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["helper.py", "tool.py"]  # no __pycache__
    assert migrate("run", tmp_path / "nope.py").returncode == 2


def test_run_a_tensorflow_1_script_unchanged_on_disk(tmp_path):
    source = (
        b"import sys\n"
        b"import tensorflow as tf\n"
        b"x = tf.placeholder(tf.float32)\n"
        b"y = tf.placeholder(tf.float32)\n"
        b"z = tf.mul(x, y)\n"
        b"with tf.Session() as sess:\n"
        b"    print(sess.run(z, feed_dict={x: float(sys.argv[1]), y: float(sys.argv[2])}))\n"
    )
    script = write(tmp_path / "legacy.py", source)
    # `python -m migrate run` in a forked child of the worker's TensorFlow process (tests/tf_worker)
    done = tf_worker.run([sys.executable, "-m", "migrate", "run", "-q", str(script), "2", "3.5"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "7.0"
    assert untouched(script, source)


ORIGINAL = REPO / "tests" / "fixtures" / "originals" / "seed001_regression.py"


def test_to_eager_writes_tape_code_and_compat_stays_the_default(tmp_path):
    script = write(tmp_path / "seed001.py", ORIGINAL.read_bytes())
    migrate("--to", "eager", script, check_rc=0)
    eager = script.read_text()
    assert "tf.GradientTape()" in eager and "tf.keras.optimizers.SGD(learning_rate=0.02" in eager
    code = "".join(line for line in eager.splitlines(keepends=True) if not line.lstrip().startswith("#"))
    assert "session(" not in code.lower() and "placeholder" not in code and "feed_dict" not in code
    compat = migrate("--diff", ORIGINAL, check_rc=0).stdout
    assert "tf.compat.v1.Session()" in compat and "GradientTape" not in compat


ADAM = (b"import tensorflow as tf\nx = tf.placeholder(tf.float32, [1])\nw = tf.Variable(1.0)\n"
        b"loss = tf.square(w * x - 2.0)\ntrain = tf.train.AdamOptimizer(0.1).minimize(loss)\n"
        b"sess = tf.Session()\nsess.run(tf.global_variables_initializer())\nsess.run(train, {x: [1.0]})\n")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_exact_optimizers_keeps_the_tf1_adam_in_every_worker(tmp_path, jobs):
    keras, exact = write(tmp_path / "keras.py", ADAM), write(tmp_path / "exact.py", ADAM)
    migrate("--to", "eager", "-j", jobs, keras, check_rc=0)
    migrate("--to", "eager", "--exact-optimizers", "-j", jobs, exact, check_rc=0)
    assert b"tf.keras.optimizers.Adam(learning_rate=0.1, epsilon=1e-8)" in keras.read_bytes()
    assert b"tf.compat.v1.train.AdamOptimizer(learning_rate=0.1)" in exact.read_bytes()
    assert "--exact-optimizers" in " ".join(migrate("help", "options", check_rc=0).stdout.split())


def test_to_eager_reports_what_stays_in_compat_form(tmp_path):
    source = (b"import tensorflow as tf\nx = tf.placeholder(tf.float32, [1])\n"
              b"q = tf.FIFOQueue(3, tf.float32)\nsess = tf.Session()\nprint(sess.run(x * 2, feed_dict={x: [1.0]}))\n")
    script = write(tmp_path / "queue.py", source)
    done = migrate("--to", "eager", script, check_rc=0)
    assert "eager-fallback" in done.stderr and "queue" in done.stderr.lower()
    assert b"tf.compat.v1.Session()" in script.read_bytes()


def test_verify_subcommand_compares_both_translations(tmp_path):
    done = migrate("verify", ORIGINAL, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "SAME NUMBERS" in done.stdout and "largest difference 0" in done.stdout


def test_jobs_default_to_every_core_and_one_stays_one():
    from migrate import cli

    parser = cli._build_parser()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert parser.parse_args(["a.py"]).jobs == cores
    assert parser.parse_args(["-j", "0", "a.py"]).jobs == cores
    assert parser.parse_args(["-j", "1", "a.py"]).jobs == 1
    assert "default 0 = one per CPU core" in " ".join(parser.format_help().split())
