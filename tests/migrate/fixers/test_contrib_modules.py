"""Before/after tests of migrate/fixers/contrib_modules.py: one test per row of
hand.CONTRIB_MODULES and hand.CONTRIB_IMPORTED, and every import form of issue 10."""
import pytest

from migrate.tables import hand
from tests.migrate.helpers import check_transformed, rules


@pytest.mark.parametrize("prefix", sorted(hand.CONTRIB_MODULES))
def test_contrib_module_row(prefix):
    parent, _, leaf = f"tensorflow.{prefix}".rpartition(".")
    shim = hand.CONTRIB_MODULES[prefix][len("@tf_revive_runtime."):]
    outcome = check_transformed(f"from {parent} import {leaf}\n",
                                f"from tf_revive_runtime import {shim} as {leaf}\n")
    assert rules(outcome) == ["contrib"]


@pytest.mark.parametrize("name", sorted(hand.CONTRIB_IMPORTED))
def test_contrib_imported_row(name):
    parent, _, leaf = f"tensorflow.{name}".rpartition(".")
    target = hand.CONTRIB_IMPORTED[name][1:]
    target_parent, _, target_leaf = target.rpartition(".")
    assert target_leaf == leaf
    check_transformed(f"from {parent} import {leaf}\n", f"from {target_parent} import {leaf}\n")


def test_every_import_form_of_the_issue():
    check_transformed(
        """
        import tensorflow as tf
        from tensorflow.contrib import rnn
        from tensorflow.contrib.layers import fully_connected, batch_norm
        from tensorflow.contrib.framework import arg_scope
        import tensorflow.contrib.slim as slim
        tfe = tf.contrib.eager
        """,
        """
        import tensorflow as tf
        from tf_revive_runtime import contrib_rnn as rnn
        from tf_revive_runtime.slim import fully_connected, batch_norm
        from tf_revive_runtime.slim import arg_scope
        from tf_revive_runtime import slim
        from tf_revive_runtime import contrib_eager
        tfe = contrib_eager
        """,
    )


def test_a_module_alias_then_its_members():
    check_transformed(
        "import tensorflow as tf\nlayers = tf.contrib.layers\ny = layers.fully_connected(x, 3)\n",
        "import tensorflow as tf\nfrom tf_revive_runtime import slim\nlayers = slim\n"
        "y = layers.fully_connected(x, 3)\n")


def test_contrib_learn_module_with_a_served_and_a_removed_member():
    outcome = check_transformed(
        """
        import tensorflow as tf
        from tensorflow.contrib import learn
        vocab = learn.preprocessing.VocabularyProcessor(10)
        model = learn.DNNClassifier(hidden_units=[10])
        """,
        """
        import tensorflow as tf
        from tf_revive_runtime import contrib_learn as learn
        from tf_revive_runtime import vocabulary
        vocab = vocabulary.VocabularyProcessor(10)
        model = learn.DNNClassifier(hidden_units=[10])
        """)
    warnings = [(f.line, f.message) for f in outcome.findings if f.severity == "warning"]
    assert len(warnings) == 1 and warnings[0][0] == 4 and "tf_keras" in warnings[0][1]


def test_contrib_learn_preprocessing_imported_as_a_module():
    check_transformed(
        "import tensorflow as tf\nfrom tensorflow.contrib.learn import preprocessing\n"
        "vocab = preprocessing.VocabularyProcessor(10)\n",
        "import tensorflow as tf\nfrom tf_revive_runtime import vocabulary as preprocessing\n"
        "from tf_revive_runtime import vocabulary\nvocab = vocabulary.VocabularyProcessor(10)\n")


def test_contrib_learn_shim_serves_preprocessing_and_names_what_to_use_for_the_rest():
    from tf_revive_runtime import contrib_learn, input_data, vocabulary

    assert contrib_learn.preprocessing.VocabularyProcessor is vocabulary.VocabularyProcessor
    assert contrib_learn.datasets.mnist.read_data_sets is input_data.read_data_sets
    with pytest.raises(AttributeError, match="tf.contrib.learn.DNNClassifier has no TF 2 counterpart.*migrate"):
        contrib_learn.DNNClassifier  # noqa: B018
