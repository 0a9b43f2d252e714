#!/usr/bin/env bash
# `make bench`: every bench/bench_*.py (each one runs even if another fails), on the
# test-profile PostgreSQL and Redis.
# Each benchmark creates, migrates and drops a database of its own (pratiques_bench),
# so it never touches the test or development data.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/environnement_test.sh"
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
