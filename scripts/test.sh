#!/usr/bin/env bash
# `make test` (and CI): services on their own ports, lint, migrations check, pytest.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

bash scripts/bootstrap.sh
bash scripts/browser_deps.sh

started_here=0
if ! bash scripts/services.sh is-running test; then
  bash scripts/services.sh start test
  started_here=1
fi
cleanup() { [ "$started_here" = 1 ] && bash scripts/services.sh stop test || true; }
trap cleanup EXIT

eval "$(bash scripts/services.sh env test)"
export PATH="$REPO/.venv/bin:$PATH"
export DJANGO_SETTINGS_MODULE=config.settings DJANGO_ENV=test

echo "[test] ruff"
ruff check .
ruff format --check .
echo "[test] makemigrations --check"
python manage.py makemigrations --check --dry-run
echo "[test] pytest"
python -m pytest "$@"
