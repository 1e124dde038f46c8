"""A generator of small random TF 1.x Session programs, for differential testing of
`migrate --to eager` against `migrate verify` (test_differential.py).

`generate(seed)` writes one program from a seed (random.Random), so a failing program
is reproduced by its seed alone; `session_programs()` is the same as a hypothesis
strategy. A program has:

- placeholders x, y (fed from numpy data), variables W, b initialised by constants or
  random ops (with an op seed, or none: verify gives one at run time);
- a forward chain from x (matmul, bias, activations, scaling, dropout or Gaussian noise
  with op seeds: drawn anew on every Session.run);
- a training step: a tf.compat.v1.train optimizer's minimize, or tf.gradients with a
  tf.group of assigns;
- side effects: accumulators updated by assign_add in the same run as the training step
  (dependent fetches: the loss the update reads is the value fetched), a step counter;
- a loop of Session.run in one of several fetch forms (`_, l = sess.run([train, loss])`,
  `l, _, _ = ...`, `train.run(feed, session=sess)`, `[l] = sess.run([loss])`), prints
  every few steps, and final fetches of the variables;
- how feeds and fetches are written (drawn from a second stream, so the programs above
  stay those of their seed): the feed dict literal in each call, kept in a variable, or
  returned by a helper; the loop's fetch list unpacked, kept as a list used by index,
  or written as a dict;
- where the variables live and where the graph is built (a third stream): as written,
  in a dict of variables, as tf.Variable(...) written inline in the forward expression,
  or the whole program after the data inside `for run in range(2):` with
  `tf.reset_default_graph()` and `tf.set_random_seed(run + 1)` (one graph per pass).

Graph races are avoided on purpose: a variable written by an assign in a run is never
read by another op of that run that the graph does not order after or before it.
"""
from __future__ import annotations

import random

__all__ = ["generate", "session_programs", "OPTIMIZERS"]

OPTIMIZERS = {
    "sgd": "tf.train.GradientDescentOptimizer({lr})",
    "momentum": "tf.train.MomentumOptimizer({lr}, 0.9)",
    "adagrad": "tf.train.AdagradOptimizer({lr})",
    "adam": "tf.train.AdamOptimizer({lr})",
    "manual": None,  # tf.gradients + tf.group of assigns
}

INITS = [
    "tf.zeros({shape})",
    "tf.ones({shape}) * 0.1",
    "tf.constant({values})",
    "tf.random_normal({shape}, stddev=0.3, seed={seed})",
    "tf.truncated_normal({shape}, stddev=0.3, seed={seed})",
    "tf.random_uniform({shape}, -0.3, 0.3, seed={seed})",
    "tf.random_normal({shape}, stddev=0.3)",  # no op seed: verify gives one at run time
]

LAYERS = [
    "tf.nn.relu({h})",
    "tf.tanh({h})",
    "tf.sigmoid({h})",
    "tf.multiply({h}, 0.5)",
    "tf.square({h}) * 0.1",
]
RANDOM_LAYERS = [  # drawn anew on every Session.run
    "{h} + tf.random_normal(tf.shape({h}), stddev=0.01, seed={seed})",
    "tf.nn.dropout({h}, keep_prob=0.8, seed={seed})",
]
FORMS = ["plain"] * 7 + ["pair"] * 5 + ["pair_reversed"] * 3 + ["op_run"] * 3 + ["all"] * 2


def _init(r: random.Random, shape, seeds):
    template = r.choice(INITS)
    values = [[round(r.uniform(-0.5, 0.5), 3) for _ in range(shape[1])] for _ in range(shape[0])] \
        if len(shape) == 2 else [round(r.uniform(-0.5, 0.5), 3) for _ in range(shape[0])]
    return template.format(shape=list(shape), values=values, seed=next(seeds))


