"""Pattern: InteractiveSession, `tensor.eval(...)` and `op.run(...)`.

    sess = tf.InteractiveSession()          ->  (removed, like any Session)
    print(loss.eval(feed_dict={x: data}))   ->  print(compute_loss(data).numpy())
    train_step.run(feed_dict={x: data})     ->  train_step(data)
    print(w.eval())                         ->  print(w.numpy())

An eval/run site is read like sess.run with one fetch (session_run.py); `session=` may
only name a known session.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager.model import SiteKind
from migrate.eager.pattern import Pattern
from migrate.tables import graph_api as G

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis

PARAMETERS = G.EVAL_PARAMETERS


def site_kind(a: Analysis, call: cst.Call, env: dict) -> SiteKind | None:
    """EVAL / OPRUN for `graph_value.eval(...)` / `graph_op.run(...)`, else None."""
    func = call.func
    if not isinstance(func, cst.Attribute) or func.attr.value not in ("eval", "run"):
        return None
    if not a.is_graph_expr(func.value, env):
        return None
    return SiteKind.EVAL if func.attr.value == "eval" else SiteKind.OPRUN


def fetches_and_feed(a: Analysis, call: cst.Call):
    """(the receiver, the feed_dict node or None) of an eval/run site."""
    args = a.args_by_name(call, PARAMETERS)
    session = args.get("session")
    if session is not None:
        if isinstance(session, cst.Name) and session.value in a.session_names:
            a.accounted.add(session)
        else:
            a.problem(session, "eval/run(session=...) with an unknown session")
    return call.func.value, args.get("feed_dict")


def describe(kind: SiteKind) -> str:
    return {SiteKind.EVAL: ".eval()", SiteKind.OPRUN: ".run()"}[kind]


class Interactive(Pattern):
    name = "interactive"
    summary = "InteractiveSession, tensor.eval(), op.run()"

    def site_kind(self, a: Analysis, call, env):
        return site_kind(a, call, env)

    def site_fetches(self, a: Analysis, site):
        return fetches_and_feed(a, site.call) if site.kind in (SiteKind.EVAL, SiteKind.OPRUN) else None

    def site_description(self, kind):
        return describe(kind) if kind in (SiteKind.EVAL, SiteKind.OPRUN) else None


PATTERN = Interactive()
