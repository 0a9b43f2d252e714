#!/usr/bin/env bash
# `make backup`: the database (pg_dump, custom format) and the uploaded files
# (MEDIA_ROOT, as a tar.gz) into a dated folder with their SHA-256 checksums.
#
#   scripts/sauvegarde.sh [DESTINATION]      (default: .local/sauvegardes)
#
# Reads DATABASE_URL and MEDIA_ROOT (defaults: the `make run` services and .local/media).
# With PI_STOCKAGE=s3 the files live in the object store: back them up there (bucket
# versioning or replication); only the database is saved here.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
[ -n "${DATABASE_URL:-}" ] || eval "$(bash "$REPO/scripts/services.sh" env run)"
MEDIA_ROOT="${MEDIA_ROOT:-$REPO/.local/media}"
DESTINATION="${1:-$REPO/.local/sauvegardes}"

DOSSIER="$DESTINATION/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$DOSSIER"
"$PG_BIN/pg_dump" --format=custom --no-owner --no-acl --dbname="$DATABASE_URL" \
  --file="$DOSSIER/base.dump"
if [ "${PI_STOCKAGE:-fichiers}" = s3 ]; then
  echo "[sauvegarde] PI_STOCKAGE=s3: files are in the object store, not saved here" >&2
else
  mkdir -p "$MEDIA_ROOT"
  tar --create --gzip --file="$DOSSIER/fichiers.tar.gz" --directory="$MEDIA_ROOT" .
fi
(cd "$DOSSIER" && sha256sum -- * >SHA256SUMS)
echo "$DOSSIER"
