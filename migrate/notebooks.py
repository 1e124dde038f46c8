"""Jupyter notebooks (.ipynb): convert the code cells, keep everything else.

How a notebook is converted:

* The JSON is loaded; only nbformat 4 notebooks whose language is Python (or not stated)
  are touched. Outputs, attachments, metadata, markdown and raw cells, key order, the
  indentation of the JSON (1, 2, 4 spaces, a tab, or none), ``ensure_ascii``, CRLF and the
  final newline are reproduced; only the ``source`` of converted cells differs.
* All code cells are converted *together*, as one module, in notebook order -- the way
  the kernel runs them -- so ``import tensorflow as tf`` in the first cell tells the engine
  what ``tf`` means in the tenth. Each cell is preceded by a marker statement, and the result
  is cut back into cells at the markers. Lines the engine adds at the very top (new imports)
  go to the first converted cell.
* IPython syntax (only in a cell that is not plain Python): a line starting with ``%`` (line magic), ``!`` (shell escape) or ``?``,
  ``name?`` help lines, ``x = !cmd`` / ``x = %magic`` assignments and their ``\\``
  continuation lines are masked with a ``pass`` placeholder before the engine and restored
  byte for byte after. A cell starting with a cell magic (``%%time``, ``%%bash``, ...) is not
  converted at all; a warning says so when it mentions TensorFlow.
* Safe option for broken cells: if any code cell does not parse, the WHOLE notebook is left
  untouched and the file counts as failed (``cell N:line:col: cannot parse: ...``); half a
  converted notebook would mix TF 1 and TF 2 names.
* Findings carry the cell number (1-based position among all the notebook's cells, markdown
  included, as Jupyter shows them) and the line within the cell.
"""
from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass, field

from migrate.files import InputError, describe_parse_error, split_lines
from migrate.findings import Finding
from migrate.skip_comments import skips_file

__all__ = ["NotebookOutcome", "NotebookError", "migrate_notebook"]


def _cell_finding(cell: int, line: int, column: int, rule: str, message: str,
                  severity: str) -> Finding:
    """A finding at ``line`` (1-based) of cell number ``cell`` (1-based among all cells)."""
    return Finding(line, column, rule, message, severity, cell=cell)


@dataclass
class NotebookOutcome:
    text: str  # the notebook's new JSON text (== input when unchanged)
    changed: bool
    findings: list[Finding] = field(default_factory=list)
    # (cell number, old source, new source) for every cell whose source changed
    cells: list[tuple[int, str, str]] = field(default_factory=list)
    code: str = ""  # the code cells, converted, as one module (what the notebook imports)


class NotebookError(InputError):
    """The notebook cannot be converted; it is left untouched."""

    def __init__(self, message: str, cell: int | None = None, line: int | None = None,
                 column: int | None = None):
        super().__init__(message, line, column, cell)


# --- IPython masking -------------------------------------------------------------------

_MAGIC_LINE = re.compile(
    r"""^[ \t]*(?:
        [%!?]                                   # %magic, %%cell, !shell, ?help
      | [\w.]+\?{1,2}[ \t]*$                    # obj? / obj??
      | [A-Za-z_][\w.]*(?:[ \t]*,[ \t]*[A-Za-z_][\w.]*)*[ \t]*=[ \t]*[!%]   # x = !ls, x = %who
    )""",
    re.VERBOSE,
)
_CELL_MAGIC = re.compile(r"^\s*%%")


def _continues_a_statement(prefix: str) -> bool:
    """Whether a line after ``prefix`` continues a statement (inside brackets, a
    multi-line string, or after a backslash) rather than starting one: only a line that
    starts a statement can be IPython syntax (``(10\n% 3)`` is a modulo, not a magic)."""
    import io
    import tokenize

    if not prefix.strip():
        return False
    if prefix.rstrip("\r\n").endswith("\\"):
        return True
    try:
        for _ in tokenize.generate_tokens(io.StringIO(prefix).readline):
            pass
    except tokenize.TokenError:  # EOF in a multi-line statement or string
        return True
    except SyntaxError:  # an indentation problem: not our question
        return False
    return False


def _python_parses(source: str) -> bool:
    try:
        compile(source, "<cell>", "exec", 0x400, dont_inherit=True)  # ast.PyCF_ONLY_AST
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return False
    return True


def _parse_cell(source: str) -> None:
    import libcst

    compile(source, "<cell>", "exec", 0x400, dont_inherit=True)  # ast.PyCF_ONLY_AST
    libcst.parse_module(source)


