"""What a converted tree needs installed to run: its ``requirements:`` line.

Read from what the converted files import (one table: import root -> pip name), plus
``tensorboard`` where a file calls TF 2's ``tf.summary`` (TF 2.21 no longer installs it,
and without it ``tf.summary.scalar`` raises ``TBNotInstalledError``).  A file importing
the runtime package (``tf_revive_runtime``, :mod:`migrate.runtime`) needs ``tf-revive``
and what the runtime modules it imports import themselves, read from their source (never
imported here: the tool itself does not need TensorFlow).

Every name printed installs: the public ones from PyPI, ``tf-revive`` from this
repository's wheel (:data:`INSTALL_HINT`).  Only what TensorFlow code needs is listed;
a script's own other imports (pandas, matplotlib...) were its requirements before.
"""
from __future__ import annotations

import ast
import functools
import os
import re

from migrate.python_tree import ast_statements
from migrate.runtime import RUNTIME_PACKAGE

# import root -> pip name (the distribution that provides it), in the order printed
PIP_NAMES = {
    "tensorflow": "tensorflow",
    "tf_keras": "tf_keras",
    "tf_slim": "tf-slim",
    "tensorboard": "tensorboard",
    "absl": "absl-py",
    RUNTIME_PACKAGE: "tf-revive",
}
TOOL_DISTRIBUTION = "tf-revive"  # this repository's wheel: not on any package index

# What `migrate run` / `verify` need to run any converted script (every public name above:
# the runtime itself ships with the tool that runs them).
RUN_REQUIREMENTS = ("tensorflow", "tf_keras", "tf-slim", "tensorboard")

# How to install the tool's wheel (tf-revive is not on any index).
INSTALL_HINT = ("tf-revive is this repository's wheel, not on a package index: build it "
                "in the tf-revive checkout with 'pip wheel --no-deps .', then "
                "pip install tf_revive-*.whl")


def roots_of(code: str, tree=None) -> set[str]:
    """The table's import roots ``code`` needs (tensorboard for TF 2's tf.summary).
    ``tree``: Python's ``ast`` tree of ``code`` when the caller has it (not parsed again)."""
    if not any(root in code for root in PIP_NAMES):
        return set()  # the fast path: no parse
    if tree is None:
        try:
            tree = ast.parse(code)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return set()
    return _roots(_ast_imports(tree), code, lambda: tree)


def roots_of_module(module, code: str) -> set[str]:
    """:func:`roots_of` ``code``, read from ``module``, the libcst tree that prints as
    ``code`` (the engine's result): its import statements are found without a second parse."""
    if not any(root in code for root in PIP_NAMES):
        return set()
    return _roots(_libcst_imports(module), code, lambda: ast.parse(code))


