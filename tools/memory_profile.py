"""Peak memory and time of converting one TensorFlow-dense file, by size.

    python -m tools.memory_profile [SIZE_KB ...]      (default: 100 250 500 1000)

For each size a file of that many kB is generated (every line five TensorFlow calls, the
densest real code gets), and ``migrate --check FILE -j 1 --max-size 0`` runs on it in a
fresh process; its peak resident memory (the largest of it and of the process it forks
for a big file: ``getrusage(RUSAGE_CHILDREN).ru_maxrss``, measured in a fresh
intermediate process so that earlier runs do not count) and wall time are printed as a
Markdown table. The figures in docs/safety.md come from this command.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LINE = ("v{i} = tf.nn.relu(tf.matmul(tf.placeholder(tf.float32, [None, {j}]), "
        "tf.Variable(tf.random_normal([{j}, 3]))))\n")

_MEASURE = """
import resource, subprocess, sys, time
start = time.monotonic()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.monotonic() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # kB on Linux
print(done.returncode, peak, round(wall, 1), done.stderr.decode()[-300:].replace(chr(10), ' '))
"""


def dense_source(size: int) -> str:
    """A TensorFlow 1 file of about ``size`` bytes (never more), dense with TF calls."""
    lines = ["import tensorflow as tf\n"]
    total = len(lines[0])
    i = 0
    while True:
        line = LINE.format(i=i, j=i % 7 + 1)
        if total + len(line) > size:
            break
        lines.append(line)
        total += len(line)
        i += 1
    return "".join(lines)


def measure(size: int, directory: str) -> tuple[int, int, float, str]:
    """(exit status, peak RSS in kB, seconds, stderr tail) of converting a dense file."""
    path = os.path.join(directory, f"dense_{size}.py")
    with open(path, "w") as handle:
        handle.write(dense_source(size))
    command = [sys.executable, "-m", "migrate", "--check", "-q", "-j", "1", "--max-size", "0",
               path]
    env = dict(os.environ, PYTHONPATH=str(REPO))
    out = subprocess.run([sys.executable, "-c", _MEASURE, *command], capture_output=True,
                         text=True, env=env, check=True).stdout.split(" ", 3)
    return int(out[0]), int(out[1]), float(out[2]), out[3].strip() if len(out) > 3 else ""


def main(argv: list[str] | None = None) -> int:
    sizes = [int(a) for a in (argv if argv is not None else sys.argv[1:])] or [100, 250, 500, 1000]
    print("| file (TF-dense) | peak memory (RSS) | time | exit |")
    print("|---|---|---|---|")
    with tempfile.TemporaryDirectory() as directory:
        for kb in sizes:
            status, peak, wall, tail = measure(kb * 1000, directory)
            print(f"| {kb} kB | {peak / 1024:.0f} MB | {wall:.1f} s | {status} |", flush=True)
            if status not in (0, 1):
                print(f"<!-- {tail} -->", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
