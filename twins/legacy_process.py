"""Run legacy programs in one long-lived child process.

A legacy program disables TF 2 behaviour for its whole process
(`tf.compat.v1.disable_v2_behavior()`), which the eager twin cannot live with. So the
legacy side runs in a child process, started once and reused for every request: the
TensorFlow import (about 4 s) is paid once, not once per program.

Protocol: one JSON request per line on the child's stdin,
    {"name": ..., "seed": ..., "overrides": {...}, "path": "results.npz", "capture": false}
and one JSON reply per line on its stdout, {"ok": true, "printed": "..."} or
{"ok": false, "error": ...}. The results travel as an .npz file. While a program
runs, its own prints go to stderr so that they cannot corrupt the reply channel, or,
with "capture", into the reply (to compare what two programs print).
"""
import contextlib
import importlib
import io
import json
import os
import subprocess
import sys
import tempfile
import traceback

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the checkout: twins/, legacy/ are not installed


def as_arrays(results):
    """A results dict with every value as a numpy array (scalars become 0-d arrays)."""
    return {key: np.asarray(value) for key, value in results.items()}


class LegacyProcess:
    """Client: `with LegacyProcess() as legacy: legacy.run("iris_mlp", seed=1)`. `spawn` starts
    the child as subprocess.Popen does (the test suite passes its shared TensorFlow process's)."""

    def __init__(self, spawn=subprocess.Popen):
        self._tmp = tempfile.TemporaryDirectory(prefix="legacy-results-")
        self._count = 0
        self._child = spawn(
            [sys.executable, "-m", "twins.legacy_process"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL=os.environ.get("TF_CPP_MIN_LOG_LEVEL", "2"),
                     PYTHONPATH=os.pathsep.join(p for p in (REPO, os.environ.get("PYTHONPATH")) if p)),
        )
        # The child imports TensorFlow first and says so: no run's timing includes that.
        if json.loads(self._child.stdout.readline() or "{}").get("ready") is not True:
            raise RuntimeError(f"legacy process failed to start (exit code {self._child.wait()})")

    def run(self, name, seed=0, **overrides):
        return self._request(name, seed, overrides, capture=False)[0]

    def run_printing(self, name, seed=0, **overrides):
        """(results, everything the program printed) with verbose=True."""
        return self._request(name, seed, dict(overrides, verbose=True), capture=True)

    def _request(self, name, seed, overrides, capture):
        self._count += 1
        path = os.path.join(self._tmp.name, f"{self._count}.npz")
        request = {"name": name, "seed": seed, "overrides": overrides, "path": path, "capture": capture}
        self._child.stdin.write(json.dumps(request) + "\n")
        self._child.stdin.flush()
        line = self._child.stdout.readline()
        if not line:
            raise RuntimeError(f"legacy process died while running {name} (exit code {self._child.wait()})")
        reply = json.loads(line)
        if not reply["ok"]:
            raise RuntimeError(f"legacy.{name} failed in the legacy process:\n{reply['error']}")
        with np.load(path) as data:
            return {key: data[key] for key in data.files}, reply["printed"]

    def close(self):
        if self._child.poll() is None:
            self._child.stdin.close()
            self._child.wait(timeout=60)
        self._tmp.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def serve(requests=sys.stdin, replies=sys.stdout):
    """Child side: answer requests until stdin closes."""
    if os.environ.get("TF_CPP_MIN_LOG_LEVEL") == "3":  # make demo's quiet mode (twins.quiet)
        from twins.quiet import silence_python_loggers

        silence_python_loggers()
    import tensorflow  # noqa: F401

    replies.write(json.dumps({"ready": True}) + "\n")
    replies.flush()
    for line in requests:
        request = json.loads(line)
        try:
            module = importlib.import_module(f"legacy.{request['name']}")
            printed = io.StringIO() if request.get("capture") else sys.stderr
            with contextlib.redirect_stdout(printed):
                results = module.run(seed=request["seed"], **request["overrides"])
            np.savez(request["path"], **as_arrays(results))
            reply = {"ok": True, "printed": printed.getvalue() if request.get("capture") else ""}
        except Exception:  # the client re-raises it with the traceback
            reply = {"ok": False, "error": traceback.format_exc()}
        replies.write(json.dumps(reply) + "\n")
        replies.flush()


if __name__ == "__main__":
    serve()
