.DEFAULT_GOAL := help
SHELL := /bin/bash
VENV := .venv/bin

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[1m%-22s\033[0m %s\n", $$1, $$2}'

run: ## Start everything: PostgreSQL, Redis, migrations, data, web (:8000), worker, beat
	@bash scripts/run.sh

stop: ## Stop what `make run` started
	@bash scripts/stop.sh

test: ## Run the whole test suite (lint, migrations check, pytest) on its own services
	@bash scripts/test.sh

lint: ## ruff check and format check, import rules (no cycle, apps depend one way)
	@bash scripts/bootstrap.sh && $(VENV)/ruff check . && $(VENV)/ruff format --check . \
		&& $(VENV)/lint-imports --no-cache --no-logo

format: ## Format the code with ruff
	@bash scripts/bootstrap.sh && $(VENV)/ruff check --fix . && $(VENV)/ruff format .

services: ## Start the development PostgreSQL and Redis only
	@bash scripts/services.sh start run

status: ## Show which project services are running
	@bash scripts/services.sh status run; bash scripts/services.sh status test

lock: ## Regenerate requirements.lock (runtime) and requirements-dev.lock from pyproject.toml
	@bash scripts/lock.sh

bench: ## Run the benchmarks and print their figures
	@bash scripts/bench.sh

backup: ## Save the database and the uploaded files into .local/sauvegardes/<date> (DESTINATION=...)
	@bash scripts/sauvegarde.sh $(DESTINATION)

restore: ## Restore a backup folder into an empty database and media folder (FICHIER=...)
	@bash scripts/restauration.sh $(FICHIER)

territoires-snapshot: ## Refresh territoires/data: npm pack @etalab/decoupage-administratif (VERSION=6.0.0)
	@$(VENV)/python territoires/data/actualiser.py $(VERSION)

.PHONY: help run stop test lint format services status lock bench backup restore territoires-snapshot
