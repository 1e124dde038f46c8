"""What ``migrate run`` says after the traceback of a failure it recognises: one table of
the failures a rewrite cannot prevent (they depend on the data, or on where the script is
run), each an exception type and message pattern (or a warning seen earlier in the run)
and the one-line explanation printed after the traceback.

``python -m migrate.run_explanations`` prints the list the README's "What `migrate`
cannot fix" section holds (tests/migrate/test_run_explanations.py keeps them equal).
"""
from __future__ import annotations

import os
import re
import warnings
from dataclasses import dataclass

__all__ = ["EXPLANATIONS", "Explanation", "WarningLog", "explain", "documented_list"]


@dataclass(frozen=True)
class Explanation:
    title: str  # what the README lists
    exceptions: tuple  # exception class names (the class or a base class); () for any
    message: str  # regex searched in str(exception); named groups feed `text`
    text: str  # the line printed: str.format over the groups, {cwd} and {script_dir}
    warning: str = ""  # regex a warning seen earlier in the run must match ("" for none)


EXPLANATIONS = (
    Explanation(
        "A ragged `np.array` (NumPy 1.24 made it an error)",
        ("ValueError",), r"setting an array element with a sequence\..*inhomogeneous",
        "np.array over sequences of different lengths: NumPy 1.24+ refuses a ragged array "
        "that older NumPy made an object array; pass dtype=object (np.array(x, dtype=object)) "
        "where the data is ragged, or pad the sequences to one length"),
    Explanation(
        "A NumPy scalar whose arithmetic with a Python int no longer fits its type (NumPy 2, NEP 50)",
        ("OverflowError",), r"Python integer (?P<value>-?\d+) out of bounds for (?P<dtype>u?int\d+)",
        "NumPy 2 (NEP 50) keeps a NumPy scalar's type in arithmetic with a Python number, so a "
        "{dtype} scalar cannot take {value}; convert the scalar first (int(x) + {value}), "
        "as NumPy 1 did"),
    Explanation(
        "A SciPy import path or function SciPy removed, that the scipy rules could not rewrite",
        ("ImportError", "AttributeError"),
        r"(?:No module named '(?P<module>scipy\.[\w.]+)'|cannot import name '(?P<name>\w+)' from "
        r"'(?P<from>scipy[\w.]*)'|module '(?P<owner>scipy[\w.]*)' has no attribute '(?P<attribute>\w+)')",
        "{scipy_name} is gone from the installed SciPy (removed after a deprecation){scipy_fix}; "
        "`migrate` rewrites the names it knows (rule family scipy) where the source spells "
        "them out in a file that imports TensorFlow"),
    Explanation(
        "A data file the script opens by a relative path, run from another directory",
        ("FileNotFoundError",), r"No such file or directory: '(?P<path>[^/'][^']*)'",
        "'{path}' is a relative path, looked up in the working directory ({cwd}), not next to "
        "the script ({script_dir}){found}; run the script from the directory that holds its data"),
    Explanation(
        "An overflowed NumPy scalar used later, e.g. `max(uint8_labels) + 1` as a shape (NumPy 2, NEP 50)",
        (), r"",
        "NumPy 2 (NEP 50) kept a NumPy scalar's type in arithmetic with a Python int and it "
        "overflowed ({warning_where}: {warning_text}), e.g. max(uint8_labels) + 1 is 0 when the "
        "largest label is 255, and a shape or count built from it is wrong; convert the scalar "
        "first (int(max(labels)) + 1), as NumPy 1 did",
        warning=r"overflow encountered in scalar"),
)


class WarningLog:
    """The warnings shown while the script runs (message, file:line), for rows that need one."""

    def __init__(self):
        self.seen: list[tuple[str, str]] = []
        self._original = None

    def __enter__(self):
        self._original = warnings.showwarning

        def showwarning(message, category, filename, lineno, file=None, line=None):
            self.seen.append((str(message), f"{filename}:{lineno}"))
            return self._original(message, category, filename, lineno, file, line)

        warnings.showwarning = showwarning
        return self

    def __exit__(self, *exc):
        warnings.showwarning = self._original
        return False


def _type_names(error) -> set:
    return {cls.__name__ for cls in type(error).__mro__}


def _context(groups: dict, script: str) -> dict:
    script_dir = os.path.dirname(os.path.abspath(script))
    context = {"cwd": os.getcwd(), "script_dir": script_dir, **{k: v or "" for k, v in groups.items()}}
    path = groups.get("path")
    context["found"] = ", where the file is" if path and os.path.exists(os.path.join(script_dir, path)) else ""
    scipy_name = groups.get("module") or (f"{groups['from']}.{groups['name']}" if groups.get("name") else "") \
        or (f"{groups['owner']}.{groups['attribute']}" if groups.get("attribute") else "")
    context["scipy_name"] = scipy_name
    context["scipy_fix"] = _scipy_fix(scipy_name) if scipy_name else ""
    return context


def _scipy_fix(name: str) -> str:
    """What the scipy table says of ``name`` (its replacement or why there is none)."""
    from migrate.families.scipy_paths import module_row, row_for

    row = row_for(name) or module_row(name)
    if row is None:
        return ""
    if row.new:
        return f": use {row.new}{name[len(row.old):] if name.startswith(row.old + '.') else ''}"
    return f": {row.reason}"


def explain(error: BaseException, script: str, seen_warnings=()) -> str | None:
    """The explanation of the first row that recognises ``error`` (or its cause), or None."""
    chain, current = [], error
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    for row in EXPLANATIONS:
        for failure in chain:
            if row.exceptions and not _type_names(failure) & set(row.exceptions):
                continue
            match = re.search(row.message, str(failure), re.DOTALL)
            if match is None:
                continue
            groups = match.groupdict()
            if groups.get("path") and os.path.samefile(os.getcwd(), os.path.dirname(os.path.abspath(script))):
                continue  # run from the script's directory: the file is simply missing
            if row.warning:
                seen = [(text, where) for text, where in seen_warnings if re.search(row.warning, text)]
                if not seen:
                    continue
                groups.update(warning_text=seen[0][0], warning_where=seen[0][1])
            return row.text.format(**_context(groups, script))
    return None


def documented_list() -> str:
    """The README's list of what `migrate run` explains."""
    return "\n".join(f"- {row.title}" for row in EXPLANATIONS)


if __name__ == "__main__":
    print(documented_list())
