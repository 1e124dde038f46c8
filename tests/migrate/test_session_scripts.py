"""The collection of Session scripts of our own (tests/fixtures/session_scripts, written
for this project in the styles TF 1.x tutorials use): each is translated by
`migrate --to eager` and checked by `migrate verify`.

- A script that is translated must verify equal: every printed number and every value
  bound from Session.run within float32 tolerance. No exception, except the known wrong
  translations listed in WRONG (strict xfail: each must start passing when its fix lands,
  and then leave the list).
- A script that keeps its compat form must say why, naming the line and the construct
  (FALLS_BACK).

All scripts are verified in ONE call of verify_scripts: two TensorFlow processes in all
(plus two for any script whose numbers differ, rerun without oneDNN and grappler).
"""
from pathlib import Path

import pytest

from migrate import verify

SCRIPTS_DIR = Path(__file__).parent.parent / "fixtures" / "session_scripts"
SCRIPTS = sorted(p.name for p in SCRIPTS_DIR.glob("s*.py"))

# script -> [(line, what the reason must name)] for scripts that stay in compat form
FALLS_BACK = {
    "s09_queue.py": [(4, "FIFOQueue: queues are not translated")],  # stage 1 writes tf.queue.FIFOQueue
    "s50_two_fetch_lists_one_run.py": [(9, "`plus_one` reads `v`, which `double` updates in the same run")],
}

# Wrong translations that verify catches (issue 11's list); strict xfail until fixed.
WRONG: dict = {}


@pytest.fixture(scope="module")
def reports():
    paths = [str(SCRIPTS_DIR / name) for name in SCRIPTS]
    return {Path(r.path).name: r for r in verify.verify_scripts(paths, seed=3, timeout=120)}


def code_only(source):
    return "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("#"))


def test_the_collection_is_large_enough_and_every_script_is_accounted_for():
    assert len(SCRIPTS) >= 40
    assert set(FALLS_BACK) <= set(SCRIPTS) and set(WRONG) <= set(SCRIPTS)
    assert not set(FALLS_BACK) & set(WRONG)


@pytest.mark.parametrize("script", [
    pytest.param(name, marks=pytest.mark.xfail(reason=WRONG[name], strict=True)) if name in WRONG else name
    for name in SCRIPTS if name not in FALLS_BACK])
def test_each_translated_script_verifies_equal(script, reports):
    report = reports[script]
    assert not report.prepared.fell_back, [f.message for f in report.prepared.fallback_reasons]
    eager = code_only(report.prepared.eager)
    assert "Session" not in eager and "placeholder" not in eager and "feed_dict" not in eager
    assert report.status == "same", verify.format_report(report)
    assert report.printed_compared + report.fetches_compared >= 1


@pytest.mark.parametrize("script", sorted(FALLS_BACK))
def test_scripts_kept_in_compat_form_say_where_and_why(script, reports):
    report = reports[script]
    assert report.status == "fell-back" and report.exit_code == 3, verify.format_report(report)
    reasons = [(f.line, f.message) for f in report.prepared.fallback_reasons]
    for line, construct in FALLS_BACK[script]:
        assert any(at == line and construct in message for at, message in reasons), (line, construct, reasons)
    assert "tf.compat.v1.Session" in report.prepared.eager or "tf.Session" in report.prepared.eager
    assert "NOT TRANSLATED" in verify.format_report(report)


def test_the_training_patterns_the_fixtures_promise_are_there(reports):
    eager = {name: r.prepared.eager for name, r in reports.items()}
    assert "tf.nn.relu" in eager["s01_two_layer_relu.py"]
    assert "tape.gradient(loss, [w, b])" in eager["s02_gradients_manual.py"]
    assert "w.assign_sub(" in eager["s02_gradients_manual.py"]
    assert "tf.keras.optimizers.SGD(learning_rate=0.05, momentum=0.9, nesterov=False)" in eager["s05_momentum.py"]
    assert "compute_accuracy(X_test, Y_test)" in eager["s06_accuracy_in_loop.py"]
    assert eager["s07_two_graphs.py"].count("def train_step(") == 2
    assert "tf.keras.optimizers.Adadelta(learning_rate=1.0, rho=0.95, epsilon=1e-08)" \
           in eager["s13_adadelta_batches.py"]
    assert "tf.nn.conv2d(" in eager["s26_cnn_mnist.py"] and "tf.nn.max_pool" in eager["s26_cnn_mnist.py"]
    assert "nce_loss(" in eager["s29_word2vec_nce.py"]
    # one Session.run, one evaluation: the counts are those computed before the update lands
    assert "    centroids.assign(new_centroids)\n    return counts\n" in eager["s33_kmeans_update_and_fetch.py"]
    assert "tf.compat.v1.train.AdamOptimizer(learning_rate=0.01)" in eager["s25_adam_mlp.py"]
    assert "w.assign(w - rate * grad_w)" in eager["s34_op_run_group_assign.py"]


def test_values_bound_from_session_run_are_compared_not_only_prints(reports):
    report = reports["s06_accuracy_in_loop.py"]
    labels = [ln.label for ln in report.lines]
    assert "`train_acc` (bound from Session.run at line 30)" in labels
    assert report.fetches_compared >= 15
