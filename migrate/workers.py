"""Running the per-file tasks: in this process, or in worker processes with ``-j N``.

The workers are forked (they inherit the engine already imported) and die with the run (on
Linux even when it is killed with SIGKILL: ``PR_SET_PDEATHSIG``). They read and convert;
only this process writes (on its writer threads, :mod:`migrate.writing`, as each file's
conversion arrives; the results are reported in the files' order), so a worker that dies
never leaves a file written and unreported.
A worker that dies (a crash in native code) costs its file only: the files whose
conversion had not come back run again one by one, each in a fresh process, so the one
that kills its process is named.

With ``-j N`` the workers never hold more files at once than the machine's memory allows:
each file is counted at what converting it may take (MEMORY_PER_SOURCE_BYTE times its
size), and a file is handed out only while the files being converted fit in the memory
available when the run started (one file at least is always being converted).
"""
from __future__ import annotations

import os
import sys
from typing import Iterator

from migrate.findings import error as error_finding
from migrate.pipeline import FileResult, Prepared, Task, prepare, write_result

__all__ = ["Terminated", "raise_terminated", "run_tasks"]


class Terminated(BaseException):
    """SIGTERM (or SIGHUP) arrived: stop, leaving every file whole (a write in progress
    removes its temporary file as this unwinds)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def raise_terminated(signum, frame):
    raise Terminated(signum)


def _die_with_parent() -> None:
    """Linux: this process gets SIGTERM when the process that started it dies (even by
    SIGKILL), so no worker outlives migrate."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, 15, 0, 0, 0)  # PR_SET_PDEATHSIG, SIGTERM
    except (OSError, AttributeError):  # not Linux
        pass


def _worker_terminated(signum, frame):
    os._exit(128 + signum)  # a worker writes nothing: there is nothing to undo


def _worker_init() -> None:
    import signal

    signal.signal(signal.SIGTERM, _worker_terminated)
    _die_with_parent()
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(143)


def _prepare_in_worker(task: Task) -> Prepared:
    return prepare(task)  # looked up at call time, in the forked worker


def _crashed(task: Task) -> Prepared:
    return Prepared(FileResult(task.display, "failed", resource=True, error=error_finding(
        task.display, "the converter's process died on this file (out of memory?): left "
                      "untouched")))


