#!/usr/bin/env bash
# `make run`: everything a newcomer needs, on loopback, in one command.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

bash scripts/bootstrap.sh
bash scripts/services.sh start run
eval "$(bash scripts/services.sh env run)"
export PATH="$REPO/.venv/bin:$PATH"
mkdir -p .local

stop_services() { bash scripts/services.sh stop run || true; }
trap stop_services EXIT

python manage.py migrate --noinput
python manage.py preparer_donnees
echo "[run] Pratiques inspirantes on http://127.0.0.1:${WEB_PORT:-8000}  (Ctrl-C or 'make stop' to stop)"
echo $$ >.local/run.pid
honcho start -f Procfile
