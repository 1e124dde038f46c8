"""The eager stage's findings come in source order whatever the hash seed: the analysis
keeps its scopes in a set, and a report (or a test expecting one) must not change from one
run to the next. Each seed is a fresh interpreter (PYTHONHASHSEED is read at start)."""
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
# two findings on one line (13): `scores.dtype` and `scores.shape.ndims`
SCRIPT = REPO / "tests" / "fixtures" / "session_scripts" / "s90_constant_shapes_read_by_python.py"
PROGRAM = """
import json, sys
from migrate.eager import translate_source
outcome = translate_source(open(sys.argv[1], encoding="utf-8").read())
print(json.dumps([[f.line, f.column, f.message] for f in outcome.findings]))
"""


def findings_with_hash_seed(seed: int) -> list:
    env = dict(os.environ, PYTHONHASHSEED=str(seed), PYTHONPATH=str(REPO))
    out = subprocess.run([sys.executable, "-c", PROGRAM, str(SCRIPT)], env=env, cwd=REPO,
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def test_findings_are_in_source_order_for_every_hash_seed():
    runs = [findings_with_hash_seed(seed) for seed in (1, 2, 5)]  # 2 and 5 reversed line 13 before
    assert runs[0] == runs[1] == runs[2]
    positions = [(line, col or 0) for line, col, _ in runs[0]]
    assert positions == sorted(positions)
    on_line_13 = [message.split("`")[1] for line, _, message in runs[0] if line == 13]
    assert on_line_13 == ["scores.dtype", "scores.shape.ndims"]
