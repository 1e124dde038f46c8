"""What the Estimator runtime does not build: one NotImplementedError naming the call.

``migrate`` already warned, with the line, where it could see the call; this is the same
refusal at run time, where it could not (a method of an Estimator, an argument).
"""
from __future__ import annotations


class NotBuiltError(NotImplementedError, AttributeError):
    """A NotImplementedError; also an AttributeError, so that ``hasattr`` on a module of
    the runtime answers False for a name it does not build, as on any module."""


def refuse(call: str, why: str = "") -> None:
    message = (f"{call} is not built in tf_revive_runtime.v1_estimator (TF 1's Estimator on "
               "TF 2.21 trains, evaluates and predicts on one machine)")
    raise NotBuiltError(message + (f"; {why}" if why else ""))
