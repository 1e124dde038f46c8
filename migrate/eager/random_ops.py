"""Random ops (the table migrate/tables/signatures.py's SEED_POSITION: tf.random.*,
tf.nn.dropout, ...): whether code draws a random number, the seed a call of one is given.
"""
from __future__ import annotations

import libcst as cst

from migrate.eager import names as N


def seed_argument(call: cst.Call, path: str):
    """The op seed a random op call is given, else None."""
    positional = [arg for arg in call.args if arg.keyword is None]
    return next((arg.value for arg in call.args if arg.keyword is not None and arg.keyword.value == "seed"),
                positional[N.SEED_POSITION[path]].value if len(positional) > N.SEED_POSITION[path] else None)


def draws_random(resolver, node) -> bool:
    """Does the code `node` call a random op (names resolved by the script's `resolver`)?"""
    found = []

    class Calls(cst.CSTVisitor):
        def visit_Call(self, call):
            if resolver.resolve(call.func) in N.SEED_POSITION:
                found.append(call)
            return True

    node.visit(Calls())
    return bool(found)
