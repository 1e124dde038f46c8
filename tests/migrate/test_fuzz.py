"""Property test: generated TensorFlow 0.x/1.x snippets in every syntactic position.

Hypothesis builds modules that import TensorFlow one way or another (``tf``, ``T``, plain
``tensorflow``, plus ``from tensorflow import nn``) and use the calls migrate rewrites --
tf.mul, tf.sub, tf.neg, tf.initialize_all_variables, tf.placeholder, tf.Session,
positional sigmoid_cross_entropy_with_logits, tf.concat(0, [...]), reduction_indices=,
tf.random_normal, ... -- nested in each other and placed in decorators, lambdas,
comprehensions, f-strings, walrus and match statements, backslash and parenthesised
continuations, argument lists full of comments, star and keyword arguments, async
functions, class bodies, default values and annotations, local imports. Beside them go
"decoys": the same calls on names that are NOT TensorFlow (a parameter, a lambda or
comprehension variable, a class attribute, a local variable called ``tf``, an attribute
``obj.tf``, text in strings).

For every module: the output parses (libcst and ast), a second run is a no-op, every
comment of the input is still there, and every decoy is left exactly as it was.
Deterministic (derandomize) and bounded, so it runs the same in CI every time.
"""
import ast
import io
import tokenize
from collections import Counter

import libcst
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from migrate.engine import migrate_source

ALIASES = ["tf", "T", "tensorflow"]
ATOMS = ["a", "b", "x1", "2", "3.0", "[a, b]", "(a + b)", "self_w", "-1", "None"]


def _comment(draw) -> str:
    return f"# note {draw(st.integers(0, 999))}: {draw(st.sampled_from(['keep me', 'tf.mul here', 'TODO', 'é']))}"


def _args(draw, alias: str, depth: int, count: int) -> list[str]:
    return [draw(expression(alias, depth + 1, inline=True)) for _ in range(count)]


@st.composite
def expression(draw, alias: str, depth: int = 0, inline: bool = False) -> str:
    """A TensorFlow call (or an atom at depth); ``inline``: on one line, no comments."""
    if depth >= 3 or (depth and draw(st.integers(0, 2)) == 0):
        return draw(st.sampled_from(ATOMS))
    A = alias
    kind = draw(st.sampled_from([
        "mul", "sub", "neg", "init_all", "global_init", "placeholder", "session", "xent",
        "xent_kw", "concat", "reduce_sum", "reduce_mean_kw", "random_normal", "to_float",
        "star", "kwargs", "mul_kw", "chain",
    ]))
    if kind in ("mul", "sub"):
        x, y = _args(draw, A, depth, 2)
        parts = [x, y]
        call = f"{A}.{kind}"
    elif kind == "neg":
        parts, call = _args(draw, A, depth, 1), f"{A}.neg"
    elif kind == "init_all":
        parts, call = [], f"{A}.initialize_all_variables"
    elif kind == "global_init":
        parts, call = [], f"{A}.global_variables_initializer"
    elif kind == "placeholder":
        parts = [f"{A}.float32", draw(st.sampled_from(["[None, 3]", "shape=[1]", "[None, 784]"]))]
        call = f"{A}.placeholder"
    elif kind == "session":
        parts, call = [], f"{A}.Session"
    elif kind == "xent":
        parts, call = _args(draw, A, depth, 2), f"{A}.nn.sigmoid_cross_entropy_with_logits"
    elif kind == "xent_kw":
        x, y = _args(draw, A, depth, 2)
        parts, call = [f"logits={x}", f"labels={y}"], f"{A}.nn.sigmoid_cross_entropy_with_logits"
    elif kind == "concat":
        x, y = _args(draw, A, depth, 2)
        parts, call = [draw(st.sampled_from(["0", "1", "axis"])), f"[{x}, {y}]"], f"{A}.concat"
    elif kind == "reduce_sum":
        parts = _args(draw, A, depth, 1) + [f"reduction_indices={draw(st.sampled_from(['1', '[0, 1]', 'axis']))}"]
        call = f"{A}.reduce_sum"
    elif kind == "reduce_mean_kw":
        parts = _args(draw, A, depth, 1) + ["reduction_indices=0", "keep_dims=True"]
        call = f"{A}.reduce_mean"
    elif kind == "random_normal":
        parts = [draw(st.sampled_from(["[2, 3]", "shape=[1]", "[1], mean=10"]))]
        call = f"{A}.random_normal"
    elif kind == "to_float":
        parts, call = _args(draw, A, depth, 1), f"{A}.to_float"
    elif kind == "star":
        parts = [draw(st.sampled_from(["*args", "*[a, b]"]))]
        call = f"{A}.{draw(st.sampled_from(['mul', 'sub', 'concat', 'nn.sigmoid_cross_entropy_with_logits']))}"
    elif kind == "kwargs":
        parts = _args(draw, A, depth, 1) + ["**options"]
        call = f"{A}.{draw(st.sampled_from(['reduce_sum', 'random_normal', 'placeholder']))}"
    elif kind == "mul_kw":
        x, y = _args(draw, A, depth, 2)
        parts, call = [f"x={x}", f"y={y}", "name=None"], f"{A}.mul"
    else:  # a method chain on a call: tf.Session().run(...)
        parts, call = _args(draw, A, depth, 1), f"{A}.Session().run"
    if inline or not parts or not draw(st.booleans()):
        return f"{call}({', '.join(parts)})"
    # One argument a line, comments after some of them, maybe a trailing comma.
    lines = [f"{call}("]
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        comma = "," if not last or draw(st.booleans()) else ""
        comment = f"  {_comment(draw)}" if draw(st.booleans()) else ""
        lines.append(f"    {part}{comma}{comment}")
    if draw(st.booleans()):
        lines.append(f"    {_comment(draw)}")
    lines.append(")")
    return "\n".join(lines)


