#!/usr/bin/env bash
# `make restore FICHIER=<folder>`: a folder written by scripts/sauvegarde.sh, restored
# into an EMPTY database (DATABASE_URL) and an empty or absent MEDIA_ROOT. Checks the
# checksums first; refuses to write over existing data.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
DOSSIER="${1:?usage: scripts/restauration.sh <backup folder> (make restore FICHIER=...)}"
[ -n "${DATABASE_URL:-}" ] || eval "$(bash "$REPO/scripts/services.sh" env run)"
MEDIA_ROOT="${MEDIA_ROOT:-$REPO/.local/media}"

erreur() { echo "[restauration] $*" >&2; exit 1; }

[ -f "$DOSSIER/SHA256SUMS" ] || erreur "$DOSSIER holds no SHA256SUMS: not a backup folder"
(cd "$DOSSIER" && sha256sum --check --quiet SHA256SUMS) || erreur "checksums do not match"

tables="$("$PG_BIN/psql" --dbname="$DATABASE_URL" -qAt \
  -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")"
[ "$tables" = 0 ] || erreur "the database already has $tables tables: restore into an empty one"
if [ -f "$DOSSIER/fichiers.tar.gz" ] && [ -d "$MEDIA_ROOT" ] \
  && [ -n "$(ls -A "$MEDIA_ROOT")" ]; then
  erreur "$MEDIA_ROOT is not empty: restore into an empty folder"
fi

"$PG_BIN/pg_restore" --no-owner --no-acl --no-comments --exit-on-error \
  --dbname="$DATABASE_URL" "$DOSSIER/base.dump"
if [ -f "$DOSSIER/fichiers.tar.gz" ]; then
  mkdir -p "$MEDIA_ROOT"
  tar --extract --gzip --file="$DOSSIER/fichiers.tar.gz" --directory="$MEDIA_ROOT"
fi
echo "[restauration] $DOSSIER restored"
