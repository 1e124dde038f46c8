"""After the engine is imported, migrate leaves it out of the garbage collections
(``gc.freeze``, migrate/workers.py): with -j 1 after the first file, with -j N before the
workers are forked, so that their collections do not walk (and copy) the parent's pages."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# migrate's command line in a child, recording how many objects are frozen as each file
# is converted in this process (-j 1) and at the end
PROBE = r"""
import gc, json, sys
from migrate import workers
frozen_at = []
real = workers.prepare
def prepare(task):
    frozen_at.append(gc.get_freeze_count())
    return real(task)
workers.prepare = prepare
from migrate.cli import main
status = main(["-q", "-j", sys.argv[1], *sys.argv[2:]])
print(json.dumps({"status": status, "frozen_at": frozen_at, "frozen": gc.get_freeze_count()}))
"""


def _probe(tmp_path: Path, jobs: str) -> dict:
    source = tmp_path / "src"
    source.mkdir()
    for name in ("a.py", "b.py"):
        (source / name).write_text("import tensorflow as tf\nx = tf.placeholder(tf.float32)\n")
    done = subprocess.run([sys.executable, "-c", PROBE, jobs, str(source), "-o", str(tmp_path / "out")],
                          capture_output=True, text=True, cwd=REPO, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_one_job_freezes_what_the_first_file_imported(tmp_path):
    probe = _probe(tmp_path, "1")
    assert probe["status"] == 0 and len(probe["frozen_at"]) == 2
    first, second = probe["frozen_at"]
    assert first == 0  # nothing frozen before the engine is imported
    assert second > 20_000  # the engine, its tables and libcst: out of the collections


def test_jobs_freeze_before_the_workers_fork(tmp_path):
    probe = _probe(tmp_path, "2")
    assert probe["status"] == 0 and probe["frozen_at"] == []  # converted in the workers
    assert probe["frozen"] > 20_000
