"""`manage.py check --deploy` is clean with the production environment (DJANGO_ENV=
production, as in docker-compose/Procfile): HSTS, SSL redirect, secure cookies, a real
secret key and allowed hosts, DEBUG off. Run in a process of its own, since settings
are read from the environment once."""

import os
import secrets
import subprocess
import sys

from tests.conftest import REPO

PRODUCTION = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
    "DJANGO_ALLOWED_HOSTS": "pratiques.example.fr",
    "SITE_URL": "https://pratiques.example.fr",
}


def verifier_deploiement(**variables) -> subprocess.CompletedProcess:
    env = {
        cle: valeur
        for cle, valeur in os.environ.items()
        if not cle.startswith(("DJANGO_", "SITE_URL"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO, env={**env, **PRODUCTION, **variables},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_check_deploy_ne_signale_rien_avec_les_reglages_de_production():
    resultat = verifier_deploiement()
    assert resultat.returncode == 0, resultat.stderr + resultat.stdout
    assert "System check identified no issues (0 silenced)." in resultat.stdout


def test_check_deploy_signale_une_production_sans_https():
    # The same check fails when the security settings are off: it does look at them.
    resultat = verifier_deploiement(DJANGO_HTTPS="false")
    assert resultat.returncode != 0
    for code in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert code in resultat.stderr, resultat.stderr
