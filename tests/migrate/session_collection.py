"""The collection of Session scripts of our own (tests/fixtures/session_scripts, written
for this project in the styles TF 1.x tutorials use): each is translated by
`migrate --to eager` and checked by `migrate verify`.

- A script that is translated must verify equal: every printed number and every value
  bound from Session.run within float32 tolerance. No exception, except the known wrong
  translations listed in WRONG (strict xfail: each must start passing when its fix lands,
  and then leave the list), and the translations that state a choice equal to TF 1 up to
  rounding (rule eager-rounding: Keras Adam), which may verify "equal up to rounding"
  (verify's stated rounding tolerance) instead; AMPLIFIES_ROUNDING lists those whose run
  amplifies that rounding beyond it, whose --exact-optimizers translation must then verify
  equal.
- A script that keeps its compat form must say why, naming the line and the construct
  (FALLS_BACK).

All scripts are verified in ONE call of verify_scripts: two TensorFlow processes in all
(plus two for any script whose numbers differ, rerun without oneDNN and grappler). The texts
verify ran are also checked against what the command line writes for the same files
(test_verify_runs_what_it_writes.py checks the originals the same way): the translations
are made once.
"""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from migrate import verify

SCRIPTS_DIR = Path(__file__).parent.parent / "fixtures" / "session_scripts"
SCRIPTS = sorted(p.name for p in SCRIPTS_DIR.glob("s*.py"))

# script -> [(line, what the reason must name)] for scripts that stay in compat form
FALLS_BACK = {
    "s09_queue.py": [(4, "FIFOQueue: queues are not translated")],  # stage 1 writes tf.queue.FIFOQueue
    "s50_two_fetch_lists_one_run.py": [(9, "`plus_one` reads `v`, which `double` updates in the same run")],
    # the tutorials' `def RNN(x, weights, biases)`: the cell is made inside a model def, called in the run
    "s185_rnn_cell_in_model_def.py": [(25, "a cell made or a driver called other than at the top level")],
    # a class that builds the graph in __init__, its tensors fetched as attributes (model.train_op)
    "s150_mnist_softmax_class_model.py": [(35, "`model.train_op` is an attribute of `model`")],
    "s156_lstm_in_model_def_dynamic_rnn.py": [(26, "a cell made or a driver called other than at the top level")],
    "s158_graph_object_ops_counted.py": [(22, "(`g.get_operations`): eager TF 2 builds no graph")],
    "s163_regressor_class_owns_session.py": [(10, "a graph value assigned to an attribute (`self.x`)")],
    "s164_variable_scope_in_for_loop_layers.py": [(18, "not inside a loop or if, where each pass opens another scope")],
}

# Wrong translations that verify catches (issue 11's list); strict xfail until fixed.
WRONG: dict = {}

# Keras Adam's rounding difference (beta^t as a power, not TF 1's running product) grown
# beyond verify's rounding tolerance by the run itself; --exact-optimizers must verify equal.
AMPLIFIES_ROUNDING = {
    "s74_compute_gradients_clip_by_value.py": "features of scales 1 to 100 and gradients clipped to [-1, 1]: the "
                                              "cost oscillates between 0.005 and 1.6, and Adam's rounding "
                                              "difference grows to 1e-1 relative",
}
EXACT = "exact-optimizers:"  # the key prefix of the --exact-optimizers reports


@pytest.fixture(scope="module")
def reports():
    from migrate.eager import options

    preps = [verify.prepare(str(SCRIPTS_DIR / name)) for name in SCRIPTS]
    with options.using(exact_optimizers=True):
        exact = [verify.prepare(str(SCRIPTS_DIR / name)) for name in sorted(AMPLIFIES_ROUNDING)]
    done = verify.verify_prepared(preps + exact, seed=3, timeout=120)
    out = {Path(r.path).name: r for r in done[:len(preps)]}
    out.update({EXACT + Path(r.path).name: r for r in done[len(preps):]})
    return out


def code_only(source):
    return "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("#"))


def test_the_collection_is_large_enough_and_every_script_is_accounted_for():
    assert len(SCRIPTS) >= 40
    assert set(FALLS_BACK) <= set(SCRIPTS) and set(WRONG) <= set(SCRIPTS) and set(AMPLIFIES_ROUNDING) <= set(SCRIPTS)
    assert not set(FALLS_BACK) & set(WRONG)


@pytest.mark.parametrize("script", [
    pytest.param(name, marks=pytest.mark.xfail(reason=WRONG[name], strict=True)) if name in WRONG else name
    for name in SCRIPTS if name not in FALLS_BACK and name not in AMPLIFIES_ROUNDING])
