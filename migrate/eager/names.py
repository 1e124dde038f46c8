"""What --to eager needs to know about TensorFlow names beyond migrate's tables: which
ones are Session machinery, and how to read a name in migrate's compat output.

The eager translator reads migrate_source's output (stage 1), where every TensorFlow
name is already a TF 2 name (`tf.multiply`, `tf.random.normal`) or a tf.compat.v1 one
(`tf.compat.v1.placeholder`). `Resolver` resolves a name with migrate's import resolver
(migrate/imports.py) and gives its path relative to that API: `path()` drops the
`compat.v1.` prefix ("placeholder"), `written()` keeps it. Which names exist is stage 1's
own rule (migrate/known_names.py), where random ops take their seed the generated
signatures table says; migrate/tables/graph_api.py says which are Session machinery
(SESSION, INITIALIZERS, RESET, NOISE, SEED, re-exported here) and which stay plain Python.
"""
from __future__ import annotations

import libcst as cst

from migrate import imports, known_names
from migrate.node_helpers import dotted
from migrate.tables.graph_api import (INITIALIZERS, NOISE, PRIVATE_PUBLIC, PYTHON_SIDE, PYTHON_SIDE_PREFIXES, RESET,
                                      SEED, SESSION)
from migrate.tables.hand import ESTIMATOR_MODULES, LEGACY_MODULES, RUNTIME_CONFIGURATION
from migrate.tables.signatures import SEED_POSITION

__all__ = ["Resolver", "dotted", "SESSION", "INITIALIZERS", "RESET", "NOISE", "SEED", "SEED_POSITION",
           "is_python_side", "is_known", "is_internal", "lacks_tf2_object"]

V1 = "compat.v1."
PRIVATE = "python."  # TensorFlow's private modules, outside stage 1's name check (engine.py)

# stage 1 serves tf.layers / tf.nn.rnn_cell from shims: module path -> the TF path it stands for
_SHIMS = {target[1:]: path for path, target in LEGACY_MODULES.items()}
_SHIMS["tf_revive_runtime.slim"] = "contrib.layers"  # tf.contrib.layers (tf_slim), e.g. fully_connected
_SHIMS.update({target[1:]: path for path, (target, _) in ESTIMATOR_MODULES.items()
               if not path.startswith("contrib.")})  # tf.estimator (its own sessions)
_SHIM_ROOTS = frozenset(_SHIMS.values())


def canonical(written: str) -> str:
    """The path a written name means, without the API it was written against."""
    if written.startswith(V1):
        return written[len(V1):]
    for module, members in PRIVATE_PUBLIC.items():
        if written.startswith(module) and written[len(module):] in members:
            return written[len(module):]
    return written


def is_python_side(path: str) -> bool:
    """Python values, and calls that configure the runtime (hand.RUNTIME_CONFIGURATION):
    neither builds the graph, both stay as they are in eager code."""
    return path in PYTHON_SIDE or path.startswith(PYTHON_SIDE_PREFIXES) or _covered(path, RUNTIME_CONFIGURATION)


def is_known(written: str) -> bool:
    """A name stage 1 knows as TensorFlow's (migrate/known_names.py: the same rule)."""
    return known_names.is_known(canonical(written))


def is_internal(written: str) -> bool:
    """A name of TensorFlow's private modules or a private member (`tf.python.ops.rnn.x`)."""
    return written.startswith(PRIVATE) or any(part.startswith("_") for part in written.split("."))


def lacks_tf2_object(written: str) -> bool:
    """A known name that eager code cannot write as tf.<path>: stage 1 serves it from a shim
    (tf.layers, tf.nn.rnn_cell, tf.contrib.layers), or TF 2.21 has it no more (tf.contrib,
    tf.examples, hand.REMOVED)."""
    path = canonical(written)
    return (_covered(path, _SHIM_ROOTS) or path.split(".")[0] in known_names.UNCHECKED_ROOTS
            or known_names.is_removed(path))


