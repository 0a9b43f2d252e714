# Sourced by scripts/test.sh and scripts/bench.sh: the locked virtualenv, the
# test-profile PostgreSQL and Redis (started if needed, and then stopped on exit), and
# the environment pointing at them.
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

bash scripts/bootstrap.sh

services_demarres_ici=0
if ! bash scripts/services.sh is-running test; then
  bash scripts/services.sh start test
  services_demarres_ici=1
fi
arreter_services_de_test() {
  [ "$services_demarres_ici" = 1 ] && bash scripts/services.sh stop test || true
}
trap arreter_services_de_test EXIT

eval "$(bash scripts/services.sh env test)"
export PATH="$REPO/.venv/bin:$PATH"
export DJANGO_SETTINGS_MODULE=config.settings DJANGO_ENV=test
