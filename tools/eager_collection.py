"""``python -m tools.eager_collection [DIR]``: `migrate --to eager` and `migrate verify`
over a collection of Session scripts (default: tests/fixtures/session_scripts), and the
table docs/eager.md shows: how many were translated, verified equal, differ, and how
many keep the compat form, by reason.

Every script is verified in one call of migrate.verify.verify_scripts (two TensorFlow
processes), with --seed (default 3, as the test suite). `--markdown` prints the tables
in Markdown; the default is a plain listing, one script a line.
"""
from __future__ import annotations

import argparse
import collections
import os
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT = REPO / "tests" / "fixtures" / "session_scripts"

# A fallback message -> the family of constructs it belongs to (first pattern that matches).
FAMILIES = [
    (r"inside a block|a Session opened inside a block|rebound inside a block", "graph built inside a block (for, if, with)"),
    (r"tf\.summary|summaries", "summaries"),
    (r"feed_dict that is not a literal|is needed but not fed|used inside a function or class body",
     "feed_dict not a literal dict of placeholders"),
    (r"tf\.Variable\(\.\.\.\) inside an expression|tf\.gradients\(\.\.\.\) inside an expression",
     "`tf.Variable(...)`/`tf.gradients(...)` inside an expression"),
    (r"Saver", "`tf.train.Saver`"),
    (r"variable_scope|get_variable", "`tf.variable_scope` / `tf.get_variable`"),
    (r"fetch list or dict built in a variable", "fetch list or dict built in a variable"),
    (r"the initial value of", "a `tf.Variable`'s initial value reads a tensor computed per run"),
    (r"assigned to an attribute|is an attribute of|Session stored in something other than a name",
     "a graph kept in an object's attributes (a class that builds it)"),
    (r"the graph object", "a graph object used beyond `as_default()`"),
    (r"list fetch|cannot see|as a value|inline fetch", "a fetch the analysis cannot see as one evaluation"),
    (r"random op", "a random op used by several Session.run patterns"),
    (r"placeholder", "placeholder used outside Session.run"),
    (r"used outside Session.run", "a graph tensor used outside Session.run"),
    (r"unknown TensorFlow name", "names the eager side does not know (`tf.app`, `tf.flags`, ...)"),
    (r"rnn_cell|dynamic_rnn|RNN cells", "`tf.nn.rnn_cell` / `dynamic_rnn`"),
    (r"exponential_decay|decayed", "`exponential_decay`"),
    (r"apply_gradients|only minimize", "`optimizer.apply_gradients` (only `minimize()` is translated)"),
    (r"control_dependencies", "`tf.control_dependencies`"),
    (r"queue", "queues"),
    (r"no Keras optimizer", "an optimizer without an exact eager twin (RMSProp)"),
    (r"updates in the same run|reads .* which .* updates", "a read and an update of one variable in one run, unordered"),
]


def cut(text: str, limit: int) -> str:
    """`text`, or its words up to `limit` characters followed by " ..." (never half a word)."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " ..."


def family(message: str) -> str:
    for pattern, name in FAMILIES:
        if re.search(pattern, message):
            return name
    return "other: " + cut(message.split(": ", 1)[-1], 70)


def run(paths, seed):
    from migrate import verify

    load = os.getloadavg()[0]
    start = time.perf_counter()
    reports = verify.verify_scripts([str(p) for p in paths], seed=seed, timeout=300)
    return reports, time.perf_counter() - start, load


def tables(reports, seconds, load) -> str:
    status = collections.Counter(r.status for r in reports)
    total = len(reports)
    translated = total - status["fell-back"]
    families = collections.Counter()
    for r in reports:
        for name in {family(f.message) for f in r.prepared.fallback_reasons}:
            families[name] += 1
    out = [f"| of {total} Session scripts | scripts |", "|---|---:|",
           f"| translated to eager | {translated} |",
           f"| — verified equal by `migrate verify` | {status['same']} |",
           f"| — equal up to rounding (a stated choice: Keras Adam) | {status['rounding']} |",
           f"| — different by float rounding drift | {status['drift']} |",
           f"| — semantically different (a wrong translation) | {status['different']} |",
           f"| — a translation failed to run | {status['failed']} |",
           f"| kept in compat form (`eager-fallback`) | {status['fell-back']} |", "",
           "| fallback reason (a script can give several) | scripts |", "|---|---:|"]
    out += [f"| {name} | {n} |" for name, n in families.most_common()]
    out += ["", "| script | result |", "|---|---|"]
    for r in reports:
        name = Path(r.path).name
        if r.status == "fell-back":
            first = r.prepared.fallback_reasons[0]
            detail = f"compat form: line {first.line}: {cut(first.message.split(': ', 1)[-1], 200)}"
        elif r.status == "same":
            detail = f"verified equal (largest difference {r.largest:.2g})"
        elif r.status == "failed":
            lines = [ln.strip() for ln in "\n".join(r.problems).splitlines() if ln.strip()]
            detail = "FAILED: " + cut(lines[-1] if lines else "", 160)
        else:
            detail = f"{r.status.upper()}: " + cut((r.verdict + r.problems + [""])[0].splitlines()[0], 160)
        out.append(f"| `{name}` | {detail.replace('|', '/')} |")
    out.append("")
    out.append(f"(`python -m tools.eager_collection --markdown`, {seconds:.0f} s on this machine, "
               f"{time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC, load average {load:.2f} at the start)")
    return "\n".join(out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.eager_collection", description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", default=str(DEFAULT))
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--markdown", action="store_true", help="print docs/eager.md's tables")
    args = parser.parse_args(argv)
    paths = sorted(Path(args.folder).glob("*.py"))
    if not paths:
        parser.error(f"no .py file in {args.folder}")
    reports, seconds, load = run(paths, args.seed)
    if args.markdown:
        print(tables(reports, seconds, load))
    else:
        for r in reports:
            print(f"{Path(r.path).name:45s} {r.status}")
    return 0 if all(r.status in ("same", "rounding", "fell-back") for r in reports) else 1


if __name__ == "__main__":
    sys.exit(main())
