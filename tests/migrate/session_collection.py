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

The collection is checked in PARTS parts, one test module each (test_session_scripts_even.py,
test_session_scripts_odd.py): part k holds every PARTS-th script in name order from the k-th,
so a new script joins a part by its name and `pytest --dist loadfile` puts the parts on
different workers. The scripts of a part are verified in ONE call of verify_prepared: two
TensorFlow processes in all (plus two for any script whose numbers differ, rerun without
oneDNN and grappler). The texts verify ran are also checked against what the command line
writes for the same files (test_verify_runs_what_it_writes.py checks the originals the same
way, with `python -m migrate`): the command line runs in this process, and the engine's
conversions verify's preparation made are remembered (conversions_once.py), so each script
is translated once for both checks.

A part module sets PART and takes its tests with `globals().update(part_tests(PART))`; the
`reports` fixture and `pytest_generate_tests` read the module's PART.
"""
from pathlib import Path

import pytest

from migrate import verify
from tests.migrate.conversions_once import remembering

SCRIPTS_DIR = Path(__file__).parent.parent / "fixtures" / "session_scripts"
SCRIPTS = sorted(p.name for p in SCRIPTS_DIR.glob("s*.py"))
PARTS = 2
PART_MODULES = ("test_session_scripts_even.py", "test_session_scripts_odd.py")  # part 0, part 1

# script -> [(line, what the reason must name)] for scripts that stay in compat form
FALLS_BACK = {
    "s09_queue.py": [(4, "FIFOQueue: queues are not translated")],  # stage 1 writes tf.queue.FIFOQueue
    "s50_two_fetch_lists_one_run.py": [(9, "`plus_one` reads `v`, which `double` updates in the same run")],
    "s158_graph_object_ops_counted.py": [(22, "(`g.get_operations`): eager TF 2 builds no graph")],
    # op-level classes of real scripts kept in compat form, each with its reason (issue 17's probes)
    "s220_layers_batch_norm_update_ops.py": [(17, "tf.layers.batch_normalization: tf.layers creates variables "
                                                  "implicitly"), (22, "tf.get_collection: graph collections")],
    "s221_contrib_batch_norm_update_ops_adam.py": [(16, "tf.contrib.layers.batch_norm: tf.contrib is gone")],
    "s223_clip_global_norm_regularized_layers.py": [(12, "tf.layers.dense(..., kernel_regularizer=...) is not "
                                                         "translated")],
    "s224_l2_losses_collection_momentum.py": [(16, "tf.add_to_collection: graph collections are read by name")],
    "s225_cond_on_fed_flag_while_loop.py": [(15, "tf.cond in a graph runs one branch per Session.run"),
                                            (24, "tf.while_loop is not translated")],
    "s228_metrics_accuracy_local_variables.py": [(17, "tf.metrics keep their state in local variables")],
    "s237_get_variable_regularizer_loss.py": [(12, "tf.get_variable(..., regularizer=...) is not translated")],
    "s238_placeholder_defaults_training_data.py": [(9, "tf.placeholder_with_default: the default `X_train` is not a "
                                                       "Python number or bool, nor a name bound once")],
}

# Wrong translations that verify catches (issue 11's list); strict xfail until fixed.
WRONG: dict = {}

# Keras Adam's rounding difference (beta^t as a power, not TF 1's running product) grown
# beyond verify's rounding tolerance by the run itself; --exact-optimizers must verify equal.
AMPLIFIES_ROUNDING = {
    "s74_compute_gradients_clip_by_value.py": "features of scales 1 to 100 and gradients clipped to [-1, 1]: the "
                                              "cost oscillates between 0.005 and 1.6, and Adam's rounding "
                                              "difference grows to 1e-1 relative",
    "s202_saver_after_adam_slots.py": "a tanh MLP trained by 100 full-batch Adam steps: the mse at step 25 parts by "
                                      "2e-5 relative, beyond the first steps' tolerance",
}
# Translations whose runs part from the graph's by rounding that oneDNN's kernels and
# grappler's rewrites make (verify's rerun with both off agrees): verify says "drift".
DRIFTS_WITH_ONEDNN = {
    "s236_gradients_of_a_parameter_list_clipped.py": "features scaled by 10, the global norm clipped to 1: the "
                                                     "printed norm parts by 4e-6 at step 87 (TF 1's Momentum "
                                                     "class kept by --exact-optimizers parts the same)",
}
EXACT = "exact-optimizers:"  # the key prefix of the --exact-optimizers reports

# (script, text its eager translation's code, comments left out, holds)
KERAS_OPTIMIZERS = [
    ("s04_adam.py", "optimizer = tf.keras.optimizers.Adam(learning_rate=0.05, epsilon=1e-8)\n"),
    ("s92_adam_softmax_custom_betas.py",
     "tf.keras.optimizers.Adam(learning_rate=0.02, beta_1=0.85, beta_2=0.995, epsilon=1e-6)"),
    ("s93_adagrad_accumulator_regression.py",  # one argument a line past 100 characters
     "tf.keras.optimizers.Adagrad(\n    learning_rate=0.3,\n    initial_accumulator_value=1.0,\n    epsilon=0.0,\n)"),
    ("s94_nesterov_logistic.py", "tf.keras.optimizers.SGD(learning_rate=0.1, momentum=0.9, nesterov=True)"),
    ("s95_adam_mlp_minibatches.py", "tf.keras.optimizers.Adam(learning_rate=0.003, epsilon=1e-8)"),
]

# (script, text, times) its eager translation holds: times None = at least once
PROMISED = [
    ("s01_two_layer_relu.py", "tf.nn.relu", None),
    ("s02_gradients_manual.py", "tape.gradient(loss, [w, b])", None),
    ("s02_gradients_manual.py", "w.assign_sub(", None),
    ("s05_momentum.py", "tf.keras.optimizers.SGD(learning_rate=0.05, momentum=0.9)\n", None),
    ("s06_accuracy_in_loop.py", "compute_accuracy_and_cost(X_test, Y_test)[0].numpy()", 1),  # merged_runs.py
    ("s07_two_graphs.py", "def train_step(", 2),
    ("s13_adadelta_batches.py", "tf.keras.optimizers.Adadelta(learning_rate=1.0, epsilon=1e-8)", None),
    ("s26_cnn_mnist.py", "tf.nn.conv2d(", None),
    ("s26_cnn_mnist.py", "tf.nn.max_pool", None),
    ("s29_word2vec_nce.py", "nce_loss(", None),
    # one Session.run, one evaluation: the counts are those computed before the update lands
    ("s33_kmeans_update_and_fetch.py", "    centroids.assign(new_centroids)\n    return counts\n", None),
    ("s25_adam_mlp.py", "tf.keras.optimizers.Adam(learning_rate=0.01, epsilon=1e-8).minimize", 0),
    ("s25_adam_mlp.py", "tf.keras.optimizers.Adam(learning_rate=0.01, epsilon=1e-8)", None),
    ("s34_op_run_group_assign.py", "w.assign(w - rate * grad_w)", None),
    # a class that builds the graph: a tf.Module, its runs methods (patterns/graph_classes.py)
    ("s150_mnist_softmax_class_model.py", "class SoftmaxModel(tf.Module):", 1),
    ("s150_mnist_softmax_class_model.py", "l = model.train_step(batch_xs, batch_ys)", 1),
    ("s163_regressor_class_owns_session.py", "return self.compute_pred(xs).numpy()", 1),
    ("s166_class_train_method_given_session.py", "    clf.train(xs, ys, 50)\n", 1),
    # a variable scope per pass of a loop of layers (patterns/variable_loops.py)
    ("s164_variable_scope_in_for_loop_layers.py", "for i, w, b in zip(range(len(layer_sizes) - 1), w_list, b_list):\n", 1),
    # a variable scope object's name: the literal it held, also as a collection's scope
    ("s200_scope_object_collection_fine_tune.py", "head_vars = [W_head, b_head]\n", 1),
    ("s200_scope_object_collection_fine_tune.py", "print(\"training the variables of scope\", \"classifier\"", 1),
    # tensorflow.python.framework.dtypes.float32 is tf.float32
    ("s201_private_dtypes_module_logistic.py", "labels=tf.cast(y_target, tf.float32)", 1),
    ("s201_private_dtypes_module_logistic.py", "dtypes.", 0),
    ("s201_private_dtypes_module_logistic.py", "tensorflow.python", 1),  # the author's opening comment only
    # tf.layers.dropout in training: tf.nn.dropout, the same draws (patterns/layers.py)
    ("s203_layers_dropout_training_and_test_heads.py",
     "        hidden_dropped = tf.nn.dropout(hidden, rate=0.25, seed=2030)\n", 1),
    # a collection of variables fetched inline: the list of their values (patterns/fetch_structure.py)
    ("s204_trainable_values_fetched_inline.py", "values = [W.numpy(), b.numpy()]\n", 1),
    # a traced run written by add_run_metadata: trace_on ... trace_export (patterns/run_traces.py)
    ("s205_run_metadata_full_trace.py", "        tf.summary.trace_on(graph=True)\n", 1),
    ("s205_run_metadata_full_trace.py", '            tf.summary.trace_export("step%03d" % step, step=0)\n', 1),
    # the session's graph written to a file: the traced training step's (patterns/graph_files.py)
    ("s206_graph_written_as_pbtxt.py",
     'tf.io.write_graph(train_step.get_concrete_function().graph, graph_dir, "graph.pbtxt")\n', 1),
    # an image summary with its max_outputs (patterns/summaries.py)
    ("s207_image_summary_autoencoder.py", "tf.summary.image(\"reconstructed\", tf.reshape(reconstruction, "
                                          "[-1, 6, 6, 1]), step=step, max_outputs=2)\n", 1),
    # a second Session initialising again: the initial values assigned again (patterns/initializers.py)
    ("s208_second_session_trains_again.py", "slope.assign(0.0)\nintercept.assign(tf.zeros([]))\n", 1),
    # a second Session restoring the checkpoint the first saved (patterns/checkpoints.py)
    ("s209_second_session_restores_checkpoint.py", "saver.read(save_path).assert_existing_objects_matched()\n", 1),
    # Saver() after Adam: a Checkpoint of the variables and the eager optimizer (patterns/checkpoints.py)
    ("s202_saver_after_adam_slots.py", "saver = tf.train.Checkpoint(W1=W1, b1=b1, W2=W2, b2=b2, optimizer=optimizer)\n", 1),
    # the tutorials' `def RNN(x, weights, biases)`: the cell and its layer made before the def (patterns/rnn_model_defs.py)
    ("s185_rnn_cell_in_model_def.py", "    outputs = rnn(tf.stack(x, axis=1))\n    outputs = tf.unstack(outputs, axis=1)\n", 1),
    ("s156_lstm_in_model_def_dynamic_rnn.py", "rnn = tf.keras.layers.RNN(cell, return_sequences=True)\n\n\ndef lstm_model(x):\n"
                                              "    outputs = rnn(x)\n", 1),
    # a sampled loss's candidate sampler shared by two runs: eager functions, one sampler (patterns/shared_random.py)
    ("s230_sampled_loss_shared_by_two_runs.py", "    # Not a tf.function: shares the random op `loss` with compute_loss.\n", 1),
    ("s230_sampled_loss_shared_by_two_runs.py", "@tf.function", 0),
    # variable.load(value, sess) (patterns/variable_loads.py)
    ("s231_variable_load_into_session.py", "\nW.assign(np.zeros((2, 1), np.float32))\n", 1),
    # a structure fetched inline where the run reads only variables (patterns/fetch_values.py)
    ("s235_structures_next_to_train_op.py",
     "mean_all, var_all = tf.nest.map_structure(lambda t: t.numpy(), tf.nn.moments(W, axes=[0, 1]))\n", 1),
]

FETCHES_SCRIPT = "s06_accuracy_in_loop.py"  # values bound from Session.run, compared


def scripts_of(part: int) -> list:
    """The scripts of PART: every PARTS-th script in name order, from the PART-th."""
    return SCRIPTS[part::PARTS]


@pytest.fixture(scope="module")
def remembered():
    """The engine's conversions of the part's module made once (conversions_once.py): verify's
    preparation asks first, the command-line check then gets the same answers."""
    with remembering() as conversions:
        yield conversions


@pytest.fixture(scope="module")
def reports(request, remembered):
    from migrate.eager import options

    scripts = scripts_of(request.module.PART)
    amplifying = [name for name in sorted(AMPLIFIES_ROUNDING) if name in scripts]
    preps = [verify.prepare(str(SCRIPTS_DIR / name)) for name in scripts]
    with options.using(exact_optimizers=True):
        exact = [verify.prepare(str(SCRIPTS_DIR / name)) for name in amplifying]
    done = verify.verify_prepared(preps + exact, seed=3, timeout=120)
    out = {Path(r.path).name: r for r in done[:len(preps)]}
    out.update({EXACT + Path(r.path).name: r for r in done[len(preps):]})
    return out


def code_only(source):
    return "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("#"))


def test_the_collection_is_large_enough_and_every_script_is_accounted_for():
    assert len(SCRIPTS) >= 40
    assert set(FALLS_BACK) <= set(SCRIPTS) and set(WRONG) <= set(SCRIPTS) and set(AMPLIFIES_ROUNDING) <= set(SCRIPTS)
    assert set(DRIFTS_WITH_ONEDNN) <= set(SCRIPTS)
    assert not set(FALLS_BACK) & set(WRONG)
    assert sorted(name for part in range(PARTS) for name in scripts_of(part)) == SCRIPTS
    assert len(PART_MODULES) == PARTS and all((Path(__file__).parent / name).is_file() for name in PART_MODULES)
    named = {row[0] for row in KERAS_OPTIMIZERS + PROMISED} | {FETCHES_SCRIPT}
    assert named <= set(SCRIPTS), named - set(SCRIPTS)


def test_each_translated_script_verifies_equal(script, reports):
    report = reports[script]
    assert not report.prepared.fell_back, [f.message for f in report.prepared.fallback_reasons]
    eager = code_only(report.prepared.eager)
    assert "Session" not in eager and "placeholder" not in eager and "feed_dict" not in eager
    # "equal up to rounding" only where the translation says it chose to round differently
    allowed = ("same", "rounding") if report.prepared.rounding else ("same",)
    assert report.status in allowed, verify.format_report(report)
    assert report.printed_compared + report.fetches_compared >= 1


def test_a_run_that_amplifies_the_rounding_is_reported_and_exact_optimizers_verifies_equal(script, reports):
    report = reports[script]
    assert report.prepared.rounding and report.status in ("drift", "different"), verify.format_report(report)
    assert "this run amplifies the difference; `migrate --to eager --exact-optimizers` keeps TF 1's optimizer" \
           in verify.format_report(report)
    exact = reports[EXACT + script]
    assert not exact.prepared.rounding and "tf.compat.v1.train.AdamOptimizer(" in exact.prepared.eager
    assert exact.status == "same", verify.format_report(exact)


def test_a_run_that_drifts_by_onednn_rounding_is_reported_as_drift(script, reports):
    report = reports[script]
    assert not report.prepared.fell_back and report.status == "drift", verify.format_report(report)
    assert "rerun with TF_ENABLE_ONEDNN_OPTS=0 and grappler rewrites off: SAME NUMBERS" in verify.format_report(report)


def test_the_optimizer_scripts_write_keras_optimizers_with_only_their_own_arguments(reports):
    eager = {name: code_only(r.prepared.eager) for name, r in reports.items()}
    for script, text in KERAS_OPTIMIZERS:
        if script in eager:
            assert text in eager[script], (script, text)
    assert all("compat.v1.train.AdamOptimizer" not in code for name, code in eager.items()
               if EXACT not in name and name not in FALLS_BACK)  # a script kept in compat form keeps it


def test_scripts_kept_in_compat_form_say_where_and_why(script, reports):
    report = reports[script]
    assert report.status == "fell-back" and report.exit_code == 3, verify.format_report(report)
    reasons = [(f.line, f.message) for f in report.prepared.fallback_reasons]
    for line, construct in FALLS_BACK[script]:
        assert any(at == line and construct in message for at, message in reasons), (line, construct, reasons)
    assert "tf.compat.v1.Session" in report.prepared.eager or "tf.Session" in report.prepared.eager
    assert "NOT TRANSLATED" in verify.format_report(report)


def test_the_training_patterns_the_fixtures_promise_are_there(reports):
    rows = [row for row in PROMISED if row[0] in reports]
    assert rows
    for script, text, times in rows:
        found = reports[script].prepared.eager.count(text)
        assert found >= 1 if times is None else found == times, (script, text, found)


def test_values_bound_from_session_run_are_compared_not_only_prints(reports):
    report = reports[FETCHES_SCRIPT]
    labels = [ln.label for ln in report.lines]
    assert "`train_acc` (bound from Session.run at line 30)" in labels
    assert report.fetches_compared >= 15


def test_the_texts_verify_ran_are_the_bytes_the_command_line_writes(reports, remembered, tmp_path, request, capsys):
    """The command line on the collection's folder, the other parts' scripts excluded. It
    runs here (`migrate.cli.main`, one job), where each conversion verify's preparation made
    is remembered: its own steps (reading, decoding, converting, encoding, writing) run, and
    every script's text it gives the engine must be one verify's preparation gave with the
    same options, answered without translating the script again.
    (test_verify_runs_what_it_writes.py runs `python -m migrate` itself on the originals.)"""
    from migrate import cli

    scripts = scripts_of(request.module.PART)
    others = [arg for name in SCRIPTS if name not in scripts for arg in ("--exclude", name)]
    for out, to in (("compat", []), ("eager", ["--to", "eager"])):
        asked, answered = remembered.asked, remembered.answered
        code = cli.main([*to, *others, "-j", "1", "-q", "-o", str(tmp_path / out), str(SCRIPTS_DIR)])
        printed = capsys.readouterr()
        assert code == 0, printed.out + printed.err
        written = {path.name for path in (tmp_path / out).iterdir()}
        assert set(scripts) <= written and not written & (set(SCRIPTS) - set(scripts)), sorted(written)
        assert remembered.asked - asked == len(scripts), (out, remembered.asked - asked)
        assert remembered.answered - answered == len(scripts), f"{out}: the command line asked the engine " \
            f"{len(scripts) - (remembered.answered - answered)} question(s) verify's preparation did not"
    for name in scripts:
        prepared = reports[name].prepared
        assert prepared.error is None, (name, prepared.error)
        assert prepared.compat_bytes == (tmp_path / "compat" / name).read_bytes(), name
        assert prepared.eager_bytes == (tmp_path / "eager" / name).read_bytes(), name


def test_stage2_refuses_nothing_stage1_knows_or_wrote(script, reports, remembered):
    """tests/migrate/eager/test_stage1_outputs.py's check, for the collection's scripts: its
    eager translation is the one verify's preparation made (remembered, not made again)."""
    from migrate.pipeline import EAGER
    from tests.migrate.eager.test_stage1_outputs import COLLECTION, SOURCES, refusals_of_stage1_code

    source = SOURCES[COLLECTION + script]
    assert refusals_of_stage1_code(source, translate=lambda text: remembered(text, EAGER)) == []


