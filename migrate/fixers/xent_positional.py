"""xent-positional: TF 0.x cross entropies took (logits, labels) positionally.

TF 1.x made them keyword-only (a ``_sentinel`` first parameter) and TF 2 puts ``labels``
first, so a positional call is always TF 0.x: pass both by keyword.
"""
from __future__ import annotations

import libcst as cst

from migrate.fixers import CallState, call_fixer, display, keyword_arg, rename_keyword
from migrate.tables.hand import AMBIGUOUS_POSITIONAL, TF0_KEYWORDS, XENT_POSITIONAL


@call_fixer(20)
def xent_positional(call: cst.Call, state: CallState, ctx) -> cst.Call | None:
    name = state.canonical
    positional = [a for a in call.args if a.keyword is None]
    if name in AMBIGUOUS_POSITIONAL and positional:
        ctx.warn(state.original, "xent-positional",
                 f"{display(state.space, name)}: {AMBIGUOUS_POSITIONAL[name]}")
        return None
    params = XENT_POSITIONAL.get(name)
    if params is None:
        return None
    renames = TF0_KEYWORDS.get(name, {})
    if not positional:
        if not any(a.keyword is not None and a.keyword.value in renames for a in call.args):
            return None
        args = [rename_keyword(a, renames[a.keyword.value])
                if a.keyword is not None and a.keyword.value in renames else a for a in call.args]
        ctx.change(state.original, "keyword-rename",
                   f"{display(state.space, name)}: TF 0.x keyword targets= -> labels=")
        return call.with_changes(args=args)
    if any(a.star for a in call.args) or len(positional) > len(params):
        ctx.warn(state.original, "xent-positional",
                 f"{display(state.space, name)} takes keyword arguments since TF 1.0; "
                 "pass logits= and labels= by name")
        return None
    given = {a.keyword.value for a in call.args if a.keyword is not None}
    args = []
    for i, arg in enumerate(call.args):
        if arg.keyword is None:
            keyword = renames.get(params[i], params[i])
            if keyword in given:
                ctx.warn(state.original, "xent-positional",
                         f"{display(state.space, name)}: {keyword} given twice; left as is")
                return None
            arg = keyword_arg(arg, keyword)
        elif arg.keyword.value in renames:
            arg = rename_keyword(arg, renames[arg.keyword.value])
        args.append(arg)
    names = ", ".join(f"{a.keyword.value}=" for a in args[: len(positional)])
    ctx.change(state.original, "xent-positional",
               f"{display(state.space, name)}: TF 0.x positional arguments -> {names}")
    return call.with_changes(args=args)
