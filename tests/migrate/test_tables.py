"""The tables against the installed TensorFlow: the generated file is up to date, every
target of every row exists, and every hand row transforms as it says.

This module imports TensorFlow (once); the engine itself never does.
"""
import importlib
import inspect
import os
import sys
import textwrap

import numpy as np
import pytest

from migrate.engine import migrate_source
from migrate.tables import generate, graph_names, hand, v1_names
from tests.migrate.helpers import check_noop, check_transformed, rules
from tests import tf_worker

tf = pytest.importorskip("tensorflow")

HEADER = "import tensorflow as tf\ntf.compat.v1.disable_v2_behavior()\n"


def resolve(target: str):
    """The object a table target names ("compat.v1.Session", "@tf_revive_runtime.v1_layers")."""
    if target.startswith("@"):
        parts = target[1:].split(".")
        for i in range(len(parts), 0, -1):
            try:
                obj = importlib.import_module(".".join(parts[:i]))
            except ImportError:
                continue
            for part in parts[i:]:
                obj = getattr(obj, part)
            return obj
        raise ImportError(target)
    obj = tf
    for part in target.split("."):
        obj = getattr(obj, part)
    return obj


def expression(target: str) -> str:
    """How the engine writes a target in a file that did `import tensorflow as tf`."""
    if target.startswith("@tf_revive_runtime."):
        return ".".join(target[len("@tf_revive_runtime."):].split("."))
    if target.startswith("@"):
        return target[1:]
    return "tf." + target


# ---------------------------------------------------------------------------- generated
def test_generated_tables_are_up_to_date():
    """The one staleness test: every table derived from TensorFlow (names for compat and
    eager alike, seed positions, optimizer signatures) is what the generator writes now."""
    for path, text in generate.outputs().items():
        assert text == path.read_text(), f"{path} is stale: run python -m migrate.tables.generate"


def test_generated_table_names_the_installed_version():
    assert v1_names.TF_VERSION == tf.__version__
    assert f"from TensorFlow {tf.__version__}" in generate.OUTPUT.read_text().splitlines()[0]


def test_every_v1_only_row_exists_in_compat_v1_and_its_target_in_tf():
    missing = []
    for name, target in v1_names.V1_ONLY.items():
        try:
            resolve("compat.v1." + name)
            resolve(target)
        except AttributeError as error:
            missing.append((name, target, str(error)))
    assert not missing


def test_moved_rows_point_at_the_very_same_object():
    for name, target in v1_names.V1_ONLY.items():
        if target.startswith("compat.v1."):
            continue
        assert resolve("compat.v1." + name) is resolve(target), name


def test_v1_only_rows_are_not_in_tf2():
    for name in v1_names.V1_ONLY:
        parent, _, leaf = name.rpartition(".")
        if name.split(".")[0] in ("losses", "metrics", "initializers"):
            continue  # TF 2's are Keras's: another module under the same name
        try:
            module = resolve(parent) if parent else tf
        except AttributeError:
            continue  # a row inside a module TF 2 lacks
        assert not hasattr(module, leaf), name


def test_every_v1_only_row_transforms_as_the_table_says():
    for name, target in sorted(v1_names.V1_ONLY.items()):
        if name.split(".")[0] in ("layers",) or name.startswith("nn.rnn_cell"):
            continue  # served by the shims instead (see LEGACY_MODULES)
        if any(name == p or name.startswith(p + ".") for p in hand.SHIMMED_MODULES):
            continue  # served by a shim instead (see SHIMMED_MODULES)
        if name in hand.TF0_NAMES:
            continue  # deprecated in TF 1.x already: the hand table names the successor
        outcome = migrate_source(f"{HEADER}y = tf.{name}\n")
        assert outcome.code == f"{HEADER}y = tf.{target}\n", name


def test_keyword_renames_point_at_real_parameters():
    for name, renames in v1_names.KEYWORD_RENAMES.items():
        v1_positional, v1_all, v2_positional, v2_all = v1_names.SIGNATURES[name]
        for old, new in renames.items():
            assert old in v1_all and old not in v2_all and new in v2_all, (name, old, new)


def test_every_keyword_rename_transforms():
    for name, renames in sorted(v1_names.KEYWORD_RENAMES.items()):
        for old, new in renames.items():
            outcome = migrate_source(f"import tensorflow as tf\ny = tf.{name}({old}=1)\n")
            assert f"y = tf.{name}({new}=1)\n" in outcome.code, (name, old)