def test_each_translated_script_verifies_equal(script, reports):
    report = reports[script]
    assert not report.prepared.fell_back, [f.message for f in report.prepared.fallback_reasons]
    eager = code_only(report.prepared.eager)
    assert "Session" not in eager and "placeholder" not in eager and "feed_dict" not in eager
    # "equal up to rounding" only where the translation says it chose to round differently
    allowed = ("same", "rounding") if report.prepared.rounding else ("same",)
    assert report.status in allowed, verify.format_report(report)
    assert report.printed_compared + report.fetches_compared >= 1


@pytest.mark.parametrize("script", sorted(AMPLIFIES_ROUNDING))
def test_a_run_that_amplifies_the_rounding_is_reported_and_exact_optimizers_verifies_equal(script, reports):
    report = reports[script]
    assert report.prepared.rounding and report.status in ("drift", "different"), verify.format_report(report)
    assert "this run amplifies the difference; `migrate --to eager --exact-optimizers` keeps TF 1's optimizer" \
           in verify.format_report(report)
    exact = reports[EXACT + script]
    assert not exact.prepared.rounding and "tf.compat.v1.train.AdamOptimizer(" in exact.prepared.eager
    assert exact.status == "same", verify.format_report(exact)


def test_the_optimizer_scripts_write_keras_optimizers_with_only_their_own_arguments(reports):
    eager = {name: code_only(r.prepared.eager) for name, r in reports.items()}
    assert "optimizer = tf.keras.optimizers.Adam(learning_rate=0.05, epsilon=1e-8)\n" in eager["s04_adam.py"]
    assert "tf.keras.optimizers.Adam(learning_rate=0.02, beta_1=0.85, beta_2=0.995, epsilon=1e-6)" \
           in eager["s92_adam_softmax_custom_betas.py"]
    assert "tf.keras.optimizers.Adagrad(\n    learning_rate=0.3,\n    initial_accumulator_value=1.0,\n    epsilon=0.0,\n)" \
           in eager["s93_adagrad_accumulator_regression.py"]  # one argument a line past 100 characters
    assert "tf.keras.optimizers.SGD(learning_rate=0.1, momentum=0.9, nesterov=True)" in eager["s94_nesterov_logistic.py"]
    assert "tf.keras.optimizers.Adam(learning_rate=0.003, epsilon=1e-8)" in eager["s95_adam_mlp_minibatches.py"]
    assert all("compat.v1.train.AdamOptimizer" not in code for name, code in eager.items() if EXACT not in name)


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
    assert "tf.keras.optimizers.SGD(learning_rate=0.05, momentum=0.9)\n" in eager["s05_momentum.py"]
    assert "compute_accuracy(X_test, Y_test)" in eager["s06_accuracy_in_loop.py"]
    assert eager["s07_two_graphs.py"].count("def train_step(") == 2
    assert "tf.keras.optimizers.Adadelta(learning_rate=1.0, epsilon=1e-8)" in eager["s13_adadelta_batches.py"]
    assert "tf.nn.conv2d(" in eager["s26_cnn_mnist.py"] and "tf.nn.max_pool" in eager["s26_cnn_mnist.py"]
    assert "nce_loss(" in eager["s29_word2vec_nce.py"]
    # one Session.run, one evaluation: the counts are those computed before the update lands
    assert "    centroids.assign(new_centroids)\n    return counts\n" in eager["s33_kmeans_update_and_fetch.py"]
    assert "tf.keras.optimizers.Adam(learning_rate=0.01, epsilon=1e-8).minimize" not in eager["s25_adam_mlp.py"]
    assert "tf.keras.optimizers.Adam(learning_rate=0.01, epsilon=1e-8)" in eager["s25_adam_mlp.py"]
    assert "w.assign(w - rate * grad_w)" in eager["s34_op_run_group_assign.py"]


def test_values_bound_from_session_run_are_compared_not_only_prints(reports):
    report = reports["s06_accuracy_in_loop.py"]
    labels = [ln.label for ln in report.lines]
    assert "`train_acc` (bound from Session.run at line 30)" in labels
    assert report.fetches_compared >= 15


def test_the_texts_verify_ran_are_the_bytes_the_command_line_writes(reports, tmp_path):
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2", PYTHONDONTWRITEBYTECODE="1")
    for out, to in (("compat", []), ("eager", ["--to", "eager"])):
        done = subprocess.run([sys.executable, "-m", "migrate", *to, "-q", "-o", str(tmp_path / out), str(SCRIPTS_DIR)],
                              env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
    for name in SCRIPTS:
        prepared = reports[name].prepared
        assert prepared.error is None, (name, prepared.error)
        assert prepared.compat_bytes == (tmp_path / "compat" / name).read_bytes(), name
        assert prepared.eager_bytes == (tmp_path / "eager" / name).read_bytes(), name
