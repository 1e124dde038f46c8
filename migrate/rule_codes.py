"""A stable code per rule, as ruff has: what reports print next to the rule's name, and
what ``--select`` / ``--ignore`` (and ``[tool.migrate]``) accept besides the rule families.

One row per rule: name -> (code, family).  TF0xx: the compat rewrite (TF 1.x/0.x names,
arguments, graph mode, tf.contrib, notebooks); TF1xx: ``--to eager``; PY, NP, SCI, MPL: the
rule families py2, numpy, scipy, matplotlib (one rule each); SKIP001: a ``# migrate: skip``
statement, never selected away.  A code, once given, is never reused for another rule:
new rules take the next free number.  ``tests/migrate/test_rule_codes.py`` fails for a
rule the tool can report without a row here, and for a row no rule uses.
"""
from __future__ import annotations

RULES: dict[str, tuple[str, str | None]] = {
    "v1-name": ("TF001", "tf"),
    "tf0-name": ("TF002", "tf"),
    "keyword-rename": ("TF003", "tf"),
    "signature": ("TF004", "tf"),
    "tf0-order": ("TF005", "tf"),
    "concat-order": ("TF006", "tf"),
    "split-order": ("TF007", "tf"),
    "xent-positional": ("TF008", "tf"),
    "xent-label-gradient": ("TF009", "tf"),
    "graph-mode": ("TF010", "tf"),
    "contrib": ("TF011", "tf"),
    "input-data": ("TF012", "tf"),
    "flags": ("TF013", "tf"),
    "keras2": ("TF014", "tf"),
    "keras-legacy": ("TF015", "tf"),
    "dataset-methods": ("TF016", "tf"),
    "device-pins": ("TF017", "tf"),
    "initializer-call": ("TF018", "tf"),
    "ref-variable": ("TF019", "tf"),
    "reverse-mask": ("TF020", "tf"),
    "tf0-method": ("TF021", "tf"),
    "tf0-semantics": ("TF022", "tf"),
    "cannot-run": ("TF023", "tf"),
    "needs-attention": ("TF024", "tf"),
    "star-import": ("TF025", "tf"),
    "notebook-magic": ("TF026", "tf"),
    "notebook-cell-magic": ("TF027", "tf"),
    "notebook-format": ("TF028", "tf"),
    "estimator": ("TF029", "tf"),
    "eager-absl": ("TF101", "tf"),
    "eager-block": ("TF102", "tf"),
    "eager-checkpoint": ("TF103", "tf"),
    "eager-comment": ("TF104", "tf"),
    "eager-control": ("TF105", "tf"),
    "eager-fallback": ("TF106", "tf"),
    "eager-forward": ("TF107", "tf"),
    "eager-function": ("TF108", "tf"),
    "eager-global-step": ("TF109", "tf"),
    "eager-graph": ("TF110", "tf"),
    "eager-graph-block": ("TF111", "tf"),
    "eager-graph-mode": ("TF112", "tf"),
    "eager-import": ("TF113", "tf"),
    "eager-init": ("TF114", "tf"),
    "eager-layer": ("TF115", "tf"),
    "eager-optimizer": ("TF116", "tf"),
    "eager-placeholder": ("TF117", "tf"),
    "eager-python-values": ("TF118", "tf"),
    "eager-random": ("TF119", "tf"),
    "eager-reset": ("TF120", "tf"),
    "eager-rnn": ("TF121", "tf"),
    "eager-rnn-cell": ("TF122", "tf"),
    "eager-rounding": ("TF123", "tf"),
    "eager-run": ("TF124", "tf"),
    "eager-runtime-default": ("TF125", "tf"),
    "eager-schedule": ("TF126", "tf"),
    "eager-seed": ("TF127", "tf"),
    "eager-session": ("TF128", "tf"),
    "eager-shape": ("TF129", "tf"),
    "eager-summary": ("TF130", "tf"),
    "eager-tape": ("TF131", "tf"),
    "eager-test-case": ("TF132", "tf"),
    "eager-tf1-island": ("TF133", "tf"),
    "eager-variable": ("TF134", "tf"),
    "eager-variable-loop": ("TF135", "tf"),
    "eager-variable-scope": ("TF136", "tf"),
    "eager-printed-repr": ("TF137", "tf"),
    "py2": ("PY001", "py2"),
    "numpy": ("NP001", "numpy"),
    "scipy": ("SCI001", "scipy"),
    "matplotlib": ("MPL001", "matplotlib"),
    "skip": ("SKIP001", None),
}
CODES = {code: name for name, (code, _) in RULES.items()}
FAMILY_NAMES = ("tf", "py2", "numpy", "matplotlib")


def code_of(rule: str | None) -> str | None:
    """The code of ``rule``; None for an error (no rule) or a rule without a row."""
    row = RULES.get(rule) if rule else None
    return row[0] if row else None


def family_of(rule: str) -> str | None:
    return RULES[rule][1]


def rules_for(token: str) -> set[str]:
    """The rule names a --select/--ignore word stands for: a family (tf, py2, numpy,
    matplotlib), a rule name (tf0-name), a code (TF002) or a code prefix (TF0, TF1, NPY);
    ValueError for a word that matches nothing."""
    word = token.strip()
    if word in FAMILY_NAMES:
        return {name for name, (_, family) in RULES.items() if family == word}
    if word in RULES:
        return {word}
    upper = word.upper()
    matched = {name for code, name in CODES.items() if code.startswith(upper)} if upper else set()
    if not matched:
        raise ValueError(f"unknown rule, code or family {word!r} (families: "
                         f"{', '.join(FAMILY_NAMES)}; codes: 'migrate help rules')")
    return matched
