#!/usr/bin/env bash
# What the browser tests need: Debian's Chromium (Playwright cannot download its own
# browser here) and axe-core from the npm registry, at the version package-lock.json pins.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

if ! command -v chromium >/dev/null; then
  if [ "$(id -u)" != 0 ]; then
    echo "browser_deps: install Debian's chromium package (sudo apt-get install chromium)" >&2
    exit 1
  fi
  echo "[browser] installing chromium with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

stamp="node_modules/.package-lock.sha256"
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "[browser] npm ci (axe-core)"
  npm ci --no-audit --no-fund --silent
  echo "$want" >"$stamp"
fi
