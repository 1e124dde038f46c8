"""``migrate -``: the source from stdin, the result to stdout (editor integrations).

Like black and ruff: stdout gets the whole converted source (the input itself when
nothing changes), or the diff with ``--diff``, or nothing with ``--check``; everything
else (warnings, the summary) goes to stderr.  ``--stdin-filename NAME`` names the source in
messages, decides whether it is a notebook (``.ipynb``) and is what the configuration's
``exclude`` is matched against; nothing is read from or written to NAME.  The exit status
is the one a file would give.
"""
from __future__ import annotations

import sys

from migrate.findings import error as error_finding
from migrate.pipeline import FileResult

STDIN = "-"
DEFAULT_NAME = "<stdin>"


def convert(args) -> tuple[FileResult, bytes | None]:
    """The result for the source on stdin, and the bytes to print (None: print nothing)."""
    from migrate.eager import options
    from migrate.families import using
    from migrate.files import InputError
    from migrate.pipeline import convert_bytes

    name = args.stdin_filename or DEFAULT_NAME
    data = sys.stdin.buffer.read()
    result = FileResult(name, "unchanged")
    if args.max_size is not None and len(data) > args.max_size and not name.endswith(".ipynb"):
        result.status = "failed"
        result.error = error_finding(name, f"file too large: over the --max-size limit "
                                           f"({args.max_size} bytes); left untouched")
        return result, None if args.check or args.diff else data
    try:
        with using(args.families), options.using(exact_optimizers=args.exact_optimizers):
            converted = convert_bytes(data, name, notebook=name.endswith(".ipynb"), to=args.to,
                                      diff=args.diff)
    except InputError as error:
        result.status = "failed"
        result.error = error_finding(name, error.message, error.line, error.column, error.cell)
        return result, None if args.check or args.diff else data
    result.findings = converted.findings
    result.requirements = converted.requirements
    if converted.data is not None:
        result.status = "changed"
    if args.check:
        return result, None
    if args.diff:
        return result, converted.diff.encode("utf-8", "surrogateescape")
    return result, data if converted.data is None else converted.data
