"""The nightly dump run by a real Celery worker: the files it writes through the
storage are the ones its records describe."""

import hashlib
import importlib

import pytest
from django.apps import apps
from django.core.files.storage import default_storage

from donnees.models import Depot
from donnees.tasks import deposer_exports
from pratiques import services
from tests.outils import attendre
from tests.pratiques.factories import Geographie, contenu_complet

# The worker reads what the test committed.
pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def vocabulaires():
    """Seeded again: a previous transactional test may have flushed them."""
    importlib.import_module("pratiques.migrations.0002_vocabulaires").semer(apps, None)


@pytest.fixture
def fichiers_deposes():
    """The worker writes to the default storage (MEDIA_ROOT, the same as this
    process's): remove what it wrote."""
    yield
    for nom in Depot.objects.values_list("fichier", flat=True):
        default_storage.delete(nom)


def test_le_worker_depose_les_exports_decrits_par_leurs_enregistrements(
    worker_celery, vocabulaires, fichiers_deposes
):
    Geographie()
    for i in range(2):
        services.importer(
            contenu=contenu_complet(titre=f"Pratique déposée par le worker {i}"),
            source="tests-worker",
            identifiant=str(i),
            publier=True,
        )

    deposer_exports.delay()

    depots = attendre(lambda: list(Depot.objects.all()) if Depot.objects.count() == 2 else None)
    assert depots, "the worker did not record the dumps"
    assert {d.format for d in depots} == {"csv", "json"}
    for depot in depots:
        with default_storage.open(depot.fichier.name, "rb") as fichier:
            octets = fichier.read()
        assert depot.nombre_fiches == 2
        assert depot.taille == len(octets)
        assert depot.sha256 == hashlib.sha256(octets).hexdigest()
        assert "Pratique déposée par le worker 1".encode() in octets
