.DEFAULT_GOAL := help
SHELL := /bin/bash
VENV := .venv/bin

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[1m%-16s\033[0m %s\n", $$1, $$2}'

run: ## Start everything: PostgreSQL, Redis, migrations, data, web (:8000), worker, beat
	@bash scripts/run.sh

stop: ## Stop what `make run` started
	@bash scripts/stop.sh

test: ## Run the whole test suite (lint, migrations check, pytest) on its own services
	@bash scripts/test.sh

lint: ## ruff check and format check
	@bash scripts/bootstrap.sh && $(VENV)/ruff check . && $(VENV)/ruff format --check .

format: ## Format the code with ruff
	@bash scripts/bootstrap.sh && $(VENV)/ruff check --fix . && $(VENV)/ruff format .

services: ## Start the development PostgreSQL and Redis only
	@bash scripts/services.sh start run

status: ## Show which project services are running
	@bash scripts/services.sh status run; bash scripts/services.sh status test

lock: ## Regenerate requirements.lock from pyproject.toml (needs network)
	@rm -rf .venv-lock && python3.11 -m venv .venv-lock \
	  && .venv-lock/bin/python -c "import tomllib;p=tomllib.load(open('pyproject.toml','rb'))['project'];print('\n'.join(p['dependencies']+p['optional-dependencies']['dev']))" >.venv-lock/direct.txt \
	  && .venv-lock/bin/pip install -q -r .venv-lock/direct.txt \
	  && (echo "# Full lock of runtime and development dependencies (make lock regenerates it)."; .venv-lock/bin/pip freeze) >requirements.lock \
	  && rm -rf .venv-lock && echo "requirements.lock updated"

bench: ## Run the benchmarks and print their figures
	@bash scripts/bench.sh

.PHONY: help run stop test lint format services status lock bench
