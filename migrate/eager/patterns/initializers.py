"""Pattern: initializer runs disappear (a tf.Variable initialises itself when created).

    init = tf.global_variables_initializer()   ->  (removed)
    sess.run(init)                             ->  (removed)
    tf.global_variables_initializer().run()    ->  (removed)

Running an initializer a second time, inside a loop or together with other fetches
would re-initialise or order variables: that is not translated.
"""
from __future__ import annotations

import libcst as cst

from migrate.eager import names as N
from migrate.eager.model import Element, Kind, Site
from migrate.eager.pattern import Pattern


def is_initializer(path: str | None) -> bool:
    return path in N.INITIALIZERS


def element(path: str | None) -> Element | None:
    """The fetched element for `sess.run(tf.global_variables_initializer())`."""
    return Element(Kind.INIT) if is_initializer(path) else None


def mark_site(a, site: Site, statement: bool) -> bool:
    """A run of an initializer is removed; True when `site` is one."""
    if not any(e.kind == Kind.INIT for e in site.elements):
        return False
    if len(site.elements) != 1:
        a.problem(site.call, "an initializer fetched together with other things")
        return True
    if not statement:
        a.problem(site.call, "the result of running an initializer is used")
    site.init = True
    a.edits.removed_calls.add(site.call)
    return True


def check_runs(t) -> None:
    """Record the removed runs; refuse re-initialisation."""
    a = t.a
    by_segment: dict = {}
    for site in a.sites:
        if not site.init:
            continue
        if site.item.node is not None and not isinstance(site.item.node, cst.SimpleStatementLine):
            a.problem(site.call, "variables initialised inside a block (loop, if, def): re-initialisation is not "
                                 "translated")
        by_segment.setdefault(site.item.segment, []).append(site)
        t.changes.append((site.line, "eager-init", "initializer run removed: tf.Variable initialises itself when "
                                                   "created"))
    for sites in by_segment.values():
        if len(sites) > 1:
            a.problem(sites[1].call, "variables initialised a second time: re-initialisation is not translated")


class Initializers(Pattern):
    name = "initializers"
    summary = "initializer runs removed"

    def graph_kind(self, a, value, path, subscript, names, env):
        return (Kind.INIT, None) if is_initializer(path) else None

    def check_runs(self, t) -> None:
        check_runs(t)


PATTERN = Initializers()
