"""`make demo` without TensorFlow's noise: its C++ start-up lines and its deprecation
warnings stay off the terminal, in this process and in every child it starts.

Three layers, because TensorFlow logs three ways:
- TF_CPP_MIN_LOG_LEVEL=3 (inherited by the children) silences its C++ logging once absl
  is initialised;
- the Python loggers "tensorflow" and "absl" at ERROR, and DeprecationWarning ignored
  (PYTHONWARNINGS for the children; twins.legacy_process applies the same when the level
  is 3), silence its deprecation notices;
- a few lines are written to file descriptor 2 before absl is initialised, whatever the
  level ("WARNING: All log messages before absl::InitializeLog() ...", "I0000 ...
  cudart_stub.cc:31] Could not find cuda drivers..."). A thread filters fd 2 itself,
  which the children inherit, and drops exactly the lines of glog's format.
Everything else written to stderr (progress, errors, tracebacks) passes unchanged.
"""
import contextlib
import logging
import os
import re
import sys
import threading
import warnings

# glog/absl line: severity letter, MMDD, time, thread id, file:line]  (or absl's pre-init notice)
TF_LOG_LINE = re.compile(
    rb"^(?:[IWEF]\d{4} [\d:.]+ +\d+ [\w./-]+:\d+\] "
    rb"|WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR\s*$)")
CHILD_ENV = {"TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONWARNINGS": "ignore::DeprecationWarning"}


def silence_python_loggers():
    """TensorFlow's and absl's Python-side warnings (deprecations) at ERROR only; returns
    the previous levels."""
    previous = {}
    for name in ("tensorflow", "absl"):
        previous[name] = logging.getLogger(name).level
        logging.getLogger(name).setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    return previous


def _pump(read_fd, write_fd):
    with os.fdopen(read_fd, "rb", buffering=0) as source:
        pending = b""
        while True:
            chunk = source.read(65536)
            if not chunk:
                break
            pending += chunk
            *lines, pending = pending.split(b"\n")
            out = b"".join(line + b"\n" for line in lines if not TF_LOG_LINE.match(line))
            if out:
                os.write(write_fd, out)
        if pending and not TF_LOG_LINE.match(pending):
            os.write(write_fd, pending)


@contextlib.contextmanager
def quiet_tensorflow(enabled=True):
    """Within the block, TensorFlow's log lines are dropped (here and in children)."""
    if not enabled:
        yield
        return
    saved_env = {key: os.environ.get(key) for key in CHILD_ENV}
    os.environ.update(CHILD_ENV)
    levels = silence_python_loggers()
    sys.stderr.flush()
    terminal = os.dup(2)
    read_fd, write_fd = os.pipe()
    os.dup2(write_fd, 2)
    os.close(write_fd)
    pump = threading.Thread(target=_pump, args=(read_fd, terminal), daemon=True)
    pump.start()
    try:
        yield
    finally:
        sys.stderr.flush()
        os.dup2(terminal, 2)  # the pipe's last writer here is gone: the pump sees EOF once children are
        pump.join(timeout=10)
        os.close(terminal)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
        for key, value in saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
