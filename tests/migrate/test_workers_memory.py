"""-j N budgets the files being converted by memory, not by count (migrate/workers.py)."""
from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from migrate import workers
from migrate.pipeline import Task


def _run(costs: list[int], budget: int | None, workers_: int = 3,
         pause: float = 0.02) -> tuple[list[int], int]:
    """(the tasks in the order reported, the largest cost converting at one time)."""
    lock = threading.Lock()
    state = {"busy": 0, "most": 0}

    def convert(index: int) -> int:
        with lock:
            state["busy"] += costs[index]
            state["most"] = max(state["most"], state["busy"])
        time.sleep(pause)  # long enough that the pool would start the others meanwhile
        with lock:
            state["busy"] -= costs[index]
        return index

    with ThreadPoolExecutor(max_workers=workers_) as pool:
        order = [future.result() for _, future in workers.in_order(
            lambda i: pool.submit(convert, i), list(range(len(costs))),
            lambda i: costs[i], budget, window=16)]
    return order, state["most"]


def test_files_that_do_not_fit_together_convert_one_at_a_time():
    order, most = _run([5, 5, 5, 5], budget=8)
    assert order == [0, 1, 2, 3]
    assert most == 5


def test_small_files_share_the_budget():
    order, most = _run([2] * 9, budget=6)
    assert order == list(range(9))
    assert most <= 6  # three workers, up to three files of 2 at once: within 6


def test_a_file_over_the_budget_still_converts_alone():
    order, most = _run([1, 50, 1, 1], budget=10)
    assert order == [0, 1, 2, 3]
    assert most == 50


def test_without_a_known_budget_every_worker_is_used():
    _, most = _run([5] * 6, budget=None, pause=0.3)
    assert most > 5  # more than one file at once (the budgeted runs above never do)


def test_the_cost_of_a_file_follows_its_size(tmp_path):
    small, big = tmp_path / "small.py", tmp_path / "big.py"
    small.write_bytes(b"x = 1\n")
    big.write_bytes(b"x = 1\n" * 1000)
    cost = workers._memory_cost
    assert cost(Task(str(big), "big.py", None)) == 1000 * cost(Task(str(small), "small.py", None))
    assert cost(Task(str(big), "big.py", None)) == 6000 * workers.MEMORY_PER_SOURCE_BYTE
    assert cost(Task(str(tmp_path / "gone.py"), "gone.py", None)) == 0


def test_available_memory_is_read_from_the_machine():
    available = workers.available_memory()
    assert available is None or available > 0


def test_run_tasks_with_jobs_converts_every_file_in_order(tmp_path):
    paths = []
    for number in range(6):
        path = tmp_path / f"f{number}.py"
        path.write_text(f"import tensorflow as tf\nx{number} = tf.mul(1, 2)\n")
        paths.append(path)

    class Progress:
        def update(self, done, name):
            pass

    tasks = [Task(str(p), p.name, str(p)) for p in paths]
    results = list(workers.run_tasks(tasks, 2, Progress()))
    assert [r.file for r in results] == [p.name for p in paths]
    assert all(r.status == "changed" for r in results)
    assert all("tf.multiply(1, 2)" in p.read_text() for p in paths)
