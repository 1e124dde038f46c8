"""What migrate reports: one Finding per change made, problem left, or file refused.

The engine makes Findings about one source (``file`` and ``cell`` unset); the per-file
pipeline (:mod:`migrate.pipeline`) places them in a file (and, for notebooks, a cell) and
adds the errors (severity "error": a file that could not be converted, left untouched).
"""
from __future__ import annotations

from dataclasses import dataclass

from migrate.python_tree import ast_statements, dotted_name

CHANGE = "change"
WARNING = "warning"
ERROR = "error"


@dataclass(frozen=True)
class Finding:
    line: int | None  # 1-based line in the INPUT source (the cell's, for a notebook); None: whole file
    column: int | None  # 0-based, as libcst counts; rendered 1-based
    rule: str | None  # short stable id: "tf0-name", "v1-name", "graph-mode", ...; None for errors
    message: str  # one line: what was done, or what a person must do
    severity: str  # "change" (applied), "warning" (NOT applied: a person must look) or "error"
    file: str | None = None  # the path as the user named it
    cell: int | None = None  # notebooks: 1-based position among all cells

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.severity} [{self.rule}] {self.message}"

    def placed(self, file: str, cell: int | None = None, line: int | None = None) -> "Finding":
        """The same finding, located in ``file`` (and ``cell``, at ``line`` of it); made
        directly (``dataclasses.replace`` looks the fields up again for each finding)."""
        return Finding(self.line if line is None else line, self.column, self.rule,
                       self.message, self.severity, file, self.cell if cell is None else cell)

    def where(self) -> str:
        place = shown(self.file) if self.file else "<source>"
        if self.cell is not None:
            place += f":cell {self.cell}"
        if self.line is not None:
            place += f":{self.line}:{(self.column or 0) + 1}"
        return place

    def render(self) -> str:
        """PATH[:cell N][:LINE:COL]: CODE RULE: MESSAGE (``error`` for errors; changes end in
        [applied])."""
        if self.severity == ERROR:
            return f"{self.where()}: error: {self.message}"
        from migrate.rule_codes import code_of

        suffix = " [applied]" if self.severity == CHANGE else ""
        code = code_of(self.rule)
        named = f"{code} {self.rule}" if code else self.rule
        return f"{self.where()}: {named}: {self.message}{suffix}"

    def as_json(self) -> dict:
        record = {"file": self.file, "cell": self.cell, "line": self.line,
                  "column": None if self.column is None else self.column + 1}
        if self.severity != ERROR:
            from migrate.rule_codes import code_of

            record.update(rule=self.rule, code=code_of(self.rule), severity=self.severity)
        record["message"] = self.message
        return record


def shown(name: str) -> str:
    """A file name as diagnostics print it: as it is when every character is printable,
    else quoted with escapes (``'evil\\nfake.py'``), so that a newline or a terminal
    escape in a name cannot forge a line of output."""
    return name if name.isprintable() else ascii(name)


def error(file: str, message: str, line: int | None = None, column: int | None = None,
          cell: int | None = None) -> Finding:
    """A file that could not be converted; ``column`` is 1-based here, as InputError's."""
    return Finding(line, None if column is None else column - 1, None, message, ERROR, file, cell)


# ---------------------------------------------------------------------------- positions
def locate(module, source: str, requests, by_statement=None, aliases=()) -> dict[int, tuple[int, int]]:
    """{id(node): (line, column)} for the nodes of ``requests``, in the input source.

    ``requests`` holds ``(node, statement, indent)``: the node, the innermost statement
    holding it (SimpleStatementLine/Suite or compound statement; None for the module) and
    the indentation of that statement's block.  ``by_statement`` lists, per statement, the
    TensorFlow references the engine's scan found there, in source order.

    Python's ``ast`` tree of the source (the one the pipeline's check made, see
    :mod:`migrate.python_tree`, else a parse here: fast, C) is read; the statements are matched by
    their order, and within a statement the n-th reference ``tf.x.y`` of libcst is the n-th
    of ``ast``.  Where that does not work out, the statement is printed with libcst's
    position-tracking printer instead, and as a last resort libcst's PositionProvider runs
    over the module.  Columns count characters, like libcst's.
    """
    try:
        return _Locator(module, source, by_statement or {}, set(aliases)).run(requests)
    except _Mismatch:
        return _locate_slow(module, requests)