def test_the_seed_renames_are_derived():
    for name in ("reduce_sum", "reduce_mean", "reduce_max"):
        assert v1_names.KEYWORD_RENAMES[name] == {"reduction_indices": "axis", "keep_dims": "keepdims"}
    assert v1_names.KEYWORD_RENAMES["argmax"] == {"dimension": "axis"}
    assert v1_names.KEYWORD_RENAMES["nn.softmax"] == {"dim": "axis"}
    assert "keep_prob" not in v1_names.KEYWORD_RENAMES.get("nn.dropout", {})  # rate = 1 - keep_prob


def test_known_names_and_modules():
    assert {"Session", "Variable", "train.GradientDescentOptimizer", "placeholder"} <= v1_names.KNOWN
    assert {"train", "nn", "compat.v1"} - v1_names.MODULES == {"compat.v1"}
    assert "layers" in v1_names.OPAQUE and "raw_ops" in v1_names.OPAQUE


# ---------------------------------------------------------------------------- hand: targets
def _hand_targets():
    for old, target in hand.TF0_NAMES.items():
        yield "TF0_NAMES", old, target
    for old, target in hand.SEMANTIC_V1.items():
        yield "SEMANTIC_V1", old, target
    for old, (target, _) in hand.CONTRIB.items():
        yield "CONTRIB", old, target
    for old, target in hand.LEGACY_MODULES.items():
        yield "LEGACY_MODULES", old, target
    for old, target in hand.INPUT_DATA_MODULES.items():
        yield "INPUT_DATA_MODULES", old, target
    for table in ("SHIMMED_MODULES", "CONTRIB_MODULES", "CONTRIB_IMPORTED", "DATASET_METHODS",
                  "DATASET_PROPERTIES"):
        for old, target in getattr(hand, table).items():
            yield table, old, target


@pytest.mark.parametrize("table,old,target", list(_hand_targets()))
def test_every_hand_target_exists(table, old, target):
    assert resolve(target) is not None


@pytest.mark.parametrize("name", sorted(hand.DISABLES_EAGER))
def test_disables_eager_names_exist_in_compat_v1(name):
    assert resolve("compat.v1." + name) is not None


def test_graph_names_exist_in_compat_v1():
    for name in graph_names.NEEDS_GRAPH:
        if not name.startswith(("layers.", "nn.rnn_cell.")):  # served by tf_keras (Keras 3 refuses)
            assert resolve("compat.v1." + name) is not None, name
    for path, name in graph_names.PRIVATE_GRAPH_PATHS.items():
        module, _, qualname = path.rpartition(".")
        while "tensorflow." + module not in sys.modules and "." in module:  # a nested class: Graph.as_default
            module, _, outer = module.rpartition(".")
            qualname = outer + "." + qualname
        obj = importlib.import_module("tensorflow." + module)
        for part in qualname.split("."):
            obj = getattr(obj, part)
        assert inspect.unwrap(obj) is inspect.unwrap(resolve("compat.v1." + name)), path


def test_graph_names_hold_the_classes_the_issue_found():
    """Collections read back, APIs that raise under eager, sessions (issue 23)."""
    for name in ("trainable_variables", "global_variables", "local_variables", "losses.get_losses",
                 "losses.get_regularization_losses", "losses.get_total_loss", "gradients",
                 "metrics.accuracy", "metrics.mean", "train.MonitoredSession",
                 "train.SingularMonitoredSession", "get_default_session", "Session",
                 "InteractiveSession", "placeholder", "get_variable", "train.Saver"):
        assert name in graph_names.NEEDS_GRAPH, name
    assert {"eval", "run", "test_session", "session", "cached_session"} <= set(graph_names.GRAPH_METHODS)


def test_every_compat_v1_metric_needs_graph_mode():
    """A TF upgrade's new tf.compat.v1.metrics.* function must land in the table too."""
    metrics = [n for n in dir(tf.compat.v1.metrics) if not n.startswith("_")]
    assert metrics and [n for n in metrics if "metrics." + n not in graph_names.NEEDS_GRAPH] == []


def test_tf0_names_are_not_in_tf2():
    for old in hand.TF0_NAMES:
        with pytest.raises(AttributeError):
            resolve(old)