def _python2_cell(source: str, number: int, findings: list) -> str | None:
    """A Python 2 cell made Python 3 by the py2 rule family (migrate/families/py2.py), its
    changes added to findings; None when that family is off or the cell still fails."""
    import libcst

    from migrate.families import enabled, py2

    if "py2" not in enabled():
        return None
    new, found = py2.modernize(source, syntax=True)
    if new == source:
        return None
    try:
        _parse_cell(new)
    except (SyntaxError, ValueError, MemoryError, RecursionError, libcst.ParserSyntaxError):
        return None
    findings.extend(_cell_finding(number, f.line, f.column, f.rule, f.message, f.severity)
                    for f in found)
    return new


def _mentions_tensorflow(source: str) -> bool:
    return "tensorflow" in source or re.search(r"\btf\.", source) is not None


class _Masker:
    def __init__(self, nonce: str):
        self.nonce = nonce
        self.originals: list[str] = []  # line text without its line break
        self.tensorflow_lines: list[tuple[int, int]] = []  # (cell, line) of kept TF lines
        self.placeholder = re.compile(
            r"^[ \t]*pass  # migrate:magic:" + nonce + r":(\d+)[ \t]*$"
        )

    def mask(self, source: str, cell: int) -> str:
        out = []
        continuing = False
        indent = ""
        for number, raw in enumerate(split_lines(source), start=1):
            body = raw.rstrip("\r\n")
            ending = raw[len(body):]
            if continuing or (_MAGIC_LINE.match(body)
                              and not _continues_a_statement("".join(out))):
                if not continuing:
                    indent = body[: len(body) - len(body.lstrip(" \t"))]
                continuing = body.endswith("\\")
                index = len(self.originals)
                self.originals.append(body)
                if _mentions_tensorflow(body):
                    self.tensorflow_lines.append((cell, number))
                out.append(f"{indent}pass  # migrate:magic:{self.nonce}:{index}{ending}")
            else:
                out.append(raw)
        return "".join(out)

    def unmask(self, source: str, seen: set[int]) -> str:
        out = []
        for raw in split_lines(source):
            body = raw.rstrip("\r\n")
            found = self.placeholder.match(body)
            if found:
                index = int(found.group(1))
                if index in seen or index >= len(self.originals):
                    raise NotebookError("could not restore the IPython magics after conversion")
                seen.add(index)
                out.append(self.originals[index] + raw[len(body):])
            else:
                out.append(raw)
        return "".join(out)


# --- JSON style --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Style:
    indent: int | str | None
    ensure_ascii: bool
    crlf: bool
    final_newline: bool

    def dump(self, notebook: object) -> str:
        text = json.dumps(notebook, indent=self.indent, ensure_ascii=self.ensure_ascii)
        if self.final_newline:
            text += "\n"
        if self.crlf:
            text = text.replace("\n", "\r\n")  # JSON strings hold no raw line breaks
        return text


def _detect_style(text: str, notebook: object) -> tuple[_Style, bool]:
    """The dump style that reproduces ``text``; the bool says whether it does exactly."""
    crlf = "\r\n" in text
    body = text.rstrip("\r\n")
    final_newline = len(body) != len(text)
    found = re.match(r"\{\r?\n([ \t]+)\"", text)
    indent: int | str | None
    if found:
        indent = "\t" if "\t" in found.group(1) else len(found.group(1))
    elif re.match(r"\{\r?\n\"", text):
        indent = 0
    else:
        indent = None
    candidates = [
        _Style(indent, ensure_ascii, crlf, final_newline)
        for ensure_ascii in ((False, True) if any(ord(c) > 127 for c in text) else (True, False))
    ]
    for style in candidates:
        if style.dump(notebook) == text:
            return style, True
    return candidates[0], False


# --- conversion --------------------------------------------------------------------------


def _cell_source(cell: dict) -> str:
    source = cell.get("source", "")
    if isinstance(source, list):
        return "".join(source)
    return source


def _set_cell_source(cell: dict, new: str) -> None:
    if isinstance(cell.get("source"), list):  # split after each "\n", as nbformat does
        cell["source"] = re.findall(r"[^\n]*\n|[^\n]+$", new)
    else:
        cell["source"] = new


def _same_line_ends(new: str, old: str) -> str:
    """``new`` with the line ends of ``old`` where ``old`` used only one kind: lines the
    conversion added to a CRLF cell end in CRLF, and to an LF cell in LF."""
    if "\r\n" in old and not re.search(r"(?<!\r)\n", old):
        return re.sub(r"(?<!\r)\n", "\r\n", new)
    if "\r" not in old:
        return new.replace("\r\n", "\n")
    return new


