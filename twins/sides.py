"""The ways one seed program can be run, each giving a results dict from run().

"legacy" runs in a child process (it disables TF 2 behaviour process-wide);
"modern" runs in this process. Later sides (converted originals...) plug in here.
"""
import importlib
import time

from twins.legacy_process import LegacyProcess, as_arrays


class ModernSide:
    name = "modern"

    def __init__(self):
        import tensorflow  # noqa: F401  (paid here, not inside the first program's timing)

    def run(self, program, seed=0, **overrides):
        module = importlib.import_module(f"modern.{program}")
        return as_arrays(module.run(seed=seed, **overrides))

    def close(self):
        pass


class LegacySide:
    name = "legacy"

    def __init__(self):
        self._process = LegacyProcess()

    def run(self, program, seed=0, **overrides):
        return self._process.run(program, seed=seed, **overrides)

    def printed(self, program, seed=0, **overrides):
        """What the program prints with verbose=True (the tutorial's progress lines)."""
        return self._process.run_printing(program, seed=seed, **overrides)[1]

    def close(self):
        self._process.close()


def timed_run(side, program, seed=0, **overrides):
    """(results, wall seconds of the whole run including graph building and tracing)."""
    start = time.perf_counter()
    results = side.run(program, seed=seed, **overrides)
    return results, time.perf_counter() - start
