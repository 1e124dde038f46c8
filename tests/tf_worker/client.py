"""`python ARGS` in a forked child of a long-lived TensorFlow process (server.py), for the tests
that run a script to read its output or numbers, not to test the process itself.

run() is subprocess.run and popen() is subprocess.Popen for the commands that start this
interpreter (`[sys.executable, "-m", MODULE, ...]`, `[sys.executable, "-c", CODE, ...]`,
`[sys.executable, SCRIPT, ...]`); anything else (another program, interpreter options such
as -u or -W) goes to subprocess unchanged. Each pytest process (each xdist worker) starts its
own server on first use, one per startup environment (startup_key), and ends it at exit.
"""
from __future__ import annotations

import atexit
import contextlib
import json
import os
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

SERVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "server.py")
# Environment read when the interpreter or TensorFlow starts, which a forked child cannot
# change: a request whose values differ goes to a server started with them.
STARTUP_PREFIXES = ("PYTHON", "TF_", "CUDA", "OMP_", "MKL", "KMP_", "LD_", "MALLOC", "GLIBC", "XLA_", "LC_",
                    "LANG")
CHANGEABLE = {"PYTHONPATH", "PYTHONDONTWRITEBYTECODE"}
# A request that leaves PYTHONHASHSEED unset accepts any hash seed (a fresh interpreter draws
# one at random): it is served by the server of this seed, the one `migrate verify` asks for,
# so one server per worker runs both (one TensorFlow import, not two).
ANY_HASH_SEED = "0"
START_TIMEOUT = 300

_servers: dict = {}


def server_env(env) -> dict:
    """The environment a request's server starts with: the request's, PYTHONHASHSEED set."""
    return {**env, "PYTHONHASHSEED": env.get("PYTHONHASHSEED", ANY_HASH_SEED)}


def startup_key(env) -> tuple:
    return tuple(sorted((k, v) for k, v in server_env(env).items()
                        if k.startswith(STARTUP_PREFIXES) and k not in CHANGEABLE))


def served(args) -> bool:
    """Whether `args` is a command the server runs: this interpreter, then -m/-c or a script."""
    args = list(args) if not isinstance(args, (str, bytes)) else []
    if len(args) < 2 or args[0] != sys.executable:
        return False
    if args[1] in ("-m", "-c"):
        return len(args) >= 3
    return not str(args[1]).startswith("-")


