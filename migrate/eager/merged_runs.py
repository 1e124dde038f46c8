"""Evaluation runs merged: a run function whose one fetch is among the fetches of another
with the same feeds is no function of its own; its sites call the other and pick their
value from what it returns:

    sess.run([accuracy, cost], {x: X, y: Y})            compute_accuracy_and_cost(X, Y)
    sess.run(accuracy, {x: T, y: L})            ->      compute_accuracy_and_cost(T, L)[0].numpy()

The other computes nothing the graph's run would not have computed but its extra
fetches, so it must update nothing, draw no random number (an extra draw would move the
stream), write no summary, and run only tensors (no op run for its effect, no dict of
fetches; gradients, `tf.gradients`' tape, are tensors); both take the same placeholders,
and the other can be defined before the first of the sites (every
statement it needs built before it, no Python value it reads changed before the last).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from migrate.eager import functions
from migrate.eager.model import GStmt, Kind, Structure, closure

if TYPE_CHECKING:  # annotations only
    from migrate.eager.model import RunFunction
    from migrate.eager.translate import Translator


def merge(t: Translator) -> None:
    """Fold each one-fetch run function into a wider one with the same feeds (t.functions
    loses it; its sites become the wider one's, with `site.pick`)."""
    for key, small in list(t.functions.items()):
        if not _pure(small) or len(small.elements) != 1:
            continue
        if any(s.structure != Structure.SINGLE for s in small.sites):
            continue
        for wide in t.functions.values():
            if wide is small or not _pure(wide) or len(wide.elements) < 2 or wide.segment != small.segment \
                    or [id(ph) for ph in wide.params] != [id(ph) for ph in small.params]:
                continue
            keys = [e.key() for e in wide.elements]
            if small.elements[0].key() in keys and _takes(t, wide, small):
                for site in small.sites:
                    site.function, site.pick = wide, keys.index(small.elements[0].key())
                    t.changes.append((site.line, "eager-run", f"a run of {_described(small)} calls the function of "
                                                                 f"the run that also fetches {_described(wide)}"))
                del t.functions[key]
                break


def _pure(fn: RunFunction) -> bool:
    """Does fn only compute tensors (no update, random draw, summary, op run for its effect)?"""
    if fn.variables_only or fn.eager or fn.updates or fn.step_param or fn.keys or fn.shared_random:
        return False
    if any(e.effect_only or e.kind not in (Kind.TENSOR, Kind.INLINE) or e.assigns is not None for e in fn.elements):
        return False
    return not any(g.random or g.kind not in (Kind.TENSOR, Kind.GRADIENTS) for g in fn.body)


def _takes(t: Translator, wide: RunFunction, small: RunFunction) -> bool:
    """Can `wide` also be called at small's sites? (its statements built before the first
    of them, no Python value it reads changed before the last); wide's placement moves."""
    first = min(s.item.idx for s in wide.sites + small.sites)
    last = max(s.item.idx for s in wide.sites + small.sites)
    needed = sorted(closure(wide.body + wide.params), key=GStmt.order)
    if any(g.idx >= first for g in needed):
        return False
    if functions.python_value_conflicts(t, needed, last):
        return False
    wide.insert_before, wide.last_call = first, last
    wide.sites = sorted(wide.sites + small.sites, key=lambda s: (s.item.idx, s.line, s.column))
    return True


def _described(fn: RunFunction) -> str:
    return " and ".join(f"`{e.name}`" if e.name else "an inline fetch" for e in fn.elements)
