"""One long-lived TensorFlow process per pytest worker that runs `python ARGS` requests in
forked children (server.py), and its subprocess.run / Popen stand-ins (client.py)."""
from tests.tf_worker.client import popen, run, served

__all__ = ["popen", "run", "served"]
