"""``python -m tools.eager_lengths [PATH ...]``: is the `--to eager` translation longer than
the Session script it translates? For each script (default: every
tests/fixtures/session_scripts/*.py; or the given files and folders) it counts the
non-blank lines of the original and of its translation (comments count: they are part of
the file) and prints the scripts whose translation is longer, then how many of the
translated scripts that is (the issue's target: at most 1 in 10). Scripts kept in compat
form are counted apart. `--all` prints every translated script. Pure: translation
imports no TensorFlow.

`--marks` also prints, per translated script, the idiom marks an expert reader would hold
against it (issue 17), and how many files carry each:

  compat      lines that still call tf.compat.v1
  stale       comments about the removed Session machinery (what patterns/comments.py drops)
  repeated    statements written more often than the original wrote them (a forward
              pass written out again per fetched value)
  runtime     imports of the tool's own runtime other than the MNIST reader (input_data)
  notes       comment lines the translation wrote itself
"""
from __future__ import annotations

import argparse
import io
import re
import sys
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT = REPO / "tests" / "fixtures" / "session_scripts"
TARGET = 0.1  # at most one translated script in ten longer than its original


def code_lines(text: str) -> int:
    """The non-blank lines of a source."""
    return sum(1 for line in text.splitlines() if line.strip())


MARKS = ("compat", "stale", "repeated", "runtime", "notes")
RUNTIME_IMPORT = re.compile(r"^\s*(from|import)\s+(migrate|tf_revive_runtime)\b(?!.*\binput_data\b)", re.M)


def comments(text: str) -> list[str]:
    """The comment tokens of a source (none when it does not tokenize)."""
    try:
        return [tok.string.rstrip() for tok in tokenize.generate_tokens(io.StringIO(text).readline)
                if tok.type == tokenize.COMMENT]
    except (tokenize.TokenError, SyntaxError):
        return []


def statements(text: str) -> list[str]:
    """The stripped code lines that compute something (an assignment or a return of a
    call), but for calls of the file's own functions (`pred = forward(x)`)."""
    defined = set(re.findall(r"^\s*def (\w+)", text, re.M))
    found = []
    for line in text.splitlines():
        code = line.split("#")[0].strip()
        value = re.sub(r"^(return |[\w, .\[\]'\"]+ = )", "", code)
        if "(" in code and value != code and re.match(r"\w+", value) \
                and not (value.split("(")[0] in defined and value.endswith(")")):
            found.append(code)
    return found


def opening_block(text: str) -> list:
    """The comment lines a source opens with (None for a blank line among them)."""
    block = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            break
        block.append(line.rstrip() if line.strip() else None)
    while block and block[-1] is None:
        block.pop()
    return block


def stale_lines(translation: str, device: bool) -> int:
    """The comment lines about the removed Session machinery: in the opening block, the lines
    that a sentence about it stands on (patterns/comments.py judges its prose by sentences);
    elsewhere, each comment line that is about it."""
    from migrate.eager.patterns.comments import judged, opening_rewrite

    block = opening_block(translation)
    kept, _changed = opening_rewrite(block, device)
    opening = sum(1 for i, line in enumerate(block) if line is not None and i not in kept)
    rest = comments("\n".join(translation.splitlines()[len(block):]))
    return opening + sum(1 for c in rest if judged(c, device) is not None)


def authors_comments(original: str, device: bool) -> set:
    """The comment lines that are the author's: the original's, and what patterns/comments.py
    writes of them (a comment cut to its clauses about the model, the opening block's
    paragraphs wrapped anew)."""
    from migrate.eager.patterns.comments import judged, opening_rewrite

    found = set(comments(original))
    found |= {verdict[0] for c in list(found) for verdict in [judged(c, device)] if verdict and verdict[0]}
    written, _changed = opening_rewrite(opening_block(original), device)
    return found | {line for line in written if isinstance(line, str)}


def idiom_marks(original: str, translation: str) -> dict:
    """How many times the translation carries each mark of MARKS."""
    from migrate.eager.patterns.comments import authored

    device = authored(original).device
    written = comments(translation)
    source_comments = authors_comments(original, device)
    before = {}
    for code in statements(original):
        before[code] = before.get(code, 0) + 1
    after = {}
    for code in statements(translation):
        after[code] = after.get(code, 0) + 1
    return {
        "compat": sum(1 for line in translation.splitlines() if "tf.compat.v1" in line.split("#")[0]),
        "stale": stale_lines(translation, device),
        "repeated": sum(n - max(before.get(code, 0), 1) for code, n in after.items() if n > max(before.get(code, 0), 1)),
        "runtime": len(RUNTIME_IMPORT.findall(translation)),
        "notes": sum(1 for c in written if c not in source_comments),
    }


@dataclass
class Length:
    path: Path
    original: int
    translated: int | None  # None: kept in compat form
    marks: dict = field(default_factory=dict)  # idiom_marks of the translation

    @property
    def longer(self) -> bool:
        return self.translated is not None and self.translated > self.original


def measure(path: Path) -> Length:
    from migrate.eager import FALLBACK_RULE, translate_source

    source = path.read_text(encoding="utf-8")
    outcome = translate_source(source)
    fell_back = any(f.rule == FALLBACK_RULE for f in outcome.findings)
    if fell_back:
        return Length(path, code_lines(source), None)
    return Length(path, code_lines(source), code_lines(outcome.code), idiom_marks(source, outcome.code))


def scripts(paths: list[str]) -> list[Path]:
    found = []
    for given in paths or [str(DEFAULT)]:
        p = Path(given)
        found += sorted(p.glob("*.py")) if p.is_dir() else [p]
    return found


def marks_report(lengths: list[Length]) -> list[str]:
    """Per translated script with a mark, its marks; then how many files carry each."""
    translated = [x for x in lengths if x.translated is not None]
    out = [f"{'script':<48} " + " ".join(f"{m:>8}" for m in MARKS)]
    for x in translated:
        if any(x.marks.get(m) for m in MARKS):
            out.append(f"{x.path.name:<48} " + " ".join(f"{x.marks.get(m, 0):>8}" for m in MARKS))
    counts = ", ".join(f"{m} {sum(1 for x in translated if x.marks.get(m))}" for m in MARKS)
    out.append(f"files with each mark, of {len(translated)} translated: {counts}")
    return out


def report(lengths: list[Length], every: bool) -> list[str]:
    translated = [x for x in lengths if x.translated is not None]
    longer = [x for x in translated if x.longer]
    out = [f"{'script':<48} {'original':>8} {'eager':>6} {'eager/original':>14}"]
    for x in (translated if every else longer):
        out.append(f"{x.path.name:<48} {x.original:>8} {x.translated:>6} {x.translated / x.original:>14.2f}")
    share = len(longer) / len(translated) if translated else 0.0
    total_o, total_t = sum(x.original for x in translated), sum(x.translated for x in translated)
    out.append(f"{len(lengths)} scripts, {len(translated)} translated ({len(lengths) - len(translated)} kept in "
               f"compat form); translation longer than the original: {len(longer)} of {len(translated)} "
               f"({share:.0%}; target at most {TARGET:.0%}); non-blank lines {total_o} -> {total_t}")
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.eager_lengths", description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="scripts or folders (default: the collection)")
    parser.add_argument("--all", action="store_true", help="print every translated script, not only the longer")
    parser.add_argument("--marks", action="store_true", help="also print each script's idiom marks")
    args = parser.parse_args(argv)
    lengths = [measure(p) for p in scripts(args.paths)]
    print("\n".join(report(lengths, args.all)))
    if args.marks:
        print("\n".join(marks_report(lengths)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