class _Mismatch(Exception):
    pass


class _Sink:
    def __init__(self):
        self._computed = {}


def _locate_slow(module, requests):
    from libcst.metadata import MetadataWrapper, PositionProvider

    positions = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    out = {}
    for node, _, _ in requests:
        where = positions.get(node)
        out[id(node)] = (where.start.line, where.start.column) if where else (1, 0)
    return out


class _Locator:
    def __init__(self, module, source, by_statement, aliases):
        self.module = module
        self.source = source
        self.by_statement = by_statement
        self.aliases = aliases
        self._lines = None

    def run(self, requests):
        from migrate.python_tree import tree_of

        out = {}
        wanted = {}
        for node, stmt, indent in requests:
            if stmt is None:
                out[id(node)] = (1, 0)
            else:
                wanted.setdefault(id(stmt), (stmt, indent, []))[2].append(node)
        if not wanted:
            return out
        try:
            tree = tree_of(self.source)
        except (SyntaxError, ValueError, MemoryError, RecursionError):
            raise _Mismatch from None
        statements = ast_statements(tree)
        statements.sort(key=lambda n: (n.lineno, n.col_offset))
        ordinals = _ordinals(self.module, set(wanted))
        if len(ordinals) != len(wanted):
            raise _Mismatch
        for key, (stmt, indent, nodes) in wanted.items():
            ordinal = ordinals[key]
            count = len(stmt.body) if _is_simple(stmt) else 1
            if ordinal + count > len(statements):
                raise _Mismatch
            mine = statements[ordinal: ordinal + count]
            try:
                out.update(self._by_ast(stmt, mine, nodes))
            except _Mismatch:
                out.update(self._by_printing(stmt, indent, mine[0], nodes))
        return out

    # ------------------------------------------------------------------ ast
    def _column(self, lineno, col):
        if self._lines is None:
            import re

            self._lines = re.split(r"\r\n|\r|\n", self.source)
        text = self._lines[lineno - 1] if lineno - 1 < len(self._lines) else ""
        if text.isascii():
            return col
        return len(text.encode("utf-8")[:col].decode("utf-8", errors="ignore"))

    def _by_ast(self, stmt, mine, nodes):
        import libcst as cst

        from migrate.imports import dotted

        out = {}
        pending = []
        for node in nodes:
            if node is stmt:
                first = mine[0]
                line = min([first.lineno] + [d.lineno for d in getattr(first, "decorator_list", ())])
                out[id(node)] = (line, self._column(first.lineno, first.col_offset))
            else:
                pending.append(node)
        if not pending:
            return out
        found = self.by_statement.get(id(stmt), [])
        keys = {}
        for node in found:
            if isinstance(node, cst.Attribute):
                key = ("attr", dotted(node))
            elif isinstance(node, cst.Call):
                key = ("call", dotted(node.func))
            else:
                key = ("import", None)
            keys.setdefault(key, []).append(node)
        theirs = {}
        for stmt_node in mine:
            self._collect(stmt_node, theirs, top=True)
        for key, group in keys.items():
            candidates = sorted(theirs.get(key, ()))
            if len(candidates) != len(group):
                raise _Mismatch
            for node, (line, col) in zip(group, candidates):
                out[id(node)] = (line, self._column(line, col))
        for node in pending:
            if id(node) not in out:
                raise _Mismatch
        return out

    def _collect(self, node, into, top=False):
        import ast

        if isinstance(node, ast.stmt) and not top:
            return
        if isinstance(node, ast.Attribute):
            path = dotted_name(node)
            if path is not None:
                if path.split(".", 1)[0] in self.aliases:
                    into.setdefault(("attr", path), []).append((node.lineno, node.col_offset))
                return
        elif isinstance(node, ast.Name):
            return
        elif isinstance(node, ast.Call):
            path = dotted_name(node.func)
            if path is not None and path.split(".", 1)[0] in self.aliases:
                into.setdefault(("call", path), []).append((node.lineno, node.col_offset))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            if isinstance(node, ast.Import):
                mentions = any(_is_tf(a.name) for a in node.names)
            else:
                mentions = not node.level and node.module is not None and _is_tf(node.module)
            if mentions:
                into.setdefault(("import", None), []).append((node.lineno, node.col_offset))
            return
        for child in ast.iter_child_nodes(node):
            self._collect(child, into)

    # ------------------------------------------------------------------ printing
    def _by_printing(self, stmt, indent, first, nodes):
        """Print the statement alone with positions; ast says on which line it starts."""
        import libcst as cst
        from libcst.metadata.position_provider import PositionProvidingCodegenState

        first_line = min([first.lineno] + [d.lineno for d in getattr(first, "decorator_list", ())])
        out = {}
        pending = []
        for node in nodes:
            if node is stmt:
                out[id(node)] = (first_line, len(indent))
            else:
                pending.append(node)
        subjects = [stmt.with_changes(leading_lines=())]
        if isinstance(stmt, cst.BaseCompoundStatement) and isinstance(
                getattr(stmt, "body", None), cst.IndentedBlock):
            # the header alone first: the body is printed by its own statements
            subjects.insert(0, stmt.with_changes(
                leading_lines=(),
                body=cst.IndentedBlock(body=[cst.SimpleStatementLine(body=[cst.Pass()])])))
        for subject in subjects:
            if not pending:
                break
            sink = _Sink()
            state = PositionProvidingCodegenState(
                default_indent=self.module.default_indent,
                default_newline=self.module.default_newline,
                provider=sink, indent_tokens=[indent] if indent else [])
            subject._codegen(state)
            left = []
            for node in pending:
                where = sink._computed.get(node)
                if where is None:
                    left.append(node)
                else:
                    out[id(node)] = (first_line + where.start.line - 1, where.start.column)
            pending = left
        if pending:
            raise _Mismatch
        return out


