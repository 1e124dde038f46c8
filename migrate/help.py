"""``migrate --help`` on one screen, and ``migrate help TOPIC`` for the rest.

The short help is generated from the command line's parser (each option's first clause;
the options of :data:`COMMON` only) and the list of topics; ``migrate help options`` is
the parser's full help, ``rules`` the code table (migrate/rule_codes.py), ``config`` the
keys of migrate/config.py, ``run`` and ``verify`` their own help.  Each text is written
once, here or where the fact lives.
"""
from __future__ import annotations

import sys
import textwrap

WIDTH = 88
# the options the short help shows (the parser's destinations), in order
COMMON = ("output", "diff", "check", "to", "jobs", "select", "ignore", "exclude",
          "report_json", "quiet", "verbose", "config")

SUBCOMMANDS = (
    ("migrate [options] PATH ...", "convert files, notebooks, trees in place ('-': stdin)"),
    ("migrate run [-q] SCRIPT [ARGS]", "run a TF 1.x script converted in memory"),
    ("migrate verify SCRIPT ...", "run compat and eager translations, compare numbers"),
    ("migrate help [TOPIC]", "more help on a topic (below)"),
)
SUMMARY = ("Rewrite TensorFlow 0.x/1.x Python sources and Jupyter notebooks so that they run "
           "on TensorFlow 2 and compute the same numbers.")


def _paragraph(text: str) -> str:
    return textwrap.fill(" ".join(text.split()), width=WIDTH, initial_indent="  ",
                         subsequent_indent="  ")


def _first_clause(text: str, room: int) -> str:
    clause = (text or "").split("; ", 1)[0].strip()
    return clause if len(clause) <= room else clause[: room - 3].rstrip() + "..."


def _invocation(action) -> str:
    names = ", ".join(action.option_strings)
    if action.nargs == 0:
        return names
    metavar = action.metavar or ("{" + ",".join(action.choices) + "}" if action.choices
                                 else action.dest.upper())
    return f"{names} {metavar}"


def short_help(parser) -> str:
    """The one-screen help: usage lines, what the tool does, the common options, topics."""
    lines = ["usage:"]
    lines += [f"  {usage:<32}{what}" for usage, what in SUBCOMMANDS]
    lines += ["", textwrap.fill(SUMMARY, WIDTH), "", "common options:"]
    by_dest = {action.dest: action for action in parser._actions}
    for dest in COMMON:
        action = by_dest[dest]
        left = f"  {_invocation(action)}"
        lines.append(f"{left:<26}{_first_clause(action.help, WIDTH - 26)}")
    lines += [
        "",
        textwrap.fill(f"topics (migrate help TOPIC): {', '.join(TOPICS)}", WIDTH),
        "every option: migrate help options; settings in pyproject.toml: migrate help config",
    ]
    return "\n".join(lines) + "\n"


def _options(parser) -> str:
    return parser.format_help()


def _rules(_parser) -> str:
    from migrate.rule_codes import RULES

    lines = ["rules: CODE  NAME  (FAMILY); --select/--ignore take codes, code prefixes (TF0: "
             "compat, TF1: eager), names or families (tf, py2, numpy, scipy, matplotlib)"]
    lines += [f"  {code:<8}{name:<24}{family or '-'}" for name, (code, family) in RULES.items()]
    lines.append(_paragraph("""A statement whose change belongs to a rule left out stays as
    written (a warning says so); a file whose left-out change is not one statement's (graph
    mode, for one) is kept whole, with a warning. With --to eager, a left-out TF1xx change
    keeps the file in the compat form."""))
    return "\n".join(lines) + "\n"


def _config(_parser) -> str:
    from migrate import config

    lines = ["configuration:", _paragraph(config.__doc__.split("\n\n")[1]), "", "keys:"]
    lines += [f"  {key:<10}= {meaning} (as {flag})" for key, (flag, meaning, _) in
              config.KEYS.items()]
    lines += ["", "example:", "  [tool.migrate]", '  ignore = ["numpy"]',
              '  exclude = ["third_party"]', '  target = "compat"']
    return "\n".join(lines) + "\n"