def _indent(text: str, by: str) -> str:
    return "\n".join(by + line if line.strip() else line for line in text.split("\n"))


def _expr(draw, alias, indent=""):
    """A multi-line-capable expression, its continuation lines indented under ``indent``."""
    return draw(expression(alias)).replace("\n", "\n" + indent)


@st.composite
def statement(draw, alias: str, nn_imported: bool) -> str:
    """A statement (maybe a compound one) holding TensorFlow calls somewhere."""
    A = alias
    E = lambda indent="": _expr(draw, A, indent)  # noqa: E731
    I = lambda: draw(expression(A, inline=True))  # noqa: E731
    kind = draw(st.sampled_from([
        "assign", "decorator", "lambda", "listcomp", "dictcomp", "genexp", "fstring", "walrus",
        "match", "backslash", "parens", "async", "class", "default", "annotations", "with",
        "local_import", "nested_def", "return_tuple", "nn_from", "augassign", "subscript",
    ]))
    if kind == "assign":
        return f"{draw(st.sampled_from(['value', 'loss', 'y']))} = {E()}"
    if kind == "decorator":
        return f"@register({E()})\ndef decorated(a, b):\n    return {E('    ')}"
    if kind == "lambda":
        return f"fn = lambda a, b=2: {E()}"
    if kind == "listcomp":
        return f"items = [{E()} for a in range(3) if a]"
    if kind == "dictcomp":
        return f"table = {{a: {E()} for a, b in pairs}}"
    if kind == "genexp":
        return f"total = sum({E()} for a in range(4))"
    if kind == "fstring":
        quote = draw(st.sampled_from(['"', "'"]))
        return f"message = f{quote}value={{{I()}!r:>10}} and {{{I()}}}{quote}"
    if kind == "walrus":
        return f"if (found := {E()}) is not None:\n    print(found)  {_comment(draw)}"
    if kind == "match":
        return (f"match {E()}:\n    case [first, *rest]:\n        out = {E('        ')}\n"
                f"    case {{'key': value}}:\n        pass\n    case _:\n        out = {I()}")
    if kind == "backslash":
        return f"total = a + \\\n    {E('    ')} + \\\n    b"
    if kind == "parens":
        return f"total = (\n    a  {_comment(draw)}\n    + {E('    ')}\n    - b\n)"
    if kind == "async":
        return (f"async def step(a, b):\n    await pause(0)\n    async with lock:\n        "
                f"result = {E('        ')}\n    return result")
    if kind == "class":
        return (f"class Model(Base):\n    {_comment(draw)}\n    weight = {E('    ')}\n\n"
                f"    def forward(self, a, b=None):\n        return {E('        ')}")
    if kind == "default":
        return f"def build(a, b, c={E()}, *, d={I()}):\n    return c"
    if kind == "annotations":
        return (f"def typed(a: {I()}, b: 'str' = None) -> {I()}:\n    return a\n\n"
                f"declared: {I()} = {E()}")
    if kind == "with":
        return f"with {A}.Session() as sess:\n    sess.run({E('    ')})\n    sess.run({A}.initialize_all_variables())"
    if kind == "local_import":
        return f"def local():\n    import tensorflow as tfl\n    return tfl.mul(a, {E('    ')})"
    if kind == "nested_def":
        return (f"def outer(a):\n    def inner(b):\n        return {E('        ')}\n"
                f"    return inner(a)")
    if kind == "return_tuple":
        return f"def pair():\n    return {E('    ')}, {E('    ')}"
    if kind == "nn_from" and nn_imported:
        return f"xent = nn.sigmoid_cross_entropy_with_logits({I()}, {I()})"
    if kind == "augassign":
        return f"total += {E()}"
    if kind == "subscript":
        return f"shape = {E()}[0]"
    return f"value = {E()}"


