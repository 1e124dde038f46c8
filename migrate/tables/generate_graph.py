"""The graph-mode facts of migrate/tables/graph_names.py, read from the installed TensorFlow
(called by ``python -m migrate.tables.generate``; see that module's docstring).

A TF 1 program ran as a graph; converted, it runs eagerly unless migrate inserts
``disable_v2_behavior()``.  A name goes into NEEDS_GRAPH when TensorFlow itself shows it
behaves otherwise under eager execution, with the first of these reasons that holds:

* "is a graph Session": a subclass of TensorFlow's ``SessionInterface``.
* "reads a graph collection": its implementation (the function, or a class and its
  TensorFlow base classes, and the TensorFlow functions and classes they call) calls
  ``get_collection`` / ``get_collection_ref`` (under eager these are empty:
  ``tf.trainable_variables()`` is ``[]``).
  Calls are followed one deep (two deep adds tf.function and image.rot90: noise).  The
  calls followed are a TensorFlow function or class by name or as ``module.name``, and
  ``local.method(...)``: that method of the classes of the function's own module.
* "refuses eager execution": the same code raises with "not supported when eager
  execution is enabled", "not compatible with eager execution"...
* "keeps its state in metric variables": the code, two calls deep, makes variables of the
  ``METRIC_VARIABLES`` collection (streaming metrics that do not refuse eager).
* "uses the default graph or session": its own code reads the default graph or session
  stack (``get_default_graph``, ``get_default_session``, ``reset_default_graph``).
* "is documented as graph-only": its docstring's ``@compatibility(eager)`` or
  ``@compatibility(TF2)`` section has a sentence about eager execution saying it is not
  compatible, does not work, is not supported, ignores arguments, returns something else,
  or is discouraged or only mostly compatible.
* "is a TF 1 layer": tf.compat.v1.layers / nn.rnn_cell members (tf_keras's legacy layers,
  whose variables live in variable scopes); ``LEGACY_LAYERS`` of v1_names.py.

GRAPH_METHODS: public methods of tf.compat.v1's classes that need a graph whatever their
receiver: they fetch through the default session (``Tensor.eval``, ``Operation.run``), or,
under eager, yield no real session (``TestCase.session``, ``test_session``,
``cached_session``).  Each maps to (class, its keyword parameters).
"""
from __future__ import annotations

import ast
import functools
import inspect
import linecache
import re
import sys
import textwrap
import types

REFUSES = re.compile(
    r"not supported when eager|not compatible with eager|not supported in eager"
    r"|(?:is|are) not supported (?:when|while|with) eager|eager execution is not supported", re.I)
READS_COLLECTION = re.compile(r"\bget_collection(?:_ref)?\(")
DEFAULT_STACKS = re.compile(r"\b_default_(?:graph|session)_stack\b")
DOCUMENTED = re.compile(
    r"not (?:compatible|supported)|does not work|is ignored|are ignored|returns None"
    r"|returns a function|no longer|discouraged|mostly compatible|only supported in eager", re.I)
COMPATIBILITY = re.compile(r"@compatibility\((?:eager|TF2)\)(.*?)@end_compatibility", re.S)
SESSION_FETCH = re.compile(r"\b_(?:eval|run)_using_default_session\(")
NO_SESSION_UNDER_EAGER = re.compile(r"if context\.executing_eagerly\(\):\s*\n\s*yield\b")

REASONS = (  # (reason, what the code says, how many calls deep it is followed)
    ("reads a graph collection", READS_COLLECTION, 1),
    ("refuses eager execution", REFUSES, 1),
    # a streaming metric's state (tf.metrics.recall_at_top_k runs eagerly, each call anew)
    ("keeps its state in metric variables", re.compile(r"GraphKeys\.METRIC_VARIABLES"), 2),
)
SENTENCE = re.compile(r"(?<=[.!?])\s+")


def _unwrap(obj):
    try:
        return inspect.unwrap(obj)
    except ValueError:
        return obj


@functools.lru_cache(maxsize=None)
def _source(obj) -> str:
    try:
        return textwrap.dedent(_class_source(obj) if inspect.isclass(obj) else inspect.getsource(obj))
    except (TypeError, OSError, IndentationError):
        return ""


def _class_source(cls) -> str:
    """inspect.getsource(cls), with each file parsed once: inspect parses the whole file
    again for every class it is asked about (most of a regeneration's time)."""
    file = inspect.getsourcefile(cls)
    start = _class_lines(file).get(cls.__qualname__) if file and not hasattr(cls, "__wrapped__") else None
    lines = linecache.getlines(file) if start is not None else []
    if not lines:
        return inspect.getsource(cls)  # whatever inspect says (its error included)
    return "".join(inspect.getblock(lines[start:]))


@functools.lru_cache(maxsize=None)
def _class_lines(file: str) -> dict:
    """qualname -> 0-based first line (its first decorator's) of each class the file defines,
    the first definition of a qualname as inspect's _ClassFinder finds it."""
    found: dict = {}

    def visit(node, stack):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                visit(child, stack + [child.name, "<locals>"])
            elif isinstance(child, ast.ClassDef):
                qualname = ".".join(stack + [child.name])
                found.setdefault(qualname, (child.decorator_list[0] if child.decorator_list else child).lineno - 1)
                visit(child, stack + [child.name])
            else:
                visit(child, stack)

    lines = linecache.getlines(file)
    if lines:
        visit(ast.parse("".join(lines)), [])
    return found


_STRING_BREAK = re.compile(r"([\"'])\s*\n\s*\1")


@functools.lru_cache(maxsize=None)
def _text(obj) -> str:
    """The source with implicitly joined string literals joined ("not supported in "
    "eager mode" reads as one message)."""
    return _STRING_BREAK.sub("", _source(obj))