def _isolated(task: Task, context) -> Prepared:
    """``task`` alone in a fresh worker, so that a crash names the file that caused it;
    in this process when no worker can be started (too many open files)."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=context,
                                 initializer=_worker_init) as pool:
            try:
                return pool.submit(_prepare_in_worker, task).result()
            except BrokenProcessPool:
                return _crashed(task)
    except OSError:
        return prepare(task)


# A file this big is converted in a forked process even with -j 1: its conversion takes
# seconds and hundreds of MB, and a native allocation that fails (ulimit -v) aborts the
# process -- then that file alone is reported, and the run goes on.
ISOLATE_FROM = 64 * 1024


def _fork_context():
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork") if "fork" in methods else None


def _big(task: Task) -> bool:
    try:
        return os.stat(task.path).st_size >= ISOLATE_FROM
    except OSError:
        return False


def freeze_imports() -> None:
    """Leave what exists now (the imported modules and tables) out of every later garbage
    collection: the converter's trees make many collections, and each full one would walk
    all of it again; in a forked worker the walk would also copy the pages it shares with
    this process (Python's documentation of ``gc.freeze``)."""
    import gc

    gc.freeze()


def _one_by_one(tasks: list[Task], progress, done: int = 0) -> Iterator[FileResult]:
    """The results of ``tasks``, each converted (a big file in a forked process) and written
    here before the next: on an idle machine, writing on a thread while the next file
    converts cost this path more CPU than the fsync waits it hid (docs/performance.md)."""
    context: list = [False]  # looked up (multiprocessing imported) at the first big file
    for task in tasks:
        prepared = _prepare_here(task, context)
        if not done:
            freeze_imports()  # what the first file imported (the engine, lazily)
        done += 1
        progress.update(done, task.display)
        yield write_result(task, prepared)


def _prepare_here(task: Task, context: list) -> Prepared:
    """``task`` read and converted in this process, or, a big file, in a forked one
    (``context[0]``: the fork context once looked up, None where there is none)."""
    big = context[0] is not None and _big(task)
    if big and context[0] is False:
        context[0] = _fork_context()
    if big and context[0] is not None:
        return _isolated(task, context[0])
    return prepare(task)


# What converting a file may take, per byte of source: tools/memory_profile.py measures
# about 1.9 kB per byte for TensorFlow-dense code, the worst case (docs/safety.md, Memory).
MEMORY_PER_SOURCE_BYTE = 2048


def available_memory() -> int | None:
    """Bytes of memory available now (Linux: MemAvailable), None when unknown."""
    try:
        with open("/proc/meminfo", "rb") as handle:
            for line in handle:
                if line.startswith(b"MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def _memory_cost(task: Task) -> int:
    try:
        return os.stat(task.path).st_size * MEMORY_PER_SOURCE_BYTE
    except OSError:
        return 0


def in_order(submit, tasks: list, cost, budget: int | None, window: int) -> Iterator[tuple]:
    """``(task, future)`` for each task, in order, ``submit(task)`` making the future.

    A task is submitted only while the unfinished ones and it cost at most ``budget``
    together (``cost(task)``; one unfinished task at least, whatever it costs), and at
    most ``window`` tasks wait to be reported."""
    from collections import deque
    from concurrent.futures import FIRST_COMPLETED, wait

    pending: deque = deque()
    held = 0  # the cost of every task in ``pending``, finished or not: at least the busy one's
    queue = iter(tasks)
    following = next(queue, None)
    while following is not None or pending:
        while following is not None and len(pending) < window:
            need = cost(following)
            if budget is not None and held + need > budget:
                busy = sum(price for _, future, price in pending if not future.done())
                if busy and busy + need > budget:
                    break
            pending.append((following, submit(following), need))
            held += need
            following = next(queue, None)
        task, future, price = pending[0]
        if future.done():
            pending.popleft()
            held -= price
            yield task, future
        else:
            wait([f for _, f, _ in pending if not f.done()], return_when=FIRST_COMPLETED)


def run_tasks(tasks: list[Task], jobs: int, progress) -> Iterator[FileResult]:
    """The results of ``tasks``, in order: in this process (jobs <= 1; a big file in a
    forked process), else in ``jobs`` forked worker processes. ``progress.update(done,
    name)`` is called after each."""
    if jobs <= 1 or len(tasks) <= 1:
        yield from _one_by_one(tasks, progress)
        return
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # Import the engine (libcst and the tables: ~0.4 s) once, here, so that forked workers
    # inherit it instead of each paying for it again.
    import migrate.engine  # noqa: F401
    import migrate.files  # noqa: F401
    import migrate.notebooks  # noqa: F401

    freeze_imports()  # before the fork: the workers' collections leave the shared pages alone
    import multiprocessing

    context = _fork_context() or multiprocessing.get_context()
    jobs = min(jobs, len(tasks))
    budget = available_memory()
    try:
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                                   initializer=_worker_init)
    except OSError as error:
        _no_workers(error)
        yield from _one_by_one(tasks, progress)
        return
    from migrate.writing import Writers

    writers = Writers()
    outcomes: dict[int, object] = {}  # a task's index -> the future of its written result

    def submit(indexed):
        index, task = indexed
        outcomes[index] = writers.after(task, pool.submit(_prepare_in_worker, task))
        return outcomes[index]

    done = 0
    try:
        for _, future in in_order(submit, list(enumerate(tasks)),
                                  lambda indexed: _memory_cost(indexed[1]), budget,
                                  window=jobs * 8):
            result = future.result()
            done += 1
            progress.update(done, result.file)
            yield result
    except OSError as error:
        # No worker could be started (too many open files, no memory for a process): the
        # files not yet reported are converted here, one by one.
        _stop(pool)
        writers.close()
        _no_workers(error)
        yield from _rest(tasks, done, outcomes, progress, lambda task: _alone(task, context))
    except BrokenProcessPool:
        # A worker died (a crash in native code): every file not yet converted runs again,
        # each alone, so the one that kills its process is named and the others convert.
        pool.shutdown(wait=True)
        writers.close()
        yield from _rest(tasks, done, outcomes, progress,
                         lambda task: write_result(task, _isolated(task, context)))
    except BaseException:
        writers.stop()  # before the workers: no temporary file outlives the run
        _stop(pool)
        raise
    finally:
        pool.shutdown(wait=True)
        writers.close()


def _alone(task: Task, context) -> FileResult:
    return write_result(task, _prepare_here(task, [context]))


def _rest(tasks: list[Task], done: int, outcomes: dict, progress, convert) -> Iterator[FileResult]:
    """The results of ``tasks[done:]`` once the pool has failed: a file whose conversion
    came back was written (or its write failed) and is reported as it is; each other one
    is ``convert(task)``."""
    for index in range(done, len(tasks)):
        outcome = outcomes.get(index)
        if outcome is not None and outcome.exception() is None:  # settled: the pool is down
            result = outcome.result()
        else:
            result = convert(tasks[index])
        done += 1
        progress.update(done, result.file)
        yield result


def _no_workers(error: OSError) -> None:
    from migrate.files import describe_os_error

    print(f"migrate: cannot start worker processes ({describe_os_error(error)}): "
          "converting the rest in this process", file=sys.stderr)


def _stop(pool) -> None:
    for worker in list((getattr(pool, "_processes", None) or {}).values()):
        if worker.is_alive():
            worker.terminate()  # SIGTERM: workers write nothing, so nothing is undone
    pool.shutdown(wait=True, cancel_futures=True)
