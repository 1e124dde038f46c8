"""TF 1.0's breaking changes that the hand tables add: one test per row, and a TF 0.11
program (tests/fixtures/tf0_checks/tf0_11_api.py) that checks its own results after
migrate converted it.
"""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from migrate.engine import migrate_source
from migrate.tables import hand
from tests.migrate.helpers import check_noop, check_transformed, rules

HEADER = "import tensorflow as tf\ntf.compat.v1.disable_v2_behavior()\n"
TF0 = HEADER + "x = tf.mul(a, b)\n"  # a file written for TF 0.x
FIXTURE = Path(__file__).parent.parent / "fixtures" / "tf0_checks" / "tf0_11_api.py"


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
        f"import tensorflow as tf\nfrom migrate.shims import tf0_nn\n"
        f"tf.compat.v1.disable_v2_behavior()\nl = tf0_nn.{leaf}(w, b, p, q, 64, 1000)\n")
    assert rules(outcome) == ["tf0-order"]


def test_sampled_loss_by_keyword_is_untouched():
    check_noop(f"{HEADER}l = tf.nn.nce_loss(weights=w, biases=b, inputs=h, labels=t, "
               "num_sampled=5, num_classes=9)\n")


# ---------------------------------------------------------------------------- reverse-mask
@pytest.mark.parametrize("before,after", [
    ("tf.reverse(x, [True, False, True])", "tf.reverse(x, [0, 2])"),
    ("tf.reverse(x, (False, True))", "tf.reverse(x, [1])"),
    ("tf.reverse(x, dims=[True])", "tf.reverse(x, axis=[0])"),
])
def test_reverse_boolean_mask_becomes_axes(before, after):
    outcome = check_transformed(f"{HEADER}r = {before}\n", f"{HEADER}r = {after}\n")
    assert rules(outcome) == ["reverse-mask"]


def test_reverse_with_axes_is_untouched_and_a_variable_mask_warned_in_tf0_files():
    check_noop(f"{HEADER}r = tf.reverse(x, [0])\ns = tf.reverse(x, m)\n")
    outcome = migrate_source(f"{TF0}r = tf.reverse(x, m)\n")
    assert "reverse-mask" in rules(outcome, "warning")


# ---------------------------------------------------------------------------- tf0-semantics
@pytest.mark.parametrize("name", sorted(hand.TF0_SEMANTICS))
def test_tf0_semantics_row_is_said_in_tf0_files_only(name):
    outcome = migrate_source(f"{TF0}y = tf.{name}(x)\n")
    assert "tf0-semantics" in rules(outcome, "warning")
    assert f"y = tf.{name}(x)\n" in outcome.code
    assert "tf0-semantics" not in rules(migrate_source(f"{HEADER}y = tf.{name}(x)\n"))


# ---------------------------------------------------------------------------- removed
@pytest.mark.parametrize("name", sorted(hand.REMOVED))
def test_removed_row_is_one_warning_with_its_line(name):
    outcome = check_noop(f"{HEADER}\n\ny = tf.{name}.Thing(1)\n")
    assert [(f.line, f.rule) for f in outcome.findings] == [(5, "removed")]
    assert hand.REMOVED[name] in outcome.findings[0].message


# ---------------------------------------------------------------------------- at run time
def test_the_dtype_shim_picks_labels_and_refuses_to_guess():
    tf = pytest.importorskip("tensorflow")
    from migrate.shims import tf0_nn

    labels = tf.constant([[1], [2]], dtype=tf.int64)
    inputs = tf.ones([2, 4])
    assert tf0_nn._order(inputs, labels, 1)[0] is not None
    got_labels, got_inputs = tf0_nn._order(inputs, labels, 1)
    assert got_labels.dtype == tf.int64 and got_inputs.dtype == tf.float32
    got_labels, got_inputs = tf0_nn._order(labels, inputs, 1)
    assert got_labels.dtype == tf.int64
    # both float: the shape [batch, num_true] tells
    got_labels, _ = tf0_nn._order(tf.ones([2, 4]), tf.zeros([2, 1]), 1)
    assert got_labels.shape == (2, 1)
    with pytest.raises(ValueError, match="cannot tell labels from inputs"):
        tf0_nn._order(tf.ones([2, 4]), tf.ones([2, 4]), 1)


def test_tf0_11_program_converted_passes_all_its_checks():
    """Our TF 0.11 self-checking program: every check passes after migrate, on TF 2.21."""
    source = FIXTURE.read_text()
    expected = source.count('check("')  # every check runs once
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONPATH=os.getcwd())
    result = subprocess.run([sys.executable, "-m", "migrate", "run", str(FIXTURE)],
                            capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    ok = [line for line in result.stdout.splitlines() if line.startswith("ok ")]
    assert len(ok) == expected == 38
    assert result.stdout.strip().splitlines()[-1] == f"ALL OK {expected}"


def test_tf0_11_program_does_not_run_unconverted():
    tf = pytest.importorskip("tensorflow")
    assert not hasattr(tf, "mul") and not hasattr(tf, "Session")
