"""estimator: ``tf.estimator.*`` / ``tf.compat.v1.estimator.*`` / TPUEstimator's
``tf.contrib.tpu.*`` -> ``tf_revive_runtime.v1_estimator`` (hand.ESTIMATOR_MODULES).

TF 2.16 removed tf.estimator; the runtime runs TF 1's Estimator programs on compat.v1 graph
mode.  A name the runtime does not build (``tf.estimator.export...``, BoostedTrees) is
warned about with its line and still goes to the runtime, whose NotImplementedError names
it at run time; under ``tf.contrib.tpu`` the other names stay contrib's.
"""
from __future__ import annotations

from migrate.fixers import NameState, display, name_fixer
from migrate.fixers.tf0_names import longest_prefix
from migrate.tables.hand import ESTIMATOR_MODULES, ESTIMATOR_NOT_BUILT


@name_fixer(18)
def estimator(state: NameState, ctx) -> None:
    segments = state.segments
    if state.space == "v1" and segments[:1] == ["contrib"]:
        return
    key, n = longest_prefix(segments, ESTIMATOR_MODULES)
    if key is None:
        return
    target, built = ESTIMATOR_MODULES[key]
    if n < len(segments) and segments[n] not in built:
        if key.startswith("contrib."):
            return
        # still the runtime's name: there it raises NotImplementedError naming the call,
        # where TF 2.21 would only say it has no `estimator`
        state.warnings.append(("estimator", f"{display(state.space, '.'.join(segments[:n + 1]))} "
                                            f"{ESTIMATOR_NOT_BUILT}"))
    state.set_target(target, n, "estimator",
                     f"{display(state.space, key)} -> {target[1:]} (TF 2.16 removed "
                     "tf.estimator; TF 1's Estimator runs on compat.v1 graph mode there)")
