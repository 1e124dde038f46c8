"""TensorFlow names in a Session script: which tf.compat.v1 symbol a spelling means, and
how to write that symbol (and a call of it) in TF 2.

`Resolver` reads the module's imports and tells what an attribute chain such as
`tf.train.GradientDescentOptimizer`, `tf.compat.v1.placeholder` or `ops.reset_default_graph`
means, as a canonical tf.compat.v1 path ("train.GradientDescentOptimizer"). It accepts
the spellings `migrate` normalises (TF 0.x names such as tf.mul, a page's lower-casing
such as tf.session) so that it can work on an original as well as on migrate's output.

`v2_call`/`v2_name` write the TF 2 form: the same object under its TF 2 name when one
exists (tfnames.V1_TO_V2, generated from the installed TensorFlow), a call rewritten
with renamed keywords where TF 2 only renamed arguments (ADAPT), else tf.compat.v1.<path>,
which runs eagerly as well.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from migrate.eager.tfnames import V1_TO_V2
from migrate.node_helpers import dotted  # noqa: F401 - names.dotted for the eager modules

# TF 0.x spellings (and typos the seeds show) -> tf.compat.v1 path.
TF0_RENAMES = {
    "mul": "multiply",
    "sub": "subtract",
    "neg": "negative",
    "select": "where",
    "pack": "stack",
    "unpack": "unstack",
    "batch_matmul": "matmul",
    "initialize_all_variables": "global_variables_initializer",
    "global_variable_initializer": "global_variables_initializer",
    "initialize_local_variables": "local_variables_initializer",
    "initialize_variables": "variables_initializer",
    "all_variables": "global_variables",
    "train.SummaryWriter": "summary.FileWriter",
    "scalar_summary": "summary.scalar",
    "histogram_summary": "summary.histogram",
    "merge_all_summaries": "summary.merge_all",
}

# Names the translator handles itself (never renamed blindly).
SESSION = {"Session", "InteractiveSession"}
INITIALIZERS = {"global_variables_initializer", "local_variables_initializer", "variables_initializer",
                "tables_initializer", "initialize_all_variables", "initialize_local_variables",
                "initialize_variables"}
RESET = {"reset_default_graph"}
NOISE = {"disable_v2_behavior", "disable_eager_execution", "disable_resource_variables", "enable_resource_variables",
         "disable_v2_tensorshape", "disable_control_flow_v2"}
SEED = {"set_random_seed", "random.set_random_seed"}

# Random ops and the 0-based position of their `seed` parameter (tf.compat.v1 signatures).
RANDOM_OPS = {
    "random_normal": 4, "random.normal": 4, "truncated_normal": 4, "random.truncated_normal": 4,
    "random_uniform": 4, "random.uniform": 4, "random_shuffle": 1, "random.shuffle": 1,
    "random_gamma": 4, "random.gamma": 4, "random_poisson": 3, "random.poisson": 3,
    "multinomial": 2, "random.multinomial": 2, "random.categorical": 3, "random_crop": 2, "random.crop": 2,
    "nn.dropout": 3,
}

# Things that are ordinary Python values even in a Session script.
PYTHON_SIDE_PREFIXES = ("logging.", "app.", "flags.", "gfile.", "io.gfile.", "compat.as_", "test.", "version",
                        "sysconfig.")
PYTHON_SIDE = {"ConfigProto", "GPUOptions", "RunOptions", "RunMetadata", "OptimizerOptions", "GraphOptions",
               "TensorShape", "Dimension", "as_dtype", "DType", "__version__", "VERSION", "executing_eagerly",
               "TensorSpec"}

# Side-effect-free tf.compat.v1 spellings whose TF 2 twin differs only in argument names
# or positions: (TF 2 path, how many leading positional arguments mean the same on both
# sides, keyword renames). Calls with more positional arguments keep tf.compat.v1.
_REDUCE = {"reduction_indices": "axis", "keep_dims": "keepdims"}
ADAPT = {
    **{f"reduce_{op}": (f"reduce_{op}", 4, _REDUCE)
       for op in ("sum", "mean", "max", "min", "prod", "all", "any", "logsumexp")},
    "argmax": ("argmax", 2, {"dimension": "axis"}),
    "argmin": ("argmin", 2, {"dimension": "axis"}),
    "expand_dims": ("expand_dims", 2, {"dim": "axis"}),
    "squeeze": ("squeeze", 3, {"squeeze_dims": "axis"}),
    "nn.softmax": ("nn.softmax", 3, {"dim": "axis"}),
    "nn.log_softmax": ("nn.log_softmax", 3, {"dim": "axis"}),
    "transpose": ("transpose", 2, {}),
    "constant": ("constant", 4, {}),
    "shape": ("shape", 1, {}),
    "size": ("size", 1, {}),
    "zeros_like": ("zeros_like", 3, {"tensor": "input"}),
    "ones_like": ("ones_like", 3, {"tensor": "input"}),
    "gather": ("gather", 3, {}),
    "nn.moments": ("nn.moments", 3, {"keep_dims": "keepdims"}),
    "norm": ("norm", 4, {"keep_dims": "keepdims"}),
    "boolean_mask": ("boolean_mask", 2, {}),
    "pad": ("pad", 3, {}),
    "nn.max_pool": ("nn.max_pool2d", 4, {"value": "input"}),
    "nn.avg_pool": ("nn.avg_pool2d", 4, {"value": "input"}),
    "nn.conv2d": ("nn.conv2d", 4, {"filter": "filters"}),
    "nn.embedding_lookup": ("nn.embedding_lookup", 2, {}),
    "nn.sigmoid_cross_entropy_with_logits": ("nn.sigmoid_cross_entropy_with_logits", 0, {"targets": "labels"}),
    "nn.sparse_softmax_cross_entropy_with_logits": ("nn.sparse_softmax_cross_entropy_with_logits", 0, {}),
    "nn.softmax_cross_entropy_with_logits_v2": ("nn.softmax_cross_entropy_with_logits", 0, {"dim": "axis"}),
    "multinomial": ("random.categorical", 2, {"output_dtype": "dtype"}),
}
TO_DTYPE = {"to_float": "float32", "to_double": "float64", "to_int32": "int32", "to_int64": "int64",
            "to_bfloat16": "bfloat16"}
# TF 0.x positional cross-entropy: (logits, targets) -> keywords.
XENT_POSITIONAL = {"nn.sigmoid_cross_entropy_with_logits", "nn.softmax_cross_entropy_with_logits",
                   "nn.sparse_softmax_cross_entropy_with_logits", "nn.weighted_cross_entropy_with_logits"}

_LOWER = {}
for _key in V1_TO_V2:
    _LOWER.setdefault(_key.lower(), []).append(_key)


def canonical(path: str) -> tuple[str | None, str | None]:
    """(tf.compat.v1 path, note) for a spelling; note says what was corrected, if anything."""
    if path.startswith("compat.v1."):
        path = path[len("compat.v1."):]
    if path in V1_TO_V2:
        return path, None
    if path in TF0_RENAMES:
        return TF0_RENAMES[path], f"TF 0.x name tf.{path} is tf.{TF0_RENAMES[path]}"
    hits = _LOWER.get(path.lower(), [])
    if len(hits) == 1:
        return hits[0], f"tf.{path} is spelled tf.{hits[0]}"
    if path.lower() in {k.lower() for k in TF0_RENAMES}:
        key = next(k for k in TF0_RENAMES if k.lower() == path.lower())
        return TF0_RENAMES[key], f"tf.{path} is tf.{TF0_RENAMES[key]}"
    if path in {"python.framework.ops.reset_default_graph", "reset_default_graph"}:
        return "reset_default_graph", None
    return None, None


@dataclass
class Resolver:
    """What the module's imports make of a name: aliases of tensorflow and its modules."""

    aliases: dict = field(default_factory=dict)  # local name -> tf.compat.v1 path prefix ("" = tf itself)
    primary: str = "tf"

    @classmethod
    def from_module(cls, module: cst.Module) -> "Resolver":
        self = cls()
        lines = []

        class Imports(cst.CSTVisitor):  # module-level imports and those inside defs (def main(): import ...)
            def visit_SimpleStatementLine(self, node):
                lines.append(node)

        module.visit(Imports())
        for stmt in lines:
            for small in stmt.body:
                if isinstance(small, cst.Import):
                    for alias in small.names:
                        name = dotted(alias.name)
                        if name is None or not (name == "tensorflow" or name.startswith("tensorflow.")):
                            continue
                        local = alias.asname.name.value if alias.asname else name.split(".")[0]
                        prefix = self._module_prefix(name)
                        if alias.asname is None:
                            self.aliases["tensorflow"] = ""
                        elif prefix is not None:
                            self.aliases[local] = prefix
                elif isinstance(small, cst.ImportFrom) and small.module is not None:
                    mod = dotted(small.module)
                    if mod is None or not mod.startswith("tensorflow"):
                        continue
                    if isinstance(small.names, cst.ImportStar):
                        continue
                    for alias in small.names:
                        full = f"{mod}.{alias.name.value}"
                        local = alias.asname.name.value if alias.asname else alias.name.value
                        prefix = self._module_prefix(full)
                        if full == "tensorflow.python.framework.ops":
                            self.aliases[local] = "python.framework.ops"
                        elif prefix is not None:
                            self.aliases[local] = prefix
        roots = [k for k, v in self.aliases.items() if v == ""]
        self.primary = "tf" if "tf" in roots or not roots else roots[0]
        return self

    @staticmethod
    def _module_prefix(name: str) -> str | None:
        if name in ("tensorflow", "tensorflow.compat.v1"):
            return ""
        for head in ("tensorflow.compat.v1.", "tensorflow."):
            if name.startswith(head):
                rest = name[len(head):]
                if rest.startswith(("examples", "python", "contrib", "core", "tools")):
                    return None
                return rest
        return None

    def raw(self, node: cst.BaseExpression) -> str | None:
        """The path after the tensorflow alias ('train.AdamOptimizer'), uncanonicalised."""
        name = dotted(node)
        if name is None:
            return None
        head, _, rest = name.partition(".")
        if head not in self.aliases:
            return None
        prefix = self.aliases[head]
        if prefix == "python.framework.ops":
            return f"python.framework.ops.{rest}" if rest else None
        if not rest:
            return prefix or None
        return f"{prefix}.{rest}" if prefix else rest

    def resolve(self, node: cst.BaseExpression) -> tuple[str | None, str | None]:
        """(canonical tf.compat.v1 path, correction note) or (None, None) for non-TensorFlow."""
        raw = self.raw(node)
        if raw is None:
            return None, None
        if raw.startswith("python.framework.ops."):
            rest = raw[len("python.framework.ops."):]
            return (rest, None) if rest in {"reset_default_graph", "Graph", "get_default_graph"} else (raw, None)
        path, note = canonical(raw)
        if path is None:
            return raw, None  # a TF name we do not know; callers treat it as unknown
        return path, note

    def is_tf(self, node: cst.BaseExpression) -> bool:
        return self.raw(node) is not None


def is_python_side(path: str) -> bool:
    return path in PYTHON_SIDE or path.startswith(PYTHON_SIDE_PREFIXES)


def v2_path(path: str) -> str:
    """How TF 2 spells the object tf.compat.v1.<path> (the same object), or compat.v1.<path>."""
    if path == "Variable":  # tf.compat.v1.Variable(...) with TF 2 arguments is tf.Variable
        return "Variable"
    target = V1_TO_V2.get(path)
    if target is not None:
        return target
    return f"compat.v1.{path}"


def is_known(path: str) -> bool:
    return path in V1_TO_V2
