"""A worker killed in the middle of a file: another worker resumes the import after
the last committed batch, and no fiche is written twice (acks_late: the message the
dead worker held goes back to the queue once its visibility timeout has passed)."""

import importlib
import os
import signal
import uuid

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile

from config.celery import app as celery_app
from imports import services
from imports.models import Import, LigneImport
from pratiques.models import Fiche
from tests.comptes.factories import OrganisationFactory
from tests.conftest import demarrer_worker
from tests.imports.outils import contenu_csv, ligne_valide
from tests.outils import attendre
from tests.pratiques.factories import Geographie

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

LIGNES = 1500
LOT = 20


@pytest.fixture
def file_propre():
    """A queue that no other worker of the session consumes."""
    nom = f"test-imports-{uuid.uuid4().hex[:8]}"
    precedente = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = nom
    yield nom
    celery_app.conf.task_default_queue = precedente


def test_un_worker_tue_en_plein_fichier_est_relaye_sans_doublon(file_propre, settings, tmp_path):
    importlib.import_module("pratiques.migrations.0002_vocabulaires").semer(apps, None)
    settings.MEDIA_ROOT = tmp_path / "media"
    Geographie()
    organisation = OrganisationFactory()
    environnement = {"MEDIA_ROOT": str(settings.MEDIA_ROOT), "IMPORTS_TAILLE_LOT": str(LOT)}
    journal = open(tmp_path / "workers.log", "w+")  # noqa: SIM115
    premier = demarrer_worker(file_propre, journal, **environnement)
    second = None
    try:
        fichier = contenu_csv([ligne_valide(f"L{rang}") for rang in range(LIGNES)])
        import_ = services.envoyer(
            organisation, SimpleUploadedFile("gros.csv", fichier), simulation=False
        )

        def en_cours():
            return Import.objects.get(pk=import_.pk).dernier_rang_traite >= 3 * LOT

        assert attendre(en_cours, delai=60, pas=0.02), "the first worker never started"
        os.kill(premier.pid, signal.SIGKILL)
        premier.wait(timeout=10)
        arret = Import.objects.get(pk=import_.pk)
        assert arret.etat == Import.Etat.EN_COURS
        assert 0 < arret.dernier_rang_traite < LIGNES, "killed too late to test a resumption"
        # What is committed is exactly the batches done: their fiches and their rows.
        assert Fiche.objects.count() == arret.dernier_rang_traite
        assert LigneImport.objects.count() == arret.dernier_rang_traite

        # Started after the dead worker's message is older than its visibility timeout,
        # the second worker takes it back at once.
        second = demarrer_worker(
            file_propre, journal, CELERY_VISIBILITY_TIMEOUT="1", **environnement
        )

        def termine():
            return Import.objects.get(pk=import_.pk).etat == Import.Etat.TERMINE

        if not attendre(termine, delai=180, pas=0.2):
            journal.seek(0)
            pytest.fail(f"The import was not resumed:\n{journal.read()[-3000:]}")
    finally:
        for processus in (premier, second):
            if processus is not None and processus.poll() is None:
                processus.terminate()
                processus.wait(timeout=20)
        journal.close()

    fin = Import.objects.get(pk=import_.pk)
    assert (fin.creees, fin.rejetees, fin.dernier_rang_traite) == (LIGNES, 0, LIGNES)
    assert Fiche.objects.count() == LIGNES
    assert Fiche.objects.values("identifiant_externe").distinct().count() == LIGNES
    assert LigneImport.objects.filter(import_lie=fin).count() == LIGNES
