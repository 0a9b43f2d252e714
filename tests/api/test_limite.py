"""One rate limit for the whole API (api/throttling.py): every endpoint counts, per
address, in Redis; over the limit, 429 with Retry-After. Nobody escapes it by being
signed in on the site."""

import base64

import pytest
import redis
from django.conf import settings
from django.core.cache import cache

from tests.comptes.factories import MOT_DE_PASSE, UtilisateurFactory

pytestmark = pytest.mark.django_db

TERRITOIRE_INCONNU = "/api/v1/territoires/commune:00000/"
FICHE_INCONNUE = "/api/v1/pratiques/inexistante/"


def test_au_dela_de_60_requetes_par_minute_les_territoires_repondent_429(client):
    for _ in range(60):
        assert client.get(TERRITOIRE_INCONNU).status_code == 404
    reponse = client.get(TERRITOIRE_INCONNU)
    assert reponse.status_code == 429
    assert 0 < int(reponse["Retry-After"]) <= 60
    assert reponse.json()["detail"].startswith("Requête ralentie")
    # The count is in Redis (shared by every web process), not in a process's memory.
    cle = cache.make_key("throttle_anon_127.0.0.1")
    assert len(cache.get("throttle_anon_127.0.0.1")) == 60
    assert redis.Redis.from_url(settings.REDIS_URL).exists(cle)
    # Another address is not slowed down.
    assert client.get(TERRITOIRE_INCONNU, REMOTE_ADDR="10.0.0.2").status_code == 404


def test_la_limite_compte_les_requetes_de_toute_l_api_ensemble(client):
    for _ in range(30):
        assert client.get(TERRITOIRE_INCONNU).status_code == 404
        assert client.get(FICHE_INCONNUE).status_code == 404
    assert client.get(TERRITOIRE_INCONNU).status_code == 429
    assert client.get(FICHE_INCONNUE).status_code == 429
    assert client.get("/api/v1/schema/").status_code == 429


def test_un_compte_du_site_ne_contourne_pas_la_limite(client):
    utilisateur = UtilisateurFactory()
    client.force_login(utilisateur)
    identifiants = base64.b64encode(f"{utilisateur.email}:{MOT_DE_PASSE}".encode()).decode()
    basic = {"HTTP_AUTHORIZATION": f"Basic {identifiants}"}
    for _ in range(60):
        assert client.get(TERRITOIRE_INCONNU, **basic).status_code == 404
    assert client.get(TERRITOIRE_INCONNU, **basic).status_code == 429


def test_des_identifiants_faux_ne_sont_pas_lus(client, geographie):
    """The API authenticates no one: wrong HTTP Basic credentials are not a 401."""
    basic = {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(b"x@exemple.fr:faux").decode()}
    assert client.get("/api/v1/territoires/pays:BE/", **basic).status_code == 200


def test_api_limite_anonyme_change_la_limite_ou_la_supprime(client, settings):
    settings.API_LIMITE_ANONYME = "3/min"
    for _ in range(3):
        assert client.get(TERRITOIRE_INCONNU).status_code == 404
    assert client.get(TERRITOIRE_INCONNU).status_code == 429
    assert "3 requêtes par minute" in client.get("/api/").content.decode()

    settings.API_LIMITE_ANONYME = None  # as the benchmark does
    cache.clear()
    for _ in range(61):
        assert client.get(TERRITOIRE_INCONNU).status_code == 404
    assert "Aucune limite de débit" in client.get("/api/").content.decode()
