"""Redis stopped under a running web server (gunicorn) on a Redis of its own: pages,
signed-in pages and the API still answer, /healthz answers 503 naming Redis, a mail is
kept in the outbox (PostgreSQL) rather than lost; once Redis is back the sweep, run by a
real worker, delivers it exactly once."""

import re
import uuid
from datetime import timedelta

import pytest
import requests
from django.conf import settings
from django.test import Client
from django.utils import timezone

from core.models import EmailSortant
from core.tasks import renvoyer_courriels_en_attente
from tests.comptes.factories import UtilisateurFactory
from tests.outils import attendre, courriels_livres
from tests.pannes.outils import (
    ServeurRedis,
    envoyer_tache,
    obtenir,
    port_libre,
    serveur_web,
    url_de_la_base,
    worker_celery,
)

pytestmark = [pytest.mark.panne, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def redis_a_part(tmp_path):
    serveur = ServeurRedis(tmp_path)
    serveur.demarrer()
    yield serveur
    serveur.arreter()


def session_en_base(utilisateur) -> str:
    """A signed-in session written through to PostgreSQL (cached_db)."""
    client = Client()
    client.force_login(utilisateur)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def demander_un_nouveau_mot_de_passe(base: str, email: str) -> requests.Response:
    navigateur = requests.Session()
    formulaire = navigateur.get(f"{base}/compte/mot-de-passe/oubli/", timeout=20)
    assert formulaire.status_code == 200
    jeton = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', formulaire.text)[1]
    return navigateur.post(
        f"{base}/compte/mot-de-passe/oubli/",
        {"csrfmiddlewaretoken": jeton, "email": email},
        headers={"Referer": f"{base}/compte/mot-de-passe/oubli/"},
        allow_redirects=False,
        timeout=20,
    )


def test_redis_arrete_le_site_repond_et_le_courriel_attend_puis_part_une_fois(
    redis_a_part, tmp_path
):
    personne = UtilisateurFactory(email="oubli@exemple.fr")
    session = {settings.SESSION_COOKIE_NAME: session_en_base(personne)}
    file = f"test-redis-{uuid.uuid4().hex[:8]}"
    courriels = tmp_path / "courriels"
    env = {
        "DATABASE_URL": url_de_la_base(),
        "REDIS_URL": redis_a_part.url(0),
        "CELERY_BROKER_URL": redis_a_part.url(1),
        "CELERY_QUEUE": file,
        "CACHE_PAUSE_APRES_PANNE_SECONDES": "0",
        "OUTBOX_DELIVERY_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(courriels),
    }
    with serveur_web(tmp_path, **env) as (base, _):
        assert obtenir(f"{base}/").status_code == 200

        redis_a_part.arreter()
        assert obtenir(f"{base}/").status_code == 200
        assert obtenir(f"{base}/api/v1/pratiques/").status_code == 200  # throttles fail open
        compte = obtenir(f"{base}/compte/", cookies=session)
        assert compte.status_code == 200 and "oubli@exemple.fr" in compte.text
        sante = obtenir(f"{base}/healthz")
        assert sante.status_code == 503
        assert "redis" in sante.json()["down"]
        assert "ConnectionError" in sante.json()["checks"]["redis"]
        assert set(sante.json()["process"]) == {"host", "pid"}

        assert demander_un_nouveau_mot_de_passe(base, personne.email).status_code == 302
        courriel = EmailSortant.objects.get(destinataires=[personne.email])
        assert courriel.statut == EmailSortant.Statut.EN_ATTENTE

        redis_a_part.demarrer()
        assert "redis" not in obtenir(f"{base}/healthz").json()["down"]
    # The beat sweep leaves alone what is younger than 30 s: age the message.
    EmailSortant.objects.filter(pk=courriel.pk).update(
        cree_le=timezone.now() - timedelta(minutes=1)
    )
    with worker_celery(tmp_path, file, **env):
        envoyer_tache(renvoyer_courriels_en_attente, redis_a_part.url(1), file)
        assert attendre(
            lambda: EmailSortant.objects.filter(
                pk=courriel.pk, statut=EmailSortant.Statut.ENVOYE
            ).exists(),
            delai=30,
        )
    livres = [m for m in courriels_livres(courriels) if personne.email in m["To"]]
    assert len(livres) == 1


def test_sans_redis_le_cache_manque_sans_lever_et_les_compteurs_le_disent(settings):
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "LOCATION": f"redis://127.0.0.1:{port_libre()}/0"}
    }
    from django.core.cache import cache

    assert cache.get("cle", "par défaut") == "par défaut"
    cache.set("cle", 1)  # dropped, logged
    assert cache.add("cle", 1) is False
    assert cache.get_many(["cle"]) == {}
    with pytest.raises(Exception):  # noqa: B017 — a count cannot be made up: core.limites decides
        cache.incr("cle")
