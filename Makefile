# apcommission: everything a new machine needs goes through these targets.
# `make run` serves the demo; `make test` runs the whole suite. Both set themselves up.

.DEFAULT_GOAL := help
.PHONY: help run test bench lint clean-data

VENV := .venv
ARGS ?=

# The first of python3.13, python3.12, python3 that really runs and is >= 3.12 (Django 6 needs it).
# Each candidate is run, not just looked up: pyenv shims exist for versions that are not selected.
# Recursive (=) so it is only worked out when the virtualenv has to be built.
PYTHON = $(firstword $(foreach p,python3.13 python3.12 python3,\
	$(shell $(p) -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && echo $(p))))

# Root runs apt-get itself; anyone else goes through sudo.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

help: ## List the targets
	@echo "apcommission — make targets:"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-11s %s\n", $$1, $$2}'
	@echo "  (make test ARGS=\"-k mfa\" passes arguments to pytest)"

run: $(VENV)/.installed ## Serve the demo with demo data on an embedded PostgreSQL (Ctrl-C stops it)
	$(VENV)/bin/python scripts/run.py

test: $(VENV)/.installed node_modules/.installed ## Lint, then run the whole test suite (starts PostgreSQL/Redis if needed)
	bash scripts/test.sh $(ARGS)

bench: $(VENV)/.installed ## Measure request throughput and latency
	$(VENV)/bin/python scripts/bench.py

lint: $(VENV)/.installed ## Check the code with ruff
	$(VENV)/bin/ruff check .

clean-data: ## Delete .data/ (embedded database, demo state); `make run` rebuilds it
	@if [ -f .data/run.pid ] && kill -0 "$$(cat .data/run.pid)" 2>/dev/null; then \
		echo "make run is still running (pid $$(cat .data/run.pid)): stop it first."; exit 1; fi
	@echo "Removing .data/ (embedded PostgreSQL, demo data, Celery queue)."
	rm -rf .data

# Stamp files: rebuilt only when the dependency list changes, so a second `make run` installs nothing.
$(VENV)/.installed: pyproject.toml
	@if [ -z "$(PYTHON)" ]; then \
		echo "Python 3.12 or newer is needed (tried python3.13, python3.12, python3)."; \
		echo "Install one (e.g. 'pyenv install 3.12'; this repository's .python-version selects 3.12)."; \
		exit 1; fi
	@echo "Creating $(VENV) with $(PYTHON) ($$($(PYTHON) --version))"
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing: installing Debian's npm"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; }
	npm ci --no-audit --no-fund
	@touch $@
