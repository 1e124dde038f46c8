# The README's two commands: `make demo` and `make test`. Each sets itself up: a .venv with
# the tool (migrate: libcst only) installed editable, plus the extras tf (TensorFlow, tf_keras,
# tf-slim: what migrated scripts run on), demo (numpy, pandas, matplotlib) and test. legacy/ modern/ twins/ seed_data/ are used
# from the checkout (run from here), never installed.
# `make demo V=1` shows TensorFlow's own log lines and deprecation warnings.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
OUT ?= out
V ?=

.PHONY: demo test bench docs docs-all venv clean

$(VENV)/.installed: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[tf,demo,test]'
	touch $@

venv: $(VENV)/.installed

demo: venv
	$(PY) -m twins.compare --out $(OUT) $(if $(V),-v)

# One pytest-xdist worker per core (-n auto); --dist loadfile keeps each test file on one
# worker, so a module's fixture (a batch verified in one call, a built wheel) runs once.
# Each worker has its own long-lived TensorFlow process (tests/tf_worker, docs/tests.md).
test: venv
	$(PY) -m pytest -n auto --dist loadfile --durations=10

bench: venv
	$(PY) -m twins.benchmark

# The generated blocks of README.md and docs/*.md (tools/docs.py): `make docs` rewrites the
# cheap ones (tests/test_docs.py fails when they are out of date), `make docs-all` also
# builds the wheel, collects the tests and runs verify's example (minutes).
docs: venv
	$(PY) -m tools.docs

docs-all: venv
	$(PY) -m tools.docs --expensive

clean:
	rm -rf $(VENV) $(OUT) *.egg-info
