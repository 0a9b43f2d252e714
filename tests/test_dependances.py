"""The import rules of pyproject.toml ([tool.importlinter]): apps depend one way and no
import cycle exists anywhere in the project. `make lint` and `make test` run the same
check (lint-imports); here it shows in the suite, with what broke."""

import subprocess
import sys
import tomllib
from pathlib import Path

from django.apps import apps
from django.conf import settings

REGLES = tomllib.loads((settings.BASE_DIR / "pyproject.toml").read_text())["tool"]["importlinter"]


def test_les_applications_dependent_dans_un_seul_sens_et_sans_cycle():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    resultat = subprocess.run(
        [lint_imports, "--no-cache", "--no-logo"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    assert "0 broken" in resultat.stdout


def test_chaque_application_du_projet_est_verifiee_et_placee_dans_une_couche():
    projet = {"config"} | {
        config.name
        for config in apps.get_app_configs()
        if Path(config.path).parent == settings.BASE_DIR
    }
    assert set(REGLES["root_packages"]) == projet
    (couches,) = [c["layers"] for c in REGLES["contracts"] if c["type"] == "layers"]
    placees = {
        nom.strip(" ()") for couche in couches for nom in couche.replace(":", "|").split("|")
    }
    assert projet <= placees
