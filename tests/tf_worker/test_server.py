"""The shared TensorFlow process runs `python ARGS` as a fresh interpreter would: the same
numbers (graph and eager, bit for bit), argv, sys.path, cwd, environment, stdin, exit status."""
import os
import signal
import subprocess
import sys
import time

import pytest

from tests import tf_worker
from tests.tf_worker import client

NUMBERS = """
import sys
import tensorflow as tf
if sys.argv[1] == "graph":
    tf.compat.v1.disable_eager_execution()
    tf.compat.v1.set_random_seed(5)
    a = tf.compat.v1.random_normal([64, 64], seed=3)
    s = tf.reduce_sum(tf.matmul(a, tf.nn.relu(a)))
    with tf.compat.v1.Session() as sess:
        print(repr(float(sess.run(s))))
else:
    tf.random.set_seed(5)
    a = tf.random.normal([64, 64], seed=3)
    print(repr(float(tf.reduce_sum(tf.matmul(a, tf.nn.relu(a))))))
print(tf.executing_eagerly())
"""


@pytest.mark.parametrize("mode", ["graph", "eager", "graph"])
def test_a_forked_child_computes_what_a_fresh_process_computes(mode, tmp_path):
    script = tmp_path / "tf_numbers.py"
    script.write_text(NUMBERS)
    fresh = subprocess.run([sys.executable, str(script), mode], capture_output=True, text=True, timeout=300)
    forked = tf_worker.run([sys.executable, str(script), mode], capture_output=True, text=True, timeout=300)
    assert fresh.returncode == 0 == forked.returncode, fresh.stderr + forked.stderr
    assert forked.stdout == fresh.stdout
    assert forked.stdout.splitlines()[1] == ("False" if mode == "graph" else "True")


def test_argv_path_cwd_environment_and_main_are_pythons(tmp_path):
    (tmp_path / "helper_mod.py").write_text("VALUE = 7\n")
    script = tmp_path / "show.py"
    script.write_text("import os, sys, helper_mod\n"
                      "print(sys.argv, sys.path[0], os.getcwd(), os.environ['SHOWN'], __name__, helper_mod.VALUE)\n")
    env = dict(os.environ, SHOWN="yes")
    done = tf_worker.run([sys.executable, str(script), "a", "b"], cwd=str(tmp_path), env=env,
                         capture_output=True, text=True)
    assert done.stdout == f"{[str(script), 'a', 'b']} {tmp_path} {tmp_path} yes __main__ 7\n", done.stderr
    code = "import os, sys; print(sys.argv, repr(sys.path[0]), os.environ.get('SHOWN'))"
    done = tf_worker.run([sys.executable, "-c", code, "x"], capture_output=True, text=True)
    assert done.stdout == "['-c', 'x'] '' None\n"


def test_exit_status_stderr_and_stdin(tmp_path):
    done = tf_worker.run([sys.executable, "-c", "import sys; sys.exit(3)"], capture_output=True)
    assert done.returncode == 3 and done.stdout == b""
    done = tf_worker.run([sys.executable, "-c", "raise ValueError('bad')"], capture_output=True, text=True)
    assert done.returncode == 1 and "ValueError: bad" in done.stderr
    done = tf_worker.run([sys.executable, "-c", "import sys; print(sys.stdin.read().upper())"], input="abc",
                         capture_output=True, text=True)
    assert done.stdout == "ABC\n"
    done = tf_worker.run([sys.executable, "-m", "json.tool"], input='{"a": 1}', capture_output=True, text=True)
    assert done.stdout == '{\n    "a": 1\n}\n'