def _covered(path: str, keys) -> bool:
    """True when `path` is one of `keys` or a name below one."""
    return any(path == key or path.startswith(key + ".") for key in keys)


class Resolver:
    """The TensorFlow names of one module, through migrate/imports.py.

    `aliases` maps each local name bound to TensorFlow to its written path ("" for
    tensorflow itself); `primary` is the alias the translation writes (`tf`).
    """

    def __init__(self, module: cst.Module):
        info = imports.collect(module)
        if info.ambiguous():
            self._resolver = imports.ScopeResolver(info, module)
        else:
            self._resolver = imports.Resolver(info)
        self.aliases: dict[str, str] = {}
        for local, target in info.cheap_map().items():
            self.aliases[local] = _relative(target)
        roots = [k for k, v in self.aliases.items() if v in ("", "compat.v1")]
        self.primary = "tf" if "tf" in roots or not roots else roots[0]
        self.shims = _shim_bindings(module)  # local name -> TF path ("v1_layers" -> "layers")

    @classmethod
    def from_module(cls, module: cst.Module) -> "Resolver":
        return cls(module)

    def written(self, node: cst.BaseExpression) -> str | None:
        """'compat.v1.train.AdamOptimizer' for a TensorFlow name as written, else None."""
        if not isinstance(node, (cst.Name, cst.Attribute)):
            return None
        full = self._resolver.qualify(node)
        if full is None:
            return self._shim(node)
        path = _relative(full)
        return path or None

    def resolve(self, node: cst.BaseExpression) -> str | None:
        """The path of a TensorFlow name ('train.AdamOptimizer'), else None."""
        written = self.written(node)
        return canonical(written) if written is not None else None

    def is_tf(self, node: cst.BaseExpression) -> bool:
        return self.written(node) is not None

    def _shim(self, node) -> str | None:
        """'layers.dense' for `v1_layers.dense`: stage 1's shims still mean tf.layers /
        tf.nn.rnn_cell to the eager translation (which refuses them)."""
        name = dotted(node)
        if not self.shims or name is None:
            return None
        head, _, rest = name.partition(".")
        if head not in self.shims or not rest:
            return None
        return f"{self.shims[head]}.{rest}"

    def tf1_path(self, node: cst.BaseExpression) -> str | None:
        """The path of a name in a TF 1.x script *before* stage 1 (migrate verify reads
        originals): TF 0.x names and wrong case corrected by compat's own name fixers."""
        path = self.resolve(node)
        return tf1_canonical(path) if path is not None else None


def tf1_canonical(path: str) -> str:
    """tf.mul -> 'multiply', tf.session -> 'Session': what stage 1 reads a TF 1.x name as."""
    from migrate.fixers import NameState
    from migrate.fixers.name_case import name_case
    from migrate.fixers.tf0_names import tf0_names

    state = NameState(None, "v2", path, path)
    for fixer in (tf0_names, name_case):
        if not state.done:
            fixer(state, None)
    return canonical(state.canonical)


def _shim_bindings(module: cst.Module) -> dict[str, str]:
    """Local name -> TF path for each `from <shim module> import name` of the module, in
    any block (statements only are walked: an import is never inside an expression)."""
    found = {}
    for stmt in imports._statements(module.body):
        if not isinstance(stmt, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
            continue
        for node in stmt.body:
            if not isinstance(node, cst.ImportFrom) or node.relative or node.module is None \
                    or isinstance(node.names, cst.ImportStar):
                continue
            for alias in node.names:
                full = f"{dotted(node.module)}.{dotted(alias.name)}"
                if full in _SHIMS:
                    local = alias.asname.name.value if alias.asname is not None else alias.name.value
                    found[local] = _SHIMS[full]
    return found


def _relative(target: str) -> str:
    """'tensorflow.compat.v1.x' -> 'compat.v1.x'; 'tensorflow' -> ''."""
    if target == imports.TF:
        return ""
    if target == imports.TF + ".compat.v1":
        return "compat.v1"
    return target[len(imports.TF) + 1:]
