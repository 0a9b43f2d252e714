#!/usr/bin/env bash
# `make test` (and CI): services on their own ports, lint (ruff, import rules),
# migrations check, pytest.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/environnement_test.sh"
bash scripts/browser_deps.sh

echo "[test] ruff"
ruff check .
ruff format --check .
echo "[test] import rules (lint-imports, [tool.importlinter] in pyproject.toml)"
lint-imports --no-cache --no-logo
echo "[test] makemigrations --check"
python manage.py makemigrations --check --dry-run
echo "[test] pytest"
python -m pytest "$@"
