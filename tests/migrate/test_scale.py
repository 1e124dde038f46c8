"""migrate at scale: start-up without TensorFlow, the fast path, the benchmark's corpus and
command, and the robustness run over a fixed sample of the installed packages."""
import ast
import io
import json
import os
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest

from tools import corpus as corpus_module
from tools.corpus import build

REPO = Path(__file__).resolve().parent.parent.parent
ORIGINAL = REPO / "tests" / "fixtures" / "originals" / "seed002_backprop_tf0.py"


def _env():
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", TF_CPP_MIN_LOG_LEVEL="2")
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def _imported_modules(importtime_stderr: str) -> set[str]:
    """Module names from ``python -X importtime`` output ("import time: self | cumulative | name")."""
    names = set()
    for line in importtime_stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name != "imported package":
                names.add(name)
    return names


def _tensorflow_like(names):
    heavy = ("tensorflow", "keras", "tf_keras", "jax", "torch")
    return sorted(name for name in names if name.split(".")[0] in heavy)


# --- start-up: migrate never imports TensorFlow --------------------------------------------


@pytest.mark.parametrize("arguments", [
    ["--help"],
    ["--check", "{file}"],
    ["--diff", "{file}"],
    ["-j", "2", "--check", "{dir}"],
    ["{dir}", "-o", "{out}"],
], ids=["help", "check", "diff", "jobs", "output"])
def test_migrate_never_imports_tensorflow(arguments, tmp_path):
    tree = tmp_path / "tree"
    tree.mkdir()
    for name in ("a.py", "b.py", "c.py"):
        (tree / name).write_bytes(ORIGINAL.read_bytes())
    values = {"file": str(tree / "a.py"), "dir": str(tree), "out": str(tmp_path / "out")}
    command = [sys.executable, "-X", "importtime", "-m", "migrate"] + [a.format(**values) for a in arguments]
    result = subprocess.run(command, capture_output=True, text=True, env=_env(), timeout=120)
    assert result.returncode in (0, 1), result.stderr[-2000:]
    imported = _imported_modules(result.stderr)
    assert "migrate.cli" in imported  # the import log was captured at all
    assert _tensorflow_like(imported) == []


