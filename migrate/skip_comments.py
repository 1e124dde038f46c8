"""``# migrate: skip`` and ``# migrate: skip-file``: code a person wants left as written.

* ``# migrate: skip`` at the end of a statement (its last line) leaves that statement as
  written: the TensorFlow rewrite does not touch it, the rule families' line edits (NumPy,
  matplotlib) are undone on that line, and the report says so (rule ``skip``).  Python 2
  syntax is still made Python 3 (the file must parse to be converted at all); a file with
  such a line keeps the compat form under ``--to eager`` (rule ``eager-fallback``).
* ``# migrate: skip-file`` on a line of its own among the first :data:`FILE_LINES` lines
  (of the first code cell, in a notebook) leaves the whole file alone.
"""
from __future__ import annotations

import io
import re
import tokenize

FILE_LINES = 10
_SKIP = re.compile(r"#\s*migrate:\s*skip\s*$")
_SKIP_FILE = re.compile(r"^[ \t]*#\s*migrate:\s*skip-file\s*$")
MARK = "migrate: skip"  # cheap test before anything is tokenized
RULE = "skip"


def is_skip_comment(comment: str | None) -> bool:
    """Is ``comment`` (a ``#...`` comment's text) the statement skip?"""
    return comment is not None and _SKIP.match(comment.strip()) is not None


def skips_file(source: str) -> bool:
    """Does ``source`` carry ``# migrate: skip-file`` in its first lines?"""
    if "skip-file" not in source:
        return False
    return any(_SKIP_FILE.match(line) for line in source.splitlines()[:FILE_LINES])


def skip_lines(source: str) -> set[int]:
    """1-based numbers of the lines ending in a ``# migrate: skip`` comment (tokenized: a
    string holding that text does not count)."""
    if MARK not in source:
        return set()
    lines = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.COMMENT and is_skip_comment(token.string):
                lines.add(token.start[0])
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return lines


def keep_lines(old: str, new: str, lines: set[int]) -> str | None:
    """``new`` with the ``lines`` of ``old`` put back (a line edit undone there); None when
    the edit changed the number of lines (the caller then keeps ``old``)."""
    if not lines or old == new:
        return new
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    if len(old_lines) != len(new_lines):
        return None
    for number in lines:
        if number <= len(old_lines):
            new_lines[number - 1] = old_lines[number - 1]
    return "".join(new_lines)
