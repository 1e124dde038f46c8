"""A long-lived process that has imported TensorFlow and runs `python ARGS` requests, each in a
forked child of its own (tests/tf_worker/client.py starts it and sends the requests).

Importing TensorFlow costs a process about 4 s; a forked child starts with it imported, in
under a second. Forking after `import tensorflow` is safe here because this process only
imports it: no session, no eager context, no thread pool exists before the fork (TensorFlow
creates those on first use, in the child). tests/tf_worker/test_server.py checks that a
forked child computes bit for bit what a fresh `python` process computes, graph and eager.

Protocol (one request per connection, over a Unix socket): the client sends one JSON line
{"argv": [...], "cwd": ..., "env": {...}, "new_session": bool} and, in the same message,
the file descriptors for the child's stdin, stdout and stderr (SCM_RIGHTS). The server
answers one line {"pid": N} when the child has started and one line {"exit": CODE} when it
has ended (CODE as subprocess reports it: negative for a signal).

The child runs ARGS as `python ARGS` would: `-m MODULE ...`, `-c CODE ...` or `SCRIPT ...`,
with that sys.argv, sys.path[0], cwd and os.environ (PYTHONPATH rebuilt into sys.path).
Only what the interpreter reads at its own start (PYTHONHASHSEED, TensorFlow's and the
math libraries' environment...) cannot change after the fork: the client keeps one server
per such environment (client.startup_key).
"""
import json
import os
import selectors
import socket
import subprocess
import sys


def base_path(pythonpath):
    """The interpreter's own paths (stdlib, site-packages and what their .pth files add),
    which every child keeps: the sys.path of this interpreter started without PYTHONPATH,
    less its first entry. Asked of a fresh interpreter (no TensorFlow: a few hundredths of a
    second), because this process's sys.path lacks what a .pth file adds when PYTHONPATH
    already holds it (site skips a path it has), e.g. an editable install's checkout: a
    child without PYTHONPATH would not find it."""
    if not pythonpath:
        return list(sys.path[1:])
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    shown = subprocess.run([sys.executable, "-c", "import json, sys; print(json.dumps(sys.path[1:]))"],
                           env=env, capture_output=True, text=True, check=True)
    return json.loads(shown.stdout)


def runpy_file():
    import runpy

    return runpy.__file__


def sitecustomize():
    """What site.py does at start-up with the child's own sys.path: import `sitecustomize`
    (twins/seeding/ seeds a script from outside that way)."""
    sys.modules.pop("sitecustomize", None)
    try:
        import sitecustomize  # noqa: F401
    except ImportError as exc:
        if exc.name != "sitecustomize":
            raise


def child_main(request, fds, site, started):
    """In the forked child: become `python ARGS`; never returns. Writes to `started` once it
    is in its own session (new_session) with its streams in place, as Popen returns then."""
    import atexit
    import traceback

    code = 0
    try:
        if request.get("new_session"):
            os.setsid()
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        for fd in set(fds) - {0, 1, 2}:
            os.close(fd)
        os.write(started, b"1")
        os.close(started)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        sys.dont_write_bytecode = bool(os.environ.get("PYTHONDONTWRITEBYTECODE"))
        pythonpath = [os.path.abspath(p) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
        argv = request["argv"]
        sys.path[:] = pythonpath + site
        sitecustomize()
        if argv[0] == "-m":
            sys.path[:] = [os.getcwd()] + pythonpath + site
            sys.argv = ["-m"] + argv[2:]
            import runpy

            runpy.run_module(argv[1], run_name="__main__", alter_sys=True)
        elif argv[0] == "-c":
            sys.path[:] = [""] + pythonpath + site
            sys.argv = ["-c"] + argv[2:]
            import types

            main = types.ModuleType("__main__")
            sys.modules["__main__"] = main
            exec(compile(argv[1], "<string>", "exec"), main.__dict__)
        else:
            script = argv[0]
            sys.path[:] = [os.path.dirname(os.path.abspath(script))] + pythonpath + site
            sys.argv = list(argv)
            import runpy

            runpy.run_path(script, run_name="__main__")
    except SystemExit as exc:
        if exc.code is None:
            code = 0
        elif isinstance(exc.code, int):
            code = exc.code
        else:
            print(exc.code, file=sys.stderr)
            code = 1
    except BaseException as exc:
        tb = exc.__traceback__
        while tb is not None and tb.tb_frame.f_code.co_filename in (__file__, runpy_file()):
            tb = tb.tb_next  # python shows the script's frames only, not how it was started
        traceback.print_exception(type(exc), exc, tb)
        code = 1
    try:
        atexit._run_exitfuncs()
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code & 0xFF)


def serve(path):
    site = base_path(os.environ.get("PYTHONPATH", ""))
    import tensorflow  # noqa: F401 - what every child starts with

    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path + ".part")
    os.rename(path + ".part", path)  # the client waits for the name: it appears ready
    listener.listen(64)
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ)
    children = {}  # pid -> the connection to answer
    parent = os.getppid()
    while True:
        for key, _ in selector.select(timeout=0.02):
            conn, _ = listener.accept()
            message, fds, _, _ = socket.recv_fds(conn, 1 << 20, 3)
            request = json.loads(message.decode())
            sys.stdout.flush()
            sys.stderr.flush()
            started, ready = os.pipe()
            pid = os.fork()
            if pid == 0:
                listener.close()
                conn.close()
                os.close(started)
                child_main(request, fds, site, ready)
            os.close(ready)
            os.read(started, 1)  # empty if the child failed before: it is reported as ended
            os.close(started)
            for fd in fds:
                os.close(fd)
            conn.sendall(json.dumps({"pid": pid}).encode() + b"\n")
            children[pid] = conn
        while children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            conn = children.pop(pid, None)
            if conn is not None:
                code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
                try:
                    conn.sendall(json.dumps({"exit": code}).encode() + b"\n")
                except OSError:
                    pass
                conn.close()
        if os.getppid() != parent:  # the pytest worker that started this process is gone
            return


if __name__ == "__main__":
    serve(sys.argv[1])