def test_migrate_check_leaves_tensorflow_out_of_sys_modules(tmp_path):
    """The same, seen from inside: a wrapper runs the command's main() and lists sys.modules."""
    script = tmp_path / "legacy.py"
    script.write_bytes(ORIGINAL.read_bytes())
    wrapper = (
        "import sys, json\n"
        "from migrate.cli import main\n"
        "code = main(['--check', '-q', sys.argv[1]])\n"
        "print(json.dumps({'code': code, 'modules': sorted(sys.modules)}))\n"
    )
    result = subprocess.run([sys.executable, "-c", wrapper, str(script)], capture_output=True, text=True,
                            env=_env(), timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert "libcst" in report["modules"]  # the file really was parsed
    assert _tensorflow_like(report["modules"]) == []


# --- the fast path --------------------------------------------------------------------------


def test_a_source_without_tensorflow_is_never_parsed(monkeypatch):
    import libcst

    from migrate import engine

    def refuse(*args, **kwargs):
        raise AssertionError("parsed a file that does not mention tensorflow")

    monkeypatch.setattr(libcst, "parse_module", refuse)
    monkeypatch.setattr(libcst.MetadataWrapper, "__init__", refuse)
    source = "import numpy as np\n\ndef tf(x):\n    return np.mul(x, 2)  # tf.mul\n"
    outcome = engine.migrate_source(source)
    assert outcome.code == source and not outcome.changed and outcome.findings == []


# --- the corpus -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory):
    return build(tmp_path_factory.mktemp("corpus") / "tree", files=80, seed=7)


def test_corpus_is_deterministic_valid_and_varied(small_corpus, tmp_path):
    again = build(tmp_path / "again", files=80, seed=7)
    first = {p.relative_to(small_corpus.root): p.read_bytes() for p in small_corpus.paths()}
    second = {p.relative_to(again.root): p.read_bytes() for p in again.paths()}
    assert first == second
    assert small_corpus.files == len(first) == 80
    assert small_corpus.lines == sum(corpus_module.count_lines(data) for data in first.values())
    texts = [data.decode("utf-8") for data in first.values()]
    for text in texts:
        ast.parse(text)
    tf_texts = [t for t in texts if "import tensorflow" in t or "from tensorflow import" in t]
    assert len(tf_texts) == small_corpus.tensorflow_files
    assert small_corpus.tensorflow_files >= small_corpus.files // 2
    assert any(t for t in texts if "tensorflow" not in t and len(t) > 1000)  # real helper modules
    joined = "\n".join(tf_texts)
    for style in ("import tensorflow as tf\n", "import tensorflow as T\n", "import tensorflow\n",
                  "from tensorflow import ", "\ndef main():\n", "\nclass ", "(self):\n"):
        assert style in joined, style


def test_corpus_styles_one_by_one():
    import random

    original = ORIGINAL.read_text()
    for alias in corpus_module.ALIAS_STYLES:
        for wrap in corpus_module.WRAP_STYLES:
            text = corpus_module.tensorflow_script([original], random.Random(1), alias=alias, wrap=wrap)
            tree = ast.parse(text)
            comments = [t.string for t in tokenize.generate_tokens(io.StringIO(text).readline)
                        if t.type == tokenize.COMMENT]
            assert comments  # the originals' comments come along
            names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
            if alias == "T":
                assert "T" in names and "tf" not in names
            if alias == "plain":
                assert "tensorflow" in names and "tf" not in names
            if alias == "from":
                assert "from tensorflow import" in text
            if wrap == "function":
                assert any(isinstance(node, ast.FunctionDef) for node in tree.body)


def test_engine_on_the_corpus_parses_is_idempotent_and_leaves_helpers_alone(small_corpus):
    from migrate.engine import migrate_source

    for path in small_corpus.paths():
        source = path.read_text(encoding="utf-8")
        outcome = migrate_source(source)
        if "tensorflow" not in source:
            assert outcome.code == source, path
            continue
        ast.parse(outcome.code)
        assert migrate_source(outcome.code).code == outcome.code, f"second run changes {path}"
        if "import tensorflow" not in source and "from tensorflow" not in source:
            assert outcome.code == source, f"{path} has no TensorFlow import and was changed"


# --- the benchmark command -------------------------------------------------------------------


def test_bench_command_prints_the_table(tmp_path):
    report = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, "-m", "tools.bench", "--files", "24", "--repeats", "1",
         "--no-tf-upgrade", "--json", str(report)],
        capture_output=True, text=True, env=_env(), timeout=300, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    assert "| tool | wall s | CPU s | files/s | lines/s |" in out
    default = f"migrate (default: -j 0 = {os.cpu_count()} cores)"
    for row in (f"| {default} |", "| migrate -j 1 |", "| floor |"):
        assert row in out
    assert f"{default}: speed-up over one core (wall)" in out
    assert "per core ≤ 1.2× the libcst floor" in out
    assert "machine: load average" in out  # figures taken under load say so
    figures = json.loads(report.read_text())
    assert figures["corpus"]["files"] == 24
    assert figures["written"][default] == figures["written"]["migrate -j 1"] == figures["written"]["floor"] == 24
    digests = figures["converted_digest"]
    assert digests[default] == digests["migrate -j 1"] and len(digests[default]) == 64
    assert f"converted tree: sha256 {digests[default]} ({default} and migrate -j 1: the same bytes)" in out
    assert all(timing["returncodes"] == [0] for timing in figures["timings"].values())


def test_floor_script_round_trips_a_tree(tmp_path):
    from tools.bench import FLOOR

    tree = build(tmp_path / "tree", files=12, seed=3)
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-c", FLOOR, str(tree.root), str(out)], check=True, timeout=120)
    for path in tree.paths():
        assert (out / path.relative_to(tree.root)).read_bytes() == path.read_bytes()


# --- robustness over the installed packages ---------------------------------------------------


def test_robustness_sample_meets_every_target(tmp_path):
    """300 installed files, fixed by the seed: 150 that use TensorFlow (``tf.``), 150 others.
    Files over 60 kB are left out of the sample so the test stays well under a minute;
    the full run (no --sample) covers them."""
    from tools.robustness import default_roots, find_files

    roots = default_roots()
    if not any(os.path.isdir(os.path.join(root, "tensorflow")) for root in roots):
        pytest.skip("tensorflow is not installed in this environment's site-packages")
    report = tmp_path / "robustness.json"
    result = subprocess.run(
        [sys.executable, "-m", "tools.robustness", "--sample", "300", "--seed", "0",
         "--max-bytes", "60000", "-j", "2", "-q", "--json", str(report)],
        capture_output=True, text=True, env=_env(), timeout=300,
    )
    figures = json.loads(report.read_text())
    counts = figures["counts"]
    assert figures["files"] == 300
    problems = "\n".join(f"{p['outcome']}: {p['path']}: {p['detail']}" for p in figures["problems"])
    assert counts.get("crash", 0) == 0, problems
    assert counts.get("output-does-not-parse", 0) == 0, problems
    assert counts.get("non-tensorflow-changed", 0) == 0, problems
    assert counts.get("not-idempotent", 0) == 0, problems
    assert result.returncode == 0, result.stdout[-3000:]
    tf_files = [p for p in find_files(roots) if "tensorflow" in p]
    assert tf_files  # sanity: the tree really holds TensorFlow


