# The README's two commands: `make demo` and `make test`. Each sets itself up.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
OUT ?= out

.PHONY: demo test bench venv clean

$(VENV)/.installed: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

venv: $(VENV)/.installed

demo: venv
	$(PY) -m twins.compare --out $(OUT)

test: venv
	$(PY) -m pytest

bench: venv
	$(PY) -m twins.benchmark

clean:
	rm -rf $(VENV) $(OUT) *.egg-info
