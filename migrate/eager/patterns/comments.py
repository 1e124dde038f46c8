"""Pattern: the author's comments once the Session machinery is gone.  A comment line about
what the translation removed (the session, launching or running the graph, initialising
variables, feeding placeholders, a device pin whose block went) is dropped; one that also
says something else keeps that part (clauses cut at `:` and `;`):

    # Launch the graph in a session                       ->  (dropped)
    # Classification example: reset the graph and start a new session
                                                          ->  # Classification example
    # use eval() instead of sess.run                      ->  (dropped: no eager program has either)
    # Initialize weights with small random values         ->  (kept: it is about the model)

Only the author's comments are judged (those of the source), wherever the translation
wrote them; every one dropped or rewritten is reported once (rule eager-comment).  The
phrases are data: migrate/tables/comments.py.

The module's opening comment block (the description a script starts with) is prose: a
sentence of it goes when every clause of it is about the machinery and it fills whole
lines; nothing else of the block changes (a sentence that shares a line stays):

    # Linear regression by gradient descent.            # Linear regression by gradient descent.
    # The session is opened in a with block.       ->   # The data are two lines.
    # The data are two lines.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import io
import re
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
    if re.search(T.MODEL_WORDS, clause, _FLAGS):
        return None
    rules = T.MACHINERY + (T.DEVICE if device else ())
    return next((about for pattern, about in rules if re.search(pattern, clause, _FLAGS)), None)


def judged(text: str, device: bool) -> tuple[str, str] | None:
    """(the comment written instead, "" to drop it; what the dropped part was about), or
    None when the comment stays as it is."""
    body = text.lstrip("#")
    clauses = re.split(T.CLAUSE_SEPARATOR, body.strip())
    about = [_about_machinery(c, device) for c in clauses]
    if not any(about):
        return None
    kept = [c for c, a in zip(clauses, about) if a is None]
    what = next(a for a in about if a)
    return ("# " + T.CLAUSE_JOIN.join(kept).rstrip(".,") if kept else "", what)


def opening_drops(lines: list, device: bool) -> list[tuple[list[int], str, str]]:
    """The opening block's sentences to drop: (their line indices, the sentence, what it is
    about) for each. `lines`: each line's comment text, None for a blank line."""
    found = []
    paragraph: list[int] = []
    for i, text in enumerate(lines + [None]):
        if text is not None and not re.match(T.KEPT_OPENING_LINE, text):
            paragraph.append(i)
            continue
        found += _sentences_to_drop(lines, paragraph, device)
        paragraph = []
    return found


def _sentences_to_drop(lines: list, paragraph: list[int], device: bool) -> list:
    joined, spans = "", []
    for i in paragraph:
        body = lines[i].lstrip("#").strip()
        start = len(joined) + (1 if joined else 0)
        joined = f"{joined} {body}" if joined else body
        spans.append((i, start, len(joined)))
    found = []
    for m in re.finditer(T.SENTENCE, joined):
        start, end = m.start(), m.start() + len(m.group().rstrip())
        first = [i for i, s, _e in spans if s == start]
        last = [i for i, _s, e in spans if e == end]
        verdict = judged(m.group().strip(), device)
        if first and last and verdict is not None and verdict[0] == "":
            found.append((list(range(first[0], last[0] + 1)), m.group().strip(), verdict[1]))
    return found


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
        dropped = set()
        for indices, sentence, about in opening_drops(lines, state.source.device):
            dropped |= set(indices)
            line = state.source.lines.get(lines[indices[0]].rstrip(), [indices[0] + 1])[0]
            t.changes.append((line, RULE, f"opening comment sentence {sentence!r} dropped: it was about {about}, "
                                          "which eager code does not have"))
        return dropped or None


PATTERN = Comments()
