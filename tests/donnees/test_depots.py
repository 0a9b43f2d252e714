"""The nightly dumps: written through the storage, recorded with a size and checksum
that match the file, older ones pruned; the data page lists them."""

import hashlib
import json
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from donnees import services
from donnees.models import Depot
from donnees.tasks import deposer_exports
from tests.donnees.conftest import EMAIL_SECRET
from tests.donnees.test_exports import fiches_de_l_api, lignes_csv

pytestmark = pytest.mark.django_db


def contenu(depot: Depot) -> bytes:
    with default_storage.open(depot.fichier.name, "rb") as fichier:
        return fichier.read()


def test_la_tache_depose_un_csv_et_un_json_dont_taille_et_empreinte_correspondent(
    client, corpus, medias, settings
):
    settings.SITE_URL = "https://pratiques.exemple.gouv.fr"
    pks = deposer_exports()  # the task's function, run here
    depots = {d.format: d for d in Depot.objects.filter(pk__in=pks)}
    assert set(depots) == {"csv", "json"}
    for depot in depots.values():
        octets = contenu(depot)
        assert depot.taille == len(octets) > 0
        assert depot.sha256 == hashlib.sha256(octets).hexdigest()
        assert depot.nombre_fiches == 3
        assert (medias / depot.fichier.name).exists()
        assert EMAIL_SECRET.encode() not in octets
    # The same fiches as the API, addresses on the site's own domain.
    api = fiches_de_l_api(client)
    fiches = json.loads(contenu(depots["json"]))
    assert [f["slug"] for f in fiches] == [f["slug"] for f in api]
    assert fiches[0]["page"].startswith("https://pratiques.exemple.gouv.fr/pratiques/")
    assert fiches[0]["url"].startswith("https://pratiques.exemple.gouv.fr/api/v1/pratiques/")
    lignes = lignes_csv(contenu(depots["csv"]))
    assert [ligne["slug"] for ligne in lignes] == [f["slug"] for f in api]


def _ancien(format: str, jours: int) -> Depot:
    nom = default_storage.save(f"donnees/ancien-{format}-{jours}.{format}", ContentFile(b"x"))
    return Depot.objects.create(
        cree_le=timezone.now() - timedelta(days=jours),
        format=format,
        taille=1,
        sha256=hashlib.sha256(b"x").hexdigest(),
        fichier=nom,
        nombre_fiches=0,
    )


def test_les_depots_de_plus_de_sept_jours_sont_supprimes_avec_leur_fichier(corpus, medias):
    vieux = _ancien("csv", 10)
    recent = _ancien("csv", 3)
    services.deposer()
    assert not Depot.objects.filter(pk=vieux.pk).exists()
    assert not default_storage.exists(vieux.fichier.name)
    assert Depot.objects.filter(pk=recent.pk).exists()
    assert default_storage.exists(recent.fichier.name)
    assert Depot.objects.count() == 3


def test_le_dernier_depot_de_chaque_format_est_garde_meme_ancien(db, medias):
    dernier_csv = _ancien("csv", 20)
    plus_vieux = _ancien("csv", 30)
    dernier_json = _ancien("json", 25)
    assert services.purger() == 1
    assert set(Depot.objects.all()) == {dernier_csv, dernier_json}
    assert not default_storage.exists(plus_vieux.fichier.name)


def test_la_tache_est_planifiee_chaque_nuit(settings):
    planifiees = {e["task"]: e for e in settings.CELERY_BEAT_SCHEDULE.values()}
    entree = planifiees["donnees.tasks.deposer_exports"]
    assert entree["schedule"].hour == {2}


def test_un_depot_se_telecharge_tel_quel(client, corpus, medias):
    (depot, _) = services.deposer()
    reponse = client.get(f"/donnees/depots/{depot.pk}/{depot.nom_de_fichier}")
    assert reponse.status_code == 200
    assert b"".join(reponse.streaming_content) == contenu(depot)
    assert reponse["Content-Disposition"].startswith("attachment;")
    assert client.get(f"/donnees/depots/{depot.pk}/autre.csv").status_code == 404
    assert client.get(f"/donnees/depots/{depot.pk + 99}/x.csv").status_code == 404
    default_storage.delete(depot.fichier.name)
    assert client.get(f"/donnees/depots/{depot.pk}/{depot.nom_de_fichier}").status_code == 404