@pytest.mark.parametrize("name", sorted(hand.XENT_POSITIONAL) + sorted(hand.AMBIGUOUS_POSITIONAL))
def test_xent_functions_take_logits_and_labels(name):
    import inspect

    parameters = inspect.signature(resolve(name)).parameters
    assert "logits" in parameters and "labels" in parameters


def test_tf0_keyword_targets_are_parameters():
    import inspect

    for old, renames in hand.TF0_KEYWORDS.items():
        target = hand.TF0_NAMES.get(old, old)
        parameters = inspect.signature(resolve(target)).parameters
        for new in renames.values():
            assert new in parameters, (old, new)


# ---------------------------------------------------------------------------- hand: rows
@pytest.mark.parametrize("old,target", sorted(hand.TF0_NAMES.items()))
def test_tf0_name_row(old, target):
    outcome = check_transformed(f"{HEADER}y = tf.{old}\n", f"{HEADER}y = tf.{target}\n")
    assert rules(outcome) == ["tf0-name"]


@pytest.mark.parametrize("old,target", sorted(hand.SEMANTIC_V1.items()))
def test_semantic_v1_row(old, target):
    check_transformed(f"{HEADER}y = tf.{old}(a)\n", f"{HEADER}y = tf.{target}(a)\n")


def test_every_default_that_changed_is_decided():
    """A TF 2 name whose defaults differ from TF 1's is kept as TF 1 or shown equivalent."""
    decided = set(hand.SEMANTIC_V1) | set(hand.EQUIVALENT_DEFAULTS) | set(hand.DEFAULTS_HANDLED)
    assert set(v1_names.DEFAULTS_DIFFER) <= decided, set(v1_names.DEFAULTS_DIFFER) - decided
    assert not set(hand.EQUIVALENT_DEFAULTS) & set(hand.SEMANTIC_V1)


@pytest.mark.parametrize("name,row", sorted(hand.EQUIVALENT_DEFAULTS.items()))
def test_equivalent_default_row_names_the_parameter_that_differs(name, row):
    parameter, _why = row
    assert parameter in v1_names.DEFAULTS_DIFFER[name]
    check_noop(f"{HEADER}y = tf.{name}(a)\n")


def test_v1_initializers_draw_tf1_defaults():
    """TF 1.x docs: random_normal_initializer(mean=0.0, stddev=1.0), random_uniform_initializer(
    minval=0, maxval=None -> 1.0); TF 2's classes default to 0.05 wide."""
    normal = resolve(hand.SEMANTIC_V1["random_normal_initializer"])(seed=1)
    uniform = resolve(hand.SEMANTIC_V1["random_uniform_initializer"])(seed=1)
    drawn_normal = np.asarray(normal([20000]))
    drawn_uniform = np.asarray(uniform([20000]))
    assert abs(drawn_normal.std() - 1.0) < 0.02 and abs(drawn_normal.mean()) < 0.02
    assert drawn_uniform.min() >= 0.0 and drawn_uniform.max() < 1.0
    assert abs(drawn_uniform.mean() - 0.5) < 0.01
    assert np.asarray(tf.random_normal_initializer(seed=1)([20000])).std() < 0.06


XENT_EXAMPLES = {
    "nn.sigmoid_cross_entropy_with_logits": ("(o, t)", "(logits=o, labels=t)"),
    # labels wrapped too: TF 1.x never back-propagated into them (fixers/xent_label_gradient.py)
    "nn.softmax_cross_entropy_with_logits": ("(o, t, -1)",
                                             "(logits=o, labels=tf.stop_gradient(t), axis=-1)"),
    "nn.sparse_softmax_cross_entropy_with_logits": ("(o, t, 'n')", "(logits=o, labels=t, name='n')"),
}


@pytest.mark.parametrize("name", sorted(hand.XENT_POSITIONAL))
def test_xent_row(name):
    before, after = XENT_EXAMPLES[name]
    outcome = check_transformed(f"{HEADER}l = tf.{name}{before}\n", f"{HEADER}l = tf.{name}{after}\n")
    assert "xent-positional" in rules(outcome)


@pytest.mark.parametrize("name", sorted(hand.AMBIGUOUS_POSITIONAL))
def test_ambiguous_positional_row(name):
    outcome = check_noop(f"{HEADER}l = tf.{name}(a, b, 2.0)\n")
    assert rules(outcome, "warning") == ["xent-positional"]