def migrate_notebook(text: str, migrate_source=None) -> NotebookOutcome:
    """Convert the code cells of a notebook given as its JSON text (BOM allowed).

    Raises NotebookError (the notebook must be left untouched) for JSON that is not a
    notebook, a cell that does not parse, or markers the engine did not keep.
    """
    if migrate_source is None:
        from migrate.engine import migrate_source

    bom = text.startswith("\ufeff")
    body = text[1:] if bom else text
    if "tensorflow" not in body:  # the engine's own fast path, one level up
        return NotebookOutcome(text, False)
    notebook = _load_notebook(body)
    masker = _Masker(secrets.token_hex(4))
    findings: list[Finding] = []
    combined = _combine_code_cells(notebook, masker, findings)
    if not combined.cells or skips_file(combined.cells[0][2]):  # '# migrate: skip-file'
        return NotebookOutcome(text, False, findings)
    findings.extend(_magic_findings(masker))
    code = _convert_combined(combined, migrate_source, findings)
    if code == combined.code:
        return NotebookOutcome(text, False, findings, code=code)
    cells_changed = _put_back_into_cells(code, combined, masker)
    if not cells_changed:
        return NotebookOutcome(text, False, findings, code=combined.code)
    new_text = ("\ufeff" if bom else "") + _dump_like(body, notebook, findings)
    return NotebookOutcome(new_text, True, findings, cells_changed, code)


def _load_notebook(body: str) -> dict:
    """The notebook's JSON; NotebookError unless it is an nbformat 4 Python notebook."""
    try:
        notebook = json.loads(body)
    except json.JSONDecodeError as error:
        raise NotebookError(f"not a notebook: invalid JSON: {error.msg}", None, error.lineno,
                            error.colno) from None
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        if isinstance(notebook, dict) and "worksheets" in notebook:
            raise NotebookError("nbformat 3 notebooks are not supported; upgrade it with "
                                "'jupyter nbconvert --to notebook --nbformat 4'")
        raise NotebookError("not a notebook: no 'cells' list")
    metadata = notebook.get("metadata") or {}
    language = ((metadata.get("kernelspec") or {}).get("language")
                or (metadata.get("language_info") or {}).get("name") or "python")
    if str(language).lower() != "python":
        raise NotebookError(f"not a Python notebook (language {language!r})")
    return notebook


@dataclass
class _Combined:
    """The code cells to convert, joined into one module, each after its marker line."""
    nonce: str
    chunks: list[str] = field(default_factory=list)
    # combined line (0-based) -> (cell number, cell line)
    origin: list[tuple[int, int]] = field(default_factory=list)
    # (cell number, cell, source, newline added) of each cell, in order
    cells: list[tuple[int, dict, str, bool]] = field(default_factory=list)

    @property
    def code(self) -> str:
        return "".join(self.chunks)

    def add(self, number: int, cell: dict, source: str, masked: str) -> None:
        added = not masked.endswith(("\n", "\r"))
        if added:
            masked += "\n"
        newline = "\r\n" if "\r\n" in source else "\n"
        self.chunks.append(f"pass  # migrate:cell:{self.nonce}:{len(self.cells)}{newline}")
        self.origin.append((number, 1))
        self.chunks.append(masked)
        self.origin.extend((number, line) for line in range(1, masked.count("\n") + 1))
        self.cells.append((number, cell, source, added))


