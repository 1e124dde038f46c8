"""The main module of a process that ``multiprocessing`` spawns under ``migrate run``.

A spawned (or forkserver) child re-imports the parent's main script from its path; under
``migrate run`` that would be the unconverted file. :mod:`migrate.runner` points the
child here instead, and this runs the script converted, as ``__mp_main__`` (so its
``if __name__ == "__main__"`` block does not run again), with its local modules converted
on import as in the parent.
"""
import os
import sys

sys.path.append(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from migrate.runner import SPAWNED_SCRIPT, spawned_main  # noqa: E402

spawned_main(os.environ[SPAWNED_SCRIPT], globals())
