"""py2: the Python 2 print statements that Python 3 also parses, with another meaning.

``print >>sys.stderr, "x"`` parses as a tuple whose first item is ``print >> sys.stderr``
(a TypeError when it runs) and a bare ``print`` as the name alone (it prints nothing).
fissix only sees them in a file that does not parse as Python 3, so they are rewritten
here, on the libcst tree: ``print("x", file=sys.stderr)``, ``print()``; a trailing comma
(Python 2: no newline) becomes ``end=" "``. Only where ``print`` is the builtin: a module
that binds the name ``print`` anywhere (an assignment, a parameter, an import...) is left
as it is.
"""
from __future__ import annotations

import re

import libcst as cst

from migrate.findings import CHANGE, Finding

# a line that starts with 'print >>' or is 'print' alone: only then is the tree walked
_CANDIDATE = re.compile(r"(?<![\w.])print[ \t]*(?:>>|[;#\r\n]|$)", re.M)


class _Bindings(cst.CSTVisitor):
    """Does the module bind the name ``print``?"""

    def __init__(self):
        self.found = False

    def _target(self, node) -> None:
        if node is None:
            return
        for name in _names(node):
            if name == "print":
                self.found = True

    def visit_Param(self, node):
        self._target(node.name)

    def visit_FunctionDef(self, node):
        self._target(node.name)

    def visit_ClassDef(self, node):
        self._target(node.name)

    def visit_AssignTarget(self, node):
        self._target(node.target)

    def visit_AnnAssign(self, node):
        self._target(node.target)

    def visit_AugAssign(self, node):
        self._target(node.target)

    def visit_For(self, node):
        self._target(node.target)

    def visit_CompFor(self, node):
        self._target(node.target)

    def visit_AsName(self, node):
        self._target(node.name)

    def visit_NamedExpr(self, node):
        self._target(node.target)

    def visit_ImportAlias(self, node):
        if node.asname is None:
            self._target(node.name)

    def visit_Global(self, node):
        for item in node.names:
            self._target(item.name)

    def visit_Nonlocal(self, node):
        for item in node.names:
            self._target(item.name)


def _names(node) -> list[str]:
    if isinstance(node, cst.Name):
        return [node.value]
    if isinstance(node, (cst.Tuple, cst.List)):
        return [name for element in node.elements for name in _names(element.value)]
    if isinstance(node, cst.StarredElement):
        return _names(node.value)
    return []


def _is_print(node) -> bool:
    return isinstance(node, cst.Name) and node.value == "print" and not node.lpar


def _chevron(node) -> cst.BaseExpression | None:
    """X for ``print >> X`` (unparenthesized), else None."""
    if (isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.RightShift)
            and _is_print(node.left) and not node.lpar):
        return node.right
    return None


_NO_SPACE = cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""),
                            whitespace_after=cst.SimpleWhitespace(""))


def _call(values, stream, trailing_comma: bool) -> cst.Call:
    args = [cst.Arg(value.with_changes(lpar=value.lpar, rpar=value.rpar)) for value in values]
    if trailing_comma:
        args.append(cst.Arg(cst.SimpleString('" "'), keyword=cst.Name("end"), equal=_NO_SPACE))
    if stream is not None:
        args.append(cst.Arg(stream, keyword=cst.Name("file"), equal=_NO_SPACE))
    commas = [arg.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
              for arg in args[:-1]]
    return cst.Call(cst.Name("print"), commas + args[-1:])


class _Rewrite(cst.CSTTransformer):
    def __init__(self):
        self.lines: list[tuple[str, str]] = []

    def leave_Expr(self, original, updated):
        value = updated.value
        call = None
        if _is_print(value):
            call = cst.Call(cst.Name("print"))
        elif _chevron(value) is not None:
            call = _call([], _chevron(value), False)
        elif (isinstance(value, cst.Tuple) and not value.lpar and value.elements
              and _chevron(value.elements[0].value) is not None
              and not any(isinstance(e, cst.StarredElement) for e in value.elements)):
            rest = [element.value for element in value.elements[1:]]
            trailing = len(value.elements) > 1 and isinstance(value.elements[-1].comma, cst.Comma)
            call = _call(rest, _chevron(value.elements[0].value), trailing)
        if call is None:
            return updated
        return updated.with_changes(value=call)


def modernize(source: str, module: cst.Module) -> tuple[str, cst.Module, list[Finding]]:
    """(source, module, findings) with the print forms rewritten; the same when none."""
    if not _CANDIDATE.search(source):
        return source, module, []
    bindings = _Bindings()
    module.visit(bindings)
    if bindings.found:
        return source, module, []
    new_module = module.visit(_Rewrite())
    new = new_module.code
    if new == source:
        return source, module, []
    from migrate.families.py2 import line_findings

    return new, new_module, line_findings(source, new, "Python 2 print statement -> print()")