def _combine_code_cells(notebook: dict, masker: _Masker, findings: list) -> _Combined:
    """The notebook's non-empty code cells, IPython syntax masked, in notebook order."""
    combined = _Combined(masker.nonce)
    for number, cell in enumerate(notebook["cells"], start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = _cell_source(cell)
        if not isinstance(source, str) or not source.strip():
            continue
        if _CELL_MAGIC.match(source):
            if _mentions_tensorflow(source):
                findings.append(_cell_finding(
                    number, 1, 0, "notebook-cell-magic",
                    "cell starts with a cell magic and was not converted; convert it by hand",
                    "warning"))
            continue
        combined.add(number, cell, source, _parseable_cell(source, number, masker, findings))
    return combined


def _parseable_cell(source: str, number: int, masker: _Masker, findings: list) -> str:
    """The cell's source, IPython syntax masked and Python 2 modernised, that parses;
    NotebookError (at the cell's line) when it does not."""
    import libcst

    masked = source
    if not _python_parses(source):  # plain Python needs no masking
        masked = masker.mask(source, number)
    try:  # Python's parser first: it refuses the nesting that would crash libcst's
        _parse_cell(masked)
    except (SyntaxError, ValueError, MemoryError, RecursionError,
            libcst.ParserSyntaxError) as error:
        modern = _python2_cell(masked, number, findings)  # `print x` and co: fissix
        if modern is None:
            problem = describe_parse_error(masked, error)
            raise NotebookError(problem.message, number, problem.line,
                                problem.column) from None
        masked = modern
    return masked


def _magic_findings(masker: _Masker) -> list[Finding]:
    return [_cell_finding(number, line, 0, "notebook-magic",
                          "IPython line (magic or shell escape) kept as it is; convert its "
                          "TensorFlow code by hand", "warning")
            for number, line in masker.tensorflow_lines]


def _convert_combined(combined: _Combined, migrate_source, findings: list) -> str:
    """The engine's code for the combined cells; its findings added at their cell lines."""
    import libcst

    code = combined.code
    origin = combined.origin
    try:
        outcome = migrate_source(code)
    except libcst.ParserSyntaxError as error:  # cannot happen: every cell parsed alone
        problem = describe_parse_error(code, error)
        number, line = origin[min(problem.line, len(origin)) - 1]
        raise NotebookError(problem.message, number, line, problem.column) from None
    for finding in outcome.findings:
        number, line = origin[min(max(finding.line, 1), len(origin)) - 1]
        findings.append(_cell_finding(number, line, finding.column, finding.rule,
                                      finding.message, finding.severity))
    return outcome.code


def _split_at_markers(code: str, nonce: str, count: int) -> list[list[str]]:
    """The converted code's lines before the first marker, then those after each of the
    ``count`` markers; NotebookError when the markers are not all there in order."""
    marker = re.compile(r"^pass  # migrate:cell:" + nonce + r":(\d+)[ \t]*\r?\n?$")
    pieces: list[list[str]] = [[]]
    expected = 0
    for raw in split_lines(code):
        found = marker.match(raw)
        if found:
            if int(found.group(1)) != expected:
                raise NotebookError("could not map the converted code back to its cells")
            expected += 1
            pieces.append([])
        else:
            pieces[-1].append(raw)
    if expected != count:
        raise NotebookError("could not map the converted code back to its cells")
    return pieces


def _put_back_into_cells(code: str, combined: _Combined,
                         masker: _Masker) -> list[tuple[int, str, str]]:
    """Cut the converted code back into its cells, IPython lines restored; the lines added
    at the top go to the first cell. (cell number, old source, new source) of each cell
    whose source changed."""
    pieces = _split_at_markers(code, combined.nonce, len(combined.cells))
    header = "".join(pieces[0])
    seen: set[int] = set()
    cells_changed: list[tuple[int, str, str]] = []
    for position, (number, cell, source, added) in enumerate(combined.cells):
        new = ("" if position else header) + "".join(pieces[position + 1])
        new = _same_line_ends(masker.unmask(new, seen), source)
        if added and new.endswith("\n"):  # the line end added for the conversion goes
            new = new[:-2] if new.endswith("\r\n") else new[:-1]
        if new != source:
            _set_cell_source(cell, new)
            cells_changed.append((number, source, new))
    if len(seen) != len(masker.originals):
        raise NotebookError("could not restore the IPython magics after conversion")
    return cells_changed


def _dump_like(body: str, notebook: dict, findings: list) -> str:
    """``notebook`` dumped in the JSON layout of ``body``; a warning when that layout
    cannot be reproduced exactly."""
    style, exact = _detect_style(body, json.loads(body))
    if not exact:
        findings.append(_cell_finding(
            1, 1, 0, "notebook-format",
            "the notebook's JSON layout could not be reproduced exactly; "
            "it was re-serialised (content unchanged apart from converted cells)",
            "warning"))
    return style.dump(notebook)


def code_size(data: bytes) -> int | None:
    """The size, in UTF-8 bytes, of a notebook's code cells -- what --max-size limits
    (outputs and attachments, images included, do not count); None when the bytes are not
    a notebook's JSON (its conversion then says why)."""
    try:
        notebook = json.loads(data.decode("utf-8").lstrip("\ufeff"))
        cells = notebook["cells"]
        return sum(len(_cell_source(cell).encode("utf-8", "surrogatepass")) for cell in cells
                   if isinstance(cell, dict) and cell.get("cell_type") == "code")
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None


def decode_notebook(data: bytes) -> str:
    """Notebook bytes -> text (UTF-8, as nbformat requires; a BOM is kept in the text)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise NotebookError(f"cannot decode as utf-8: invalid byte 0x{data[error.start:error.start + 1].hex()}"
                            f" at offset {error.start}") from None


def encode_notebook(text: str) -> bytes:
    return text.encode("utf-8")

