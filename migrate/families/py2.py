"""py2: Python 2 left in a TF script, rewritten by fissix (the maintained lib2to3 fork).

Two cases, both decided cheaply:
- the file does not parse as Python 3 (``print x``, ``except E, e``, ``0777``, backquotes):
  fissix's syntax fixers run on it; if the result still does not parse, the caller reports
  the original syntax error and the file is left untouched;
- the file parses but uses Python 2-only names (``xrange``, ``d.iteritems()``,
  ``urllib.urlretrieve``, ``raw_input``...): fissix's idiom fixers run on it.
lib2to3's tree is lossless, so comments and formatting survive.
"""
from __future__ import annotations

import difflib
import re

from migrate.findings import CHANGE, Finding

# fixers for code that Python 3 cannot parse
SYNTAX_FIXERS = ("print", "except", "exec", "raise", "repr", "ne", "numliterals",
                 "tuple_params", "backquote")
# fixers for Python 2 names in code that parses
IDIOM_FIXERS = ("except", "xrange", "dict", "has_key", "urllib", "raw_input", "basestring", "unicode",
                "long", "getcwdu", "itertools", "itertools_imports")
# Python 2-only idioms: run IDIOM_FIXERS only where one of these appears. Each pattern
# with a word it cannot match without: the word is looked for first (a substring test),
# the pattern only where the word is (one pattern of all with no fixed text to look for
# cost about 7 % of parsing the file over the bench's tree).
_IDIOMS = tuple((word, re.compile(pattern, re.M)) for word, pattern in (
    ("xrange", r"\bxrange\s*\("),
    (".iter", r"\.iter(?:items|keys|values)\s*\("),
    (".has_key", r"\.has_key\s*\("),
    ("urllib2", r"\burllib2\b"),
    ("urllib.", r"\burllib\.(?:urlretrieve|urlopen|urlencode|quote|unquote|URLopener)\b"),
    ("raw_input", r"\braw_input\s*\("),
    ("basestring", r"\bbasestring\b"),
    ("unicode", r"\bunicode\s*\("),
    ("itertools.i", r"\bitertools\.i(?:zip|map|filter)\b"),
    ("os.getcwdu", r"\bos\.getcwdu\b"),
    ("except", r"^\s*except\s+[\w.]+\s*,\s*\w+\s*:"),  # libcst reads it as except (E, e): wrong
))


def _tool(names, print_function: bool = False):
    from fissix.refactor import RefactoringTool, get_fixers_from_package

    available = set(get_fixers_from_package("fissix.fixes"))
    wanted = [f"fissix.fixes.fix_{name}" for name in names if f"fissix.fixes.fix_{name}" in available]
    # Code that parses as Python 3 (the idiom pass) is read with print as a function, so
    # that print(x, file=f) next to an xrange does not stop fissix.
    return RefactoringTool(wanted, options={"print_function": print_function})


def has_idioms(source: str) -> bool:
    return any(word in source and pattern.search(source) for word, pattern in _IDIOMS)


def _run(source: str, names, print_function: bool = False) -> str | None:
    """fissix's result, or None when fissix cannot read the source either."""
    from fissix.pgen2.parse import ParseError
    from fissix.pgen2.tokenize import TokenError

    text = source if source.endswith("\n") else source + "\n"
    try:
        tree = _tool(names, print_function).refactor_string(text, "<migrate>")
    except (ParseError, TokenError, IndentationError, SyntaxError):
        return None
    new = str(tree)
    if not source.endswith("\n"):
        new = new[:-1]
    return new


def modernize(source: str, syntax: bool) -> tuple[str, list[Finding]]:
    """(new source, one finding per changed line); the source itself when nothing changes."""
    names = SYNTAX_FIXERS + IDIOM_FIXERS if syntax else IDIOM_FIXERS
    new = _run(source, names, print_function=not syntax)
    if new is None or new == source:
        return source, []
    return new, line_findings(source, new, "Python 2 -> Python 3 (fissix)")


def line_findings(source: str, new: str, what: str) -> list[Finding]:
    """One py2 finding per changed line: WHAT: old line -> new line."""
    findings = []
    old_lines, new_lines = source.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        for offset, line in enumerate(old_lines[i1:i2] or [""]):
            after = new_lines[j1 + offset] if j1 + offset < j2 else ""
            findings.append(Finding(i1 + offset + 1, 0, "py2",
                                    f"{what}: {line.strip()[:60]} -> "
                                    f"{after.strip()[:60]}", CHANGE))
    return findings