def _docstring(module_name: str):
    def topic(_parser) -> str:
        import importlib

        return importlib.import_module(module_name).__doc__.strip() + "\n"
    return topic


def _files(_parser) -> str:
    from migrate.excludes import DEFAULT_EXCLUDES

    return "files and directories:\n" + _paragraph(f"""
    A directory is searched recursively for *.py and *.ipynb files. While searching,
    symbolic links are not followed, hidden files and directories (a name starting with
    '.') are skipped, and so are directories named {", ".join(DEFAULT_EXCLUDES)}, and any
    directory holding a pyvenv.cfg (a virtual environment); --exclude (or the exclude
    setting) adds patterns. A file named on the command line is always processed (as a
    notebook when it ends in .ipynb, as Python source otherwise), whatever its name. A
    directory with no files to process is an error. A source that never mentions
    'tensorflow' is left as it is, unparsed. With --output, failed files are not
    written.""") + "\n\nsafety:\n" + _paragraph("""
    Files are rewritten in place unless --output, --diff or --check is given. Encodings
    (UTF-8 BOM, PEP 263 coding lines such as latin-1), CRLF line ends, tabs and a missing
    final newline are kept exactly. Writes are atomic (a temporary file in the same
    directory, then a rename) and keep the file's permission bits, owner, group and
    extended attributes; a file that would not change is not rewritten, so its mtime stays.
    Refused and left untouched: hard-linked and read-only files, files over --max-size, and
    devices, FIFOs and sockets (as input or output). A file that changes on disk while it
    is converted (an edit, a swap for a symbolic link) is not written. SIGINT/SIGTERM stop
    between files, leaving each whole; a closed stdout or stderr stops the printing, not
    the run.""") + "\n\nsubcommands:\n" + _paragraph("""
    run, verify and help are recognised only as the very first argument: to convert a file
    or directory named 'run', write it as './run' (or put any option first:
    'migrate -- run').""") + "\n"


def _notebooks(_parser) -> str:
    return "notebooks:\n" + _paragraph("""
    All code cells are converted together, in order (so 'import tensorflow as tf' in one
    cell counts for the others); outputs, metadata, markdown and the JSON layout are kept.
    Lines of IPython syntax (%magic, !shell, ?help, x = !cmd) are kept as they are (a
    warning when they mention TensorFlow); a cell that starts with a cell magic (%%...) is
    not converted. If any cell cannot be parsed, the whole notebook is left untouched and
    reported as failed. Notebook locations read PATH:cell N:LINE:COL, N counting all cells
    from 1; --diff shows one diff per changed cell. Notebooks are always converted in the
    compat form. '# migrate: skip' works per cell line, '# migrate: skip-file' in the
    first code cell.""") + "\n"


def _output(_parser) -> str:
    return "output:\n" + _paragraph("""
    Warnings and errors go to stderr, one per line: PATH:LINE:COL: CODE RULE: MESSAGE, and
    PATH[:LINE:COL]: error: MESSAGE; then, unless -q, a summary: files seen, changed,
    unchanged, failed, changes, warnings; and, when files changed, the 'requirements:'
    line: the pip names the converted tree needs to run (migrate help requirements). Lines
    and columns are 1-based. Diffs (--diff) go to stdout; for Python files they apply with
    'patch -p0'. Progress is shown on stderr when it is a terminal, or with --progress. A
    failed file (cannot be read, decoded or parsed) is left byte-for-byte untouched and the
    others are still processed.""") + """
  --report-json writes: {"tool", "version", "mode", "config", "summary": {"files",
  "changed" ("would_change" with --check or --diff), "unchanged", "failed", "not_found",
  "changes", "warnings"}, "files": [{"file", "status" (one of those), "output"}], "findings": [{"file", "cell", "line", "column", "rule", "code", "severity"
  ("change" or "warning"), "message"}], "errors": [{"file", "cell", "line", "column",
  "message"}], "requirements": [pip names], "exit_code"}.
"""


