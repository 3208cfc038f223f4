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
.PHONY: help venv lab test notebooks figures bench bench-ui app lite lite-serve parity lock \
        clean distclean

help:
	@echo "make lab        open the notebooks in JupyterLab (builds .venv first if needed)"
	@echo "make test       ruff, mypy, pytest over tests/ and nbval over notebooks/*.ipynb"
	@echo "make venv       create .venv with bpcore and what the notebooks need (constraints.txt)"
	@echo "make notebooks  re-execute every notebook in place, then strip volatile metadata"
	@echo "make figures    regenerate figures/ (python -m bpcore.figures)"
	@echo "make bench      install the bench extra (torch==2.13.0) and run benchmarks/run.py"
	@echo "make bench-ui   time the explorers in JupyterLab in chromium (part of make bench)"
	@echo "make app        serve $(APP_NOTEBOOK) with voila on http://$(APP_HOST):$(APP_PORT)/"
	@echo "make lite       build the JupyterLite site (the companion in the browser) in build/lite/"
	@echo "make lite-serve serve build/lite/ on http://$(APP_HOST):$(LITE_PORT)/"
	@echo "make parity     unit tests + nbval with the package versions of the JupyterLite site"
	@echo "make lock       refresh constraints.txt, reinstall .venv, re-execute the notebooks"
	@echo "make clean      remove caches and build output;  make distclean  also removes .venv"

# --- environment ----------------------------------------------------------------------

# constraints.txt pins every package (`make lock` writes it with uv; see README). Installs
# go through uv (pinned below), which keeps a cache of every wheel it downloaded, so a second
# set-up takes seconds. uv does not read pip's configuration: pip's find-links (where this
# machine keeps the CPU build of torch) are passed on to it.
LOCK       := constraints.txt
UV_VERSION := 0.13.9
UV         := $(VENV)/bin/uv
PIP_FIND_LINKS ?= $(shell $(PYTHON) -m pip config get global.find-links 2>/dev/null)
UV_INSTALL  = $(UV) pip install --python $(PY) -c $(LOCK) \
              $(foreach d,$(PIP_FIND_LINKS),$(if $(wildcard $(d)),--find-links $(d)))
TEST_STAMP := $(VENV)/.test-installed

venv: $(STAMP)

