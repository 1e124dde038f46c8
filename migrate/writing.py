"""Writing converted files on a few threads of this process while the next ones convert.

With ``-j N`` the workers convert and this process, the only one that writes, makes every
atomic write (:func:`migrate.files.write_atomic`): each waits for the disk (its fsync).
Made one after another, they are on the run's critical path; here each file's write starts
as soon as its conversion arrives, on one of ``WRITER_THREADS`` threads (file I/O and
fsync release the GIL), and the caller still reports the results in the files' order.

- Two writes to the same destination (``-o OUT`` with two inputs that mirror to one path)
  are made one after the other, in the order of the tasks, as a single thread would.
- :meth:`Writers.stop` (SIGINT, SIGTERM, SIGHUP in the main thread): a write not started
  is not made; a write in progress is undone -- its temporary file removed -- unless its
  rename was already made (then the file is whole, the new one); it returns when no
  write is left running, so no temporary file is left behind.
"""
from __future__ import annotations

import os
import threading
from concurrent.futures import Future, ThreadPoolExecutor, wait

from migrate.files import WriteStopped
from migrate.pipeline import write_result

__all__ = ["WRITER_THREADS", "Writers"]

# More threads than this barely shorten 400 atomic writes on an ext4 disk (each one's
# fsync is the wait: 0.96 s one by one, 0.42 s on 2 threads, 0.32 s on 4, 0.34 s on 8).
WRITER_THREADS = 4


class Writers:
    """Atomic writes of prepared files, on threads; see the module's docstring."""

    def __init__(self, threads: int = WRITER_THREADS):
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="migrate-write")
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._last: dict[str, Future] = {}  # destination -> the latest write queued for it

    def after(self, task, converting: Future) -> Future:
        """A future of ``task``'s FileResult, written once ``converting`` (a future of its
        :class:`~migrate.pipeline.Prepared`) is done; its exception, if it raised."""
        outcome: Future = Future()
        converting.add_done_callback(lambda done: self._queue(task, done, outcome))
        return outcome

    def _queue(self, task, converting: Future, outcome: Future) -> None:
        try:
            prepared = converting.result()
            if prepared.data is None or task.destination is None:
                outcome.set_result(prepared.result)  # nothing to write
                return
            key = os.path.realpath(task.destination)
            with self._lock:
                before = self._last.get(key)
                self._pool.submit(self._write, task, prepared, before, outcome)
                self._last[key] = outcome
        except BaseException as error:  # noqa: BLE001 - handed to the caller (stopped: RuntimeError)
            if not outcome.done():
                outcome.set_exception(error)

    def _write(self, task, prepared, before: Future | None, outcome: Future) -> None:
        try:
            if before is not None:
                wait([before])  # queued earlier, so already taken by a thread
            if self._stop.is_set():
                raise WriteStopped()
            outcome.set_result(write_result(task, prepared, self._stop))
        except BaseException as error:  # noqa: BLE001 - handed to the caller
            outcome.set_exception(error)

    def stop(self) -> None:
        """Make no more writes and undo those in progress; return when none is running."""
        self._stop.set()
        self._pool.shutdown(wait=True, cancel_futures=True)

    def close(self) -> None:
        """Return when every write queued has been made."""
        self._pool.shutdown(wait=True)
