"""The phrases that decide what becomes of an author's comment once `--to eager` has removed
the TF 1 machinery (patterns/comments.py).  Data only; regular expressions matched
case-insensitively against one comment line's text (without the `#`).

A comment line, or a sentence of the opening block, is cut into clauses at `:` and `;`.
A clause about the removed machinery (MACHINERY) goes, but for the first clause's head
(HEAD_CUT); a comment with no clause left is dropped, one with some left is rewritten to
them.  A clause that names a model thing (MODEL_WORDS) is never about the
machinery alone and stays, unless it names the Session API (SESSION_API: `sess.run`,
`feed_dict`, `.eval()`), which no eager program has.
"""

# (pattern, what the clause is about): sessions, launching/running the graph, initialising
# variables, feeding placeholders, naming the Session API.  Each is false in eager code.
MACHINERY = (
    (r"\blaunch(es|ed|ing)?\b.*\b(graph|session)s?\b", "launching the graph"),
    (r"\b(start|open|creat|clos|begin|mak|run|us|initiali[sz])\w*\b.*\bsessions?\b", "a session"),
    (r"^\s*(a |the |new |default |tf )*sessions?\b", "a session"),
    (r"^\s*(run|running|execute|executing|evaluate)\s+(the\s+)?(computation(al)?\s+)?graph\b",
     "running the graph"),
    (r"\breset(s|ting)?\s+(the\s+)?(default\s+)?graph\b", "resetting the graph"),
    (r"\binitiali[sz]\w*\s+((all|the|global|local|our|tf|tensorflow)\s+)*variables\b", "initialising variables"),
    (r"\bvariables\s+(must|need to|have to|should)\s+(be\s+)?initiali[sz]", "initialising variables"),
    (r"\b(global|local)_variables_initializer\b|\binitialize_all_variables\b", "initialising variables"),
    (r"^\s*(create|define|declare|add|set up|setup|make)?\s*((the|some|our|two|input|tf)\s+)*placeholders?\b",
     "placeholders"),
    (r"\bfeed(s|ing)?\b.*\b(placeholders?|the graph|dict(ionary)?)\b", "feeding placeholders"),
    (r"^\s*(tf\s+|tensorflow\s+)?graph\s+inputs?\s*$", "the graph's inputs (placeholders)"),
)

# A clause naming the Session API is false in eager code whatever else it says (no veto).
SESSION_API = r"\bsess(ion)?\.run\b|\bfeed_dict\b|\beval\(\)|\w\.eval\b|\w\.run\(|\binteractivesession\b|\btf\.session\b"
# A clause naming a session is about it whatever else it says (no veto); what it is about
# is the first of MACHINERY that matches, else "a session".
SESSION = r"\bsess(ion)?s?\b"

# Only where the script had a `with tf.device(...)` block (removed: eager places ops itself).
DEVICE_SOURCE = r"\.device\("
DEVICE = (
    (r"\b(pin(s|ned)?|plac(e|es|ed|ing)|run(s)?|forc(e|es|ed)|put)\b.*\b(on|to)\s+(the\s+)?"
     r"((first|second|\d+(st|nd|rd|th)?)\s+)?(cpu|gpu)s?\b", "device placement"),
    (r"^\s*(on|use|using)\s+(the\s+)?(cpu|gpu)s?\b", "device placement"),
)

# A clause naming one of these is also about the model: it stays.
MODEL_WORDS = (r"\b(weights?|bias(es)?|random|normal|uniform|zeros?|ones|xavier|glorot|truncated|stddev|"
               r"values?|shapes?|layers?|loss|accuracy|learning rate)\b")

# The separators a comment line is cut at (a kept clause keeps the separator before it).
CLAUSE_SEPARATOR = r"\s*[:;]\s+"
# Where the first clause of a comment may be cut when the rest of it is about the machinery
# ("Linear regression with a Session" -> "Linear regression"): before a comma or one of
# these connecting words.
HEAD_CUT = r",\s+|\s+(with|whose|that|where|which)\s+"
# A comma before one of these words does not start a part of its own (the words after it
# say more about the part before it).
RELATIVE = r"(where|which|who|whose|that|so that|as)\b"
# Once a part about the machinery went, a later part of the same sentence that says `it`
# most likely names what went ("the session is opened in main(), which hands it to a
# helper"): it goes too.
REFERS_BACK = r"\bit\b"

# The module's opening comment block: its sentences (a sentence ends at `.`, `!` or `?`
# followed by a space or the end), and the lines that are not prose and always stay
# (a shebang, an encoding or a linter's pragma).
SENTENCE = r"[^\s].*?(?:[.!?](?=\s|$)|$)"
KEPT_OPENING_LINE = r"#!|#.*(coding[:=]|noqa|type:|pylint:|fmt:)"