def generate(seed: int) -> str:
    r = random.Random(seed)
    seeds = iter(range(r.randint(1, 50), 10_000))
    d, batch = r.randint(2, 4), r.randint(4, 12)
    steps, every = r.randint(3, 25), r.randint(1, 5)
    lr = r.choice([0.01, 0.05, 0.1, 0.2])
    optimizer = r.choice(sorted(OPTIMIZERS))
    side = r.random() < 0.35
    counter = r.random() < 0.25
    lines = [f"# generated Session program, seed {seed}", "import numpy as np", "import tensorflow as tf", "",
             f"rng = np.random.RandomState({seed % 100000})",
             f"X = rng.randn({batch}, {d}).astype(np.float32)",
             f"Y = rng.randn({batch}, {d}).astype(np.float32)", "",
             f"x = tf.placeholder(tf.float32, [None, {d}])",
             f"y = tf.placeholder(tf.float32, [None, {d}])",
             f"W = tf.Variable({_init(r, (d, d), seeds)})",
             f"b = tf.Variable({_init(r, (d,), seeds)})",
             "h = tf.matmul(x, W) + b"]
    for _ in range(r.randint(0, 2)):
        layers = RANDOM_LAYERS if r.random() < 0.15 else LAYERS
        lines.append("h = " + r.choice(layers).format(h="h", seed=next(seeds)))
    lines.append("loss = tf.reduce_mean(tf.square(h - y))")
    if OPTIMIZERS[optimizer]:
        lines.append(f"train = {OPTIMIZERS[optimizer].format(lr=lr)}.minimize(loss)")
    else:
        lines += ["grad_W, grad_b = tf.gradients(loss, [W, b])",
                  f"train = tf.group(W.assign(W - {lr} * grad_W), b.assign(b - {lr} * grad_b))"]
    updates = []
    if side:
        lines += ["total = tf.Variable(0.0, trainable=False)", "accumulate = total.assign_add(loss)"]
        updates.append("accumulate")
    if counter:
        lines += ["count = tf.Variable(0, trainable=False)", "tick = count.assign_add(1)"]
        updates.append("tick")
    if len(updates) == 2 and r.random() < 0.5:
        lines.append("side = tf.group(accumulate, tick)")
        updates = ["side"]
    lines += ["", "sess = tf.Session()", "sess.run(tf.global_variables_initializer())",
              f"for i in range({steps}):"]
    feed = "{x: X, y: Y}"
    form = r.choice(FORMS)
    if form == "op_run" and not updates:
        lines.append(f"    train.run(feed_dict={feed}, session=sess)")
        lines.append(f"    if i % {every} == 0:")
        lines.append(f"        print('step', i, 'loss', sess.run(loss, feed_dict={feed}))")
    elif form == "plain":
        for u in updates:
            lines.append(f"    sess.run({u})" if u == "tick" else f"    sess.run({u}, feed_dict={feed})")
        lines.append(f"    sess.run(train, feed_dict={feed})")
        lines.append(f"    if i % {every} == 0:")
        lines.append(f"        print('step', i, 'loss', sess.run(loss, feed_dict={feed}))")
    else:
        fetches = ["train"] + updates + ["loss"]
        if form == "pair_reversed":
            fetches.reverse()
        targets = ["l" if f == "loss" else "_" for f in fetches]
        lines.append(f"    {', '.join(targets)} = sess.run([{', '.join(fetches)}], feed_dict={feed})")
        lines.append(f"    if i % {every} == 0:")
        lines.append("        print('step', i, 'loss', l)")
    lines.append("print('W', sess.run(W))")
    lines.append("print('b', sess.run(b))")
    if side:
        lines.append("print('total', sess.run(total))")
    if counter:
        lines.append("print('count', sess.run(count))")
    if r.random() < 0.5:
        lines.append(f"[final] = sess.run([loss], feed_dict={feed})")
    else:
        lines.append(f"final = sess.run(loss, feed_dict={feed})")
    lines.append("print('final loss', final)")
    return _block_forms(seed, _feed_and_fetch_forms(seed, lines))


def _block_forms(seed: int, text: str) -> str:
    """Where the variables live and where the graph is built, in one of the forms tutorials
    use: as written, in a dict of variables, written inline in the forward expression, or
    the whole model built and run in a loop (one graph per pass)."""
    r = random.Random(f"{seed}-blocks")
    form = r.choice(["plain", "plain", "dict", "inline", "loop"])
    lines = text.rstrip("\n").split("\n")
    at_w = next(i for i, ln in enumerate(lines) if ln.startswith("W = tf.Variable("))
    w_init, b_init = lines[at_w][len("W = "):], lines[at_w + 1][len("b = "):]
    if form == "dict" and "tf.gradients" not in text:
        lines[at_w:at_w + 2] = [f"params = {{'W': {w_init}, 'b': {b_init}}}"]
        lines = [ln.replace("tf.matmul(x, W) + b", "tf.matmul(x, params['W']) + params['b']")
                 .replace("sess.run(W)", "sess.run(params['W'])").replace("sess.run(b)", "sess.run(params['b'])")
                 for ln in lines]
    elif form == "inline" and "tf.gradients" not in text:
        del lines[at_w:at_w + 2]
        lines = [ln.replace("tf.matmul(x, W) + b", f"tf.matmul(x, {w_init}) + {b_init}") for ln in lines
                 if ln not in ("print('W', sess.run(W))", "print('b', sess.run(b))")]
    elif form == "loop" and "def " not in text:
        start = lines.index("") + 3  # after the data
        body = ["    tf.reset_default_graph()", "    tf.set_random_seed(run + 1)"]
        body += ["    " + ln if ln else "" for ln in lines[start + 1:]]
        lines = lines[:start + 1] + ["for run in range(2):"] + body
    return "\n".join(lines) + "\n"


def _feed_and_fetch_forms(seed: int, lines: list) -> str:
    """Rewrite the feeds and the loop's fetch list in one of the forms tutorials use."""
    r = random.Random(f"{seed}-forms")
    feed, fetch = r.choice(["literal", "literal", "variable", "helper"]), r.choice(["unpack", "unpack", "list", "dict"])
    literal = "feed_dict={x: X, y: Y}"
    out = []
    for line in lines:
        if feed == "variable":
            line = line.replace(literal, "feed_dict=feed")
        elif feed == "helper":
            line = line.replace(literal, "feed_dict=make_feed()")
        if fetch != "unpack" and " = sess.run([" in line and line.startswith("    ") and not line.startswith("[final]"):
            targets, call = line.strip().split(" = sess.run([", 1)
            names, rest = call.split("], ", 1)
            names = names.split(", ")
            at = targets.split(", ").index("l")
            if fetch == "list":
                out += [f"    res = sess.run([{', '.join(names)}], {rest}", f"    l = res[{at}]"]
            else:
                keys = ", ".join(f"'{n}': {n}" for n in names)
                out += [f"    out = sess.run({{{keys}}}, {rest}", "    l = out['loss']"]
            continue
        out.append(line)
        if line == "sess.run(tf.global_variables_initializer())" and feed == "variable":
            out.append("feed = {x: X, y: Y}")
        if line == "" and feed == "helper" and out[-2].startswith(("train", "side", "tick", "accumulate")):
            out[-1:] = ["", "def make_feed():", "    return {x: X, y: Y}", ""]
    return "\n".join(out) + "\n"


def session_programs():
    """The generator as a hypothesis strategy (shrinks towards small seeds)."""
    from hypothesis import strategies as st

    return st.integers(min_value=0, max_value=2**31 - 1).map(generate)
