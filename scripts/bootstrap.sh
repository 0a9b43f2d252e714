#!/usr/bin/env bash
# Creates .venv with Python 3.11 and installs the locked dependencies; a no-op when
# requirements-dev.lock has not changed since the last install.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null || PYTHON=python3
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
  echo "bootstrap: Python 3.11 is required (found $("$PYTHON" --version))" >&2
  exit 1
fi

if [ ! -x .venv/bin/python ]; then
  echo "[bootstrap] creating .venv"
  "$PYTHON" -m venv .venv
fi
stamp=".venv/.requirements-dev.sha256"
want="$(sha256sum requirements-dev.lock | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "[bootstrap] installing requirements-dev.lock"
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip==24.3.1
  .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-dev.lock
  echo "$want" >"$stamp"
fi
