"""Before/after tests of migrate/fixers/dataset_methods.py: one test per row of
hand.DATASET_METHODS and hand.DATASET_PROPERTIES (run-time numbers: test_compat_runtime.py)."""
import pytest

from migrate.engine import migrate_source
from migrate.tables import hand
from tests.migrate.helpers import check_noop, check_transformed, rules

HEADER = "import tensorflow as tf\ntf.compat.v1.disable_v2_behavior()\n"


@pytest.mark.parametrize("method", sorted(hand.DATASET_METHODS))
def test_dataset_method_row(method):
    outcome = check_transformed(f"{HEADER}it = ds.{method}()\n",
                                f"{HEADER}it = tf.{hand.DATASET_METHODS[method]}(ds)\n")
    assert rules(outcome) == ["dataset-methods"]


@pytest.mark.parametrize("prop", sorted(hand.DATASET_PROPERTIES))
def test_dataset_property_row(prop):
    outcome = check_transformed(f"{HEADER}t = ds.{prop}\n",
                                f"{HEADER}t = tf.{hand.DATASET_PROPERTIES[prop]}(ds)\n")
    assert rules(outcome) == ["dataset-methods"]


def test_chained_receiver_and_shared_name_and_the_position():
    outcome = check_transformed(
        f"{HEADER}\nit = tf.data.Dataset.range(5).batch(2).make_initializable_iterator(shared_name='s')\n",
        f"{HEADER}\nit = tf.compat.v1.data.make_initializable_iterator(tf.data.Dataset.range(5).batch(2), "
        "shared_name='s')\n")
    assert [(f.line, f.rule) for f in outcome.findings] == [(4, "dataset-methods")]


def test_initializable_iterator_is_graph_code():
    outcome = migrate_source("import tensorflow as tf\nit = ds.make_initializable_iterator()\n")
    assert "graph-mode" in rules(outcome)


def test_already_functional_and_files_without_tensorflow_are_untouched():
    check_noop(f"{HEADER}it = tf.compat.v1.data.make_one_shot_iterator(ds)\n")
    check_noop("it = ds.make_one_shot_iterator()\nt = ds.output_types\n")


def test_other_arguments_are_left_alone():
    check_noop(f"{HEADER}it = thing.make_one_shot_iterator(1, 2)\n")
