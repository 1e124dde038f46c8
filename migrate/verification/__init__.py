"""The parts of `migrate verify` (migrate/verify.py) that watch a run without changing
its text: plan.py reads the script (names bound from Session.run, op seeds to give),
hooks.py observes the child process (tracer, random-op seeds, grappler off)."""
