"""Pattern: the author's comments once the Session machinery is gone.  A comment line about
what the translation removed (the session, launching or running the graph, initialising
variables, feeding placeholders, a device pin whose block went) is dropped; one that also
says something else keeps that part (clauses cut at `:` and `;`, a clause's items at its
commas; a later part that says `it` goes with the part it names; a first clause keeps its
head before a connecting word):

    # Launch the graph in a session                       ->  (dropped)
    # Classification example: reset the graph and start a new session
                                                          ->  # Classification example
    # use eval() instead of sess.run                      ->  (dropped: no eager program has either)
    # Initialize weights with small random values         ->  (kept: it is about the model)
    # Tensors printed, then run in a Session, and a line fitted
                                                          ->  # Tensors printed, and a line fitted

Only the author's comments are judged (those of the source), wherever the translation
wrote them; every one dropped or rewritten is reported once (rule eager-comment).  The
phrases are data: migrate/tables/comments.py.

The module's opening comment block (the description a script starts with) is prose,
judged a sentence at a time: a paragraph where nothing changes stays byte for byte;
sentences that go whole and fill whole lines go with their lines; a paragraph where a
sentence that goes shares a line, or a sentence keeps a part, is wrapped anew at its
widest line:

    # Linear regression by gradient descent.            # Linear regression by gradient descent.
    # The session is opened in a with block.       ->   # The data are two lines.
    # The data are two lines.

    # A linear model. The session is opened in     ->   # A linear model. The data are two lines.
    # main(). The data are two lines.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import io
import re
import textwrap
import tokenize
from dataclasses import dataclass, field

from migrate.eager.pattern import Pattern
from migrate.tables import comments as T

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.translate import Translator

RULE = "eager-comment"
_FLAGS = re.IGNORECASE


@dataclass
class Authored:
    """The source's comments: text -> the lines it stands on (in order), and whether the
    source had a device block."""

    lines: dict = field(default_factory=dict)
    device: bool = False


def authored(source: str) -> Authored:
    found = Authored(device=re.search(T.DEVICE_SOURCE, source) is not None)
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.COMMENT:
                found.lines.setdefault(tok.string.rstrip(), []).append(tok.start[0])
    except (tokenize.TokenError, SyntaxError):
        pass
    return found


def _about_machinery(clause: str, device: bool) -> str | None:
    """What the removed machinery `clause` is about, or None when it stays."""
    if re.search(T.SESSION_API, clause, _FLAGS):
        return "the Session API"
    session = re.search(T.SESSION, clause, _FLAGS) is not None
    if not session and re.search(T.MODEL_WORDS, clause, _FLAGS):
        return None
    rules = T.MACHINERY + (T.DEVICE if device else ())
    found = next((about for pattern, about in rules if re.search(pattern, clause, _FLAGS)), None)
    return found or ("a session" if session else None)


def _head(clause: str, device: bool) -> str:
    """The longest start of a clause about the machinery, cut before a connecting word
    (HEAD_CUT), that is not about it itself ("" when none): "Linear regression with a
    Session" -> "Linear regression"."""
    cuts = [m.start() for m in re.finditer(T.HEAD_CUT, clause, _FLAGS)]
    return next((clause[:c] for c in reversed(cuts) if c and _about_machinery(clause[:c], device) is None), "")


def _items(clause: str) -> list[str]:
    """A clause cut at its commas, but for those inside brackets or backquotes and those
    before a relative word (RELATIVE: the item after it says more about the one before)."""
    items, depth, quoted, start = [], 0, False, 0
    for i, ch in enumerate(clause):
        depth += (ch in "([{") - (ch in ")]}")
        quoted ^= ch == "`"
        if clause.startswith(", ", i) and depth == 0 and not quoted \
                and not re.match(T.RELATIVE, clause[i + 2:], _FLAGS):
            items.append(clause[start:i])
            start = i + 2
    return items + [clause[start:]]


def _kept_clause(clause: str, first: bool, went: bool, device: bool) -> tuple[str, str | None]:
    """What stays of a clause, and what the part that goes is about (None: nothing goes): its
    items (_items) that are not about the machinery and, once an item went (or `went`: a
    part before it), do not say `it` (REFERS_BACK: the part that went is what it names);
    the first clause's first item must stay, else only its head stays (_head)."""
    whole = _about_machinery(clause, device)
    items, kept, what = _items(clause), [], None
    for item in items:
        about = _about_machinery(item, device)
        if about is None and went and re.search(T.REFERS_BACK, item, _FLAGS):
            about = "what went before it"
        what, went = what or about, went or about is not None
        kept += [] if about else [item]
    if len(kept) == len(items):
        return clause, None
    what = whole or what
    if kept and (not first or kept[0] is items[0]):
        return re.sub(r"^(and|then|or)\s+", "", ", ".join(kept)) if kept[0] is not items[0] else ", ".join(kept), what
    return (_head(clause, device) if first and whole else ""), what


def kept_text(text: str, device: bool) -> tuple[str, str] | None:
    """(what stays of a comment's text, "" when nothing; what the part that goes was about), or
    None when all of it stays. The text is cut into clauses at CLAUSE_SEPARATOR, each kept
    with the separator before it, as far as _kept_clause keeps it."""
    parts = re.split(f"({T.CLAUSE_SEPARATOR})", text)
    clauses, separators = parts[0::2], [""] + parts[1::2]
    kept, what = [], None
    for i, (clause, sep) in enumerate(zip(clauses, separators)):
        rest, about = _kept_clause(clause, i == 0, what is not None, device)
        what = what or about
        if rest:
            kept.append((sep, rest))
    if what is None:
        return None
    return "".join((sep if n else "") + clause for n, (sep, clause) in enumerate(kept)), what


