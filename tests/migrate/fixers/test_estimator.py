"""Before/after tests of migrate/fixers/estimator.py: one test per
name of hand.ESTIMATOR_MODULES, the names it does not build, and a check that every name
the table routes to tf_revive_runtime.v1_estimator is defined there (read without
importing TensorFlow).  The runtime's numbers: tests/runtime/test_estimator*.py."""
import ast
from pathlib import Path

import pytest

from migrate.tables import hand
from migrate.engine import migrate_source
from tests.migrate.helpers import check_noop, check_transformed, rules

RUNTIME = Path(__file__).resolve().parents[3] / "tf_revive_runtime"
DISABLE = "tf.compat.v1.disable_v2_behavior()\n"
ROWS = [(prefix, name) for prefix, (_, names) in sorted(hand.ESTIMATOR_MODULES.items())
        for name in names]


def _local(target):
    """`@tf_revive_runtime.v1_estimator.tpu` -> ('v1_estimator', 'v1_estimator.tpu')."""
    parts = target[1:].split(".")
    return parts[1], ".".join(parts[1:])


@pytest.mark.parametrize("prefix,name", ROWS)
def test_built_name_goes_to_the_runtime(prefix, name):
    module, expr = _local(hand.ESTIMATOR_MODULES[prefix][0])
    outcome = check_transformed(
        f"import tensorflow as tf\n{DISABLE}x = tf.{prefix}.{name}\n",
        f"import tensorflow as tf\nfrom tf_revive_runtime import {module}\n{DISABLE}x = {expr}.{name}\n")
    assert set(rules(outcome)) == {"estimator"}
    if not prefix.startswith("contrib."):  # tf.compat.v1.estimator... too
        check_transformed(
            f"import tensorflow as tf\n{DISABLE}x = tf.compat.v1.{prefix}.{name}\n",
            f"import tensorflow as tf\nfrom tf_revive_runtime import {module}\n{DISABLE}x = {expr}.{name}\n")


def test_an_estimator_program_runs_in_graph_mode_as_tf_1_ran_it():
    outcome = check_transformed(
        "import tensorflow as tf\nc = tf.estimator.RunConfig()\n",
        f"import tensorflow as tf\nfrom tf_revive_runtime import v1_estimator\n{DISABLE}"
        "c = v1_estimator.RunConfig()\n")
    assert rules(outcome) == ["graph-mode", "estimator"]
    assert "tf.estimator.RunConfig() is TF 1's Estimator" in outcome.findings[0].message
    tpu = migrate_source("import tensorflow as tf\nc = tf.contrib.tpu.RunConfig()\n")
    assert "tf.compat.v1.disable_v2_behavior()" in tpu.code
    other = migrate_source("import tensorflow as tf\nc = tf.contrib.tpu.rewrite(f)\n")
    assert rules(other) == ["contrib"]


def _defined(path: Path) -> set[str]:
    tree = ast.parse(path.read_bytes())
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.ImportFrom):
            names |= {a.asname or a.name for a in node.names}
    return names


@pytest.mark.parametrize("prefix", sorted(hand.ESTIMATOR_MODULES))
def test_every_routed_name_is_defined_in_the_runtime(prefix):
    target, names = hand.ESTIMATOR_MODULES[prefix]
    path = RUNTIME.parent / Path(*target[1:].split("."))
    path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    assert set(names) <= _defined(path)


@pytest.mark.parametrize("written", ["tf.estimator.export.ServingInputReceiver",
                                     "tf.estimator.BoostedTreesClassifier",
                                     "tf.compat.v1.estimator.experimental.LinearSDCA",
                                     "tf.estimator.tpu.experimental.EmbeddingConfigSpec"])
def test_a_name_not_built_is_warned_about_with_its_line_and_refused_by_the_runtime(written):
    outcome = migrate_source(f"import tensorflow as tf\n{DISABLE}\nx = {written}(1)\n")
    warnings = [(f.line, f.rule) for f in outcome.findings if f.severity == "warning"]
    assert warnings == [(4, "estimator")]
    assert hand.ESTIMATOR_NOT_BUILT in next(f.message for f in outcome.findings if f.severity == "warning")
    # the runtime's module __getattr__ raises NotImplementedError naming it
    rest = written.split(".estimator.", 1)[1]
    assert f"x = v1_estimator.{rest}(1)" in outcome.code


def test_other_contrib_tpu_names_stay_contrib_s():
    outcome = check_noop("import tensorflow as tf\nr = tf.contrib.tpu.rewrite(f)\n")
    assert rules(outcome) == ["contrib"]


def test_imports_of_the_modules_and_names():
    check_transformed("from tensorflow.contrib import tpu\n",
                      "from tf_revive_runtime.v1_estimator import tpu\n")
    # graph mode comes with it, as for any TF 1 name that needs it
    check_transformed("from tensorflow.estimator import DNNClassifier, RunConfig\n",
                      "from tf_revive_runtime.v1_estimator import DNNClassifier, RunConfig\n"
                      f"import tensorflow as tf\n{DISABLE}")
    check_transformed(f"import tensorflow as tf\n{DISABLE}est = tf.estimator\nm = est.ModeKeys.TRAIN\n",
                      f"import tensorflow as tf\nfrom tf_revive_runtime import v1_estimator\n{DISABLE}"
                      "est = v1_estimator\nm = est.ModeKeys.TRAIN\n")


def test_a_variable_named_estimator_does_not_meet_the_runtime_module():
    check_transformed(
        """
        import tensorflow as tf
        tf.compat.v1.disable_v2_behavior()
        estimator = tf.estimator.Estimator(model_fn)
        estimator.train(input_fn, steps=3)
        """,
        """
        import tensorflow as tf
        from tf_revive_runtime import v1_estimator
        tf.compat.v1.disable_v2_behavior()
        estimator = v1_estimator.Estimator(model_fn)
        estimator.train(input_fn, steps=3)
        """,
    )
