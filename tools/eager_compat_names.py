"""``python -m tools.eager_compat_names [PATH ...]``: which `tf.compat.v1` names does the
`--to eager` translation still write? For each script (default: every
tests/fixtures/session_scripts/*.py; or the given files and folders) it translates with
``migrate.eager.translate_source`` and reads the dotted names of the output that go through
``compat.v1`` (``tf.compat.v1.glorot_uniform_initializer`` -> ``glorot_uniform_initializer``);
it prints each translation that writes one with its names, a count per name (files), and how
many of the translated scripts write one (the issue's target: at most 1 in 10). Scripts kept
in compat form are counted apart. Pure: translation imports no TensorFlow.
"""
from __future__ import annotations

import argparse
import ast
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from migrate.python_tree import dotted_name
from tools.eager_lengths import scripts

TARGET = 0.1  # at most one translated script in ten writes a tf.compat.v1 name
MARK = ".compat.v1."


def compat_names(code: str) -> list[str]:
    """The names after ``compat.v1.`` of the outermost dotted names that go through it,
    sorted, each once (``tf.compat.v1.train.Saver(...).save`` -> ``train.Saver.save``)."""
    found = set()
    inner = set()
    for node in ast.walk(ast.parse(code)):
        if not isinstance(node, ast.Attribute) or id(node) in inner:
            continue
        value = node.value
        while isinstance(value, ast.Attribute):
            inner.add(id(value))
            value = value.value
        name = dotted_name(node)
        if name and MARK in name + ".":
            rest = (name + ".").split(MARK, 1)[1].rstrip(".")
            if rest:
                found.add(rest)
    return sorted(found)


@dataclass
class Names:
    path: Path
    names: list[str] | None  # None: kept in compat form


def measure(path: Path) -> Names:
    from migrate.eager import FALLBACK_RULE, translate_source

    outcome = translate_source(path.read_text(encoding="utf-8"))
    if any(f.rule == FALLBACK_RULE for f in outcome.findings):
        return Names(path, None)
    return Names(path, compat_names(outcome.code))


def report(measured: list[Names]) -> list[str]:
    translated = [x for x in measured if x.names is not None]
    writing = [x for x in translated if x.names]
    out = [f"{x.path.name:<48} {' '.join(x.names)}" for x in writing]
    counts = Counter(name for x in writing for name in x.names)
    if counts:
        out.append("files per name:")
        out += [f"  {name:<46} {n:>3}" for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    share = len(writing) / len(translated) if translated else 0.0
    out.append(f"{len(measured)} scripts, {len(translated)} translated ({len(measured) - len(translated)} kept in "
               f"compat form); {len(writing)} of {len(translated)} translations write a tf.compat.v1 name "
               f"({share:.0%}; target at most {TARGET:.0%})")
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.eager_compat_names", description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="scripts or folders (default: the collection)")
    args = parser.parse_args(argv)
    print("\n".join(report([measure(p) for p in scripts(args.paths)])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
