#!/usr/bin/env bash
# `make bench`: every bench/bench_*.py (each one runs even if another fails), on the
# test-profile PostgreSQL and Redis.
# Each benchmark creates, migrates and drops a database of its own (pratiques_bench),
# so it never touches the test or development data.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

bash scripts/bootstrap.sh

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
export BENCH_DATABASE_NAME="${BENCH_DATABASE_NAME:-pratiques_bench}"
# Redis databases of their own as well (cache, broker), should a benchmark use them.
export REDIS_URL="${REDIS_URL%/*}/8" CELERY_BROKER_URL="${REDIS_URL%/*}/9"

# BENCH=territoires make bench runs bench/bench_territoires.py only.
failed=0
for bench in bench/bench_${BENCH:-*}.py; do
  echo "[bench] $bench"
  python "$bench" || failed=1
done
exit "$failed"