def test_popen_pipes_are_file_objects_a_line_protocol_can_use():
    """twins.legacy_process's way: a request line written to .stdin, its answer read from
    .stdout, until stdin closes; then communicate() has nothing more to read."""
    code = "import sys\nfor line in sys.stdin:\n    print(line.strip().upper(), flush=True)\nprint('end')"
    child = tf_worker.popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert isinstance(child, client.Child) and child.stderr is None
    for word in ("abc", "tf"):
        child.stdin.write(word + "\n")
        child.stdin.flush()
        assert child.stdout.readline() == word.upper() + "\n"
    child.stdin.close()
    assert child.stdout.readline() == "end\n"
    assert child.communicate(timeout=60) == ("", None) and child.returncode == 0
    binary = tf_worker.popen([sys.executable, "-c", "import sys; sys.stdout.write(sys.stdin.read()[::-1])"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert binary.communicate(b"xyz", timeout=60) == (b"zyx", None) and binary.returncode == 0


def test_a_timeout_kills_the_child_and_popen_reports_a_signal():
    with pytest.raises(subprocess.TimeoutExpired):
        tf_worker.run([sys.executable, "-c", "import time; time.sleep(60)"], capture_output=True, timeout=1)
    child = tf_worker.popen([sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True,
                            stdout=subprocess.DEVNULL)
    assert child.poll() is None and os.getpgid(child.pid) == child.pid
    with pytest.raises(subprocess.TimeoutExpired):
        child.wait(timeout=0.2)
    os.killpg(child.pid, signal.SIGKILL)
    assert child.wait(timeout=30) == -signal.SIGKILL


def test_a_different_startup_environment_gets_its_own_server():
    code = "import os; print(os.environ['PYTHONHASHSEED'], hash('tf-revive'))"
    seen = set()
    for seed in ("0", "1", "0"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        fresh = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
        forked = tf_worker.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
        assert forked.stdout == fresh.stdout
        seen.add(client.startup_key(env))
    assert len(seen) == 2


def test_a_request_without_a_hash_seed_shares_the_server_of_verifys_seed():
    """PYTHONHASHSEED unset: any seed will do (a fresh interpreter draws one); the request
    runs in the server `migrate verify`'s requests (PYTHONHASHSEED=0) run in, and its child
    sees the environment it was given."""
    unset = {k: v for k, v in os.environ.items() if k != "PYTHONHASHSEED"}
    assert client.startup_key(unset) == client.startup_key(dict(unset, PYTHONHASHSEED="0"))
    assert client.startup_key(unset) != client.startup_key(dict(unset, PYTHONHASHSEED="1"))
    code = "import os, sys; print(os.environ.get('PYTHONHASHSEED'), sys.flags.hash_randomization, hash('tf-revive'))"
    fixed = subprocess.run([sys.executable, "-c", code], env=dict(unset, PYTHONHASHSEED="0"), capture_output=True,
                           text=True)
    forked = tf_worker.run([sys.executable, "-c", code], env=unset, capture_output=True, text=True)
    assert forked.stdout == "None 0 " + fixed.stdout.split()[-1] + "\n", forked.stderr


def test_other_commands_go_to_subprocess():
    assert not tf_worker.served([sys.executable, "-u", "-c", "pass"])
    assert not tf_worker.served(["echo", "hi"])
    assert tf_worker.run(["echo", "hi"], capture_output=True, text=True).stdout == "hi\n"
    start = time.monotonic()
    assert tf_worker.run([sys.executable, "-c", "pass"]).returncode == 0
    assert time.monotonic() - start < 300


def test_a_server_started_with_pythonpath_keeps_the_paths_a_pth_file_adds(tmp_path):
    """A child that leaves PYTHONPATH unset gets what a fresh interpreter without it has: also
    a path an editable install's .pth adds, which the server's own sys.path lacks when its
    PYTHONPATH held the same folder (the checkout; `make test` sets none, a request may)."""
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    show = "import json, sys; print(json.dumps(sys.path[1:]))"
    plain_env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    fresh = subprocess.run([sys.executable, "-c", show], env=plain_env, capture_output=True, text=True, check=True)
    ask = ("import json, sys; sys.path.insert(0, sys.argv[1]); import server; "
           "print(json.dumps(server.base_path(sys.argv[2])))")
    served = subprocess.run([sys.executable, "-c", ask, os.path.join(repo, "tests", "tf_worker"), repo],
                            env={**plain_env, "PYTHONPATH": repo}, capture_output=True, text=True, check=True)
    assert served.stdout == fresh.stdout