TF0_KEYWORD_EXAMPLES = {
    "batch_matmul": ("tf.batch_matmul(x=a, y=b, adj_x=True, adj_y=False)",
                     "tf.matmul(a=a, b=b, adjoint_a=True, adjoint_b=False)"),
    "concat": ("tf.concat(concat_dim=0, values=v)", "tf.concat(axis=0, values=v)"),
    "split": ("tf.split(split_dim=0, num_split=2, value=v)",
              "tf.split(axis=0, num_or_size_splits=2, value=v)"),
    "nn.sigmoid_cross_entropy_with_logits": (
        "tf.nn.sigmoid_cross_entropy_with_logits(logits=o, targets=t)",
        "tf.nn.sigmoid_cross_entropy_with_logits(logits=o, labels=t)"),
    "scalar_summary": ("tf.scalar_summary(tags='loss', values=l)",
                       "tf.compat.v1.summary.scalar(name='loss', tensor=l)"),
    "histogram_summary": ("tf.histogram_summary(tag='w', values=w)",
                          "tf.compat.v1.summary.histogram(name='w', values=w)"),
    "image_summary": ("tf.image_summary('x', images, 5)",
                      "tf.compat.v1.summary.image('x', images, max_outputs=5)"),
    "audio_summary": ("tf.audio_summary(tag='a', tensor=t, sample_rate=8000)",
                      "tf.compat.v1.summary.audio(name='a', tensor=t, sample_rate=8000)"),
    "SparseTensor": ("tf.SparseTensor(indices=i, values=v, shape=s)",
                     "tf.SparseTensor(indices=i, values=v, dense_shape=s)"),
}


@pytest.mark.parametrize("name", sorted(set(hand.TF0_KEYWORDS) | set(hand.TF0_POSITIONAL)))
def test_tf0_argument_row(name):
    before, after = TF0_KEYWORD_EXAMPLES[name]
    check_transformed(f"{HEADER}y = {before}\n", f"{HEADER}y = {after}\n")


CONTRIB_EXAMPLES = {
    "xavier": ("(seed=3)", "(seed=3)"),
    "l2": ("(0.01)", "(0.5 * 0.01)"),
    "l1": ("(scale=0.01)", "(0.01)"),
    "one-arg": ("(x)", "(x)"),
    "rename": ("(a)", "(a)"),
}


@pytest.mark.parametrize("old", sorted(hand.CONTRIB))
def test_contrib_row(old):
    target, kind = hand.CONTRIB[old]
    before, after = CONTRIB_EXAMPLES[kind]
    outcome = migrate_source(f"{HEADER}y = tf.{old}{before}\n")
    assert f"y = {expression(target)}{after}\n" in outcome.code
    if target.startswith("@tf_revive_runtime."):
        module = target[len("@tf_revive_runtime."):].split(".")[0]
        assert f"from tf_revive_runtime import {module}\n" in outcome.code
    assert rules(outcome) == ["contrib"]
    assert migrate_source(outcome.code).code == outcome.code


@pytest.mark.parametrize("prefix", sorted(hand.CONTRIB_ADVICE))
def test_contrib_advice_row(prefix):
    outcome = check_noop(f"import tensorflow as tf\ny = tf.{prefix}.something_removed(x)\n")
    assert rules(outcome) == ["contrib"]
    assert hand.CONTRIB_ADVICE[prefix] in outcome.findings[0].message


@pytest.mark.parametrize("prefix", sorted(hand.LEGACY_MODULES))
def test_legacy_module_row(prefix):
    module = hand.LEGACY_MODULES[prefix][len("@tf_revive_runtime."):]
    check_transformed(
        f"{HEADER}y = tf.{prefix}.Foo(1)\n",
        f"import tensorflow as tf\nfrom tf_revive_runtime import {module}\n"
        f"tf.compat.v1.disable_v2_behavior()\ny = {module}.Foo(1)\n",
    )


@pytest.mark.parametrize("path", sorted(hand.INPUT_DATA_MODULES))
def test_input_data_row(path):
    parent, _, leaf = f"tensorflow.{path}".rpartition(".")
    shim = hand.INPUT_DATA_MODULES[path][1:]
    shim_parent, _, shim_leaf = shim.rpartition(".")
    asname = "" if leaf == shim_leaf else f" as {leaf}"
    check_transformed(
        f"from {parent} import {leaf}\nd = {leaf}.read_data_sets('x')\n",
        f"from {shim_parent} import {shim_leaf}{asname}\nd = {leaf}.read_data_sets('x')\n",
    )


