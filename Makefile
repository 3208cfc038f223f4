# bpcore — every command runs the project's own virtual environment in .venv/,
# by path (no `activate`). `make help` lists the targets.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.bench-installed

NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))
SANITIZE  := $(wildcard tests/nbval_sanitize.cfg)
# nbval only when there are notebooks; strict mode (--nbval compares every output);
# --nbval-current-env runs them with this venv's python, whatever kernel they name.
NBVAL_ARGS := $(if $(NOTEBOOKS),--nbval --nbval-current-env \
              $(if $(SANITIZE),--nbval-sanitize-with $(SANITIZE)) $(NOTEBOOKS))

APP_NOTEBOOK := app/bpcore-explorers.ipynb
APP_HOST ?= 127.0.0.1
APP_PORT ?= 8866

.DEFAULT_GOAL := help
.PHONY: help venv lab test notebooks figures bench bench-ui app clean distclean

help:
	@echo "make lab        open the notebooks in JupyterLab (builds .venv first if needed)"
	@echo "make test       ruff, mypy, pytest over tests/ and nbval over notebooks/*.ipynb"
	@echo "make venv       create .venv and install bpcore with its notebook and test extras"
	@echo "make notebooks  re-execute every notebook in place, then strip volatile metadata"
	@echo "make figures    regenerate figures/ (python -m bpcore.figures)"
	@echo "make bench      install the bench extra (torch==2.13.0) and run benchmarks/run.py"
	@echo "make bench-ui   time the explorers in JupyterLab in chromium (part of make bench)"
	@echo "make app        serve $(APP_NOTEBOOK) with voila on http://$(APP_HOST):$(APP_PORT)/"
	@echo "make clean      remove caches and build output;  make distclean  also removes .venv"

# --- environment ----------------------------------------------------------------------

venv: $(STAMP)

$(PY):
	@command -v $(PYTHON) >/dev/null || { \
	  echo "error: '$(PYTHON)' not found; bpcore needs Python >= 3.10." >&2; \
	  echo "       run e.g.: make PYTHON=/path/to/python3.11 $(MAKECMDGOALS)" >&2; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' 2>/dev/null || { \
	  echo "error: bpcore needs Python >= 3.10, but '$(PYTHON)' is: $$($(PYTHON) --version 2>&1)" >&2; \
	  echo "       run e.g.: make PYTHON=python3.11 $(MAKECMDGOALS)" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	  echo "error: '$(PYTHON) -m venv' failed (on Debian/Ubuntu: apt-get install python3-venv)" >&2; \
	  exit 1; }

# Reinstalls only when pyproject.toml or requirements.txt changed since the last install.
$(STAMP): pyproject.toml requirements.txt | $(PY)
	$(PY) -m pip install --progress-bar off -r requirements.txt
	$(PY) -m pip install --progress-bar off -e '.[test]'
	@touch $@

# --- the two everyday commands --------------------------------------------------------

# Jupyter refuses to start as root unless told; machines where everyone is root need that.
LAB_ARGS ?= $(if $(filter 0,$(shell id -u)),--allow-root)

lab: venv
	$(VENV)/bin/jupyter lab notebooks/ $(LAB_ARGS)

# pytest exits 5 when it collected no test; make passes that on as a failure.
test: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(PY) -m pytest tests $(NBVAL_ARGS) $(PYTEST_ARGS)

# --- maintenance ----------------------------------------------------------------------

# Runs with the venv's own "python3" kernel; no timing metadata is recorded, and
# tests/strip_notebook_metadata.py removes any that a saved session left behind.
notebooks: venv
ifeq ($(NOTEBOOKS),)
	@echo "no notebooks in notebooks/"
else
	$(VENV)/bin/jupyter nbconvert --to notebook --execute --inplace \
	  --ExecutePreprocessor.kernel_name=python3 \
	  --ExecutePreprocessor.record_timing=False \
	  $(NOTEBOOKS)
	$(PY) tests/strip_notebook_metadata.py $(NOTEBOOKS)
endif

figures: venv
	$(PY) -m bpcore.figures

$(BENCH_STAMP): $(STAMP)
	$(PY) -m pip install --progress-bar off -e '.[bench]'
	@touch $@

bench: $(BENCH_STAMP)
	$(PY) benchmarks/run.py

# Only the explorers' latency in the browser; the other results in results.json are kept.
bench-ui: venv
	$(PY) benchmarks/run.py --only ui

# Voila runs the notebook and shows its outputs only, no code cells. A busy port is an
# error (port_retries=0) rather than a silent move, so the address printed is the real one.
app: venv
	@echo "bpcore app: http://$(APP_HOST):$(APP_PORT)/  (Ctrl-C stops it; port busy? make app APP_PORT=8867)"
	$(VENV)/bin/voila $(APP_NOTEBOOK) --no-browser --Voila.ip=$(APP_HOST) --port=$(APP_PORT) \
	  --Voila.port_retries=0 --show_tracebacks=True

clean:
	rm -rf build dist *.egg-info .pytest_cache .hypothesis .ruff_cache test-artifacts
	find . -path ./$(VENV) -prune -o \( -name __pycache__ -o -name .ipynb_checkpoints \) \
	  -type d -print -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
