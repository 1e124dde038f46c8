"""`migrate --help` fits a screen; `migrate help TOPIC` has the rest, from the same parser
and tables; docs/migrate.md documents every option."""
import re
from pathlib import Path

import pytest

from migrate import cli
from migrate.help import COMMON, TOPICS, WIDTH

REPO = Path(__file__).resolve().parents[2]


def run(argv, capsys):
    try:
        code = cli.main(argv)
    except SystemExit as done:
        code = done.code
    out = capsys.readouterr()
    return code, out.out, out.err


def test_help_fits_one_screen(capsys):
    code, out, _ = run(["--help"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert len(lines) <= 30 and max(map(len, lines)) <= WIDTH
    for command in ("migrate run", "migrate verify", "migrate help"):
        assert sum(line.lstrip().startswith(command) for line in lines) == 1
    parser = cli._build_parser()
    shown = {a.dest for a in parser._actions if any(o in out for o in a.option_strings)}
    assert set(COMMON) <= shown
    assert run(["-h"], capsys)[1] == out == run(["help"], capsys)[1]


@pytest.mark.parametrize("topic", [t for t in TOPICS if t not in ("run", "verify")])
def test_every_topic(capsys, topic):
    code, out, _ = run(["help", topic], capsys)
    assert code == 0 and len(out.splitlines()) >= 2


def test_run_and_verify_topics_are_their_own_help(capsys):
    assert run(["help", "run"], capsys)[1] == run(["run", "--help"], capsys)[1] != ""
    code, out, _ = run(["help", "verify"], capsys)
    assert "migrate verify" in out


def test_an_unknown_topic_is_a_usage_error(capsys):
    code, _, err = run(["help", "nothing"], capsys)
    assert code == 2 and "unknown topic 'nothing'" in err and "rules" in err


def test_options_lists_every_option_and_the_rules_every_code(capsys):
    out = run(["help", "options"], capsys)[1]
    for action in cli._build_parser()._actions:
        for option in action.option_strings:
            assert option in out
    rules = run(["help", "rules"], capsys)[1]
    from migrate.rule_codes import RULES

    assert all(code in rules and name in rules for name, (code, _) in RULES.items())


def test_docs_document_every_long_option():
    docs = (REPO / "docs" / "migrate.md").read_text()
    missing = [option for action in cli._build_parser()._actions
               for option in action.option_strings
               if option.startswith("--") and not re.search(re.escape(option) + r"\b", docs)]
    assert missing == []
