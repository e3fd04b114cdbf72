# Livinglab Registry: `make run` starts everything with demo data, `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PY := .venv/bin/python
VENV_STAMP := .venv/.installed

.PHONY: help venv infra-up infra-down topics run restart stop test unit integration e2e lint bench eval status dashboard browser promtool

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(VENV_STAMP): pyproject.toml
	@command -v python3 >/dev/null || { echo "error: python3 (3.11+) is required" >&2; exit 1; }
	@test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	@touch $@

venv: $(VENV_STAMP) ## create the virtualenv and install the project

DASHBOARD_BUILD := dashboard/dist/build.json
$(DASHBOARD_BUILD): dashboard/package-lock.json dashboard/build.mjs $(wildcard dashboard/src/*)
	@command -v npm >/dev/null || { echo "error: Node.js 20+ with npm is required for the dashboard" >&2; exit 1; }
	cd dashboard && npm ci --no-audit --no-fund && npm run build

dashboard: $(DASHBOARD_BUILD) ## build the coordinator dashboard (served at :8002/dashboard)

browser: ## install Debian chromium + chromium-driver for the browser tests (once)
	scripts/setup_browser.sh

promtool: ## install promtool (Debian's prometheus package) for the metrics tests (once)
	scripts/setup_promtool.sh

infra-up: venv ## start Kafka and Neo4j on 127.0.0.1 (idempotent)
	infra/kafka/start.sh
	infra/neo4j/start.sh

infra-down: ## stop Kafka and Neo4j
	-infra/neo4j/stop.sh
	-infra/kafka/stop.sh

topics: infra-up ## create the Kafka topics the services use
	$(PY) -m scripts.create_topics

run: topics dashboard ## start the whole system with the demo data set, leave it running (REGISTRY_INSTANCES=2: two registries, 8001 and 8011)
	scripts/services.sh start
	$(PY) -m scripts.load_demo

restart: topics dashboard ## restart the three services with this shell's settings (data and keys stay)
	scripts/services.sh restart

stop: ## stop the services, Kafka and Neo4j
	-scripts/services.sh stop
	$(MAKE) infra-down

status: ## show what is running
	scripts/services.sh status

test: infra-up lint dashboard browser promtool ## set everything up and run unit, integration and end-to-end tests
	LIVINGLAB_FORBID_SKIPS=1 $(PY) -m pytest -p no:cacheprovider

unit: venv ## unit tests only (no servers)
	$(PY) -m pytest tests/unit

integration: infra-up ## adapter tests against the real Kafka and Neo4j
	$(PY) -m pytest tests/integration

e2e: infra-up dashboard browser promtool ## end-to-end tests through the public HTTP APIs
	$(PY) -m pytest tests/e2e tests/browser

lint: venv ## ruff and mypy
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy

eval: venv ## matching quality on the evaluation set from the source documents (no servers)
	$(PY) -m eval

bench: infra-up ## benchmarks as ratios against raw baselines (writes bench/results/latest.json)
	$(PY) -m bench
