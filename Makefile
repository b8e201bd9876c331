# Warehouse Intelligence Engine — every entry point. `make run` and `make test` need nothing but Python 3.11.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PACKAGES := -e libs/common[local] -e services/auth -e services/rules -e services/locations -e services/analysis -e gateway
STAMP := $(VENV)/.installed
PROTO_STAMP := libs/protos/wie/.built
PROTOS := $(shell find protos -name '*.proto')

.PHONY: help venv protos run demo verify backup restore test test-fast lint fmt bench screenshots clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' Makefile | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

$(STAMP): constraints.txt requirements-dev.txt $(wildcard */pyproject.toml */*/pyproject.toml)
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check -q -c constraints.txt -r requirements-dev.txt $(PACKAGES)
	touch $@

venv: $(STAMP) ## create .venv and install every package (pinned by constraints.txt)

$(PROTO_STAMP): $(STAMP) $(PROTOS) libs/protos/build.py
	$(BIN)/python libs/protos/build.py
	touch $@

protos: $(PROTO_STAMP) ## compile protos/ into libs/protos (git-ignored)

# The web console (console/): npm ci when the lock changes, vite build when a source changes.
CONSOLE_DEPS := console/node_modules/.installed
CONSOLE_STAMP := console/dist/.built
CONSOLE_SOURCES := $(shell find console/src console/public -type f 2>/dev/null) console/index.html \
	console/vite.config.ts console/tsconfig.json console/postcss.config.cjs
CHROMIUM ?= /usr/bin/chromium

$(CONSOLE_DEPS): console/package.json console/package-lock.json console/.npmrc
	@command -v npm >/dev/null || { echo "npm not found: install Node.js 20.19+ with npm (apt-get install nodejs npm)"; exit 1; }
	cd console && npm ci --no-audit --no-fund
	touch $@

$(CONSOLE_STAMP): $(CONSOLE_DEPS) $(CONSOLE_SOURCES)
	cd console && npm run build
	touch $@

console: $(CONSOLE_STAMP) ## build the web console into console/dist (served by the gateway at /)

console-types: $(STAMP) $(CONSOLE_DEPS) ## regenerate console/src/api/schema.d.ts from the gateway's OpenAPI document
	$(BIN)/python console/scripts/dump_openapi.py > console/openapi.json
	cd console && npm run types

browser: ## Debian's chromium for the browser tests (installed with apt-get when missing and possible)
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium; \
	  else \
	    echo "The browser tests need Debian's chromium at $(CHROMIUM): run 'sudo apt-get install chromium' (or set CHROMIUM=/path/to/chromium)"; exit 1; \
	  fi; }
	@test -x $(CHROMIUM) || { echo "chromium is still missing at $(CHROMIUM): install it with 'apt-get install chromium'"; exit 1; }

run: protos console ## whole stack on embedded PostgreSQL (or DATABASE_URL); gateway on 127.0.0.1:$PORT
	PORT=$(PORT) $(BIN)/python deploy/local/run_stack.py

demo: protos console ## like run, plus the demo user testuser/testpassword123 and a demo warehouse (dev only)
	PORT=$(PORT) WIE_DEMO=1 $(BIN)/python deploy/local/run_stack.py

verify: protos ## check the schemas, indexes and seeds of the database in use (DATABASE_URL or .data)
	$(BIN)/python deploy/local/verify_stack.py

backup: protos ## pg_dump of the four schemas to .data/backups/ (DATABASE_URL or the embedded database)
	$(BIN)/python deploy/local/backup.py backup

restore: protos ## restore a dump, all or nothing, then verify: make restore FILE=.data/backups/wie-<time>.dump
	$(BIN)/python deploy/local/backup.py restore "$(FILE)"

test: protos console browser ## the whole suite on real PostgreSQL (TEST_DATABASE_URL, Docker, or embedded), console included
	cd console && npm test
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest -q

# Every check runs even when an earlier one fails, so one pass shows all that is wrong; mypy needs the stubs.
lint: protos ## ruff (lint + format), import-linter contracts, mypy
	@status=0; \
	echo "== ruff check"; $(BIN)/ruff check . || status=1; \
	echo "== ruff format --check"; $(BIN)/ruff format --check . || status=1; \
	echo "== lint-imports"; $(BIN)/lint-imports --no-logo --cache-dir $(VENV)/.import_linter_cache || status=1; \
	echo "== mypy"; $(BIN)/mypy || status=1; \
	exit $$status

fmt: venv ## ruff format + fixes
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

screenshots: ## copy the README's images from the browser tests' last run (.artifacts/screenshots)
	cp .artifacts/screenshots/journey4-report.png docs/images/report.png
	cp .artifacts/screenshots/journey6-dashboard.png docs/images/dashboard.png

bench: protos ## benchmarks with printed figures
	$(BIN)/python bench/run_all.py

clean: ## remove the venv, generated stubs and local data
	rm -rf $(VENV) libs/protos/wie .data console/node_modules console/dist
