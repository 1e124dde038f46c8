"""A synthetic tree of legacy TensorFlow projects, for timing ``migrate`` at scale.

Built from the seed scripts in ``tests/fixtures/originals/`` with no download: each
generated script is one to three originals, varied the way real copies of tutorial code
vary -- variables renamed, hyper-parameters changed, TensorFlow imported as ``tf``, as
``T``, as plain ``tensorflow`` or name by name with ``from tensorflow import ...``, the
code left at module level or wrapped in functions or a class. Beside them go helper
modules that never import TensorFlow (numpy, csv, argparse, plotting code) and a few that
only name it in a comment, laid out as packages the way projects are. Everything is
derived from a seed, so one seed gives the same tree, byte for byte, on every machine.

    >>> from tools.corpus import build
    >>> corpus = build("/tmp/tree", files=400, seed=0)
    >>> corpus.files, corpus.lines   # doctest: +SKIP
"""
from __future__ import annotations

import ast
import io
import keyword
import os
import random
import re
import token
import tokenize
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ORIGINALS", "Corpus", "build", "tensorflow_script", "helper_module", "count_lines"]

ORIGINALS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "originals"

ALIAS_STYLES = ("tf", "T", "plain", "from")
WRAP_STYLES = ("module", "function", "class")


@dataclass(frozen=True)
class Corpus:
    root: Path
    files: int  # .py files in the tree
    lines: int  # their lines, all of them
    bytes: int
    tensorflow_files: int  # scripts that import TensorFlow (the ones that need rewriting)
    helper_files: int  # modules without a TensorFlow import (packages' __init__ included)

    def paths(self) -> list[Path]:
        return sorted(self.root.rglob("*.py"))

    def describe(self) -> str:
        return (
            f"{self.files} files, {self.lines} lines, {self.bytes / 1e6:.1f} MB "
            f"({self.tensorflow_files} TensorFlow scripts, {self.helper_files} modules without TensorFlow)"
        )


def count_lines(data: bytes) -> int:
    return data.count(b"\n") + (0 if not data or data.endswith(b"\n") else 1)


# --- token-level editing -------------------------------------------------------------------


def _tokens(text: str) -> list[tokenize.TokenInfo]:
    return list(tokenize.generate_tokens(io.StringIO(text).readline))


def _apply(text: str, edits: list[tuple[tuple[int, int], tuple[int, int], str]]) -> str:
    """Replace (start, end) token spans -- (row, col), rows 1-based -- by new strings."""
    if not edits:
        return text
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))

    def at(position: tuple[int, int]) -> int:
        return offsets[position[0] - 1] + position[1]

    pieces = []
    last = 0
    for start, end, new in sorted(edits, key=lambda edit: at(edit[0])):
        pieces.append(text[last : at(start)])
        pieces.append(new)
        last = at(end)
    pieces.append(text[last:])
    return "".join(pieces)


