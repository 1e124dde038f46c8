"""``python -m tools.eager_call_cost``: the CPU cost of one call of a translated training
step, by how its `tf.function` is declared and what it is called with (issue 17, Speed).

The step is s100's: a three-layer MLP on a [48, 2] batch, SGD with momentum, a fed keep
probability (a Python float). Each variant is a fresh `tf.function` of the same Python
body; the figures are CPU milliseconds per call (`getrusage`, all threads) over `--calls`
calls after two warm-up calls, the best of `--repeat` rounds, and the traces counted by
the function's `experimental_get_tracing_count()`:

  signature, numpy      input_signature=[...], called with NumPy arrays and a float
  signature, tensors    the same, called with tensors made once before the loop
  no signature, numpy   @tf.function (autograph=False), NumPy arrays and a float
  no signature, tensors the same, with tensors made once
  concrete, tensors     the traced concrete function called with tensors (the floor)

then the traces each declaration makes over batches of 48 rows and a last one of 30
(the varying batch sizes a script feeds), and the first call's CPU (its trace) with
`autograph=False` and with autograph's default. A diagnostic, not a test.
"""
from __future__ import annotations

import argparse
import resource


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _model(tf, np):
    rng = np.random.RandomState(100)
    shapes = [(2, 64), (64,), (64, 32), (32,), (32, 3), (3,)]
    weights = [tf.Variable(rng.randn(*s).astype(np.float32) * 0.2) for s in shapes]
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.5, momentum=0.9)
    optimizer.build(weights)

    def step(x, y, keep_prob):
        W1, b1, W2, b2, W3, b3 = weights
        with tf.GradientTape() as tape:
            layer_1 = tf.nn.relu(tf.matmul(x, W1) + b1) * keep_prob
            layer_2 = tf.nn.relu(tf.matmul(layer_1, W2) + b2) * keep_prob
            logits = tf.matmul(layer_2, W3) + b3
            loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=logits))
        grads = tape.gradient(loss, weights)
        optimizer.apply_gradients(zip(grads, weights))
        return loss

    return step


def _per_call(fn, args, calls: int, repeat: int) -> float:
    fn(*args)
    fn(*args)
    best = None
    for _ in range(repeat):
        start = _cpu()
        for _ in range(calls):
            fn(*args)
        spent = (_cpu() - start) / calls * 1000
        best = spent if best is None else min(best, spent)
    return best


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    import os

    import numpy as np
    import tensorflow as tf

    step = _model(tf, np)
    spec = [tf.TensorSpec([None, 2]), tf.TensorSpec([None, 3]), tf.TensorSpec(None)]
    x = np.random.RandomState(1).rand(48, 2).astype(np.float32)
    y = np.eye(3, dtype=np.float32)[np.arange(48) % 3]
    numpy_args, tensor_args = (x, y, 0.8), (tf.constant(x), tf.constant(y), tf.constant(0.8))
    print(f"load average {os.getloadavg()[0]:.2f}; CPU ms per call, best of {args.repeat} x {args.calls} calls")
    signed = tf.function(step, autograph=False, input_signature=spec)
    plain = tf.function(step, autograph=False)
    rows = [("signature, numpy", signed, numpy_args), ("signature, tensors", signed, tensor_args),
            ("no signature, numpy", plain, numpy_args), ("no signature, tensors", plain, tensor_args),
            ("no signature, tensors+float", plain, tensor_args[:2] + (0.8,)),
            ("concrete, tensors", signed.get_concrete_function(), tensor_args)]
    for label, fn, call_args in rows:
        print(f"  {label:28s} {_per_call(fn, call_args, args.calls, args.repeat):6.3f} ms")
    converted = (lambda a, b, k: plain(tf.constant(a), tf.constant(b), k))
    sliced_data = tf.constant(np.concatenate([x] * 10)), tf.constant(np.concatenate([y] * 10))
    sliced = (lambda a, b, k: plain(sliced_data[0][48:96], sliced_data[1][48:96], k))
    for label, fn in [("tf.constant per call", converted), ("slice of a tensor", sliced)]:
        print(f"  {label:28s} {_per_call(fn, numpy_args, args.calls, args.repeat):6.3f} ms  (no signature)")
    batches = [(x, y, 0.8)] * 3 + [(x[:30], y[:30], 0.8), (x, y, 1.0)]
    for label, kwargs in [("input_signature", {"input_signature": spec}), ("no signature", {}),
                          ("reduce_retracing=True", {"reduce_retracing": True})]:
        fn = tf.function(step, autograph=False, **kwargs)
        for batch in batches:
            fn(*batch)
        print(f"  traces over batches of 48, 30 rows and keep_prob 0.8, 1.0: {label:22s} "
              f"{fn.experimental_get_tracing_count()}")
    for label, kwargs in [("autograph=False", {"autograph": False}), ("autograph default", {})]:
        fn = tf.function(step, input_signature=spec, **kwargs)
        start = _cpu()
        fn(*numpy_args)
        print(f"  first call (trace) {label:20s} {(_cpu() - start) * 1000:6.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
