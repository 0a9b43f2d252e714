"""docker-compose.yml describes the production-like stack and agrees with the settings."""

import re
from pathlib import Path

import yaml
from django.conf import settings

REPO = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((REPO / "docker-compose.yml").read_text())
SETTINGS_SOURCE = (REPO / "config" / "settings.py").read_text()


def test_la_pile_comprend_base_redis_web_worker_beat_et_capteur_de_courriels():
    assert set(COMPOSE["services"]) == {"db", "redis", "web", "worker", "beat", "mailpit"}
    assert COMPOSE["services"]["db"]["image"] == "postgres:15"


def test_les_variables_passees_aux_conteneurs_sont_lues_par_les_reglages():
    app = COMPOSE["x-app"]
    variables = set(app["environment"])
    variables |= set(re.findall(r"^([A-Z_]+)=", (REPO / ".env.example").read_text(), re.M))
    variables -= {"POSTGRES_PASSWORD"}  # read by the db container only
    lues = set(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z_]+)"', SETTINGS_SOURCE))
    assert variables <= lues, variables - lues


def test_le_worker_consomme_la_file_par_defaut_des_reglages():
    commande = COMPOSE["services"]["worker"]["command"]
    assert f"--queues={settings.CELERY_TASK_DEFAULT_QUEUE}" in commande
    assert COMPOSE["services"]["beat"]["command"][:4] == ["celery", "-A", "config", "beat"]


def test_le_web_migre_et_charge_les_donnees_de_reference_sans_demo():
    commande = COMPOSE["services"]["web"]["command"]
    assert "migrate --noinput" in commande
    assert "preparer_donnees --sans-demo" in commande
