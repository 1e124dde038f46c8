"""The code of the structure Session.run returned (a list, tuple or dict of values, None
for an op run for its effect: model.Structure), written at a site or returned by a dict
fetch's run function (patterns/session_run.py, functions.py).
"""
from __future__ import annotations

from migrate.eager.model import Structure


def returned(keys, positions, names) -> str:
    """What a dict-fetch run function returns: `{"loss": loss, ...}` of its tensors."""
    return "{" + ", ".join(f"{keys[i]}: {n}" for i, n in zip(positions, names)) + "}"


def literal(site, parts: list[str]) -> str:
    """The structure Session.run returned, from one code part per element."""
    if site.structure == Structure.SINGLE:
        return parts[0]
    if site.structure == Structure.DICT:
        return "{" + ", ".join(f"{k}: {p}" for k, p in zip(site.keys, parts)) + "}"
    if site.structure == Structure.LIST:
        return "[" + ", ".join(parts) + "]"
    return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"


def _numpy(name: str) -> str:
    return f"{name}.numpy()"


def mixed(site, call: str, returns: list[int], count: int, each=_numpy) -> str | None:
    """The structure when some elements are ops run for their effect (None) and several
    are tensors: the tensors must be one run of consecutive elements (None before and
    after them); None when they are not."""
    if returns != list(range(returns[0], returns[-1] + 1)):
        return None
    before, after = returns[0], count - 1 - returns[-1]
    if site.structure == Structure.DICT:
        values = f"**{{k: {each('v')} for k, v in {call}.items()}}"
        parts = [f"{k}: None" for k in site.keys[:before]] + [values] + \
                [f"{k}: None" for k in site.keys[count - after:]]
        return "{" + ", ".join(parts) + "}"
    values = f"*({each('t')} for t in {call})"
    parts = ["None"] * before + [values] + ["None"] * after
    if site.structure == Structure.LIST:
        return "[" + ", ".join(parts) + "]"
    return "(" + ", ".join(parts) + ")"


def all_values(site, call: str, unpacked: bool, each=_numpy) -> str:
    """Every element is a value (`each(name)`: its conversion, `name.numpy()` for a tensor)."""
    if site.structure == Structure.DICT:
        return f"{{k: {each('v')} for k, v in {call}.items()}}"
    comp = f"{each('t')} for t in {call}"
    if unpacked:
        return f"({comp})"
    return f"[{comp}]" if site.structure == Structure.LIST else f"tuple({comp})"