@pytest.mark.parametrize("name", sorted(n for n in graph_names.NEEDS_GRAPH if "." not in n))
def test_graph_name_row(name):
    outcome = migrate_source(f"import tensorflow.compat.v1 as tf\ny = tf.{name}\n")
    assert outcome.code == f"import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\ny = tf.{name}\n" or \
        "tf.disable_v2_behavior()\n" in outcome.code or name in hand.DISABLES_EAGER
    assert "graph-mode" in rules(outcome) or name in hand.DISABLES_EAGER


@pytest.mark.parametrize("name", sorted(hand.DISABLES_EAGER))
def test_disables_eager_row(name):
    check_noop(f"import tensorflow as tf\ntf.compat.v1.{name}()\nx = tf.compat.v1.placeholder(tf.float32)\n")


@pytest.mark.parametrize("key", sorted(hand.RUNTIME_CONFIGURATION))
def test_runtime_configuration_row_is_tf2_api_stage1_keeps(key):
    assert callable(resolve(key)) or key in v1_names.MODULES
    check_noop(f"import tensorflow as tf\nf = tf.{key}\n")


@pytest.mark.parametrize("key", sorted(hand.RUNTIME_DEFAULTS))
def test_runtime_default_row_is_the_installed_eager_default(key):
    """`--to eager` drops `tf.<key>(<value>)`: the value must be eager TF 2's own default."""
    import tensorflow as tf
    getter = resolve(key.replace(".set_", ".get_"))
    assert tf.executing_eagerly() and repr(getter()) == hand.RUNTIME_DEFAULTS[key]


# ---------------------------------------------------------------------------- shims at run time
SHIM_SCRIPT = textwrap.dedent("""
    import numpy as np
    import tensorflow as tf
    import tf_keras
    from tf_revive_runtime import v1_layers, v1_rnn_cell
    tf.compat.v1.disable_v2_behavior()
    tf.compat.v1.set_random_seed(1)
    x = tf.compat.v1.placeholder(tf.float32, [None, 4])
    w = tf.compat.v1.get_variable("w", [4, 3], initializer=tf.compat.v1.glorot_uniform_initializer(seed=2),
                                  regularizer=tf_keras.regularizers.l2(0.5 * 0.1))
    h = v1_layers.dense(tf.matmul(x, w), 5, activation=tf.nn.relu)
    out, _ = tf.compat.v1.nn.dynamic_rnn(v1_rnn_cell.BasicLSTMCell(6), tf.reshape(h, [-1, 5, 1]), dtype=tf.float32)
    reg = tf.compat.v1.losses.get_regularization_losses()[0]
    with tf.compat.v1.Session() as sess:
        sess.run(tf.compat.v1.global_variables_initializer())
        o, r, contrib = sess.run([out, reg, tf.multiply(0.1, tf.nn.l2_loss(w))], {x: np.ones((2, 4))})
        print(o.shape, r == contrib)
""")


