"""Code-writing helpers every part of the eager stage may use: a leaf module (it imports
nothing of the stage), so a pattern writes a statement without importing the writer of
run functions."""
from __future__ import annotations

import libcst as cst

INDENT = "    "


def statement_with_comments(text: str, leading) -> cst.BaseStatement:
    """One statement from `text` whose leading '# ...' lines become its leading_lines."""
    lines = text.rstrip("\n").split("\n")
    comments = [ln for ln in lines if ln.startswith("#")]
    code = "\n".join(ln for ln in lines if not ln.startswith("#")) + "\n"
    stmt = cst.parse_statement(code)
    extra = [cst.EmptyLine(comment=cst.Comment(c)) for c in comments]
    return stmt.with_changes(leading_lines=list(leading) + extra)


def fresh(base: str, taken) -> str:
    """`base`, or `base_2`, `base_3`... : the first not in `taken`."""
    if base not in taken:
        return base
    i = 2
    while f"{base}_{i}" in taken:
        i += 1
    return f"{base}_{i}"


def returned_directly(function_code: str) -> str:
    """`name = expr` then `return name` at the end of a def becomes `return expr` (ruff
    RET504): the local only named the value on its way out. Tuples too (`a, b = f(x)`
    then `return a, b`). Anything else is left as written."""
    module = cst.parse_module(function_code)
    if len(module.body) != 1 or not isinstance(module.body[0], cst.FunctionDef) \
            or not isinstance(module.body[0].body, cst.IndentedBlock):
        return function_code
    fn = module.body[0]
    stmts = list(fn.body.body)
    if len(stmts) < 2 or not all(isinstance(s, cst.SimpleStatementLine) and len(s.body) == 1 for s in stmts[-2:]):
        return function_code
    assign, ret = stmts[-2].body[0], stmts[-1].body[0]
    if not (isinstance(assign, cst.Assign) and len(assign.targets) == 1 and isinstance(ret, cst.Return)
            and ret.value is not None and _names(assign.targets[0].target) is not None
            and _names(assign.targets[0].target) == _names(ret.value)):
        return function_code
    merged = stmts[-2].with_changes(body=[cst.Return(value=assign.value)])
    new_fn = fn.with_changes(body=fn.body.with_changes(body=stmts[:-2] + [merged]))
    return module.with_changes(body=[new_fn]).code


def _names(node) -> tuple | None:
    """('a',) for `a`, (',', 'a', 'b') for `a, b` / `(a, b)`; None for anything else."""
    if isinstance(node, cst.Name):
        return (node.value,)
    if isinstance(node, cst.Tuple) and node.elements and all(isinstance(e, cst.Element) and isinstance(e.value, cst.Name)
                                                            for e in node.elements):
        return (",",) + tuple(e.value.value for e in node.elements)
    return None


def as_statements(text: str, node) -> list:
    """The statements of `text`, the node's blank lines before the first; a def gets blank lines around it."""
    leading = [ln for ln in node.leading_lines if ln.comment is None]
    statements, blank = [], False
    for part in _statements(text):
        lines = list(leading) if not statements else [cst.EmptyLine()] if blank else []
        statement = statement_with_comments(part, lines)
        blank = isinstance(statement, cst.FunctionDef)
        if blank and statements:
            statement = statement.with_changes(leading_lines=[cst.EmptyLine(), *statement.leading_lines])
        statements.append(statement)
    return statements


def _statements(text: str) -> list:
    """Split code into statements, each with the comment lines above it."""
    out, pending = [], []
    for line in text.rstrip("\n").split("\n"):
        if not line.strip():
            continue
        if line.startswith(" ") and out and not pending:  # a continuation line
            out[-1] += line + "\n"
            continue
        pending.append(line)
        if not line.startswith("#"):
            out.append("\n".join(pending) + "\n")
            pending = []
    return out


def packed(specs: list[str], width: int, indent: str = INDENT) -> list[str]:
    """The specs on as few indented lines as fit `width` (room left for a closing `])`), in order."""
    lines: list[str] = []
    for spec in specs:
        if lines and len(f"{lines[-1]}, {spec}") + 2 <= width:
            lines[-1] = f"{lines[-1]}, {spec}"
        elif lines:
            lines[-1] += ","
            lines.append(indent + spec)
        else:
            lines.append(indent + spec)
    return lines