def _is_simple(stmt) -> bool:
    import libcst as cst

    return isinstance(stmt, (cst.SimpleStatementLine, cst.SimpleStatementSuite))


def _is_tf(path: str) -> bool:
    return path == "tensorflow" or path.startswith("tensorflow.")


def _ordinals(module, wanted: set[int]) -> dict[int, int]:
    """Index of each wanted statement among all statements in source order (as ast counts)."""
    import libcst as cst

    found = {}
    count = 0

    def block(body):
        nonlocal count
        for stmt in body:
            if len(found) == len(wanted):
                return
            if isinstance(stmt, cst.SimpleStatementLine):
                if id(stmt) in wanted:
                    found[id(stmt)] = count
                count += len(stmt.body)
                continue
            compound(stmt)

    def suite(node):
        nonlocal count
        if isinstance(node, cst.SimpleStatementSuite):
            if id(node) in wanted:
                found[id(node)] = count
            count += len(node.body)
        else:
            block(node.body)

    def compound(stmt):
        nonlocal count
        if id(stmt) in wanted:
            found[id(stmt)] = count
        count += 1
        body = getattr(stmt, "body", None)
        if body is not None:
            suite(body)
        for handler in getattr(stmt, "handlers", ()):
            suite(handler.body)
        for case in getattr(stmt, "cases", ()):
            suite(case.body)
        orelse = getattr(stmt, "orelse", None)
        if isinstance(orelse, cst.If):
            compound(orelse)
        elif orelse is not None:
            suite(orelse.body)
        final = getattr(stmt, "finalbody", None)
        if final is not None:
            suite(final.body)

    block(module.body)
    return found
