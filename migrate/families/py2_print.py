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


def _binds_print(module: cst.Module) -> bool:
    """Does the module bind the name ``print`` anywhere (libcst's scope analysis)?"""
    from libcst.metadata import MetadataWrapper, ScopeProvider

    scopes = MetadataWrapper(module, unsafe_skip_copy=True).resolve(ScopeProvider).values()
    return any(scope is not None and "print" in scope.assignments for scope in set(scopes))


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
    if _binds_print(module):
        return source, module, []
    new_module = module.visit(_Rewrite())
    new = new_module.code
    if new == source:
        return source, module, []
    from migrate.families.py2 import line_findings

    return new, new_module, line_findings(source, new, "Python 2 print statement -> print()")
