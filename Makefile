# schemagen: every target bootstraps what it needs on first use (.venv, node_modules).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: generate check test test-fast lint push plan review bench clean node chromium

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==25.3
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	@touch $(NODE_STAMP)

node: $(NODE_STAMP)

# Chromium from the system packages: tests/test_diagrams_render.py draws the pages' diagrams with Mermaid in it.
chromium:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

generate: $(STAMP)
	$(BIN)/schemagen generate

check: $(STAMP)
	$(BIN)/schemagen generate --check

push: generate
	$(BIN)/schemagen push

plan: $(STAMP)
	$(BIN)/schemagen plan

lint: $(STAMP)
	$(BIN)/ruff check generator tests bench
	$(BIN)/ruff format --check generator tests bench
	$(BIN)/mypy

test: $(STAMP) $(NODE_STAMP) chromium check lint
	$(BIN)/pytest -n 2 -q

# The quick tier while working: everything but node, the slow tests and the wheel installs (CI runs `make test`).
test-fast: $(STAMP)
	$(BIN)/pytest -n 2 -q -m "not node and not slow and not install"

review: $(STAMP)
	$(BIN)/schemagen review $(or $(BASE),origin/main)

bench: $(STAMP) $(NODE_STAMP)
	$(BIN)/python bench/bench_speed.py
	$(BIN)/python bench/bench_generate.py
	$(BIN)/python bench/bench_push.py
	$(BIN)/python bench/bench_data.py
	$(BIN)/python bench/bench_fleet.py
	$(BIN)/python bench/bench_online.py

clean:
	rm -rf $(VENV) node_modules local.db .pytest_cache .mypy_cache .ruff_cache