def _assigned_names(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    return names


def _all_names(tree: ast.AST) -> set[str]:
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    names |= {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                names.add((alias.asname or alias.name).split(".")[0])
    return names


def _rename_variables(text: str, rng: random.Random) -> str:
    """Rename the script's own variables (never attributes, keywords or imported names)."""
    tree = ast.parse(text)
    taken = _all_names(tree)
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            imported |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
    scheme = rng.choice(["suffix", "prefix", "camel", "short"])
    tag = rng.choice(["v2", "run", "exp", "b", "new", "tmp", "k", "dev"])
    mapping = {}
    for name in sorted(_assigned_names(tree) - imported):
        if name == "_" or len(name) < 2 and scheme != "suffix":
            continue
        if scheme == "suffix":
            new = f"{name}_{tag}"
        elif scheme == "prefix":
            new = f"{tag}_{name}"
        elif scheme == "camel":
            parts = name.split("_")
            new = parts[0] + "".join(part[:1].upper() + part[1:] for part in parts[1:])
            if new == name:
                new = f"{name}{tag.capitalize()}"
        else:
            new = "".join(part[:1] for part in name.split("_") if part) + "_" + tag
        if new in taken or keyword.iskeyword(new) or new in mapping.values():
            continue
        if rng.random() < 0.85:
            mapping[name] = new
    return _rename_tokens(text, mapping)


def _rename_tokens(text: str, mapping: dict[str, str]) -> str:
    tokens = _tokens(text)
    edits = []
    depth = 0
    for index, tok in enumerate(tokens):
        if tok.type == token.OP and tok.string in "([{":
            depth += 1
        elif tok.type == token.OP and tok.string in ")]}":
            depth -= 1
        if tok.type != token.NAME or tok.string not in mapping:
            continue
        before = tokens[index - 1] if index else None
        after = tokens[index + 1] if index + 1 < len(tokens) else None
        if before is not None and before.type == token.OP and before.string == ".":
            continue  # an attribute
        if depth and after is not None and after.type == token.OP and after.string == "=":
            continue  # a keyword argument
        edits.append((tok.start, tok.end, mapping[tok.string]))
    return _apply(text, edits)


def _vary_numbers(text: str, rng: random.Random) -> str:
    """Learning rates, step counts, batch sizes: floats, `range(INT)` and `NAME = INT`."""
    tokens = [tok for tok in _tokens(text) if tok.type not in (tokenize.NL, tokenize.COMMENT)]
    edits = []
    for index, tok in enumerate(tokens):
        if tok.type != token.NUMBER or rng.random() < 0.3:
            continue
        previous = [t.string for t in tokens[max(0, index - 2) : index]]
        following = tokens[index + 1].string if index + 1 < len(tokens) else ""
        literal = tok.string
        if re.fullmatch(r"\d+\.\d*(e-?\d+)?|\d*\.\d+(e-?\d+)?", literal):
            value = float(literal) * rng.choice([0.5, 0.8, 1.25, 1.5, 2.0])
            new = repr(round(value, 6))
        elif literal.isdigit() and int(literal) >= 20 and (
            previous == ["range", "("] and following == ")" or previous[-1:] == ["="] and following in ("", "\n")
        ):
            new = str(max(1, int(int(literal) * rng.choice([0.5, 0.75, 1.5, 2, 3]))))
        else:
            continue
        edits.append((tok.start, tok.end, new))
    return _apply(text, edits)


# lower-cased by a web page (seed 001): real as `tf.session`, never seen as `from tensorflow import session`
_NOT_IMPORTABLE = {"session", "variable"}


def _restyle_import(text: str, style: str, rng: random.Random) -> str:
    """`import tensorflow as tf` becomes `... as T`, plain `import tensorflow`, or names
    taken one by one with `from tensorflow import ...`."""
    if style == "tf":
        return text
    if style in ("T", "plain"):
        alias = "T" if style == "T" else "tensorflow"
        text = _rename_tokens(text, {"tf": alias})
        if style == "plain":
            text = text.replace("import tensorflow as tensorflow", "import tensorflow")
        return text
    # "from": replace `tf.X` by `X` for a few first-level names X, imported by name.
    tree = ast.parse(text)
    taken = _assigned_names(tree) | {
        (alias.asname or alias.name)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias in node.names
    }
    tokens = _tokens(text)
    uses: dict[str, list[int]] = {}
    tf_uses = 0
    for index, tok in enumerate(tokens[:-2]):
        if tok.type != token.NAME or tok.string != "tf":
            continue
        if index and tokens[index - 1].string in (".", "as"):
            continue
        tf_uses += 1
        dot, name = tokens[index + 1], tokens[index + 2]
        if dot.string == "." and name.type == token.NAME and name.string not in taken | _NOT_IMPORTABLE:
            uses.setdefault(name.string, []).append(index)
    if not uses:
        return text
    everything = rng.random() < 0.4
    chosen = sorted(uses) if everything else sorted(rng.sample(sorted(uses), max(1, len(uses) // 3)))
    if {"nn", "train"} & set(uses) and not everything:
        chosen = sorted(set(chosen) | ({"nn", "train"} & set(uses)))
    edits = []
    for name in chosen:
        for index in uses[name]:
            edits.append((tokens[index].start, tokens[index + 1].end, ""))
    text = _apply(text, edits)
    replaced = sum(len(uses[name]) for name in chosen)
    names = ", ".join(chosen)
    if len(names) > 60:
        names = "(\n    " + ",\n    ".join(chosen) + ",\n)"
    line = f"from tensorflow import {names}"
    if replaced == tf_uses:  # nothing but the import still names tf
        return re.sub(r"^import tensorflow as tf$", line, text, count=1, flags=re.M)
    return re.sub(r"^(import tensorflow as tf)$", r"\1\n" + line.replace("\\", r"\\"), text, count=1, flags=re.M)


# --- wrapping --------------------------------------------------------------------------------


def _split_head(text: str) -> tuple[list[str], str]:
    """The leading import statements (as source) and the rest of the script."""
    tree = ast.parse(text)
    lines = text.splitlines(keepends=True)
    imports = []
    body_start = len(lines)
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            imports.append(ast.get_source_segment(text, node))
            continue
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and node is tree.body[0]:
            continue  # a docstring
        body_start = node.lineno - 1
        break
    # comments right above the first statement stay with it
    while body_start > 0 and lines[body_start - 1].lstrip().startswith("#"):
        body_start -= 1
    body = "".join(line for line in lines[body_start:])
    return imports, body


def _string_continuation_lines(text: str) -> set[int]:
    inside = set()
    for tok in _tokens(text):
        if tok.type == token.STRING and tok.end[0] > tok.start[0]:
            inside.update(range(tok.start[0] + 1, tok.end[0] + 1))
    return inside


def _indent(text: str, by: str) -> str:
    keep = _string_continuation_lines(text)
    out = []
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        out.append(line if number in keep or not line.strip() else by + line)
    return "".join(out)


def _strip_header(text: str) -> str:
    lines = text.splitlines(keepends=True)
    while lines and re.match(r"^#.*coding[:=]|^#!", lines[0]):
        lines.pop(0)
    return "".join(lines)


def tensorflow_script(originals: list[str], rng: random.Random, *, alias: str | None = None,
                      wrap: str | None = None, title: str = "experiment") -> str:
    """One legacy script made of ``originals`` (texts), varied with ``rng``."""
    alias = alias or rng.choice(ALIAS_STYLES)
    wrap = wrap or (rng.choice(WRAP_STYLES) if len(originals) == 1 else "function")
    heads: list[str] = []
    bodies: list[str] = []
    for text in originals:
        text = _strip_header(text)
        text = _rename_variables(text, rng)
        text = _vary_numbers(text, rng)
        text = _restyle_import(text, alias, rng)
        imports, body = _split_head(text)
        for statement in imports:
            if statement not in heads:
                heads.append(statement)
        bodies.append(body)
    out = []
    if rng.random() < 0.3:
        out.append("#!/usr/bin/env python\n")
    if rng.random() < 0.3:
        out.append("# -*- coding: utf-8 -*-\n")
    out.append(f'"""{title}: {len(originals)} model(s), variant {rng.randrange(10**6)}."""\n')
    if rng.random() < 0.3:
        out.append("from __future__ import print_function\n")
    out.append("".join(statement + "\n" for statement in heads))
    out.append("\n")
    if wrap == "module":
        out.extend(bodies)
        return "".join(out)
    if wrap == "function":
        names = []
        for index, body in enumerate(bodies, start=1):
            name = f"{title}_{index}" if len(bodies) > 1 else "main"
            names.append(name)
            out.append(f"\ndef {name}():\n")
            out.append(f'    """Model {index} of {len(bodies)}."""\n')
            out.append(_indent(body, "    "))
            out.append("\n")
        out.append('\nif __name__ == "__main__":\n')
        out.extend(f"    {name}()\n" for name in names)
        return "".join(out)
    klass = "".join(part.capitalize() for part in title.split("_")) or "Experiment"
    out.append(f"\nclass {klass}(object):\n")
    out.append('    """Wraps the script so it can be imported."""\n\n')
    out.append("    def __init__(self, name=%r):\n        self.name = name\n\n" % title)
    for index, body in enumerate(bodies, start=1):
        out.append(f"    def run_{index}(self):\n")
        out.append(_indent(body, "        "))
        out.append("\n")
    out.append('\nif __name__ == "__main__":\n')
    out.append(f"    job = {klass}()\n")
    out.extend(f"    job.run_{index}()\n" for index in range(1, len(bodies) + 1))
    return "".join(out)


# --- helper modules without TensorFlow -------------------------------------------------------

_HELPER_PIECES = [
    '''
def normalize_{n}(values, eps={f}):
    """Scale ``values`` to zero mean and unit variance."""
    values = np.asarray(values, dtype=float)
    mean = values.mean()
    std = values.std()
    return (values - mean) / (std + eps)
''',
    '''
def batches_{n}(items, size={i}):
    """Yield lists of at most ``size`` items."""
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
''',
    '''
def read_rows_{n}(path, delimiter=","):
    """Rows of a CSV file as lists of floats; the header is skipped."""
    rows = []
    with open(path, newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        next(reader, None)
        for row in reader:
            try:
                rows.append([float(cell) for cell in row])
            except ValueError:
                continue  # a comment or a broken line
    return rows
''',
    '''
def plot_curve_{n}(losses, path="loss_{n}.png", title="Loss per step"):
    """Save a plot of ``losses``."""
    fig, axis = plt.subplots(figsize=({i}, 4))
    axis.plot(range(len(losses)), losses, "k-", label="loss")
    axis.set_title(title)
    axis.set_xlabel("step")
    axis.legend(loc="upper right")
    fig.savefig(path)
    plt.close(fig)
''',
    '''
class RunningMean{n}(object):
    """Mean of the last ``window`` values."""

    def __init__(self, window={i}):
        self.window = window
        self.values = []

    def add(self, value):
        self.values.append(float(value))
        if len(self.values) > self.window:
            del self.values[0]
        return self.mean()

    def mean(self):
        return sum(self.values) / len(self.values) if self.values else 0.0
''',
    '''
def term_frequencies_{n}(text):
    """Term frequency of each word: tf = count / total (no TF library involved)."""
    counts = {{}}
    for word in text.lower().split():
        counts[word] = counts.get(word, 0) + 1
    total = float(sum(counts.values())) or 1.0
    tf = {{word: count / total for word, count in counts.items()}}
    return tf
''',
    '''
def parse_args_{n}(argv=None):
    parser = argparse.ArgumentParser(description="Experiment {n}")
    parser.add_argument("--learning-rate", type=float, default={f})
    parser.add_argument("--steps", type=int, default={i}00)
    parser.add_argument("--seed", type=int, default={i})
    parser.add_argument("--out", default="results_{n}")
    return parser.parse_args(argv)
''',
    '''
def accuracy_{n}(predictions, labels):
    """Fraction of equal pairs."""
    if len(predictions) != len(labels):
        raise ValueError("predictions and labels differ in length")
    hits = sum(1 for p, l in zip(predictions, labels) if p == l)
    return hits / float(len(labels) or 1)
''',
    '''
def confusion_{n}(predictions, labels, classes={i}):
    matrix = np.zeros((classes, classes), dtype=int)
    for predicted, actual in zip(predictions, labels):
        matrix[int(actual), int(predicted)] += 1
    return matrix
''',
    '''
def save_json_{n}(obj, path):
    """Write ``obj`` as JSON next to a timestamp."""
    payload = {{"written": time.strftime("%Y-%m-%d %H:%M:%S"), "data": obj}}
    with open(path, "w") as handle:
        json.dump(payload, handle, indent=2, sort_keys=True)
    return path
''',
    '''
def one_hot_{n}(indices, depth={i}):
    out = np.zeros((len(indices), depth))
    out[np.arange(len(indices)), indices] = 1.0
    return out
''',
    '''
def split_{n}(xs, ys, fraction={f}, seed={i}):
    """Shuffle and split into a training and a test part."""
    rng = np.random.RandomState(seed)
    order = rng.permutation(len(xs))
    cut = int(len(xs) * (1 - fraction))
    train, test = order[:cut], order[cut:]
    return xs[train], ys[train], xs[test], ys[test]
''',
]

_HELPER_IMPORTS = "import argparse\nimport csv\nimport json\nimport time\n\nimport matplotlib.pyplot as plt\nimport numpy as np\n"


def helper_module(rng: random.Random, *, mentions_tensorflow: bool = False) -> str:
    """A module of plain helpers: no TensorFlow import (it may name TensorFlow in a comment)."""
    pieces = rng.sample(_HELPER_PIECES, rng.randint(3, 9))
    out = [f'"""Helpers, set {rng.randrange(10**6)}."""\n']
    if mentions_tensorflow:
        out.append("# Kept free of tensorflow on purpose: importable on machines without it.\n")
    out.append(_HELPER_IMPORTS)
    for piece in pieces:
        out.append("\n")
        out.append(piece.format(n=rng.randrange(1000), i=rng.randint(2, 64), f=rng.choice([0.1, 0.01, 0.2, 1e-8])))
    return "".join(out)


# --- the tree --------------------------------------------------------------------------------


def _load_originals(directory: Path) -> list[str]:
    texts = [path.read_text(encoding="utf-8") for path in sorted(Path(directory).glob("*.py"))]
    if not texts:
        raise FileNotFoundError(f"no original scripts (*.py) in {directory}")
    return texts


def build(root: str | os.PathLike, files: int = 400, seed: int = 0,
          originals: str | os.PathLike = ORIGINALS) -> Corpus:
    """Write a tree of ``files`` .py files under ``root`` (created; must be empty or absent)."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    if any(root.iterdir()):
        raise FileExistsError(f"{root} is not empty")
    texts = _load_originals(Path(originals))
    rng = random.Random(seed)
    titles = ["experiment", "regression", "classifier", "mnist_model", "backprop", "softmax_demo", "trainer"]
    written: list[tuple[Path, bytes, bool]] = []
    project = 0
    while len(written) < files:
        base = root / f"project_{project:03d}"
        project += 1
        layout = [("", "__init__.py")]
        for _ in range(rng.randint(6, 14)):
            layout.append((rng.choice(["", "", "models", "scripts"]), "tf"))
        for _ in range(rng.randint(2, 4)):
            layout.append((rng.choice(["", "utils"]), "helper"))
        for directory in sorted({sub for sub, _ in layout if sub}):
            layout.append((directory, "__init__.py"))
        for index, (sub, kind) in enumerate(layout):
            if len(written) >= files:
                break
            folder = base / sub if sub else base
            if kind == "__init__.py":
                path = folder / "__init__.py"
                text = "" if rng.random() < 0.6 else f'"""Package {folder.name}."""\n'
                is_tf = False
            elif kind == "tf":
                count = rng.choices([1, 2, 3], weights=[6, 3, 1])[0]
                chosen = rng.sample(texts, count)
                title = rng.choice(titles)
                path = folder / f"{title}_{index:02d}.py"
                text = tensorflow_script(chosen, rng, title=title)
                is_tf = True
            else:
                path = folder / f"{rng.choice(['util', 'io', 'metrics', 'plots', 'common'])}_{index:02d}.py"
                text = helper_module(rng, mentions_tensorflow=rng.random() < 0.15)
                is_tf = False
            compile(text, str(path), "exec", dont_inherit=True)  # every file is valid Python 3
            data = text.encode("utf-8")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            written.append((path, data, is_tf))
    return Corpus(
        root=root,
        files=len(written),
        lines=sum(count_lines(data) for _, data, _ in written),
        bytes=sum(len(data) for _, data, _ in written),
        tensorflow_files=sum(1 for *_, is_tf in written if is_tf),
        helper_files=sum(1 for *_, is_tf in written if not is_tf),
    )


if __name__ == "__main__":  # python -m tools.corpus DEST [FILES] [SEED]
    import sys

    arguments = sys.argv[1:]
    if not arguments:
        sys.exit("usage: python -m tools.corpus DEST [FILES] [SEED]")
    made = build(arguments[0], int(arguments[1]) if len(arguments) > 1 else 400,
                 int(arguments[2]) if len(arguments) > 2 else 0)
    print(f"{made.root}: {made.describe()}")