def test_robustness_sampling_is_fixed_and_half_tensorflow(tmp_path):
    from tools.robustness import _mentions_tf, sample_files

    files = []
    for index in range(40):
        path = tmp_path / f"m{index:02d}.py"
        path.write_text("import tensorflow as tf\nx = tf.ones(1)\n" if index % 4 == 0 else "x = 1\n")
        files.append(str(path))
    first = sample_files(files, 12, seed=5)
    assert first == sample_files(list(reversed(files)), 12, seed=5)
    assert len(first) == 12 and len(set(first)) == 12
    assert sum(_mentions_tf(path) for path in first) == 6
    assert first != sample_files(files, 12, seed=6)


def test_robustness_classifies_each_kind_of_file(tmp_path, monkeypatch):
    from tools import robustness

    (tmp_path / "py2.py").write_text("import tensorflow as tf\nprint 'hello'\nx = (\n")  # fissix cannot fix it
    (tmp_path / "latin.py").write_bytes(b"x = '\xe9'\n")  # no coding line: not UTF-8
    (tmp_path / "plain.py").write_text("x = 1\n")
    (tmp_path / "legacy.py").write_bytes(ORIGINAL.read_bytes())
    summary = robustness.run(robustness.find_files([str(tmp_path)]), jobs=1, timeout=60)
    assert summary.files == 4
    assert summary.counts.get(robustness.UNPARSABLE) == 1
    assert summary.counts.get(robustness.UNDECODABLE) == 1
    assert summary.passed

    # A crash in the engine is caught, summarised and fails the run.
    def explode(source):
        raise KeyError("boom")

    monkeypatch.setattr("migrate.engine.migrate_source", explode)
    crashed = robustness.check_file(str(tmp_path / "legacy.py"))
    assert crashed.outcome == robustness.CRASH and "KeyError" in crashed.detail

    # A rewrite of a file without a TensorFlow import is caught.
    from migrate.engine import Outcome

    monkeypatch.setattr("migrate.engine.migrate_source",
                        lambda source: Outcome(source.replace("x", "y"), [], True))
    (tmp_path / "mentions.py").write_text("x = 'tensorflow'\n")
    assert robustness.check_file(str(tmp_path / "mentions.py")).outcome == robustness.NON_TF_CHANGED

    # ... and so is a rewrite that a second run would change again.
    monkeypatch.setattr("migrate.engine.migrate_source",
                        lambda source: Outcome(source + "#\n", [], True))
    assert robustness.check_file(str(tmp_path / "legacy.py")).outcome == robustness.NOT_IDEMPOTENT


# --- scope analysis only where it decides something ------------------------------------------


def test_scope_analysis_is_paid_only_when_a_rebound_alias_matters(monkeypatch):
    """A parameter rebinds `dtypes` (an alias of a TensorFlow module) but nothing reached
    through `dtypes` is rewritten, warned about or counted as graph code: per-use scope
    resolution (libcst's ScopeProvider, 3-5x the cost of parsing) decides nothing here and
    must not run. Real code does this all the time: while_v2.py and trt_convert.py of the
    installed TensorFlow pay 5x parse+print for a rebound `dtypes` / `tensor` / `save`."""
    from libcst.metadata import MetadataWrapper, ScopeProvider

    from migrate.engine import migrate_source

    source = (
        "import tensorflow as tf\n"
        "from tensorflow.python.framework import dtypes\n"
        "\n"
        "def cast(x, dtypes=None):\n"
        "    return x if dtypes is None else (x, dtypes)\n"
        "\n"
        "y = tf.mul(tf.constant(1.0, dtype=dtypes.float32), 2.0)\n"
    )
    expected = migrate_source(source)
    assert "tf.multiply(" in expected.code
    real = MetadataWrapper.resolve

    def resolve(self, provider):
        if provider is ScopeProvider:
            raise AssertionError("scope analysis ran, though no rebound alias decides anything")
        return real(self, provider)

    monkeypatch.setattr(MetadataWrapper, "resolve", resolve)
    outcome = migrate_source(source)
    assert outcome.code == expected.code and outcome.findings == expected.findings