def _translated(part):
    return [pytest.param(name, marks=pytest.mark.xfail(reason=WRONG[name], strict=True)) if name in WRONG else name
            for name in scripts_of(part) if name not in FALLS_BACK and name not in AMPLIFIES_ROUNDING
            and name not in DRIFTS_WITH_ONEDNN]


# test -> its scripts in a part, for the tests that take one script each
_PER_SCRIPT = {
    test_each_translated_script_verifies_equal: _translated,
    test_a_run_that_amplifies_the_rounding_is_reported_and_exact_optimizers_verifies_equal:
        lambda part: [name for name in sorted(AMPLIFIES_ROUNDING) if name in scripts_of(part)],
    test_scripts_kept_in_compat_form_say_where_and_why:
        lambda part: [name for name in sorted(FALLS_BACK) if name in scripts_of(part)],
    test_a_run_that_drifts_by_onednn_rounding_is_reported_as_drift:
        lambda part: [name for name in sorted(DRIFTS_WITH_ONEDNN) if name in scripts_of(part)],
    test_stage2_refuses_nothing_stage1_knows_or_wrote: scripts_of,
}

# test -> whether a part has anything for it, for the tests that read the whole part
_PER_PART = {
    test_the_collection_is_large_enough_and_every_script_is_accounted_for: lambda part: part == 0,
    test_the_optimizer_scripts_write_keras_optimizers_with_only_their_own_arguments: lambda part: True,
    test_the_training_patterns_the_fixtures_promise_are_there:
        lambda part: any(row[0] in scripts_of(part) for row in PROMISED),
    test_values_bound_from_session_run_are_compared_not_only_prints: lambda part: FETCHES_SCRIPT in scripts_of(part),
    test_the_texts_verify_ran_are_the_bytes_the_command_line_writes: lambda part: True,
}


def part_tests(part: int) -> dict:
    """The tests a part's module holds: each test that has something to check in PART."""
    chosen = [test for test, scripts in _PER_SCRIPT.items() if scripts(part)]
    chosen += [test for test, has in _PER_PART.items() if has(part)]
    return {test.__name__: test for test in chosen}


def pytest_generate_tests(metafunc):
    """A per-script test of a part's module runs once for each of the part's scripts."""
    scripts = _PER_SCRIPT.get(metafunc.function)
    if scripts is not None:
        metafunc.parametrize("script", scripts(metafunc.module.PART))
