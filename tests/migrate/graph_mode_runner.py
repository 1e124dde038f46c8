"""Runs the TF 1 programs of tests/fixtures/graph_mode_checks in one TensorFlow process,
each twice: as TF documents TF 1 behaviour on TF 2 (``import tensorflow.compat.v1 as tf``
+ ``tf.disable_v2_behavior()``) and as ``migrate`` converts it.  Between runs the process
goes back to TF 2's defaults (eager), so a converted program runs in graph mode only when
its own code asks for it.

    python -m tests.migrate.graph_mode_runner      # prints one JSON object

{program: {"reference": {...}, "converted": {...}}}, each run with the numbers it printed,
its error (or null), and for test files the unittest counts.
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import re
import sys
import traceback
import unittest
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

PROGRAMS = Path(__file__).parent.parent / "fixtures" / "graph_mode_checks"
NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")
TF1_IMPORT = "import tensorflow as tf\n"
TF1_REFERENCE = "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\n"


def reference_source(source: str) -> str:
    """The program under TF's documented TF 1 behaviour."""
    assert source.count(TF1_IMPORT) == 1, "a program imports TensorFlow once, as tf"
    return source.replace(TF1_IMPORT, TF1_REFERENCE)


def converted_source(source: str) -> str:
    from migrate.engine import migrate_source

    return migrate_source(source).code


def back_to_tf2_defaults() -> None:
    import tensorflow as tf

    tf.compat.v1.reset_default_graph()
    tf.compat.v1.enable_v2_behavior()
    assert tf.executing_eagerly()


def _run_tests(namespace: dict) -> dict:
    loader = unittest.defaultTestLoader
    suite = unittest.TestSuite()
    for value in namespace.values():
        if isinstance(value, type) and issubclass(value, unittest.TestCase) and \
                value.__module__ == namespace["__name__"]:
            suite.addTests(loader.loadTestsFromTestCase(value))
    result = unittest.TextTestRunner(stream=io.StringIO(), verbosity=0).run(suite)
    problems = [text.strip().splitlines()[-1] for _, text in result.errors + result.failures]
    return {"ran": result.testsRun, "failed": len(result.failures), "errors": len(result.errors),
            "problems": problems}


def run_program(name: str, source: str) -> dict:
    back_to_tf2_defaults()
    out = io.StringIO()
    namespace = {"__name__": "graph_mode_check_" + name.replace(".", "_")}
    record = {"numbers": [], "error": None, "tests": None}
    with contextlib.redirect_stdout(out):
        try:
            exec(compile(source, name, "exec"), namespace)
            if name.endswith("_test.py"):
                record["tests"] = _run_tests(namespace)
        except Exception as error:  # the program's own failure is the result
            record["error"] = "".join(traceback.format_exception_only(type(error), error)).strip()
    record["numbers"] = [float(n) for n in NUMBER.findall(out.getvalue())]
    return record


def main() -> None:
    results = {}
    for path in sorted(PROGRAMS.glob("*.py")):
        source = path.read_text()
        results[path.name] = {
            "reference": run_program(path.name, reference_source(source)),
            "converted": run_program(path.name, converted_source(source)),
        }
    sys.stdout.write(json.dumps(results) + "\n")


if __name__ == "__main__":
    main()
