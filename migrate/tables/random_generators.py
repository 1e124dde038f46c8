"""Stateful random ops that a `tf.random.Generator` draws bit for bit (patterns/shared_random.py).

A graph's stateful random op (RandomUniform, RandomStandardNormal, TruncatedNormal,
RandomUniformInt) owns a philox generator made from its two seeds, (graph seed, op seed)
as `random_seed.get_seed` gives them: key = graph seed, counter = [0, op seed] (two
64-bit words); each run fills its output from that state, then skips it by 256 x the
number of values. A `tf.random.Generator` in the philox algorithm holds the state
[counter low, counter high, key] in a variable and skips it by the same amount per draw
(stateful_random_ops: "Multiplier 256 is the same as in FillPhiloxRandomTask"), filling
with the same distributions. So `Generator.from_state([0, op seed, graph seed], "philox")`
draws the graph op's numbers, call after call, also when several tf.functions share it
(checked on TensorFlow 2.21: uniform float and int, normal, truncated normal, dropout,
varying shapes; the collection's scripts s64, s65, s67, s100 verify it end to end).

SAMPLED_LOSSES lists the losses that are random ops without being written as one (a
candidate sampler built inside them), which no Generator draws: runs sharing one are
eager functions (s230).
"""
from __future__ import annotations

# TF 2 random op (as eager code writes it, after tf.) -> (its parameters in order, the
# Generator method with the same parameters less `seed`)
METHODS = {
    "random.uniform": (("shape", "minval", "maxval", "dtype", "seed", "name"), "uniform"),
    "random.normal": (("shape", "mean", "stddev", "dtype", "seed", "name"), "normal"),
    "random.truncated_normal": (("shape", "mean", "stddev", "dtype", "seed", "name"), "truncated_normal"),
}

# TF 2 op whose randomness is one uniform [0, 1) draw -> (its parameters in order, the op
# that takes the sampler instead of the seed: tf.nn.dropout(x, rate, noise_shape, seed)
# is _dropout(x, rate, noise_shape, uniform_sampler=random_uniform(seed=seed)), as
# general_dropout(x, rate, uniform_sampler, noise_shape) is)
SAMPLERS = {
    "nn.dropout": (("x", "rate", "noise_shape", "seed", "name"), "nn.experimental.general_dropout"),
}

# losses that draw their sampled classes from a candidate sampler they build themselves
# (log_uniform_candidate_sampler) unless `sampled_values=` hands them the samples: random
# ops too (a stateful sampler kernel per op) -> the keyword that seeds that sampler (None:
# nce_loss takes no seed, its draws are seeded only by the graph)
SAMPLED_LOSSES = {"nn.nce_loss": None, "nn.sampled_softmax_loss": "seed"}
SAMPLED_VALUES = "sampled_values"


def sampled_loss_seed(path: str | None, keywords: dict):
    """(is `path` a sampled loss drawing its own samples, the node its `seed=` keyword gives or None),
    `keywords` the call's {keyword: value node}."""
    if path not in SAMPLED_LOSSES or SAMPLED_VALUES in keywords:
        return False, None
    return True, keywords.get(SAMPLED_LOSSES[path]) if SAMPLED_LOSSES[path] else None


MAXINT32 = 2**31 - 1  # random_seed._MAXINT32: seeds are taken modulo it
# random_seed.DEFAULT_GRAPH_SEED: the graph seed of an op with an op seed where no global
# seed is set (tests/migrate/eager/test_shared_random.py checks both against TensorFlow)
DEFAULT_GRAPH_SEED = 87654321
ALGORITHM = "philox"


def philox_state(graph_seed: int, op_seed: int) -> list[int]:
    """The Generator state of a graph op with these seeds (random_seed.get_seed's rules)."""
    graph_seed, op_seed = graph_seed % MAXINT32, op_seed % MAXINT32
    if (graph_seed, op_seed) == (0, 0):  # (0, 0) would mean "nondeterministic" to the kernel
        op_seed = MAXINT32
    return [0, op_seed, graph_seed]