def test_shims_and_contrib_replacements_run_in_graph_mode(tmp_path):
    script = tmp_path / "shims.py"
    script.write_text(SHIM_SCRIPT)
    env = dict(os.environ, PYTHONPATH=os.getcwd())
    result = tf_worker.run([sys.executable, str(script)], capture_output=True, text=True, env=env,
                           timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().splitlines()[-1] == "(2, 5, 6) True"


def test_compat_v1_layers_really_fail_under_keras_3():
    """Why the shims exist: TF's own tf.compat.v1.layers refuses to work with Keras 3."""
    import keras

    if not keras.__version__.startswith("3."):
        pytest.skip("Keras 2 installed")
    with pytest.raises(AttributeError, match="not available with Keras 3"):
        tf.compat.v1.layers.dense  # noqa: B018


# ---------------------------------------------------------------------------- hand: ref-variable
def test_variable_v1_only_keywords_are_tf1s_and_dropped_by_tf2s_variable():
    import inspect

    from tensorflow.python.ops import variables

    v1 = list(inspect.signature(resolve(hand.VARIABLE_V1).__init__).parameters)[1:]
    v2 = inspect.signature(variables.Variable._variable_call).parameters
    assert v2["kwargs"].kind is inspect.Parameter.VAR_KEYWORD  # why they vanish silently
    for keyword in hand.VARIABLE_V1_ONLY:
        assert keyword in v1 and keyword not in v2, keyword
    n = hand.VARIABLE_SHARED_POSITIONAL
    assert v1[:n] == list(v2)[:n] and v1[n] != list(v2)[n]


def test_assign_methods_are_variable_methods():
    for name in hand.ASSIGN_METHODS:
        assert callable(getattr(tf.Variable, name)) and callable(getattr(tf.compat.v1, name))


# ---------------------------------------------------------------------------- hand: tf0-method
@pytest.mark.parametrize("old", sorted(hand.TF0_METHODS))
def test_tf0_method_row_names_the_tf2_method_and_not_the_old(old):
    import inspect

    new, maker, positional = hand.TF0_METHODS[old]
    cls = resolve(maker)
    assert hasattr(cls, new) and not hasattr(cls, old)
    parameters = [p for p in inspect.signature(getattr(cls, new)).parameters if p != "self"]
    assert parameters == [*parameters[:positional], "name"]


def test_template_var_scope_still_works_in_tf2():
    """TF 1.0 renamed Template.var_scope to variable_scope; TF 2.21 keeps both: no row."""
    with tf.Graph().as_default():
        template = tf.compat.v1.make_template("lin", lambda x: x * 2)
        template(tf.constant(1.0))
        assert template.var_scope is template.variable_scope and template.var_scope.name == "lin"


# ---------------------------------------------------------------------------- hand: numpy-nep50
@pytest.mark.parametrize("name,row", sorted(hand.INTEGER_ARGUMENTS.items()))
def test_integer_argument_row_is_that_parameter(name, row):
    import inspect

    position, parameter = row
    if name.startswith("keras."):
        target = "@tf_keras." + name[len("keras."):]  # a TF 1.x script's tf.keras (fixers/keras2.py)
    elif name.startswith("layers."):
        target = "@tf_revive_runtime.v1_layers." + name[len("layers."):]
    else:
        target = name if hasattr(tf, name.split(".")[0]) and _has(name) else "compat.v1." + name
    function = resolve(target)
    function = function.__init__ if inspect.isclass(function) else function
    parameters = [p for p in inspect.signature(function).parameters if p != "self"]
    assert parameters[position] == parameter


def _has(name):
    try:
        resolve(name)
        return True
    except AttributeError:
        return False


REF_ONLY_EXAMPLES = {
    "initialized_value": (lambda v: v.initialized_value() * 2, NotImplementedError),
    "validate_shape=False": (lambda v: tf.compat.v1.assign(v, [1.0, 2.0], validate_shape=False),
                             ValueError),
}


@pytest.mark.parametrize("use", sorted(hand.REF_ONLY_USES))
def test_ref_only_use_row_fails_on_tf2s_variable_and_works_on_tf1s(use):
    build, error = REF_ONLY_EXAMPLES[use]
    with tf.Graph().as_default():
        with pytest.raises(error):
            build(tf.Variable([1.0], validate_shape=False))
        tensor = build(tf.compat.v1.Variable([1.0], validate_shape=False, use_resource=False))
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            assert sess.run(tensor).tolist() in ([2.0], [1.0, 2.0])


@pytest.mark.parametrize("literal, python_type", [("1.5", "float"), ("-2", "int"), ("True", "bool")])
def test_literal_dtype_row_is_what_tensorflow_converts(literal, python_type):
    import tensorflow as tf
    from migrate.tables import graph_api
    assert type(eval(literal)).__name__ == python_type
    assert tf.convert_to_tensor(eval(literal)).dtype.name == graph_api.LITERAL_DTYPES[python_type]


def test_the_generator_reads_a_class_source_as_inspect_does():
    """generate_graph parses each file once for its classes; the text is inspect.getsource's."""
    from migrate.tables import generate_graph

    classes = [tf.compat.v1.Session, tf.Graph, tf.compat.v1.train.AdamOptimizer, tf.Variable,
               tf.compat.v1.train.MonitoredSession, tf.compat.v1.train.MonitoredSession.StepContext]
    for cls in classes:
        assert generate_graph._class_source(cls) == inspect.getsource(cls), cls
