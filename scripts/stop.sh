#!/usr/bin/env bash
# `make stop`: stop what `make run` started (web, worker, beat, PostgreSQL, Redis).
set -uo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
if [ -f .local/run.pid ]; then
  pid="$(cat .local/run.pid)"
  if kill -0 "$pid" 2>/dev/null; then
    # honcho runs in the same process group as run.sh: stop the whole group.
    kill -TERM -- "-$(ps -o pgid= "$pid" | tr -d ' ')" 2>/dev/null || kill -TERM "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  fi
  rm -f .local/run.pid
fi
bash scripts/services.sh stop run
