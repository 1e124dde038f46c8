"""Before/after tests of migrate/fixers/tf0_order.py (TF 1.0's breaking changes): one test per
row of its hand table."""
import pytest

from migrate.engine import migrate_source
from migrate.tables import hand
from tests.migrate.helpers import check_noop, check_transformed, rules

HEADER = "import tensorflow as tf\ntf.compat.v1.disable_v2_behavior()\n"
TF0 = HEADER + "x = tf.mul(a, b)\n"  # a file written for TF 0.x


# ---------------------------------------------------------------------------- tf0-order: svd
@pytest.mark.parametrize("name", sorted(hand.TF0_REORDERED))
def test_reordered_row_in_a_tf0_file_goes_by_keyword_in_tf0_order(name):
    old, _ = hand.TF0_REORDERED[name]
    outcome = migrate_source(f"{TF0}s = tf.{name}(m, True, False)\n")
    assert f"(tensor=m, {old[1]}=True, {old[2]}=False)\n" in outcome.code
    assert "tf0-order" in rules(outcome, "change")


@pytest.mark.parametrize("name", sorted(hand.TF0_REORDERED))
def test_reordered_row_elsewhere_is_a_warning_and_keeps_the_order(name):
    outcome = migrate_source(f"{HEADER}s = tf.{name}(m, True, False)\n")
    assert "(m, True, False)\n" in outcome.code
    assert rules(outcome, "warning") == ["tf0-order"]


def test_svd_with_keywords_is_not_ambiguous():
    outcome = migrate_source(f"{TF0}s = tf.svd(m, compute_uv=False)\n")
    assert "tf0-order" not in rules(outcome)


def test_tf0_markers_need_the_tensorflow_alias():
    # re.sub and a method named pack are not TF 0.x
    outcome = migrate_source(f"{HEADER}import re\ny = re.sub('a', 'b', s)\nz = q.pack(1)\n"
                             "s = tf.svd(m, True)\n")
    assert rules(outcome, "warning") == ["tf0-order"]


# ---------------------------------------------------------------------------- tf0-order: nce
@pytest.mark.parametrize("name", sorted(hand.SAMPLED_LOSSES))
def test_sampled_loss_tf0_order_told_by_names(name):
    check_transformed(
        f"{HEADER}l = tf.{name}(w, b, embed, train_labels, 64, 1000)\n",
        f"{HEADER}l = tf.{name}(weights=w, biases=b, inputs=embed, labels=train_labels, "
        "num_sampled=64, num_classes=1000)\n")


@pytest.mark.parametrize("name", sorted(hand.SAMPLED_LOSSES))
def test_sampled_loss_tf1_order_told_by_names_is_kept(name):
    check_noop(f"{HEADER}l = tf.{name}(w, b, y_batch, h, 64, 1000)\n")


@pytest.mark.parametrize("name", sorted(hand.SAMPLED_LOSSES))
def test_sampled_loss_undecided_goes_to_the_dtype_shim(name):
    leaf = name.split(".")[-1]
    outcome = check_transformed(
        f"{HEADER}l = tf.{name}(w, b, p, q, 64, 1000)\n",
        f"import tensorflow as tf\nfrom tf_revive_runtime import tf0_nn\n"
        f"tf.compat.v1.disable_v2_behavior()\nl = tf0_nn.{leaf}(w, b, p, q, 64, 1000)\n")
    assert rules(outcome) == ["tf0-order"]


def test_sampled_loss_by_keyword_is_untouched():
    check_noop(f"{HEADER}l = tf.nn.nce_loss(weights=w, biases=b, inputs=h, labels=t, "
               "num_sampled=5, num_classes=9)\n")
