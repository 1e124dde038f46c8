"""The record of a `tf.get_variable(...)` call (GetVariableInfo), shared by the patterns that
read one (scopes at the top level, variable_loops in a loop): reading its arguments, and
the `tf.Variable(...)` call written for it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager.model import Kind
from migrate.eager.rewrite import default_glorot_draw, initializer_draw
from migrate.tables import variable_scopes as T

if TYPE_CHECKING:  # annotations only
    from migrate.eager.analysis import Analysis
    from migrate.eager.translate import Translator


@dataclass
class GetVariableInfo:
    full_name: str
    shape: cst.BaseExpression | None = None
    dtype: cst.BaseExpression | None = None
    initializer: cst.BaseExpression | None = None  # None: the default for the dtype
    initializer_path: str | None = None  # the initializer class (written path), None for a value
    default_initializer: str | None = None  # the default's path, when `initializer` was not given
    passed: tuple = ()  # (keyword, value node) passed on to tf.Variable
    alias_of: object = None  # the GStmt of the variable reused
    trainable: bool = True
    helper: str | None = None


def read_arguments(a: Analysis, call, args, info: GetVariableInfo, env) -> None:
    for key in args:
        if key not in ("name", "shape", "dtype", "initializer", "trainable", "validate_shape") \
                and key not in T.GET_VARIABLE_IGNORED and key not in T.GET_VARIABLE_PASSED:
            a.problem(call, f"tf.get_variable(..., {key}=...) is not translated")
    if "validate_shape" in args and not (isinstance(args["validate_shape"], cst.Name)
                                         and args["validate_shape"].value == "True"):
        a.problem(call, "tf.get_variable(validate_shape=...) is not translated")
    if "trainable" in args:
        flag = args["trainable"]
        if isinstance(flag, cst.Name) and flag.value in ("True", "False", "None"):
            info.trainable = flag.value != "False"
        else:
            a.problem(call, "tf.get_variable(trainable=...) that is not a literal True/False")
    info.passed = tuple((key, args[key]) for key in T.GET_VARIABLE_PASSED if key in args)
    info.shape, info.dtype = args.get("shape"), args.get("dtype")
    dtype = T.DEFAULT_DTYPE
    if info.dtype is not None:
        dtype = (a.r.resolve(info.dtype) or "").rpartition(".")[2] if isinstance(
            info.dtype, (cst.Name, cst.Attribute)) else None
    initializer = args.get("initializer")
    if initializer is None:
        if dtype in T.FLOAT_DTYPES:
            info.default_initializer = T.DEFAULT_FLOAT_INITIALIZER
        elif dtype in T.OTHER_DTYPES:
            info.default_initializer = T.DEFAULT_OTHER_INITIALIZER
        else:
            a.problem(call, "tf.get_variable without initializer, of a dtype the translation cannot read")
        if info.shape is None:
            a.problem(call, "tf.get_variable without shape or initializer")
        return
    info.initializer = initializer
    info.initializer_path = initializer_class(a, initializer, env)
    if info.initializer_path is not None:
        if info.shape is None:
            a.problem(call, "tf.get_variable with an initializer object but no shape")
        return
    if not _is_tensor_value(a, initializer, env):
        a.problem(initializer, "tf.get_variable(initializer=...) that the translation cannot read as an initializer "
                               "class or a tensor")
    elif info.shape is not None:
        a.problem(call, "tf.get_variable with a value as initializer and a shape: the original raises ValueError")


def initializer_class(a: Analysis, node, env) -> str | None:
    """The written path of the initializer class `node` builds (directly, or through a name
    bound to one at the top level), else None."""
    if isinstance(node, cst.Name) and node.value in env:
        g = env[node.value]
        if g.kind in (Kind.TENSOR, Kind.CONSTANT) and len(g.targets) == 1 and isinstance(g.value, cst.Call):
            return initializer_class(a, g.value, {})
        return None
    if isinstance(node, cst.Call) and isinstance(node.func, (cst.Name, cst.Attribute)):
        path = a.r.written(node.func)
        if T.initializer_kind(path) is not None:
            return path
    return None


def _is_tensor_value(a: Analysis, node, env) -> bool:
    """A TensorFlow op's value (tf.constant(...), tf.zeros(...)) or a graph tensor built before."""
    if isinstance(node, cst.Name):
        return node.value in env and env[node.value].kind in (Kind.TENSOR, Kind.CONSTANT)
    path = a.call_path(node)
    return path is not None and not path.endswith("initializer")


def variable_call(t: Translator, info: GetVariableInfo, name_code: str) -> tuple:
    """(a comment line or "", `tf.Variable(<initial value>, name=<name_code>)`) for a get_variable."""
    comment = ""
    if info.default_initializer == T.DEFAULT_FLOAT_INITIALIZER and info.dtype is None:
        tf = t.a.r.primary
        value = default_glorot_draw(tf, f"{tf}.keras", t.expr_code(info.shape), t.a.global_seed)
        if t.a.global_seed:
            comment = "# tf.get_variable's default initializer\n"
    elif info.default_initializer is not None:
        comment = "# tf.get_variable's default initializer\n"
        init = f"{t.a.r.primary}.{info.default_initializer}()"
        value = _initial_value(t, init, info.default_initializer, True, info)
    elif info.initializer_path is not None:
        init = t.expr_code(info.initializer)
        bare = isinstance(info.initializer, cst.Call) and not info.initializer.args
        value = _initial_value(t, init, info.initializer_path, bare, info)
    else:
        value = t.expr_code(info.initializer)
    keywords = [f"name={name_code}"]
    if info.initializer_path is None and info.default_initializer is None and info.dtype is not None:
        keywords.append(f"dtype={t.expr_code(info.dtype)}")
    keywords += [f"{key}={t.expr_code(node_)}" for key, node_ in info.passed]
    return comment, f"{t.a.r.primary}.Variable({value}, {', '.join(keywords)})"


def _initial_value(t: Translator, init_code: str, path: str, bare: bool, info: GetVariableInfo) -> str:
    """`init(shape)` (with dtype=), or `tf.zeros(shape)` for an argument-less zeros/ones initializer."""
    shape = t.expr_code(info.shape)
    dtype = f", dtype={t.expr_code(info.dtype)}" if info.dtype is not None else ""
    tensor = T.INITIALIZER_AS_TENSOR.get(path)
    if tensor is not None and bare:
        return f"{t.a.r.primary}.{tensor}({shape}{dtype})"
    drawn = initializer_draw(cst.parse_expression(f"{init_code}({shape}{dtype})"), path, t.a.r.primary)
    return f"{init_code}({shape}{dtype})" if drawn is None else cst.Module([]).code_for_node(drawn)


def is_get_variable(g) -> bool:
    return isinstance(g.info, GetVariableInfo)
