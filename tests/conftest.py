import os

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


@pytest.fixture(scope="session")
def legacy():
    """One child process runs every legacy program of the session (see twins.legacy_process)."""
    from twins.legacy_process import LegacyProcess

    with LegacyProcess() as process:
        yield process
