"""Install time and size of the `migrate` tool alone, and a pre-commit run that uses it.

    python -m tools.install_size [--pre-commit] [--keep DIR]

1. Builds the wheel of this checkout (`pip wheel --no-deps`).
2. Installs it with `pip install WHEEL` (dependencies from PyPI) into a fresh venv, twice:
   with an empty pip cache (cold: everything downloaded) and again into a second fresh
   venv with the cache the first install filled (warm). Times each `pip install` and
   reports what it added to site-packages, and checks that no TensorFlow came with it.
3. With --pre-commit: installs pre-commit in a venv of its own, makes a sample git
   repository (TF 1.x scripts, a notebook, files without TensorFlow) whose
   .pre-commit-config.yaml uses this checkout's hook (.pre-commit-hooks.yaml, at the
   current commit), and times `pre-commit run --all-files` twice: the first run
   includes pre-commit installing the hook's environment, the second reuses it.

Needs network access to PyPI; prints one markdown table per part.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

SAMPLE = {
    "train.py": """import tensorflow as tf

x = tf.placeholder(tf.float32, shape=[None, 4])
w = tf.Variable(tf.random_normal([4, 3], seed=1))
y = tf.nn.softmax(tf.matmul(x, w))
init = tf.initialize_all_variables()
sess = tf.Session()
sess.run(init)
""",
    "ops.py": """import tensorflow as tf

def scaled(a, b):
    return tf.mul(tf.sub(a, b), 2.0)

def joined(a, b):
    return tf.concat(1, [a, b])
