"""Settings come from the environment: safe in development, strict in production."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": "k3y-" + "x9Qw7Lp2Zr5Vt8Ny1Bc4Hd6Jf0Gs3Km" * 2,
    "DJANGO_ALLOWED_HOSTS": "pratiques.departement.fr",
    "SITE_URL": "https://pratiques.departement.fr",
}


def manage(*arguments, env):
    environnement = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environnement.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=REPO, env=environnement, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_check_deploy_ne_signale_rien_avec_les_variables_de_production():
    resultat = manage("check", "--deploy", "--fail-level", "DEBUG", env=PRODUCTION)
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    assert "System check identified no issues" in resultat.stdout


def test_la_production_refuse_de_demarrer_sans_cle_secrete():
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_SECRET_KEY"}
    resultat = manage("check", env=env)
    assert resultat.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in resultat.stderr


def test_la_production_refuse_de_demarrer_sans_hotes_autorises():
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_ALLOWED_HOSTS"}
    resultat = manage("check", env=env)
    assert resultat.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS is required" in resultat.stderr


def test_le_developpement_signale_ses_reglages_non_surs_au_check_deploy():
    resultat = manage("check", "--deploy", env={"DJANGO_ENV": "development"})
    assert "security.W018" in resultat.stderr  # DEBUG is on
