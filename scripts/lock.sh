#!/usr/bin/env bash
# Regenerates the two locks from the pinned direct dependencies of pyproject.toml:
# requirements.lock (runtime, for the production image) and requirements-dev.lock
# (runtime + test tools, for make run / make test). Needs the package registry.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
python3.11 -m venv "$tmp/venv"
deps() { "$tmp/venv/bin/python" -c "import tomllib,sys;p=tomllib.load(open('pyproject.toml','rb'))['project'];print('\n'.join(p['dependencies'] if sys.argv[1]=='run' else p['optional-dependencies']['dev']))" "$1"; }
deps run >"$tmp/run.txt"; deps dev >"$tmp/dev.txt"
"$tmp/venv/bin/pip" install -q -r "$tmp/run.txt"
{ echo "# Runtime lock (production image). Regenerate with: make lock"; "$tmp/venv/bin/pip" freeze; } >requirements.lock
"$tmp/venv/bin/pip" install -q -r "$tmp/dev.txt"
{ echo "# Development lock: runtime + test tools. Regenerate with: make lock"; "$tmp/venv/bin/pip" freeze; } >requirements-dev.lock
echo "requirements.lock and requirements-dev.lock updated"
