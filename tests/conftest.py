import os

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

# tests/fixtures holds programs the tests convert and run (a script named *_test.py there is
# one of them, not a test module): never collected
collect_ignore_glob = ["fixtures/*"]


@pytest.fixture(scope="session")
def legacy():
    """One child process runs every legacy program of the session (see twins.legacy_process)."""
    from twins.legacy_process import LegacyProcess

    with LegacyProcess() as process:
        yield process


def pytest_addoption(parser):
    group = parser.getgroup("differential", "differential testing of migrate --to eager (test_differential.py)")
    group.addoption("--differential", type=int, default=None, metavar="N",
                    help="verify N generated Session programs instead of the fixed CI set (a long run by hand)")
    group.addoption("--differential-start", type=int, default=0, metavar="SEED",
                    help="first seed of a --differential run (default 0)")
