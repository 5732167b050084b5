# Two commands do everything on a fresh machine:
#   make book   build the course website into book/_build/html
#   make test   run the whole test suite (lint, unit, notebooks, website in headless Chromium)
# The course supports these Pythons (pyproject.toml's requires-python); make uses the first one on
# PATH unless PYTHON is given (make test PYTHON=python3.13).
PYTHONS := python3.11 python3.12 python3.13
# (A pyenv shim is on PATH even for a version it will not run, so each is tried, not just looked up.)
FIRST_PYTHON := $(or $(shell for p in $(PYTHONS); do $$p -c '' 2>/dev/null && { echo $$p; break; }; done),python3)
PYTHON ?= $(FIRST_PYTHON)
VENV   := .venv
BIN    := $(VENV)/bin
LOCK   := requirements/lock.txt

.PHONY: book test serve lab check lint format lock clean help print-python
.DEFAULT_GOAL := help

help:
	@echo "make book   build the website into book/_build/html"
	@echo "make test   run every test (lint, data, exercises, lessons, grader, website)"
	@echo "make serve  preview the built website on http://localhost:8000"
	@echo "make lab    open the lessons as notebooks in JupyterLab"
	@echo "make check  validate data, exercise banks and lessons without building"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

# Reinstall only when the pins or the package metadata change.
$(VENV)/.installed: $(BIN)/python $(LOCK) pyproject.toml
	$(BIN)/python -m pip install --quiet -c $(LOCK) -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -c $(LOCK) -e '.[test]'
	touch $@

book: $(VENV)/.installed
	$(BIN)/uspak build
	@echo "Preview it with: make serve (exercises need the site served over http, not file://)"

# axe-core for the accessibility tests; reinstalled only when the npm lock file changes.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

# Up to 4 pytest-xdist workers (one per core). --dist loadfile keeps a module on one worker, so its
# module fixtures run once and the grader isolation tests, which count what the test user leaves
# in /tmp, never overlap another module's run of that user. TEST_WORKERS= runs in one process.
TEST_WORKERS ?= -n auto --maxprocesses 4 --dist loadfile

test: $(VENV)/.installed-test node_modules/.package-lock.json
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest $(TEST_WORKERS)

check: $(VENV)/.installed
	$(BIN)/uspak check

# JupyterLab lives in its own environment (requirements/lab-lock.txt), so that its many server-side
# packages never slow or change the build; its "python3" kernel is the course's .venv.
# Notebooks are made from the lessons only where missing, so a student's own work is never overwritten.
LAB := .venv-lab
$(LAB)/.installed: requirements/lab-lock.txt
	$(PYTHON) -m venv $(LAB) || python3 -m venv $(LAB)
	$(LAB)/bin/python -m pip install --quiet -r requirements/lab-lock.txt
	touch $@

lab: $(VENV)/.installed $(LAB)/.installed
	$(BIN)/python -m ipykernel install --prefix $(LAB) --name python3 --display-name "Python 3 (uspak)"
	for lesson in lessons/[0-9][0-9]-*.md; do \
	  [ -e "$${lesson%.md}.ipynb" ] || $(BIN)/jupytext --quiet --to ipynb "$$lesson"; \
	done
	$(LAB)/bin/jupyter lab lessons/

serve: book
	$(BIN)/python -m http.server --directory book/_build/html --bind 127.0.0.1 8000

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests bench

format: $(VENV)/.installed-test
	$(BIN)/ruff format src tests bench

# Re-pin after changing dependencies in pyproject.toml (then commit requirements/lock.txt): resolve in
# a fresh environment of $(PYTHON), freeze it (setuptools and wheel too: sphinx-togglebutton requires
# them, and Python 3.12+ no longer brings them), then install the new lock, wheels only, on every
# other supported Python found here (.ci/python-versions lists them), so one lock serves all three.
LOCK_VENV := /tmp/uspak-lock-venv
lock:
	rm -rf $(LOCK_VENV) && $(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet --upgrade -e '.[test]' setuptools wheel
	{ echo "# Exact versions for every install of the course on Python 3.11, 3.12 and 3.13: make, CI and"; \
	  echo "# Binder (pip install -c requirements/lock.txt ...). Regenerate with: make lock"; \
	  $(LOCK_VENV)/bin/python -m pip freeze --all --exclude-editable | grep -v '^pip==' | sort -f; } > $(LOCK)
	for py in $$(bash .ci/python-versions --others $(PYTHON)); do \
	  echo "Installing the lock on $$py"; rm -rf $(LOCK_VENV) && $$py -m venv $(LOCK_VENV) && \
	  $(LOCK_VENV)/bin/python -m pip install --quiet --only-binary=:all: -r $(LOCK) && \
	  $(LOCK_VENV)/bin/python -m pip check || exit 1; \
	done
	rm -rf $(LOCK_VENV)

# The interpreter make uses (.ci/run asks, to test the other versions).
print-python:
	@echo $(PYTHON)

clean:
	rm -rf book/_build