def decoys(alias: str) -> list[str]:
    """Statements where the alias (or `tf`) is NOT TensorFlow: they must come out verbatim."""
    A = alias
    return [
        f"def shadowed_param({A}, a, b):\n    return {A}.mul(a, b) + {A}.sub(a, b)  # not TensorFlow",
        f"def shadowed_local(a, b):\n    {A} = FakeModule()\n    return {A}.Session().run({A}.initialize_all_variables())",
        f"shadowed_lambda = lambda {A}: {A}.concat(0, [{A}.mul(1, 2)])",
        f"shadowed_comp = [{A}.reduce_sum(x, reduction_indices=1) for {A} in modules]",
        f"class ShadowedClass:\n    {A} = FakeModule()\n    made = {A}.placeholder({A}.float32)",
        f"def shadowed_method(self, a):\n    return self.{A}.mul(a, a), obj.{A}.Session(), obj.tf.random_normal([1])",
        f"def shadowed_global_param(a, {A}=None):\n    return {A}.nn.sigmoid_cross_entropy_with_logits(a, a)",
        'docs = "call tf.mul(a, b) or tf.Session() -- text, not code"',
        "def shadowed_star(*tf):\n    return tf.mul(1, 2)",
        "def shadowed_tf_kw(**tf):\n    return tf.initialize_all_variables()",
    ]


IMPORTS = {
    "tf": "import tensorflow as tf",
    "T": "import tensorflow as T",
    "tensorflow": "import tensorflow",
}


@st.composite
def module(draw):
    alias = draw(st.sampled_from(ALIASES))
    nn_imported = draw(st.booleans())
    head = []
    if draw(st.booleans()):
        head.append('"""A generated legacy module."""')
    if draw(st.booleans()):
        head.append("from __future__ import annotations")
    head.append("import numpy as np  # numbers")
    head.append(IMPORTS[alias])
    if nn_imported:
        head.append("from tensorflow import nn")
    statements = draw(st.lists(statement(alias, nn_imported), min_size=1, max_size=6))
    chosen_decoys = draw(st.lists(st.sampled_from(decoys(alias)), max_size=3, unique=True))
    body = statements + chosen_decoys
    order = draw(st.permutations(range(len(body))))
    body = [body[index] for index in order]
    text = "\n".join(head) + "\n\n" + "\n\n".join(body) + "\n"
    return text, chosen_decoys


def comments(source: str) -> Counter:
    return Counter(tok.string for tok in tokenize.generate_tokens(io.StringIO(source).readline)
                   if tok.type == tokenize.COMMENT)


@settings(derandomize=True, max_examples=200, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
@given(module())
def test_generated_legacy_modules(case):
    source, chosen_decoys = case
    ast.parse(source)  # the generator only makes valid Python
    outcome = migrate_source(source)
    out = outcome.code
    libcst.parse_module(out)
    ast.parse(out)
    again = migrate_source(out)
    assert again.code == out, "a second run changes the output"
    assert not again.changed
    missing = comments(source) - comments(out)
    assert not missing, f"comments lost: {sorted(missing)}"
    for decoy in chosen_decoys:
        assert decoy in out, f"a name that is not TensorFlow was rewritten:\n{decoy}"


def test_the_generator_covers_every_position():
    """The strategy really produces each construct the docstring promises (sanity check)."""
    seen = Counter()

    @settings(derandomize=True, max_examples=200, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(module())
    def collect(case):
        source, _ = case
        ast.parse(source)
        for marker in ("@register(", "lambda a", " for a in ", "f'", 'f"', ":=", "match ", "\\\n",
                       "async def", "class Model", "c=", "-> ", "with ", "import tensorflow as tfl",
                       "*args", "**options", "# note", "import tensorflow as T", "import tensorflow\n",
                       "from tensorflow import nn", "reduction_indices=", ".concat(", "random_normal"):
            if marker in source:
                seen[marker] += 1

    collect()
    missing = [marker for marker in ("@register(", "lambda a", ":=", "match ", "\\\n", "async def",
                                     "class Model", "-> ", "*args", "**options", "# note",
                                     "import tensorflow as T", "import tensorflow\n",
                                     "from tensorflow import nn") if not seen[marker]]
    assert not missing
