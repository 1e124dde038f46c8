"""contrib: tf.contrib.* -> a maintained replacement (hand table), else a warning.

Rows of kind "rename" change the name only; "xavier", "l2", "l1", "one-arg" also map the
arguments, so they are only rewritten where called (``contrib_call``).
"""
from __future__ import annotations

import libcst as cst

from migrate.fixers import (
    CallState, NameState, bool_literal, call_fixer, display, display_full, keyword_arg,
    name_fixer,
)
from migrate.fixers.tf0_names import longest_prefix
from migrate.tables.hand import CONTRIB, CONTRIB_ADVICE, CONTRIB_IMPORTED, INPUT_DATA_MODULES


@name_fixer(30)
def contrib(state: NameState, ctx) -> None:
    segments = state.segments
    if state.space != "v2" or not segments or segments[0] not in ("contrib", "examples"):
        return
    key, n = longest_prefix(segments, CONTRIB)
    if key is not None:
        target, kind = CONTRIB[key]
        if kind == "rename":
            state.set_target(target, n, "contrib",
                             f"{display('v2', key)} -> {display('v2', target)}")
        elif state.called and n == len(segments):
            state.defer = kind
            state.target = state.full(target)
            state.consumed = n
            state.done = True
        elif isinstance(state.node, (cst.Import, cst.ImportFrom)):
            state.warnings.append(("contrib", f"{display('v2', key)}: tf.contrib does not exist in "
                                              "TF 2, this import fails; its calls are rewritten to "
                                              f"{display_full(state.full(target))}, then remove it"))
            state.keep = state.done = True
        else:
            state.warnings.append(("contrib", f"{display('v2', key)} is only rewritten where it "
                                              f"is called; use {display('v2', target)} here"))
            state.keep = state.done = True
        return
    key, n = longest_prefix(segments, INPUT_DATA_MODULES)
    if key is not None:
        target = INPUT_DATA_MODULES[key]
        state.set_target(target, n, "input-data", f"{display('v2', key)} -> {target[1:]}")
        return
    if segments[0] == "examples":
        state.warnings.append(("needs-attention", f"{display('v2', state.canonical)} was removed "
                                                  "with the TF 1 tutorials; no replacement"))
        state.keep = state.done = True
        return
    advice_key, _ = longest_prefix(segments, CONTRIB_ADVICE)
    advice = CONTRIB_ADVICE[advice_key]
    if isinstance(state.node, (cst.Import, cst.ImportFrom)):
        advice = ("tf.contrib does not exist in TF 2, this import fails; the uses that have a "
                  "replacement were rewritten, remove the import once the rest is done. " + advice)
    state.warnings.append(("contrib", f"{display('v2', state.canonical)}: {advice}"))
    state.keep = state.done = True


def _split(call: cst.Call, params: tuple[str, ...]):
    """{param: Arg} of a call, or None when it has *args/**kwargs or unknown keywords."""
    out = {}
    for i, arg in enumerate(call.args):
        if arg.star:
            return None
        if arg.keyword is None:
            if i >= len(params):
                return None
            out[params[i]] = arg
        elif arg.keyword.value in params:
            out[arg.keyword.value] = arg
        else:
            return None
    return out


def _finish(args: list[cst.Arg]) -> list[cst.Arg]:
    if args:
        args[-1] = args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return args


@call_fixer(50)
def contrib_call(call: cst.Call, state: CallState, ctx) -> cst.Call | None:
    kind = state.name.defer
    if kind is None:
        return None
    node = state.original
    target = state.name.target
    written = display("v2", state.written)
    if kind == "xavier":
        args = _split(call, ("uniform", "seed", "dtype"))
        if args is None:
            ctx.warn(node, "contrib", f"{written}: unexpected arguments; use {display_full(target)}")
            return None
        uniform = args.pop("uniform", None)
        if uniform is not None and bool_literal(uniform.value) is not True:
            # contrib's truncated normal (stddev sqrt(1.3/n)): tf_slim has contrib's code
            slim = CONTRIB_IMPORTED[state.canonical]
            ctx.change(node, "contrib", f"{written}(uniform=...) -> {slim[1:]} (contrib's own "
                                        "truncated normal, carried on by tf_slim)")
            return call.with_changes(func=ctx.expr_for(slim, state.name))
        new_args = _finish([keyword_arg(a, k) if a.keyword is None else a for k, a in args.items()])
    elif kind in ("l2", "l1"):
        args = _split(call, ("scale", "scope"))
        if args is None or "scale" not in args or "scope" in args:
            ctx.warn(node, "contrib", f"{written}: only (scale) is rewritten; use "
                                      f"{display_full(target)}")
            return None
        scale = args["scale"].value
        if kind == "l2":  # contrib: scale * l2_loss(w) = scale * sum(w**2) / 2
            if isinstance(scale, (cst.Name, cst.Integer, cst.Float, cst.Attribute)):
                value = cst.BinaryOperation(cst.Float("0.5"), cst.Multiply(), scale)
            else:
                value = cst.BinaryOperation(
                    cst.Float("0.5"), cst.Multiply(),
                    scale.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()]))
        else:
            value = scale
        new_args = [cst.Arg(value=value)]
    elif kind == "one-arg":
        if len(call.args) != 1 or call.args[0].keyword is not None or call.args[0].star:
            ctx.warn(node, "contrib", f"{written}: only a one-argument call is rewritten; use "
                                      f"{display_full(target)}")
            return None
        new_args = list(call.args)
    else:  # pragma: no cover - table error
        raise ValueError(kind)
    func = ctx.expr_for(target, state.name)
    ctx.change(node, "contrib", f"{written} -> {display_full(target)}"
               + (" (scale halved: keras l2 has no 1/2)" if kind == "l2" else ""))
    return call.with_changes(func=func, args=new_args)