class _Server:
    def __init__(self, env):
        self.folder = tempfile.mkdtemp(prefix="tf-worker-")
        self.socket = os.path.join(self.folder, "socket")
        self.log = open(os.path.join(self.folder, "server.log"), "w")
        self.proc = subprocess.Popen([sys.executable, SERVER, self.socket], env=env, cwd=self.folder,
                                     stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + START_TIMEOUT
        while not os.path.exists(self.socket):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.close()
                with open(self.log.name) as f:
                    raise RuntimeError(f"the TensorFlow server did not start:\n{f.read()[-3000:]}")
            time.sleep(0.05)

    def start(self, request, fds):
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        conn.connect(self.socket)
        socket.send_fds(conn, [json.dumps(request).encode()], fds)
        return conn

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def _server(env) -> _Server:
    key = startup_key(env)
    if key not in _servers:
        _servers[key] = _Server(server_env(env))
    return _servers[key]


@atexit.register
def _close_all():
    for server in _servers.values():
        server.close()
    _servers.clear()


class Child:
    """The Popen side of a served command: pid, returncode, stdin, stdout, stderr (file objects
    for the pipes asked for, else None), poll, wait, communicate, send_signal, kill."""

    def __init__(self, args, conn):
        self.args = args
        self._conn = conn
        self._buffer = b""
        self.stdin = self.stdout = self.stderr = None
        self._text = None
        self.returncode = None
        self.pid = self._message(None)["pid"]

    def _message(self, timeout):
        deadline = None if timeout is None else time.monotonic() + timeout
        while b"\n" not in self._buffer:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                return None
            self._conn.settimeout(left)
            try:
                data = self._conn.recv(4096)
            except socket.timeout:
                return None
            if not data:
                raise RuntimeError("the TensorFlow server ended while running a child")
            self._buffer += data
        line, self._buffer = self._buffer.split(b"\n", 1)
        return json.loads(line)

    def poll(self):
        if self.returncode is None:
            message = self._message(0.0)
            if message is not None:
                self._done(message["exit"])
        return self.returncode

    def wait(self, timeout=None):
        if self.returncode is None:
            message = self._message(timeout)
            if message is None:
                raise subprocess.TimeoutExpired(self.args, timeout)
            self._done(message["exit"])
        return self.returncode

    def _done(self, code):
        self.returncode = code
        self._conn.close()

    def communicate(self, input=None, timeout=None):
        ends = {name: stream for name in ("stdin", "stdout", "stderr")
                if (stream := getattr(self, name)) is not None and not stream.closed}
        return tuple(_communicate(self, ends, input, self._text, timeout))

    def send_signal(self, sig):
        if self.returncode is None:
            try:
                os.kill(self.pid, sig)
            except ProcessLookupError:
                pass

    def kill(self):
        self.send_signal(signal.SIGKILL)

    def terminate(self):
        self.send_signal(signal.SIGTERM)


def _fd(stream, default, opened):
    if stream is None:
        return default
    if stream == subprocess.DEVNULL:
        fd = os.open(os.devnull, os.O_RDWR)
        opened.append(fd)
        return fd
    if isinstance(stream, int):
        return stream
    return stream.fileno()


def popen(args, cwd=None, env=None, stdin=None, stdout=None, stderr=None, start_new_session=False, text=None,
          **kwargs):
    """subprocess.Popen(args, ...) with stdin, stdout and stderr None, DEVNULL, PIPE (the
    child's .stdin, .stdout, .stderr, or communicate()), a file or a descriptor, stderr also
    STDOUT; served when served(args), else subprocess.Popen."""
    if kwargs or not served(args):
        return subprocess.Popen(args, cwd=cwd, env=env, stdin=stdin, stdout=stdout, stderr=stderr,
                                start_new_session=start_new_session, text=text, **kwargs)
    return _start(args, cwd, env, stdin, stdout, stderr, start_new_session, None, text)


def _start(args, cwd, env, stdin, stdout, stderr, start_new_session, input, text):
    env = dict(os.environ if env is None else env)
    ends = {}  # name -> (the child's end, ours) of a pipe
    for name, stream in (("stdin", subprocess.PIPE if input is not None else stdin), ("stdout", stdout),
                         ("stderr", stderr)):
        if stream == subprocess.PIPE:
            r, w = os.pipe()
            ends[name] = (r, w) if name == "stdin" else (w, r)
    opened: list = []
    try:
        fds = [ends["stdin"][0] if "stdin" in ends else _fd(stdin, 0, opened),
               ends["stdout"][0] if "stdout" in ends else _fd(stdout, 1, opened)]
        fds.append(fds[1] if stderr == subprocess.STDOUT else
                   ends["stderr"][0] if "stderr" in ends else _fd(stderr, 2, opened))
        request = {"argv": [str(a) for a in args[1:]], "cwd": os.path.abspath(cwd or os.getcwd()), "env": env,
                   "new_session": bool(start_new_session)}
        child = Child(list(args), _server(env).start(request, fds))
    finally:
        for fd in opened + [child_end for child_end, _ in ends.values()]:
            os.close(fd)
    child._text = text
    for name, (_, ours) in ends.items():
        mode = ("w" if name == "stdin" else "r") + ("" if text else "b")
        setattr(child, name, os.fdopen(ours, mode) if text else os.fdopen(ours, mode, buffering=0))
    return child


def run(args, cwd=None, env=None, input=None, capture_output=False, stdout=None, stderr=None, timeout=None,
        check=False, text=None, encoding=None, errors=None, **kwargs):
    """subprocess.run(args, ...): served when served(args), else subprocess.run."""
    if kwargs or encoding or errors or not served(args):
        return subprocess.run(args, cwd=cwd, env=env, input=input, capture_output=capture_output, stdout=stdout,
                              stderr=stderr, timeout=timeout, check=check, text=text, encoding=encoding,
                              errors=errors, **kwargs)
    if capture_output:
        stdout = stderr = subprocess.PIPE
    child = _start(args, cwd, env, None, stdout, stderr, False, input, text)
    out, err = child.communicate(input, timeout)
    done = subprocess.CompletedProcess(args, child.returncode, out, err)
    if check:
        done.check_returncode()
    return done


def _communicate(child, ends, input, text, timeout):
    """Popen.communicate for a served child: feed `input`, read its pipes to the end, wait;
    past `timeout` the child is killed and TimeoutExpired raised, as subprocess.run does.
    `ends`: name -> the open file object of our end of each pipe."""
    deadline = None if timeout is None else time.monotonic() + timeout
    chunks = {"stdout": [], "stderr": []}
    pending = (input.encode() if isinstance(input, str) else input) or b""
    selector = selectors.DefaultSelector()
    for name, stream in ends.items():
        if name == "stdin":
            with contextlib.suppress(BrokenPipeError):  # what was written to .stdin before
                stream.flush()
        selector.register(stream.fileno(), selectors.EVENT_WRITE if name == "stdin" else selectors.EVENT_READ,
                          name)
    try:
        while selector.get_map():
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                _expired(child, timeout)
            for key, _ in selector.select(left):
                if key.data == "stdin":
                    try:
                        pending = pending[os.write(key.fd, pending[:65536]):]
                    except BrokenPipeError:  # the child stopped reading, as subprocess allows
                        pending = b""
                    data = pending
                else:
                    data = os.read(key.fd, 65536)
                    chunks[key.data].append(data)
                if not data:
                    selector.unregister(key.fd)
                    ends[key.data].close()
        try:
            child.wait(None if deadline is None else max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            _expired(child, timeout)
    finally:
        for key in list(selector.get_map().values()):
            ends[key.data].close()
        selector.close()
    out = [b"".join(chunks[name]) if name in ends else None for name in ("stdout", "stderr")]
    if text:
        out = [None if o is None else o.decode().replace("\r\n", "\n").replace("\r", "\n") for o in out]
    return out


def _expired(child, timeout):
    child.kill()
    child.wait()
    raise subprocess.TimeoutExpired(child.args, timeout)
