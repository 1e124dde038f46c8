"""``python -m tools.collection_digest [--profile N]``: one sha256 over what the command
line's per-file step (`migrate.pipeline.convert_bytes`, as `verify.prepare` calls it) writes
for every Session script of the collection (tests/fixtures/session_scripts), `--to eager`
and compat, their findings included, and the CPU seconds of each translation.

A speed change to the translation must leave the digest as it was: run this before and
after. `--profile N` runs the `--to eager` translations under cProfile and prints the N
functions with the most cumulative time (the translation then runs on the calling
thread, not on the big-stack one). Needs no TensorFlow: translation is pure.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import time
from pathlib import Path

COLLECTION = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "session_scripts"


def _record(converted) -> bytes:
    findings = "\n".join(f"{f.line}:{f.column} {f.severity} {f.rule}: {f.message}" for f in converted.findings)
    return (converted.data or b"<unchanged>") + b"\n---- findings\n" + findings.encode() + b"\n"


def digest(profile: int = 0) -> dict:
    from migrate.pipeline import EAGER, convert_bytes

    paths = sorted(COLLECTION.glob("s*.py"))
    convert_bytes(paths[0].read_bytes(), str(paths[0]), to=EAGER)  # imports, outside the clock
    total = hashlib.sha256()
    seconds = {"compat": 0.0, "eager": 0.0}
    profiler = None
    if profile:
        import cProfile

        from migrate import pipeline

        profiler = cProfile.Profile()  # it sees the calling thread only: no big-stack thread
        pipeline.on_big_stack = lambda function, *args: function(*args)
    for path in paths:
        data = path.read_bytes()
        for to in ("compat", "eager"):
            start = time.process_time()
            if profiler and to == "eager":
                profiler.enable()
            converted = convert_bytes(data, str(path), to=EAGER if to == "eager" else "compat")
            if profiler and to == "eager":
                profiler.disable()
            seconds[to] += time.process_time() - start
            total.update(path.name.encode() + b"\0" + to.encode() + b"\0" + _record(converted))
    if profiler:
        import pstats

        pstats.Stats(profiler).sort_stats("cumulative").print_stats(profile)
    return {"scripts": len(paths), "sha256": total.hexdigest(), **seconds}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    args = parser.parse_args(argv)
    print(f"load average before: {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores)")
    figures = digest(args.profile)
    print(f"scripts: {figures['scripts']}")
    print(f"sha256: {figures['sha256']}")
    print(f"compat translation: {figures['compat']:.1f} CPU s; --to eager translation: {figures['eager']:.1f} CPU s")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
