"""Pattern: a helper def given the session -> the parameter goes, and its argument at every call.

    def evaluate(session, xs, ys):                  def evaluate(xs, ys):
        return session.run(loss, {x: xs, y: ys})  ->     return compute_loss(xs, ys).numpy()
    print(evaluate(sess, X, Y))                     print(evaluate(X, Y))

Read where the def's parameter is used only as `param.run(...)` and every use of the def
is a call handing it a Session of the script (by position or keyword): the parameter is
then a session name (its runs are translated as the script's), and it goes from the def
and from each call. A def with a parameter named as a session of the script that is
used otherwise is refused: the translation removes that session, so the call would hand
over a name that no longer exists.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager.pattern import Pattern

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis

__all__ = ["PATTERN"]


@dataclass
class Helper:
    fn: cst.FunctionDef
    param: cst.Param
    position: int  # the parameter's index among the positional ones


def _session_parameter(a: Analysis, fn: cst.FunctionDef) -> Helper | None:
    """The parameter of `fn` used only as `param.run(...)`, if exactly one is."""
    found = []
    for position, param in enumerate(fn.params.params):
        if param.default is None and _only_runs(fn, param.name.value):
            found.append(Helper(fn, param, position))
    return found[0] if len(found) == 1 else None


def _only_runs(fn: cst.FunctionDef, name: str) -> bool:
    uses, runs = [], []

    class Uses(cst.CSTVisitor):
        def visit_Name(self, node):
            if node.value == name:
                uses.append(node)

        def visit_Call(self, call):
            func = call.func
            if isinstance(func, cst.Attribute) and func.attr.value == "run" and isinstance(func.value, cst.Name) \
                    and func.value.value == name:
                runs.append(func.value)

    fn.body.visit(Uses())
    return bool(runs) and len(uses) == len(runs)


def _calls(a: Analysis, name: str) -> list | None:
    """Every call of the def `name` in the module, or None when the def is used otherwise."""
    calls, names = [], []

    class Uses(cst.CSTVisitor):
        def visit_Name(self, node):
            if node.value == name:
                names.append(node)

        def visit_Call(self, call):
            if isinstance(call.func, cst.Name) and call.func.value == name:
                calls.append(call)

        def visit_FunctionDef(self, node):
            return node.name.value != name  # the def's own name is no use of it

    a.module.visit(Uses())
    return calls if len(calls) == len(names) else None


def _session_argument(a: Analysis, call: cst.Call, helper: Helper):
    """The Arg of `call` that hands the session over, if it is a session of the script."""
    name = helper.param.name.value
    positional = [arg for arg in call.args if arg.keyword is None and not arg.star]
    arg = next((arg for arg in call.args if arg.keyword is not None and arg.keyword.value == name),
               positional[helper.position] if len(positional) > helper.position else None)
    if arg is not None and isinstance(arg.value, cst.Name) and arg.value.value in a.session_names:
        return arg
    return None


class SessionParameters(Pattern):
    name = "session_parameters"
    summary = "a helper def given the session -> the parameter and its arguments go"

    @dataclass
    class State:
        helpers: list = field(default_factory=list)

    def claim_compound(self, a: Analysis, item, env) -> bool:
        fn = item.node
        if not isinstance(fn, cst.FunctionDef) or fn in a.skip_defs:
            return False
        helper = _session_parameter(a, fn)
        if helper is not None and _calls(a, fn.name.value) is not None:
            a.session_names.add(helper.param.name.value)
            a.state(self).helpers.append(helper)
        return False  # the def is read as Python code, its runs as the script's

    def link(self, a: Analysis) -> None:
        taken = {id(h.fn) for h in a.state(self).helpers}
        for helper in a.state(self).helpers:
            for call in _calls(a, helper.fn.name.value):
                arg = _session_argument(a, call, helper)
                if arg is None:
                    a.problem(call, f"`{helper.fn.name.value}` is given something other than a session of the "
                                    f"script as `{helper.param.name.value}`")
                    continue
                a.accounted.add(arg.value)
                a.edits.removed_nodes.add(arg)
            a.edits.removed_nodes.add(helper.param)
        body = a.block.body.body if a.block is not None else a.module.body
        for fn in body:
            if isinstance(fn, cst.FunctionDef) and id(fn) not in taken and fn not in a.skip_defs:
                for param in fn.params.params:
                    if param.name.value in a.session_names:
                        a.problem(param, f"the def `{fn.name.value}` has a parameter named as the session "
                                         f"`{param.name.value}`, used for more than `{param.name.value}.run(...)`")


PATTERN = SessionParameters()