$(PY):
	@command -v $(PYTHON) >/dev/null || { \
	  echo "error: '$(PYTHON)' not found; bpcore needs Python >= 3.10." >&2; \
	  echo "       run e.g.: make PYTHON=/path/to/python3.11 $(MAKECMDGOALS)" >&2; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' 2>/dev/null || { \
	  echo "error: bpcore needs Python >= 3.10, but '$(PYTHON)' is: $$($(PYTHON) --version 2>&1)" >&2; \
	  echo "       run e.g.: make PYTHON=python3.11 $(MAKECMDGOALS)" >&2; exit 1; }
	$(PYTHON) -m venv --without-pip $(VENV) || { rm -rf $(VENV); \
	  echo "error: '$(PYTHON) -m venv' failed (on Debian/Ubuntu: apt-get install python3-venv)" >&2; \
	  exit 1; }

# uv goes into .venv with this Python's pip (pip >= 22.3 installs into another environment
# with --python); without such a pip, .venv gets its own first.
$(UV): | $(PY)
	$(PYTHON) -m pip --python $(PY) install --progress-bar off --disable-pip-version-check \
	  "uv==$(UV_VERSION)" || { $(PY) -m ensurepip --upgrade && \
	  $(PY) -m pip install --progress-bar off "uv==$(UV_VERSION)"; }

# What `make lab` needs (requirements.txt: bpcore editable, JupyterLab, Notebook 7, ...).
# Reinstalls only when pyproject.toml, requirements.txt or the lock changed.
# pip too, for `%pip install` in a notebook and `make bench`.
$(STAMP): pyproject.toml requirements.txt $(LOCK) | $(UV)
	$(UV_INSTALL) -r requirements.txt pip
	@touch $@

# The test tools on top (pytest, nbval, ruff, mypy, playwright, ...).
$(TEST_STAMP): $(STAMP)
	$(UV_INSTALL) -e '.[test]'
	@touch $@

# --- the two everyday commands --------------------------------------------------------

# Jupyter refuses to start as root unless told; machines where everyone is root need that.
# LAB_ARGS adds options (`make lab LAB_ARGS=--no-browser`) and keeps --allow-root.
LAB_PORT ?= 8888
LAB_ARGS ?=
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

# A busy port is an error (port_retries=0), as for `make app`.
lab: venv
	@echo "bpcore lab: port $(LAB_PORT)  (Ctrl-C stops it; port busy? make lab LAB_PORT=8889)"
	$(VENV)/bin/jupyter lab notebooks/ --ServerApp.port=$(LAB_PORT) \
	  --ServerApp.port_retries=0 $(ROOT_FLAG) $(LAB_ARGS)

# pytest exits 5 when it collected no test; make passes that on as a failure.
test: $(TEST_STAMP)
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

# pip, not uv: pip takes torch's CPU wheel from its find-links and keeps its configured cap.
$(BENCH_STAMP): $(TEST_STAMP)
	$(PY) -m pip install --progress-bar off -c $(LOCK) -e '.[bench]'
	@touch $@

bench: $(BENCH_STAMP)
	$(PY) benchmarks/run.py

# Only the explorers' latency in the browser; the other results in results.json are kept.
bench-ui: $(TEST_STAMP)
	$(PY) benchmarks/run.py --only ui

# Voila runs the notebook and shows its outputs only, no code cells. A busy port is an
# error (port_retries=0) rather than a silent move, so the address printed is the real one.
app: venv
	@echo "bpcore app: http://$(APP_HOST):$(APP_PORT)/  (Ctrl-C stops it; port busy? make app APP_PORT=8867)"
	$(VENV)/bin/voila $(APP_NOTEBOOK) --no-browser --Voila.ip=$(APP_HOST) --port=$(APP_PORT) \
	  --Voila.port_retries=0 --show_tracebacks=True

# --- the lock ---------------------------------------------------------------------------

# Writes constraints.txt: every package of requirements.txt and the test extra, pinned, for
# Python 3.10 and later on any system (uv's universal resolution; torch is left out, see
# tools/lock-excludes.txt). Then reinstalls .venv from it and re-executes the notebooks, so
# that their stored outputs are those of the locked versions. `make lock LOCK_UPGRADE=`
# keeps the pins that still fit and only adds what a changed requirement needs.
LOCK_UPGRADE ?= --upgrade
lock: | $(UV)
	$(UV) pip compile requirements.txt pyproject.toml --extra test --universal \
	  --python-version 3.10 --no-emit-package bpcore --excludes tools/lock-excludes.txt \
	  --custom-compile-command "make lock" $(LOCK_UPGRADE) -o $(LOCK)
	$(MAKE) $(TEST_STAMP)
	$(MAKE) notebooks

# --- JupyterLite: the companion in the browser ------------------------------------------

# A Python >= 3.12 for the build tools (pyodide-lock needs it): the first that runs of
# python3.14, python3.13, python3.12 on PATH and pyenv's versions, newest first. Looked for
# once, and only by the targets that use it.
PYENV_ROOT ?= $(HOME)/.pyenv
FIND_NEWEST_PYTHON = for p in python3.14 python3.13 python3.12 \
  $$(ls -d $(PYENV_ROOT)/versions/3.*/bin/python3 2>/dev/null | sort -rV); do \
  $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && \
  { command -v $$p; break; }; done
NEWEST_PYTHON = $(eval NEWEST_PYTHON := $(shell $(FIND_NEWEST_PYTHON)))$(NEWEST_PYTHON)
LITE_PYTHON ?= $(NEWEST_PYTHON)
LITE_VENV   := build/lite-venv
LITE_STAMP  := $(LITE_VENV)/.installed
LITE_PORT   ?= 8000
LITE_ARGS   ?=

$(LITE_STAMP): lite/requirements.txt $(LOCK) | $(UV)
	@test -n "$(LITE_PYTHON)" || { echo "error: make lite needs Python >= 3.12" \
	  "(python3.12, python3.13 or python3.14 on PATH, or make lite LITE_PYTHON=...)" >&2; exit 1; }
	rm -rf $(LITE_VENV)
	$(LITE_PYTHON) -m venv $(LITE_VENV)
	$(UV) pip install --python $(LITE_VENV)/bin/python -c $(LOCK) -r lite/requirements.txt
	@touch $@

# The static site in build/lite/ (tools/lite.py says what goes in it); LITE_ARGS=--lock adds
# the Pyodide lock with bpcore, which needs Pyodide's CDN (the deploy workflow).
lite: $(LITE_STAMP)
	$(LITE_VENV)/bin/python tools/lite.py build $(LITE_ARGS)

lite-serve:
	@test -f build/lite/index.html || { echo "error: no site yet: run make lite" >&2; exit 1; }
	@echo "bpcore in JupyterLite: http://$(APP_HOST):$(LITE_PORT)/  (Ctrl-C stops it)"
	$(PYTHON) -m http.server --bind $(APP_HOST) --directory build/lite $(LITE_PORT)

# --- version parity with the browser ---------------------------------------------------

# The unit tests and nbval (not the browser tests) on the newest Python here, in a venv of
# their own, with numpy, matplotlib, ipywidgets, ... at the versions JupyterLite runs
# (tools/lite.py parity writes the pins from Pyodide's pyodide-lock.json and the site's
# wheels). Catches API drift against the browser's libraries. torch (the autograd oracle)
# has no CPU build for that Python here: its tests skip (BPCORE_TORCH=absent).
PARITY_PYTHON ?= $(NEWEST_PYTHON)
PARITY_VENV   := build/parity-venv
PARITY_PINS   := build/parity-constraints.txt

parity: $(LITE_STAMP)
	@test -n "$(PARITY_PYTHON)" || { echo "error: make parity needs Python >= 3.12" >&2; exit 1; }
	$(LITE_VENV)/bin/python tools/lite.py parity $(PARITY_PINS)
	rm -rf $(PARITY_VENV)
	$(PARITY_PYTHON) -m venv $(PARITY_VENV)
	$(UV) pip install --python $(PARITY_VENV)/bin/python -c $(PARITY_PINS) \
	  --excludes tools/lock-excludes.txt -r requirements.txt -e '.[test]'
	$(PARITY_VENV)/bin/python -c 'import sys, numpy, matplotlib, ipywidgets, anywidget; \
	  print("parity:", sys.version.split()[0], "numpy", numpy.__version__, \
	        "matplotlib", matplotlib.__version__, "ipywidgets", ipywidgets.__version__, \
	        "anywidget", anywidget.__version__)'
	BPCORE_TORCH=absent $(PARITY_VENV)/bin/python -m pytest tests --ignore=tests/browser \
	  -p no:cacheprovider \
	  $(NBVAL_ARGS) $(PYTEST_ARGS)

clean:
	rm -rf build dist *.egg-info .pytest_cache .hypothesis .ruff_cache test-artifacts
	find . -path ./$(VENV) -prune -o \( -name __pycache__ -o -name .ipynb_checkpoints \) \
	  -type d -print -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
