"""numpy: NumPy 2 removals in a TF script (``np.float``, ``np.float_``, ``np.product``...).

ruff's NPY001 (the builtin-type aliases) and NPY201 (NumPy 2.0's removals) do this job and
are kept up to date with NumPy, so ruff does it: only its *safe* fixes are applied
(``ruff check --isolated --select NPY001,NPY201 --fix``, reading the source on stdin, so no
file and no configuration of the user's is touched).  ruff only edits the flagged
expressions; comments and formatting stay.  One rule of our own: ``np.reshape(...,
newshape=...)`` -> ``shape=`` (deprecated in NumPy 2.1); NEP 50's ``np.max(labels) + 1`` used
as a count or shape: migrate/families/nep50.py.  Without the ruff executable the
family says so once per file and changes nothing.
"""
from __future__ import annotations

import json
import re
import subprocess

from migrate.findings import CHANGE, WARNING, Finding
from migrate.tables.numpy_names import CORE_NAMES

RUFF_RULES = "NPY001,NPY201"
_MENTION = re.compile(r"\bnumpy\b")
_NEWSHAPE = re.compile(r"(\.reshape\s*\([^()]*?(?:\([^()]*\)[^()]*?)*?)\bnewshape(\s*=)")


def _ruff() -> str | None:
    try:
        from ruff.__main__ import find_ruff_bin
    except ImportError:
        return None
    try:
        return str(find_ruff_bin())
    except FileNotFoundError:
        return None


def _ruff_run(ruff: str, source: str, *options: str) -> subprocess.CompletedProcess:
    """ruff on ``source``, as UTF-8 bytes both ways: no newline translation (CRLF and lone
    CR line ends stay), and no dependence on the locale's encoding (LC_ALL=C)."""
    done = subprocess.run(
        [ruff, "check", "--isolated", "--no-cache", "--select", RUFF_RULES, "--exit-zero",
         "--quiet", "--stdin-filename", "migrated.py", *options, "-"],
        input=source.encode("utf-8", "surrogatepass"), capture_output=True, timeout=60)
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode("utf-8", "surrogatepass"),
        done.stderr.decode("utf-8", "replace"))


_ALIAS = re.compile(r"\bimport\s+numpy\s+as\s+(\w+)")


def _uses_missing_names(source: str) -> bool:
    """Does the source name a numpy attribute the installed NumPy lacks?  (Only then can
    NPY001/NPY201 find something: ruff is not started for the rest.)  NumPy is imported
    only for names outside its core (migrate/tables/numpy_names.py)."""
    aliases = {"numpy", "np", *_ALIAS.findall(source)}
    pattern = r"\b(?:%s)\.(\w+)" % "|".join(sorted(map(re.escape, aliases)))
    names = set(re.findall(pattern, source)) - CORE_NAMES
    if not names:
        return False
    try:
        import numpy
    except ImportError:  # the tool's own venv (pre-commit's, say) need not hold NumPy:
        return True  # then ruff's own NPY001/NPY201 list decides
    return any(not hasattr(numpy, name) for name in names)


def modernize(source: str, module=None) -> tuple[str, list[Finding]]:
    """``module``: the engine's libcst tree of ``source``, if it has one (read only)."""
    if not _MENTION.search(source):
        return source, []
    from migrate.families import nep50

    new, findings = _removals(source)
    new, more = nep50.modernize(new, module if new is source else None)
    return new, findings + more


def _removals(source: str) -> tuple[str, list[Finding]]:
    if not _uses_missing_names(source):
        return _newshape(source, [])
    findings: list[Finding] = []
    new = source
    ruff = _ruff()
    if ruff is None:
        findings.append(Finding(None, None, "numpy", "ruff is not installed: NumPy 2 removals "
                                "(np.float...) were not checked", WARNING))
    else:
        report = _ruff_run(ruff, source, "--output-format", "json")
        problems = json.loads(report.stdout or "[]") if report.returncode == 0 else []
        fixable = [p for p in problems if (p.get("fix") or {}).get("applicability") == "safe"]
        if fixable:
            fixed = _ruff_run(ruff, source, "--fix")
            if fixed.returncode == 0 and fixed.stdout:
                new = fixed.stdout
                for p in fixable:
                    findings.append(Finding(p["location"]["row"], p["location"]["column"] - 1, "numpy",
                                            f"{p['code']}: {p['message']}", CHANGE))
        for p in problems:
            if p not in fixable:
                findings.append(Finding(p["location"]["row"], p["location"]["column"] - 1, "numpy",
                                        f"{p['code']}: {p['message']} (no safe fix; left as is)",
                                        WARNING))
    return _newshape(new, findings)


def _newshape(new: str, findings: list[Finding]) -> tuple[str, list[Finding]]:
    if "newshape" in new:
        replaced, count = _NEWSHAPE.subn(r"\1shape\2", new)
        if count:
            for match in _NEWSHAPE.finditer(new):
                line = new.count("\n", 0, match.end(1)) + 1
                findings.append(Finding(line, 0, "numpy", "reshape(newshape=) -> shape= "
                                        "(newshape is deprecated since NumPy 2.1)", CHANGE))
            new = replaced
    return new, findings
