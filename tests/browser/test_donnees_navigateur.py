"""The open-data pages in a real browser: the data page with its dumps, the codebook,
and « Télécharger ces résultats » on the search page, which downloads the search's
results; axe-core finds no serious or critical violation."""

import csv
import importlib
import io

import pytest
from django.apps import apps
from playwright.sync_api import expect

from donnees import services
from pratiques import services as pratiques_services
from tests.pratiques.factories import Geographie, contenu_complet

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def corpus(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    importlib.import_module("pratiques.migrations.0002_vocabulaires").semer(apps, None)
    Geographie()
    for i, territoire in enumerate(["commune:59350", "commune:62041"]):
        pratiques_services.importer(
            contenu=contenu_complet(titre=f"Pratique ouverte {i}", territoires=[territoire]),
            source="tests-navigateur",
            identifiant=str(i),
            publier=True,
        )
    return services.deposer()


def test_la_page_des_donnees_et_le_dictionnaire(page, audit_axe, corpus):
    page.goto("/")
    page.get_by_role("link", name="Données ouvertes").click()
    expect(page).to_have_title("Données ouvertes — Pratiques inspirantes")
    expect(page.get_by_role("heading", level=1)).to_have_text("Données ouvertes")
    tableau = page.get_by_role("table", name="Exports disponibles")
    expect(tableau.get_by_role("row")).to_have_count(3)
    expect(tableau).to_contain_text(corpus[0].sha256)
    assert audit_axe(page) == []

    with page.expect_download() as telechargement:
        tableau.get_by_role("link", name="Télécharger l’export CSV").click()
    assert telechargement.value.path().read_bytes().startswith(b"slug,page,url,titre")

    page.get_by_role("link", name="Dictionnaire des données").click()
    expect(page).to_have_title("Dictionnaire des données — Pratiques inspirantes")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dictionnaire des données")
    assert audit_axe(page) == []
    page.get_by_role("link", name="Parentalité, soutien aux familles").click()
    page.wait_for_url("**/pratiques/recherche/?thematique=parentalite_familles")


def test_telecharger_les_resultats_d_une_recherche(page, audit_axe, corpus):
    page.goto("/pratiques/recherche/?departement=62")
    assert audit_axe(page) == []
    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Télécharger ces résultats (CSV)").click()
    lignes = list(csv.DictReader(io.StringIO(telechargement.value.path().read_text())))
    assert [ligne["titre"] for ligne in lignes] == ["Pratique ouverte 1"]
