import os

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

# tests/fixtures holds programs the tests convert and run (a script named *_test.py there is
# one of them, not a test module): never collected
collect_ignore_glob = ["fixtures/*"]


@pytest.fixture(scope="session")
def legacy():
    """One child process runs every legacy program of the session (see twins.legacy_process),
    a forked child of the worker's TensorFlow process (tests/tf_worker)."""
    from tests import tf_worker
    from twins.legacy_process import LegacyProcess

    with LegacyProcess(spawn=tf_worker.popen) as process:
        yield process


@pytest.fixture(scope="session", autouse=True)
def shared_tensorflow_process():
    """`migrate verify`'s two sides run in forked children of this worker's long-lived
    TensorFlow process (tests/tf_worker) instead of a fresh interpreter each: the same
    command, the same environment, ~4 s of TensorFlow import saved per side. The CLI tests
    (`python -m migrate verify` in a subprocess) still start theirs with subprocess.Popen."""
    from migrate import verify
    from tests import tf_worker

    started = verify.spawn
    verify.spawn = tf_worker.popen
    yield
    verify.spawn = started


def pytest_addoption(parser):
    group = parser.getgroup("differential", "differential testing of migrate --to eager (test_differential.py)")
    group.addoption("--differential", type=int, default=None, metavar="N",
                    help="verify N generated Session programs instead of the fixed CI set (a long run by hand)")
    group.addoption("--differential-start", type=int, default=0, metavar="SEED",
                    help="first seed of a --differential run (default 0)")
