"""Search results from the cache (Redis), keyed by the statement and the corpus
version the triggers increment: a repeated search is served from the cache (one small
query), and every kind of change — publication, revision, archival, vocabulary label,
place name, synonym — is seen at once (each test would fail if a stale page were
served)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pratiques import services
from pratiques.models import Synonyme, Thematique, VersionCorpus
from territoires.models import Territoire
from tests.pratiques.factories import contenu_complet

pytestmark = pytest.mark.django_db


def _page(client, **parametres) -> str:
    reponse = client.get("/pratiques/recherche/", parametres)
    assert reponse.status_code == 200
    return reponse.content.decode()


@pytest.fixture
def fiche(publier):
    return publier(titre="Un jardin partagé", territoires=["commune:62041"])


def test_une_recherche_repetee_vient_du_cache(client, fiche):
    with CaptureQueriesContext(connection) as premiere:
        assert "Un jardin partagé" in _page(client, q="jardin", tri="date")
    with CaptureQueriesContext(connection) as seconde:
        assert "Un jardin partagé" in _page(client, q="jardin", tri="date")
    resultats = [
        q["sql"] for q in premiere.captured_queries if "pratiques_indexrecherche" in q["sql"]
    ]
    assert resultats, "the first page computes its results"
    assert not [
        q["sql"] for q in seconde.captured_queries if "pratiques_indexrecherche" in q["sql"]
    ]
    # The whole page is kept: the second one only reads the corpus version.
    assert [q["sql"] for q in seconde.captured_queries] == [
        'SELECT numero FROM "pratiques_versioncorpus" WHERE id = 1'
    ]


def test_une_publication_change_la_version_et_se_voit(client, fiche, publier):
    avant = VersionCorpus.objects.get().numero
    assert "Un potager" not in _page(client, q="jardin")
    publier(titre="Un potager", resume="Un jardin de quartier.")
    assert VersionCorpus.objects.get().numero > avant
    assert "Un potager" in _page(client, q="jardin")


def test_une_revision_et_un_archivage_se_voient(client, fiche, admin_national):
    assert "Un jardin partagé" in _page(client, q="jardin")
    services.importer(
        contenu=contenu_complet(titre="Un verger partagé", territoires=["commune:62041"]),
        source="tests",
        identifiant="0",
        publier=True,
    )
    html = _page(client, q="partagé")
    assert "Un verger partagé" in html and "Un jardin partagé" not in html
    fiche.refresh_from_db()
    services.archiver(fiche, par=admin_national)
    assert "Un verger partagé" not in _page(client, q="partagé")


def test_un_libelle_un_nom_de_lieu_et_un_synonyme_se_voient(client, fiche):
    assert "Parentalité, soutien aux familles (1)" in _page(client)
    Thematique.objects.filter(code="parentalite_familles").update(libelle="Familles")
    assert "Familles (1)" in _page(client)

    assert "Un jardin partagé" not in _page(client, q="Artois")
    Territoire.objects.filter(niveau="departement", code="62").update(nom="Artois")
    assert "Un jardin partagé" in _page(client, q="Artois")

    assert "Un jardin partagé" not in _page(client, q="potager")
    Synonyme.objects.create(termes=["potager", "jardin"])
    assert "Un jardin partagé" in _page(client, q="potager")


def test_la_page_rendue_est_gardee_pour_la_meme_recherche(client, fiche, publier, monkeypatch):
    from decouverte.views import recherche as vue

    rendus = []
    original = vue._groupes
    monkeypatch.setattr(vue, "_groupes", lambda *a: rendus.append(a) or original(*a))
    premiere = _page(client, q="jardin", tri="date")
    seconde = _page(client, q="jardin", tri="date")
    assert len(rendus) == 1, "the second page reuses the rendered page"
    jeton = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
    assert jeton.sub("", seconde) == jeton.sub("", premiere)
    _page(client, q="partagé", tri="date")
    assert len(rendus) == 2, "another search renders its own"
    publier(titre="Un potager", resume="Un jardin de quartier.")
    assert "Un potager" in _page(client, q="jardin", tri="date")
    assert len(rendus) == 3, "a new corpus version renders it again"


def test_la_page_gardee_garde_la_partie_propre_a_la_personne(client, fiche, auteur):
    anonyme = _page(client, q="jardin")
    assert "Il faut être connecté pour suivre une recherche." in anonyme
    client.force_login(auteur)
    connecte = _page(client, q="jardin")
    assert "Il faut être connecté pour suivre une recherche." not in connecte
    assert "Un jardin partagé" in connecte
    jeton = re.search(r'name="csrfmiddlewaretoken" value="([^"]*)"', connecte)
    assert jeton and jeton.group(1) not in anonyme


def test_une_page_en_erreur_n_est_pas_gardee(client, fiche, monkeypatch):
    from decouverte.views import recherche as vue

    rendus = []
    original = vue._groupes
    monkeypatch.setattr(vue, "_groupes", lambda *a: rendus.append(a) or original(*a))
    for _ in range(2):
        assert client.get("/pratiques/recherche/", {"thematique": "inconnue"}).status_code == 400
    assert len(rendus) == 2