""",
    "util.py": "def add(a, b):\n    return a + b\n",
    "README.md": "sample repository\n",
}
NOTEBOOK = {"cells": [{"cell_type": "code", "execution_count": None, "id": "c1", "metadata": {}, "outputs": [],
                       "source": ["import tensorflow as tf\n", "y = tf.mul(2, 3)"]}],
            "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def run(command, **kwargs):
    ok = kwargs.pop("ok", (0,))
    start = time.perf_counter()
    done = subprocess.run([str(c) for c in command], capture_output=True, text=True, **kwargs)
    seconds = time.perf_counter() - start
    if done.returncode not in ok:
        raise SystemExit(f"failed ({done.returncode}): {' '.join(map(str, command))}\n{done.stdout}\n{done.stderr}")
    return done, seconds


def tree_bytes(path):
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file() and not f.is_symlink())


def site_packages(venv):
    out = subprocess.run([str(venv / "bin" / "python"), "-c",
                          "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                         capture_output=True, text=True, check=True).stdout.strip()
    return Path(out)


def fresh_venv(path):
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
    return path


def build_wheel(out):
    done, seconds = run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", out, REPO])
    (wheel,) = Path(out).glob("tf_revive-*.whl")
    return wheel, seconds


def install(work, wheel, cache, label):
    venv = fresh_venv(work / f"venv-{label}")
    before = tree_bytes(venv)
    env = dict(os.environ, PIP_CACHE_DIR=str(cache), PIP_DISABLE_PIP_VERSION_CHECK="1")
    done, seconds = run([venv / "bin" / "pip", "install", wheel], env=env)
    added = tree_bytes(venv) - before  # site-packages and bin/ (ruff is a binary)
    listed = json.loads(subprocess.run([str(venv / "bin" / "pip"), "list", "--format=json", "--exclude", "pip",
                                        "--exclude", "setuptools"], capture_output=True, text=True).stdout)
    packages = [f"{p['name']} {p['version']}" for p in listed]
    has_tf = any(p["name"].lower().replace("_", "-") in ("tensorflow", "tf-keras", "tensorflow-cpu") for p in listed)
    pip_start = run([venv / "bin" / "pip", "--version"])[1]
    help_done, help_seconds = run([venv / "bin" / "migrate", "--help"])
    return dict(label=label, seconds=seconds, added=added, packages=packages, tensorflow=has_tf,
                help_seconds=help_seconds, pip_start=pip_start, venv=venv)


def install_table(work):
    wheel, build_seconds = build_wheel(work / "wheel")
    cache = work / "pip-cache"
    cold = install(work, wheel, cache, "cold")
    warm = install(work, wheel, cache, "warm")
    lines = [f"wheel: {wheel.name}, {wheel.stat().st_size / 1024:.0f} kB (built in {build_seconds:.1f} s)",
             "",
             "| pip cache | `pip install WHEEL` s | added to the venv | packages installed | TensorFlow |",
             "|---|---:|---:|---|---|"]
    for r in (cold, warm):
        lines.append(f"| {r['label']} | {r['seconds']:.1f} | {r['added'] / 1e6:.1f} MB | {', '.join(r['packages'])} | "
                     f"{'YES' if r['tensorflow'] else 'no'} |")
    lines.append("")
    lines.append(f"`migrate --help` in the fresh venv: {cold['help_seconds']:.2f} s; `pip --version` alone (pip's "
                 f"own start-up, part of every install above): {cold['pip_start']:.2f} s")
    return "\n".join(lines), cold


def sample_repository(path, hook_repo, rev):
    path.mkdir()
    for name, text in SAMPLE.items():
        (path / name).write_text(text)
    (path / "notebook.ipynb").write_text(json.dumps(NOTEBOOK, indent=1) + "\n")
    (path / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {hook_repo}\n  rev: {rev}\n  hooks:\n  - id: migrate\n")
    git = ["git", "-C", path, "-c", "user.name=bench", "-c", "user.email=bench@example.invalid"]
    run(git[:3] + ["init", "-q"])
    run(git + ["add", "-A"])
    run(git + ["commit", "-q", "-m", "sample"])
    return path


def pre_commit_table(work):
    rev = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True, text=True,
                         check=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--", "migrate", "setup.cfg",
                            "pyproject.toml", ".pre-commit-hooks.yaml"],
                           capture_output=True, text=True).stdout.strip()
    tool = fresh_venv(work / "venv-pre-commit")
    env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1")
    run([tool / "bin" / "pip", "install", "--quiet", "pre-commit"], env=env)
    version = run([tool / "bin" / "pre-commit", "--version"])[0].stdout.strip()
    sample = sample_repository(work / "sample", REPO, rev)
    env = dict(env, PRE_COMMIT_HOME=str(work / "pre-commit-home"))
    rows = []
    for label in ("first run (installs the hook's venv)", "second run (hook venv cached)"):
        done, seconds = run([tool / "bin" / "pre-commit", "run", "--all-files"], cwd=sample, env=env, ok=(0, 1))
        status = next((line for line in done.stdout.splitlines() if line.startswith("migrate")), "?")
        converted = [name for name in ("train.py", "ops.py", "notebook.ipynb")
                     if "tf.compat.v1" in (sample / name).read_text() or "tf.multiply" in (sample / name).read_text()]
        untouched = (sample / "util.py").read_text() == SAMPLE["util.py"]
        rows.append(f"| {label} | {seconds:.1f} | {done.returncode} | {status.split('.')[-1].strip(' .')} "
                    f"| {', '.join(converted)} | {'yes' if untouched else 'NO'} |")
        run(["git", "-C", sample, "checkout", "-q", "--", "."])  # back to the TF 1.x originals
    hook_env = sorted((work / "pre-commit-home").glob("repo*"))
    size = sum(tree_bytes(p) for p in hook_env)
    # the checkout is named, not its path or commit: the docs print this line, and a build
    # machine's path or a commit hash says nothing to a reader
    lines = [f"{version}; hook repository: this checkout, at its current commit"
             + (" (uncommitted changes not included)" if dirty else ""),
             f"sample repository: {len(SAMPLE) + 1} files (2 TF 1.x scripts, 1 notebook, 1 module and a README "
             "without TensorFlow)", "",
             "| `pre-commit run --all-files` | s | exit | hook | converted | util.py untouched |",
             "|---|---:|---:|---|---|---|"] + rows
    lines.append("")
    lines.append(f"hook environment: {size / 1e6:.1f} MB in PRE_COMMIT_HOME. 'Failed' with exit 1 is pre-commit's "
                 "verdict when a hook modified files: the TF 1.x files were converted.")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tools.install_size", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pre-commit", action="store_true", help="also time a pre-commit run on a sample repository")
    parser.add_argument("--keep", metavar="DIR", help="work in DIR and keep it (default: a temporary directory)")
    args = parser.parse_args(argv)
    work = Path(args.keep or tempfile.mkdtemp(prefix="install-size-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        table, _ = install_table(work)
        print(table)
        if args.pre_commit:
            print()
            print(pre_commit_table(work))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