def _is_tensorflow(obj) -> bool:
    return (getattr(obj, "__module__", "") or "").startswith("tensorflow")


def _implementations(obj) -> list:
    """The code of a name: a function, or a class and its TensorFlow base classes."""
    obj = _unwrap(obj)
    if inspect.isclass(obj):
        return [c for c in obj.__mro__ if _is_tensorflow(c)]
    return [obj] if inspect.isfunction(obj) else []


def _namespace(obj) -> dict:
    if inspect.isclass(obj):
        module = sys.modules.get(obj.__module__)
        return vars(module) if module is not None else {}
    return getattr(obj, "__globals__", {})


@functools.lru_cache(maxsize=None)
def _callees(obj) -> tuple:
    """The TensorFlow functions and classes obj's code calls by name or as module.name."""
    try:
        tree = ast.parse(_source(obj))
    except SyntaxError:
        return ()
    names = _namespace(obj)
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func, target = node.func, None
        if isinstance(func, ast.Name):
            target = names.get(func.id)
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            module = names.get(func.value.id)
            if isinstance(module, types.ModuleType):
                target = getattr(module, func.attr, None)
            elif func.value.id not in names:  # a parameter or local: its class's method
                out.extend(_methods_named(obj, func.attr))
        if target is not None and _is_tensorflow(target):
            target = _unwrap(target)
            if inspect.isfunction(target) or inspect.isclass(target):
                out.append(target)
    return tuple(out)


def _methods_named(obj, method: str) -> list:
    """``dataset._make_initializable_iterator(...)`` in a function of dataset_ops: that
    method of the classes defined in the function's own module."""
    module = getattr(obj, "__module__", None)
    found = []
    for value in list(vars(sys.modules[module]).values()) if module in sys.modules else []:
        if inspect.isclass(value) and value.__module__ == module and method in vars(value):
            function = _unwrap(getattr(vars(value)[method], "__func__", vars(value)[method]))
            if inspect.isfunction(function):
                found.append(function)
    return found


@functools.lru_cache(maxsize=None)
def _code_says(obj, pattern, depth: int = 1) -> bool:
    """Does obj's code, or that of what it calls (to `depth` calls deep), match pattern?"""
    for code in _implementations(obj):
        if pattern.search(_text(code)):
            return True
        if depth > 0 and any(_code_says(callee, pattern, depth - 1) for callee in _callees(code)):
            return True
    return False


def _documented_graph_only(obj) -> bool:
    """A sentence of its eager/TF2 compatibility notes says it differs under eager."""
    for section in COMPATIBILITY.findall(inspect.getdoc(obj) or ""):
        for sentence in SENTENCE.split(" ".join(section.split())):
            if DOCUMENTED.search(sentence) and "eager" in sentence.lower():
                return True
    return False


def _is_session(obj) -> bool:
    from tensorflow.python.client.session import SessionInterface

    return inspect.isclass(obj) and issubclass(obj, SessionInterface)


def reason(obj) -> str | None:
    """Why code that uses obj needs graph mode (None: nothing in TensorFlow says so)."""
    if _is_session(obj):
        return "is a graph Session"
    for why, pattern, depth in REASONS:
        if _code_says(obj, pattern, depth):
            return why
    if any(DEFAULT_STACKS.search(_text(code)) for code in _implementations(obj)):
        return "uses the default graph or session"
    if _documented_graph_only(obj):
        return "is documented as graph-only"
    return None


def needs_graph(v1: dict, legacy_layers: tuple, legacy_rnn_cell: tuple) -> dict:
    """NEEDS_GRAPH: tf.compat.v1 name -> reason."""
    out = {}
    for name, obj in sorted(v1.items()):
        if obj is None or isinstance(obj, types.ModuleType) or not callable(obj) or name.startswith("raw_ops."):
            continue
        if not _is_tensorflow(obj):
            continue
        why = reason(obj)
        if why is not None:
            out[name] = why
    for prefix, members in (("layers.", legacy_layers), ("nn.rnn_cell.", legacy_rnn_cell)):
        for member in members:
            out.setdefault(prefix + member, "is a TF 1 layer")
    return out


def private_paths(v1: dict, needed: dict) -> dict:
    """TensorFlow-private path of each NEEDS_GRAPH function or class -> its public name
    (``from tensorflow.python.framework.ops import get_default_graph``)."""
    out = {}
    for name in needed:
        obj = _unwrap(v1.get(name))
        module, qualname = getattr(obj, "__module__", ""), getattr(obj, "__qualname__", "")
        if module.startswith("tensorflow.python.") and qualname and "<" not in qualname:
            path = module[len("tensorflow."):] + "." + qualname
            out.setdefault(path, name)
    return out


def graph_methods(v1: dict) -> dict:
    """GRAPH_METHODS: method name -> (public class, its keyword parameters)."""
    out = {}
    for name, cls in sorted(v1.items()):
        if not inspect.isclass(cls) or name.startswith("raw_ops."):
            continue
        for base in _implementations(cls):
            for method, value in vars(base).items():
                function = _unwrap(getattr(value, "__func__", value))
                if method.startswith("_") or not inspect.isfunction(function):
                    continue
                source = _source(function)
                if SESSION_FETCH.search(source) or NO_SESSION_UNDER_EAGER.search(source):
                    parameters = tuple(p for p in inspect.signature(function).parameters if p != "self")
                    if method not in out or (len(name), name) < (len(out[method][0]), out[method][0]):
                        out[method] = (name, parameters)  # the plainest class: Tensor, not SparseTensor
    return out
