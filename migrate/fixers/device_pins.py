"""device-pins: ``tf.device('/gpu:0')`` runs where the script is (soft placement).

TF 1.x users ran such scripts with ``allow_soft_placement``; without it a machine lacking
the device fails with "Cannot assign a device".  A file that pins a device other than the
CPU gets ``tf.config.set_soft_device_placement(True)`` after its TensorFlow imports (the
default Session reads it) and ``allow_soft_placement=True`` in each ``ConfigProto(...)``
that does not set it (a Session given a config ignores the first).
"""
from __future__ import annotations

import re

import libcst as cst

from migrate.fixers import CallState, bool_literal, call_fixer, display, module_fixer

# a .device( call whose argument is not literally a CPU
_PIN = re.compile(r"\.device\(\s*(?!['\"]\s*/?(?:job:[\w-]*/)?(?:replica:\d+/)?(?:task:\d+/)?"
                  r"(?:device:)?cpu)", re.I)


def pins_devices(ctx) -> bool:
    return _PIN.search(ctx.source) is not None


@call_fixer(60)
def config_soft_placement(call: cst.Call, state: CallState, ctx) -> cst.Call | None:
    if state.canonical != "ConfigProto" or not pins_devices(ctx):
        return None
    if any(a.star for a in call.args) or any(a.keyword is None for a in call.args):
        return None
    given = next((a for a in call.args if a.keyword.value == "allow_soft_placement"), None)
    if given is not None:
        if bool_literal(given.value) is not True:
            ctx.warn(state.original, "device-pins",
                     f"{display(state.space, 'ConfigProto')}: allow_soft_placement is not True and "
                     "the script pins devices; it fails where they are missing")
        return None
    args = list(call.args)
    soft = cst.Arg(keyword=cst.Name("allow_soft_placement"), value=cst.Name("True"),
                   equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""),
                                         whitespace_after=cst.SimpleWhitespace("")))
    if args:
        args[-1] = args[-1].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
    ctx.change(state.original, "device-pins",
               f"{display(state.space, 'ConfigProto')}: allow_soft_placement=True (the script pins "
               "devices; it runs where it is)")
    return call.with_changes(args=[*args, soft])


@module_fixer(11)
def soft_placement(module: cst.Module, ctx) -> cst.Module | None:
    if not pins_devices(ctx) or "set_soft_device_placement" in ctx.source or \
            not (ctx.graph_uses or ctx.disables_eager):
        return None
    func = ctx.expr_for("tensorflow.config.set_soft_device_placement", None, top_level=True)
    ctx.insert_after_imports(cst.SimpleStatementLine(
        body=[cst.Expr(cst.Call(func=func, args=[cst.Arg(cst.Name("True"))]))]))
    ctx.change(ctx.insert_anchor() or (ctx.graph_uses or [module])[0], "device-pins",
               "tf.device pins a device this machine may lack: inserted "
               "tf.config.set_soft_device_placement(True) (TF 1.x's allow_soft_placement)")
    return None
