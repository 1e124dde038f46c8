"""A stable code per rule (migrate/rule_codes.py), and --select/--ignore by code, prefix,
rule name or family."""
import ast
import re
from pathlib import Path

import pytest

from migrate import cli
from migrate.engine import migrate_source
from migrate.families import parse, rules_off, using
from migrate.rule_codes import CODES, RULES, code_of, rules_for
from migrate.pipeline import convert_text

MIGRATE = Path(__file__).resolve().parents[2] / "migrate"
NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
# the argument that holds the rule, by call: ctx.change(node, RULE, ...), Finding(l, c, RULE...)
RULE_ARGUMENT = {"change": 1, "warn": 1, "set_target": 2, "Finding": 2, "_cell_finding": 3,
                 "finding": 2}


def _rules_in_source() -> set[str]:
    """Every rule name the tool can report, read from its source: the rule argument of the
    calls that make findings, RULE constants, and the eager stage's 'eager-*' names."""
    rules = set()
    for path in MIGRATE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            values = []
            if isinstance(node, ast.Call):
                name = (node.func.attr if isinstance(node.func, ast.Attribute)
                        else getattr(node.func, "id", None))
                if name in RULE_ARGUMENT and len(node.args) > RULE_ARGUMENT[name]:
                    values.append(node.args[RULE_ARGUMENT[name]])
                values += [kw.value for kw in node.keywords if kw.arg == "rule"]
            elif isinstance(node, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id.endswith("RULE") for t in node.targets):
                values.append(node.value)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                    node.value.startswith("eager-") and NAME.match(node.value):
                values.append(node)
            rules |= {v.value for v in values if isinstance(v, ast.Constant)
                      and isinstance(v.value, str) and NAME.match(v.value)}
    return rules


def test_every_rule_has_exactly_one_code_and_codes_are_unique():
    reported = _rules_in_source()
    assert reported - set(RULES) == set(), "rules without a code"
    assert set(RULES) - reported == set(), "codes of rules nothing reports"
    codes = [code for code, _ in RULES.values()]
    assert len(codes) == len(set(codes)) == len(CODES)
    assert all(re.fullmatch(r"[A-Z]+\d{3}", code) for code in codes)


def test_codes_are_stable():
    """A code once given names the same rule for good (a few spot checks of the table)."""
    assert (code_of("v1-name"), code_of("tf0-name"), code_of("graph-mode")) == (
        "TF001", "TF002", "TF010")
    assert (code_of("py2"), code_of("numpy"), code_of("matplotlib")) == ("PY001", "NP001", "MPL001")
    assert code_of(None) is None


def test_words_for_select_and_ignore():
    assert rules_for("TF002") == rules_for("tf0-name") == rules_for("tf002") == {"tf0-name"}
    assert rules_for("TF1") == {name for name in RULES if name.startswith("eager-")}
    assert rules_for("numpy") == {"numpy"}
    with pytest.raises(ValueError, match="unknown rule, code or family 'XY9'"):
        rules_for("XY9")
    assert parse(None, "numpy,py2") == frozenset({"tf", "scipy", "matplotlib"})  # families as before
    assert parse("tf,py2") == frozenset({"tf", "py2"})
    assert rules_off(parse(None, "TF002")) == {"tf0-name"}
    assert "numpy" not in parse("TF0")


SOURCE = "import tensorflow as tf\na = tf.mul(1., 2.)\nb = tf.random_normal([1])\n"


def test_an_ignored_rule_leaves_its_statements_as_written_and_says_so():
    with using(parse(None, "TF002")):
        outcome = migrate_source(SOURCE)
    assert outcome.code == ("import tensorflow as tf\na = tf.mul(1., 2.)\n"
                            "b = tf.random.normal([1])\n")
    (skip,) = [f for f in outcome.findings if f.rule == "skip"]
    assert skip.line == 2 and "TF002 tf0-name left out" in skip.message


def test_a_change_no_statement_holds_alone_keeps_the_file():
    source = SOURCE + "sess = tf.Session()\n"
    with using(parse(None, "graph-mode")):
        outcome = migrate_source(source)
    assert outcome.code == source and not outcome.changed
    assert any("file left as written: TF010 graph-mode" in f.message for f in outcome.findings)


def test_an_ignored_eager_rule_keeps_the_compat_form():
    source = ("import tensorflow as tf\nx = tf.placeholder(tf.float32, [1])\ny = x * 2.0\n"
              "with tf.Session() as sess:\n    print(sess.run(y, feed_dict={x: [1.0]}))\n")
    with using(parse(None, "TF1")):
        outcome = convert_text(source, "eager")
    assert "tf.compat.v1.Session()" in outcome.code
    assert outcome.findings[0].rule == "skip" and "keeps the compat form" in outcome.findings[0].message


def test_reports_show_the_code_next_to_the_rule(tmp_path, capsys):
    target = tmp_path / "a.py"
    target.write_text(SOURCE)
    assert cli.main(["--diff", "-v", str(target)]) == 0
    err = capsys.readouterr().err
    assert f"{target}:2:5: TF002 tf0-name: tf.mul -> tf.multiply" in err
    assert cli.main(["--check", "--report-json", str(tmp_path / "r.json"), str(target)]) == 1
    import json

    findings = json.loads((tmp_path / "r.json").read_text())["findings"]
    assert {(f["code"], f["rule"]) for f in findings} == {("TF002", "tf0-name"), ("TF001", "v1-name")}
