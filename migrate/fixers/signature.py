"""keyword-rename / signature: arguments whose name or place changed.

``tf0_arguments`` (hand table): TF 0.x keywords and positions (``concat_dim=``,
``batch_matmul(x, y, adj_x)``).

``v2_signature`` (generated table): for functions both TF 1.x and TF 2 have, with other
parameters, positional arguments that TF 2 would read as another parameter are passed by
keyword, and keywords TF 2 renamed are renamed (``reduction_indices`` -> ``axis``).  A call
using a TF 1.x parameter that TF 2 lacks (``tf.nn.dropout(x, keep_prob)``) keeps its
arguments and calls ``tf.compat.v1.NAME`` instead.
"""
from __future__ import annotations

import libcst as cst

from migrate.fixers import CallState, call_fixer, display, keyword_arg, rename_keyword
from migrate.tables.hand import TF0_KEYWORDS, TF0_POSITIONAL, XENT_POSITIONAL
from migrate.tables.v1_names import KEYWORD_RENAMES, SIGNATURES


@call_fixer(10)
def tf0_arguments(call: cst.Call, state: CallState, ctx) -> cst.Call | None:
    written = state.written
    if written in XENT_POSITIONAL:
        return None  # xent_positional handles both
    renames = TF0_KEYWORDS.get(written)
    positional = TF0_POSITIONAL.get(written)
    if renames is None and positional is None:
        return None
    renames = renames or {}
    args = list(call.args)
    if any(a.star for a in args):
        return None
    done = []
    if positional is not None:
        params, keep = positional
        index = 0
        for i, arg in enumerate(args):
            if arg.keyword is not None:
                continue
            if index >= keep and index < len(params):
                args[i] = keyword_arg(arg, params[index])
                if params[index] not in renames:
                    done.append(f"argument {index + 1} -> {params[index]}=")
            index += 1
    given = {a.keyword.value for a in args if a.keyword is not None}
    for i, arg in enumerate(args):
        if arg.keyword is not None and arg.keyword.value in renames:
            new = renames[arg.keyword.value]
            if new in given:
                ctx.warn(state.original, "keyword-rename",
                         f"{display(state.space, written)}: both {arg.keyword.value}= and {new}=")
                return None
            done.append(f"{arg.keyword.value}= -> {new}=")
            args[i] = rename_keyword(arg, new)
    if not done:
        return None
    ctx.change(state.original, "keyword-rename",
               f"{display(state.space, written)}: TF 0.x arguments: {', '.join(done)}")
    return call.with_changes(args=args)


@call_fixer(40)
def v2_signature(call: cst.Call, state: CallState, ctx) -> cst.Call | None:
    if state.space != "v2" or state.canonical not in SIGNATURES:
        return None
    if state.target is not None and not state.target.startswith("tensorflow.") or (
        state.target or "").startswith("tensorflow.compat.v1."):
        return None  # the call goes to tf.compat.v1 (or a shim) already
    name = state.canonical
    v1_positional, v1_all, v2_positional, v2_all = SIGNATURES[name]
    renames = KEYWORD_RENAMES.get(name, {})
    args = list(call.args)
    star = any(a.star for a in args)
    converted, renamed, foreign = [], [], []
    mismatch = False
    index = 0
    for i, arg in enumerate(args):
        if arg.star:
            continue
        if arg.keyword is None:
            if index >= len(v1_positional):
                return None  # more positional arguments than TF 1.x took: not ours to judge
            param = v1_positional[index]
            index += 1
            if not mismatch and index - 1 < len(v2_positional) and \
                    v2_positional[index - 1] == renames.get(param, param):
                continue
            mismatch = True
            if star:
                ctx.warn(state.original, "signature",
                         f"{display('v2', name)}: TF 2 reads positional argument {index} as "
                         f"another parameter than TF 1.x ({param}); pass it by keyword")
                return None
            arg = keyword_arg(arg, param)
            converted.append(param)
        keyword = arg.keyword.value
        if keyword in v2_all:
            args[i] = arg
            continue
        if keyword in renames:
            args[i] = rename_keyword(arg, renames[keyword])
            renamed.append(f"{keyword}= -> {renames[keyword]}=")
            continue
        foreign.append(keyword)
    if foreign:
        target = "tensorflow.compat.v1." + name
        ctx.change(state.original, "signature",
                   f"{display('v2', name)}: TF 2 has no {', '.join(k + '=' for k in foreign)}; "
                   f"-> {display('v2', 'compat.v1.' + name)}")
        return call.with_changes(func=ctx.expr_for(target, state.name))
    keywords = [a.keyword.value for a in args if a.keyword is not None]
    if len(keywords) != len(set(keywords)):
        ctx.warn(state.original, "keyword-rename",
                 f"{display('v2', name)}: an argument is given under its old and its new name")
        return None
    if not converted and not renamed:
        return None
    parts = []
    if converted:
        parts.append("by keyword: " + ", ".join(converted))
    if renamed:
        parts.append(", ".join(renamed))
    ctx.change(state.original, "keyword-rename", f"{display('v2', name)}: {'; '.join(parts)}")
    return call.with_changes(args=args)
