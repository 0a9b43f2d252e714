"""The import pages in a real browser: send a file as a simulation, follow its
progress (the page polls its status and reloads itself when done), read the rejected
rows with their columns, run the import, download the error report; no serious or
critical axe violation on any of them. The task itself is run by the test (what the
Celery worker does, tested with a real worker in tests/imports), while the page is
open. The waits on the polling page allow for a loaded machine (a poll every 1.5 s,
then a reload)."""

import pytest

from comptes.models import Utilisateur
from imports import services
from imports.models import Import
from pratiques.models import Fiche
from tests.browser.test_partenaires_navigateur import connecte
from tests.comptes.factories import OrganisationFactory, UtilisateurFactory
from tests.imports.outils import contenu_csv, ligne_valide
from tests.pratiques.factories import Geographie

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def page_partenaire(navigateur, live_server, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    # The test plays the worker: nothing is queued, so that a real worker left by an
    # earlier test (with its own MEDIA_ROOT) never takes this import.
    monkeypatch.setattr(services, "_mettre_en_file", lambda import_: None)
    Geographie()
    partenaire = UtilisateurFactory(
        role=Utilisateur.Role.PARTENAIRE, organisation=OrganisationFactory(nom="CAF du Nord")
    )
    contexte, page = connecte(navigateur, live_server, partenaire)
    yield page
    contexte.close()


def test_envoyer_simuler_suivre_puis_lancer_un_import(page_partenaire, audit_axe):
    page = page_partenaire
    page.goto("/partenaires/imports/")
    assert page.get_by_role("heading", level=1).inner_text() == "Imports de pratiques"
    assert page.get_by_role("link", name="schéma d’import (Table Schema, JSON)").is_visible()
    assert audit_axe(page) == []

    page.get_by_role("link", name="Importer un fichier").click()
    page.get_by_role("button", name="Envoyer le fichier").click()
    assert page.get_by_text("Choisissez le fichier à importer.").first.is_visible()
    assert audit_axe(page) == []

    fichier = contenu_csv([ligne_valide("A"), ligne_valide("B", echelle_code="galaxie")])
    page.get_by_label("Fichier à importer").set_input_files(
        files=[{"name": "pratiques.csv", "mimeType": "text/csv", "buffer": fichier}]
    )
    assert page.get_by_label("Simulation d’abord").is_checked()
    page.get_by_role("button", name="Envoyer le fichier").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Import du fichier pratiques.csv"
    assert page.get_by_label("Avancement de l’import").is_visible()
    assert audit_axe(page) == []

    import_ = Import.objects.get()
    services.traiter(import_.pk)  # what the worker does, while the page polls
    page.get_by_text("Vérifié (simulation terminée)").wait_for(timeout=30_000)
    assert page.get_by_role("cell", name="Rejetée").is_visible()
    assert page.get_by_text("Code inconnu «\u00a0galaxie\u00a0»").is_visible()
    assert not Fiche.objects.exists()
    assert audit_axe(page) == []
    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Télécharger le rapport d’erreurs (CSV)").click()
    rapport = telechargement.value.path().read_text(encoding="utf-8-sig")
    assert "2;B;" in rapport and "galaxie" in rapport

    page.get_by_role("button", name="Lancer l’import").click()
    page.get_by_text("L’import est lancé").wait_for(timeout=30_000)
    services.traiter(import_.pk)
    page.get_by_text("Terminé", exact=True).wait_for(timeout=30_000)
    assert Fiche.objects.filter(identifiant_externe="A").count() == 1
    assert audit_axe(page) == []
