"""Differential testing: random small Session programs (session_programs.py), each
translated by `migrate --to eager` and, whenever it is translated, checked by
`migrate verify`: the eager program must give the compat program's numbers.

CI verifies the fixed seeds CI_SEEDS. A long run by hand:

    .venv/bin/python -m pytest tests/migrate/test_differential.py --differential 300 -q -s

prints how many programs were translated, verified equal, differed (rounding drift or
semantic) or fell back, by reason. Programs are verified in batches of BATCH (two
TensorFlow processes per batch).
"""
import collections
import os

import pytest
from hypothesis import HealthCheck, given, settings

from migrate import verify
from migrate.eager import FALLBACK_RULE, translate_source
from migrate.engine import migrate_source
from tests.migrate.session_programs import generate, session_programs

CI_SEEDS = list(range(16))
BATCH = 40

# Seeds of the CI set whose translation verify finds wrong today (issue 11's list):
# strict xfail, so each must leave this table when its fix lands.
WRONG: dict = {}


def pytest_generate_tests(metafunc):
    if "seed" not in metafunc.fixturenames:
        return
    count = metafunc.config.getoption("--differential")
    if count is None:
        seeds = [pytest.param(s, marks=pytest.mark.xfail(reason=WRONG[s], strict=True)) if s in WRONG else s
                 for s in CI_SEEDS]
    else:
        start = metafunc.config.getoption("--differential-start")
        seeds = list(range(start, start + count))
    metafunc.parametrize("seed", seeds)


@pytest.fixture(scope="module")
def verdicts(request, tmp_path_factory):
    count = request.config.getoption("--differential")
    start = request.config.getoption("--differential-start") if count is not None else 0
    seeds = list(range(start, start + count)) if count is not None else CI_SEEDS
    folder = tmp_path_factory.mktemp("programs")
    paths = []
    for seed in seeds:
        path = folder / f"program_{seed}.py"
        path.write_text(generate(seed))
        paths.append(str(path))
    reports = {}
    for k in range(0, len(paths), BATCH):
        for seed, report in zip(seeds[k:k + BATCH], verify.verify_scripts(paths[k:k + BATCH], timeout=120)):
            reports[seed] = report
    if count is not None:
        print("\n" + summary(reports))
    return reports


def summary(reports) -> str:
    statuses = collections.Counter(r.status for r in reports.values())
    reasons = collections.Counter()
    for r in reports.values():
        for reason in sorted({f.message.split(": ", 1)[-1].split(":")[0][:70] for f in r.prepared.fallback_reasons}):
            reasons[reason] += 1
    translated = len(reports) - statuses["fell-back"]
    lines = [f"differential run: {len(reports)} programs, {translated} translated to eager: "
             f"{statuses['same']} verified equal, {statuses['rounding']} equal up to rounding (Keras Adam), "
             f"{statuses['drift']} rounding drift, "
             f"{statuses['different']} semantic difference, {statuses['failed']} failed; "
             f"{statuses['fell-back']} kept in compat form"]
    lines += [f"  fell back ({n}): {reason}" for reason, n in reasons.most_common()]
    lines += [f"  seed {seed}: {r.status}: {(r.verdict + r.problems + [''])[0][:160]}"
              for seed, r in sorted(reports.items()) if r.status not in ("same", "rounding", "fell-back")]
    return "\n".join(lines)


def test_whenever_a_program_is_translated_verify_finds_the_same_numbers(seed, verdicts):
    report = verdicts[seed]
    if report.status == "fell-back":
        assert all(f.line >= 1 for f in report.prepared.fallback_reasons), [
            str(f) for f in report.prepared.fallback_reasons]
        return
    # "equal up to rounding" only where the translation says it chose to round differently (Keras Adam)
    allowed = ("same", "rounding") if report.prepared.rounding else ("same",)
    assert report.status in allowed, generate(seed) + "\n" + verify.format_report(report)


def test_the_ci_set_translates_some_programs(verdicts):
    translated = [seed for seed, r in verdicts.items() if r.status != "fell-back"]
    assert len(translated) >= len(verdicts) // 5, summary(verdicts)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(session_programs())
def test_every_generated_program_converts_and_translates_or_says_why(program):
    """No TensorFlow here: the compat form always exists, and --to eager either leaves
    no Session/placeholder/feed_dict or keeps the compat form with a located reason."""
    compat = migrate_source(program)
    compile(compat.code, "<compat>", "exec")
    eager = translate_source(program)
    compile(eager.code, "<eager>", "exec")
    reasons = [f for f in eager.findings if f.rule == FALLBACK_RULE]
    if reasons:
        assert eager.code == compat.code
        assert all(f.line >= 1 for f in reasons), [str(f) for f in reasons]
    else:
        code = "\n".join(line for line in eager.code.splitlines() if not line.lstrip().startswith("#"))
        for gone in ("Session", "placeholder", "feed_dict"):
            assert gone not in code, gone