def _ast_imports(tree) -> list[tuple]:
    """The absolute imports of an ``ast`` module: ("import", name, asname) and
    ("from", module, names)."""
    found = []
    for node in ast_statements(tree):  # imports are statements: no expression is visited
        if isinstance(node, ast.Import):
            found.extend(("import", alias.name, alias.asname) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append(("from", node.module, tuple(alias.name for alias in node.names)))
    return found


def _libcst_imports(module) -> list[tuple]:
    """:func:`_ast_imports` of a libcst module."""
    import libcst as cst

    from migrate.imports import statement_lines
    from migrate.node_helpers import dotted

    found = []
    for line in statement_lines(module):
        for small in line.body:
            if isinstance(small, cst.Import):
                found.extend(("import", dotted(alias.name),
                              alias.asname.name.value if alias.asname is not None else None)
                             for alias in small.names)
            elif isinstance(small, cst.ImportFrom) and small.module is not None \
                    and not small.relative:
                names = ("*",) if isinstance(small.names, cst.ImportStar) else tuple(
                    dotted(alias.name) for alias in small.names)
                found.append(("from", dotted(small.module), names))
    return found


def _roots(imports: list[tuple], code: str, ast_tree) -> set[str]:
    """The roots of ``imports`` (:func:`_ast_imports`); ``ast_tree()`` gives Python's tree
    of ``code`` when tf.summary must be looked for."""
    roots: set[str] = set()
    aliases: set[str] = set()  # names bound to tensorflow
    for kind, module, names in imports:
        if kind == "import":
            roots.add(module.split(".")[0])
            if module == "tensorflow":
                aliases.add(names or "tensorflow")
            if module.startswith(RUNTIME_PACKAGE + "."):
                roots |= _runtime_roots(module)
            continue
        roots.add(module.split(".")[0])
        if module == RUNTIME_PACKAGE:
            for name in names:
                roots |= _runtime_roots(f"{RUNTIME_PACKAGE}.{name}")
        elif module.startswith(RUNTIME_PACKAGE + "."):
            roots |= _runtime_roots(module)
        elif module == "tensorflow":
            if "summary" in names:
                roots.add("tensorboard")
    if aliases and _mentions_summary(code, aliases):
        try:
            tree = ast_tree()
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            tree = None
        if tree is not None and _calls_tf2_summary(tree, aliases):
            roots.add("tensorboard")
    return roots & set(PIP_NAMES)


def _mentions_summary(code: str, aliases: set[str]) -> bool:
    """A text test before the tree walk: `tf.summary` (spaces and line continuations
    allowed around the dot) appears in ``code`` for one of ``aliases``."""
    names = "|".join(re.escape(alias) for alias in sorted(aliases))
    return re.search(rf"\b(?:{names})[\s\\]*\.[\s\\]*summary\b", code) is not None


def _calls_tf2_summary(tree: ast.AST, aliases: set[str]) -> bool:
    """Does the module use ``tf.summary.X`` (TF 2's, not ``tf.compat.v1.summary``)?"""
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute)
                and node.value.attr == "summary" and isinstance(node.value.value, ast.Name)
                and node.value.value.id in aliases):
            return True
    return False


@functools.lru_cache(maxsize=None)
def _runtime_roots(module: str) -> frozenset:
    """The import roots of a runtime module, from its source, following the runtime's
    own imports (a cycle among them is followed once); the module's own package counts
    (its pip name is tf-revive)."""
    roots = {RUNTIME_PACKAGE}
    pending, seen = [module], {module}
    while pending:
        path = _runtime_source(pending.pop())
        if path is None:
            continue
        with open(path, encoding="utf-8") as handle:
            tree = ast.parse(handle.read())
        for name in _imported_names(tree):
            if name.startswith(RUNTIME_PACKAGE + "."):
                if name not in seen:
                    seen.add(name)
                    pending.append(name)
            else:
                roots.add(name.split(".")[0])
    return frozenset(roots)


def _imported_names(tree: ast.AST):
    """Every module an absolute import of ``tree`` names (``from RUNTIME import x``: x too)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module
            if node.module == RUNTIME_PACKAGE:
                yield from (f"{RUNTIME_PACKAGE}.{alias.name}" for alias in node.names)


def _runtime_source(module: str) -> str | None:
    """The file of runtime module ``module`` (tf_revive_runtime.x), without importing it."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(RUNTIME_PACKAGE)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    relative = module.split(".")[1:]
    for directory in spec.submodule_search_locations:
        for path in (os.path.join(directory, *relative) + ".py",
                     os.path.join(directory, *relative, "__init__.py")):  # a subpackage
            if os.path.isfile(path):
                return path
    return None


def pip_names(roots) -> list[str]:
    """The pip names of ``roots``, in the table's order."""
    return [name for root, name in PIP_NAMES.items() if root in set(roots)]


def requirements_line(roots) -> str | None:
    """``requirements: tensorflow tf_keras ...`` for a converted tree, or None when it
    needs nothing of the table."""
    names = pip_names(roots)
    return f"requirements: {' '.join(names)}" if names else None
