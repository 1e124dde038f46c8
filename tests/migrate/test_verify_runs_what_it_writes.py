"""`migrate verify` runs exactly the program `migrate --to eager` writes (and the one
`migrate` writes for the compat side), byte for byte, and tells float rounding drift from
a semantic difference when the numbers differ."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from migrate import verify
from migrate.cli import main as migrate_main
from migrate.verification.plan import Watched

FIXTURES = Path(__file__).parent.parent / "fixtures"
# the collection of Session scripts is checked the same way by test_session_scripts.py, with
# the translations its verify run made (prepared once)
SCRIPTS = sorted((FIXTURES / "originals").glob("*.py"))
PAIRS = FIXTURES / "verify_pairs"


def cli(*args, cwd=None):
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2", PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "-m", "migrate", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """What the command line writes for every fixture script: {name: (compat bytes, eager bytes)}."""
    root = tmp_path_factory.mktemp("written")
    source = root / "in"
    source.mkdir()
    for path in SCRIPTS:
        shutil.copy(path, source / path.name)
    # a BOM and CRLF line endings must survive both ways as well
    crlf = (FIXTURES / "originals" / "seed001_regression.py").read_bytes().replace(b"\n", b"\r\n")
    (source / "zz_bom_crlf.py").write_bytes(b"\xef\xbb\xbf" + crlf)
    cli("-q", "-o", root / "compat", source)
    cli("--to", "eager", "-q", "-o", root / "eager", source)
    return {p.name: ((root / "compat" / p.name).read_bytes(), (root / "eager" / p.name).read_bytes(), p)
            for p in sorted(source.glob("*.py"))}


def test_the_texts_verify_runs_are_the_bytes_the_command_line_writes(written):
    assert len(written) == len(SCRIPTS) + 1 >= 8
    for name, (compat, eager, path) in written.items():
        prep = verify.prepare(str(path))
        assert prep.error is None, prep.error
        assert prep.eager_bytes == eager, name
        assert prep.compat_bytes == compat, name
    assert written["zz_bom_crlf.py"][1].startswith(b"\xef\xbb\xbf") and b"\r\n" in written["zz_bom_crlf.py"][1]


def test_the_file_verify_executes_is_byte_identical_to_the_eager_output(written, tmp_path, capsys):
    """End to end: `migrate verify --keep DIR` (the command line's main, in this process; its
    two sides in the worker's TensorFlow process) leaves the files its two processes compiled
    and ran; they are what `migrate --to eager` and `migrate` wrote."""
    script = written["zz_bom_crlf.py"][2]
    keep = tmp_path / "keep"
    code = migrate_main(["verify", "--keep", str(keep), str(script)])
    done = capsys.readouterr()
    assert code == 0, done.out + done.err
    assert "SAME NUMBERS" in done.out and "files are not changed" in done.out
    ran = script.name  # each side ran the translation under the script's name, in a mirror of its folder
    assert (keep / "eager_0" / ran).read_bytes() == written["zz_bom_crlf.py"][1]
    assert (keep / "compat_0" / ran).read_bytes() == written["zz_bom_crlf.py"][0]
    assert b"__verify" not in (keep / "eager_0" / ran).read_bytes()


# ---------------------------------------------------------------- rounding drift or a semantic difference


def _pair(eager):
    compat = PAIRS / "logistic_map_compat.py"
    return verify.Prepared(str(PAIRS / eager), compat=compat.read_text(), eager=(PAIRS / eager).read_text(),
                           compat_bytes=compat.read_bytes(), eager_bytes=(PAIRS / eager).read_bytes(),
                           watched=Watched({"value": (12, "Session.run")}))


@pytest.fixture(scope="module")
def judged():
    reassociated, other_rate = verify.verify_prepared(
        [_pair("logistic_map_eager_reassociated.py"), _pair("logistic_map_eager_other_rate.py")], timeout=120)
    return reassociated, other_rate


def test_a_reassociated_formula_is_reported_as_rounding_drift_with_where_it_parts(judged):
    report = judged[0]
    assert report.status == "drift" and report.exit_code == 4
    text = verify.format_report(report)
    assert "ROUNDING DRIFT: the two sides part at `value` (bound from Session.run at line 12), value 1, by 5.96e-08" \
        in text
    assert "gap of `value`" in text and "rerun with TF_ENABLE_ONEDNN_OPTS=0 and grappler rewrites off" in text
    assert "DIFFERENT BY ROUNDING DRIFT" in text


def test_another_rate_is_a_semantic_difference(judged):
    report = judged[1]
    assert report.status == "different" and report.exit_code == 1
    text = verify.format_report(report)
    assert "SEMANTIC DIFFERENCE" in text and "already beyond float32 tolerance" in text


def _items(*diffs):
    return [verify.Item(k, "`v`", k, d, d - 1e-6, 1.0) for k, d in enumerate(diffs)]


def test_explain_drift_that_vanishes_without_onednn_and_grappler():
    report = verify.Report("x.py", verify.Prepared("x.py"), status="different", items=_items(0, 1e-7, 1e-3))
    rerun = verify.Report("x.py", verify.Prepared("x.py"), status="same", items=_items(0, 0, 0),
                          lines=[verify.Line("`v`", "", 3, 0.0, True)])
    verdict = verify.explain(report, rerun)
    assert verdict[0].startswith("ROUNDING DRIFT: the two sides part at `v`, value 2, by 1e-07")
    assert "SAME NUMBERS" in verdict[-1]


def test_explain_structure_is_always_semantic():
    report = verify.Report("x.py", verify.Prepared("x.py"), status="different", items=_items(1e-7),
                           structural=["`v` took 3 values in the eager run, 4 in compat"])
    assert verify.explain(report, None) == ["SEMANTIC DIFFERENCE: `v` took 3 values in the eager run, 4 in compat"]