def _exit_codes(_parser) -> str:
    return """exit status:
  0  success: everything converted, or nothing to do (with --check: nothing would change;
     with --exit-zero-even-if-changed also when something would)
  1  with --check: some file would change; in any mode: some input failed (missing path,
     unreadable, undecodable, unparsable, too large, too deeply nested, refused, changed
     on disk during the run, or a directory without Python files or that cannot be read)
  2  usage error (bad option or arguments, a bad [tool.migrate] setting, a destination
     that is a device, a report that would overwrite a source or is a symbolic link)
  3  some file failed for lack of resources (out of memory, too many open files, or its
     converter process died): never to be read as "would change"; run it again
  4  stdout or stderr was closed during the run (a pipe closed early): output was lost,
     every file was still converted or written as asked
  130, 143  interrupted by SIGINT, SIGTERM (files written are whole, the rest untouched)
  'migrate run' exits with the script's own status (2 if SCRIPT cannot be opened, 1 if
  it cannot be parsed); 'migrate verify': migrate help verify.
"""


def _eager(_parser) -> str:
    return "--to eager:\n" + _paragraph("""
    Session code in .py files becomes idiomatic TF 2: placeholders become function
    arguments, sess.run calls become calls, minimize() becomes a GradientTape step with the
    Keras optimizer set up to do the same arithmetic (Keras Adam is equal to
    tf.compat.v1.train.AdamOptimizer up to rounding; --exact-optimizers keeps the latter).
    What cannot be translated safely keeps the compat form, with a warning (rule
    eager-fallback) saying why.""") + "\n"


def _examples(_parser) -> str:
    return """examples:
  migrate train.py                      rewrite one file in place
  migrate src/ notebooks/               rewrite two trees (on every core; -j 1: one process)
  migrate --diff model.py               show what would change, write nothing
  migrate --check .                     exit 1 if anything would change (CI, pre-commit)
  migrate old.py -o new.py              write the converted file elsewhere
  migrate legacy/ -o converted/         mirror a tree (only .py/.ipynb files are written)
  migrate - --stdin-filename a.py < a.py   stdin to stdout (editors)
  migrate src/ --report-json report.json
  migrate run train.py --epochs 3       run a TF1 script on TF2, converted in memory

the same rewrite as a libcst codemod, in any project:
  python -m libcst.tool codemod -x --no-format migrate.codemod.MigrateTensorFlow FILE_OR_DIR
"""


def _run_help(_parser) -> str:
    from migrate.runner import HELP

    return HELP


def _verify_help(_parser) -> str:
    from migrate.verify import main

    try:
        main(["--help"])
    except SystemExit:
        pass
    return ""


TOPICS = {
    "options": _options,
    "rules": _rules,
    "config": _config,
    "skip": _docstring("migrate.skip_comments"),
    "requirements": _docstring("migrate.requirements"),
    "files": _files,
    "notebooks": _notebooks,
    "output": _output,
    "exit-codes": _exit_codes,
    "eager": _eager,
    "run": _run_help,
    "verify": _verify_help,
    "examples": _examples,
}


def main(argv: list[str], parser) -> int:
    """``migrate help [TOPIC]``: 0, or 2 for an unknown topic."""
    if not argv or argv[0] in ("-h", "--help"):
        sys.stdout.write(short_help(parser))
        return 0
    topic = TOPICS.get(argv[0])
    if topic is None or len(argv) > 1:
        print(f"migrate help: unknown topic {' '.join(argv)!r} (topics: {', '.join(TOPICS)})",
              file=sys.stderr)
        return 2
    sys.stdout.write(topic(parser))
    return 0
