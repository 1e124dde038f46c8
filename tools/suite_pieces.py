"""CPU seconds of the expensive pieces of `make test` that run in the pytest process itself
(docs/tests.md, How long it takes): the generated tables rebuilt from the installed TensorFlow
(tests/migrate/test_tables.py), and `verify.prepare` of the Session-script collection
(the fixture of tests/migrate/session_collection.py's parts), split into its two translations
and its watch and seed plans, then by part (the test module each part's scripts are in: one
pytest-xdist worker each under --dist loadfile). The scripts' own runs (two TensorFlow
processes per part) are not counted.

    python -m tools.suite_pieces

Run from the repository root; the machine's load average is printed with the figures.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

COLLECTION = Path("tests/fixtures/session_scripts")


def _cpu(function, *args):
    start = time.process_time()  # every thread of this process: the conversion runs in one
    result = function(*args)
    return time.process_time() - start, result


def tables() -> float:
    import tensorflow  # noqa: F401 - imported before timing, as the test module does

    from migrate.tables import generate

    seconds, outputs = _cpu(generate.outputs)
    stale = [path.name for path, text in outputs.items() if text != path.read_text()]
    if stale:
        raise SystemExit(f"stale generated tables: {stale}")
    return seconds


def collection() -> dict:
    """What verify.prepare does for each script of the collection, piece by piece: the
    command line's per-file step twice (compat, --to eager), then the watch and seed plans."""
    from migrate.files import decode_source
    from migrate.pipeline import EAGER, convert_bytes
    from migrate.verification.plan import seed_plan, watched_names
    from migrate.verify import _as_python3
    from tests.migrate.session_collection import PART_MODULES, scripts_of

    paths = sorted(COLLECTION.glob("s*.py"))
    figures = {"scripts": len(paths), "compat translation": 0.0, "eager translation": 0.0, "plans": 0.0}
    part_of = {name: module for part, module in enumerate(PART_MODULES) for name in scripts_of(part)}
    parts = dict.fromkeys(PART_MODULES, 0.0)
    convert_bytes(paths[0].read_bytes(), str(paths[0]), to=EAGER)  # imports
    for path in paths:
        data = path.read_bytes()
        compat_seconds, compat = _cpu(convert_bytes, data, str(path))
        figures["compat translation"] += compat_seconds
        eager_seconds, eager = _cpu(lambda: convert_bytes(data, str(path), to=EAGER))
        figures["eager translation"] += eager_seconds
        compat_text = decode_source(compat.data or data).text
        eager_text = decode_source(eager.data or data).text
        readable = _as_python3(decode_source(data).text)
        plan_seconds = _cpu(lambda: (watched_names(readable), seed_plan(readable, compat_text, eager_text)))[0]
        figures["plans"] += plan_seconds
        parts[part_of[path.name]] += compat_seconds + eager_seconds + plan_seconds
    for module, seconds in parts.items():
        figures[f"preparation in {module} ({sum(1 for m in part_of.values() if m == module)} scripts)"] = seconds
    return figures


def main() -> None:
    print(f"load average before: {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores)")
    for name, value in collection().items():
        print(f"collection, {name}: {value}" if name == "scripts" else f"collection, {name}: {value:.1f} CPU s")
    print(f"generated tables, generate.outputs(): {tables():.1f} CPU s")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