def judged(text: str, device: bool) -> tuple[str, str] | None:
    """(the comment written instead, "" to drop it; what the dropped part was about), or
    None when the comment stays as it is."""
    verdict = kept_text(text.lstrip("#").strip(), device)
    if verdict is None:
        return None
    new, what = verdict
    return ("# " + new.rstrip(".,") if new else "", what)


def kept_sentence(sentence: str, device: bool) -> tuple[str, str] | None:
    """A sentence of prose as kept_text judges it, written as a sentence again (a capital
    first, its end mark last)."""
    verdict = kept_text(sentence, device)
    if verdict is None or not verdict[0]:
        return verdict
    new, what = verdict
    if not sentence.startswith(new[:1]):
        new = new[0].upper() + new[1:]
    end = re.search(r"[.!?]$", sentence)
    if end and not new.endswith(end.group()):
        new = new.rstrip(" ,;:.") + end.group()
    return new, what


def opening_rewrite(lines: list, device: bool) -> tuple[list, list]:
    """The opening block with its sentences about the machinery gone: each line's index where
    it stays as it is, its new text where its paragraph is written anew; and for each
    sentence that went or changed (the index of its first line, the sentence, what it was
    about, what stays of it). `lines`: each line's comment text, None for a blank line."""
    out, found, paragraph = [], [], []
    for i, text in enumerate(lines + [None]):
        if text is not None and not re.match(T.KEPT_OPENING_LINE, text):
            paragraph.append(i)
            continue
        new, changed = _paragraph(lines, paragraph, device)
        out += new
        found += changed
        paragraph = []
        if i < len(lines):
            out.append(i)
    if not found:
        return out, found
    blank = [isinstance(x, int) and lines[x] is None for x in out]  # no blank line first or twice
    return [x for n, x in enumerate(out) if not (blank[n] and (n == 0 or blank[n - 1]))], found


def _paragraph(lines: list, paragraph: list[int], device: bool) -> tuple[list, list]:
    """A paragraph of the opening block (its line indices) as opening_rewrite writes it: the
    lines of sentences that go whole and fill whole lines go, the rest stays as written; a
    paragraph where a sentence that goes shares a line, or one changes, is wrapped anew at
    its width."""
    joined, spans = "", []
    for i in paragraph:
        body = lines[i].lstrip("#").strip()
        start = len(joined) + (1 if joined else 0)
        joined = f"{joined} {body}" if joined else body
        spans.append((i, start, len(joined)))
    sentences, changed, whole, in_lines = [], [], set(), True
    for m in re.finditer(T.SENTENCE, joined):
        start, end = m.start(), m.start() + len(m.group().rstrip())
        sentence = m.group().strip()
        verdict = kept_sentence(sentence, device)
        if verdict is None:
            sentences.append(sentence)
            continue
        touched = [i for i, s, e in spans if s <= end and e >= start]
        changed.append((touched[0], sentence, verdict[1], verdict[0]))
        sentences += [verdict[0]] if verdict[0] else []
        full = [i for i, s, e in spans if s >= start and e <= end]
        in_lines = in_lines and verdict[0] == "" and touched == full
        whole |= set(full)
    if not changed or in_lines:
        return [i for i in paragraph if i not in whole], changed
    prefix = re.match(r"#+\s*", lines[paragraph[0]]).group()
    width = max(len(lines[i]) for i in paragraph)
    return textwrap.wrap(" ".join(sentences), width, initial_indent=prefix, subsequent_indent=prefix,
                         break_long_words=False, break_on_hyphens=False), changed


class Comments(Pattern):
    name = "comments"
    summary = "author comments about sessions, initialisation, feeding, device pins -> dropped or cut"

    class State:
        def __init__(self):
            self.source: Authored | None = None
            self.reported: dict = {}  # comment text -> how many of its lines were reported

    def author_comment(self, t: Translator, text: str):
        state = t.a.state(self)
        if state.source is None:
            state.source = authored(t.source)
        lines = state.source.lines.get(text.rstrip())
        verdict = judged(text, state.source.device) if lines else None
        if verdict is None:
            return None
        new, about = verdict
        n = state.reported.get(text, 0)
        state.reported[text] = n + 1
        line = lines[min(n, len(lines) - 1)]
        if new:
            t.changes.append((line, RULE, f"comment {text.strip()!r} rewritten to {new!r}: the part about "
                                          f"{about} is false in eager code"))
        else:
            t.changes.append((line, RULE, f"comment {text.strip()!r} dropped: it was about {about}, which "
                                          "eager code does not have"))
        return new

    def opening_comments(self, t: Translator, lines: list):
        state = t.a.state(self)
        if state.source is None:
            state.source = authored(t.source)
        written, changed = opening_rewrite(lines, state.source.device)
        for index, sentence, about, new in changed:
            line = state.source.lines.get(lines[index].rstrip(), [index + 1])[0]
            if new:
                t.changes.append((line, RULE, f"opening comment sentence {sentence!r} rewritten to {new!r}: the "
                                              f"part about {about} is false in eager code"))
            else:
                t.changes.append((line, RULE, f"opening comment sentence {sentence!r} dropped: it was about "
                                              f"{about}, which eager code does not have"))
        return written if changed else None


PATTERN = Comments()
