"""The API's first pages from the search cache (pratiques.recherche.cache), keyed by the
page's statement and the corpus version: a repeated first page is served with one
small query, and every kind of change — publication, revision, archival, vocabulary
label, place name, synonym — is seen at once (each test would fail if a stale page
were served). Cursor pages are not cached."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pratiques import services
from pratiques.models import Synonyme, Thematique
from territoires.models import Territoire
from tests.pratiques.factories import contenu_complet

pytestmark = pytest.mark.django_db

URL = "/api/v1/pratiques/"


def _liste(client, **parametres) -> dict:
    reponse = client.get(URL, parametres, HTTP_ACCEPT="application/json")
    assert reponse.status_code == 200, reponse.content
    return reponse.json()


def _titres(client, **parametres) -> list[str]:
    return [fiche["titre"] for fiche in _liste(client, **parametres)["results"]]


def _de_l_index(capture) -> list[str]:
    return [q["sql"] for q in capture.captured_queries if "pratiques_indexrecherche" in q["sql"]]


@pytest.fixture
def fiche(publier):
    return publier(titre="Un jardin partagé", territoires=["commune:62041"])


@pytest.mark.parametrize(
    "parametres",
    [{}, {"q": "jardin"}, {"q": "jardin", "ordering": "pertinence"}, {"ordering": "modifiee_le"}],
)
def test_une_premiere_page_repetee_vient_du_cache(client, fiche, parametres):
    with CaptureQueriesContext(connection) as premiere:
        attendu = _liste(client, **parametres)
    with CaptureQueriesContext(connection) as seconde:
        assert _liste(client, **parametres) == attendu
    assert attendu["total"] == 1 and attendu["results"][0]["titre"] == "Un jardin partagé"
    assert _de_l_index(premiere), "the first request computes the page"
    assert not _de_l_index(seconde)
    # The corpus version, nothing else (the filters here need no validation query).
    assert len(seconde) == 1, [q["sql"] for q in seconde.captured_queries]


def test_les_pages_suivantes_ne_viennent_pas_du_cache(client, publier):
    for numero in range(3):
        publier(titre=f"Fiche {numero}")
    premiere = _liste(client, page_size=2)
    suivante = premiere["next"]
    assert suivante
    with CaptureQueriesContext(connection) as deux_fois:
        client.get(suivante, HTTP_ACCEPT="application/json")
        page = client.get(suivante, HTTP_ACCEPT="application/json").json()
    assert len(_de_l_index(deux_fois)) == 2
    assert [f["titre"] for f in page["results"]] == ["Fiche 0"]


def test_les_adresses_suivent_la_requete(client, fiche):
    """The URL pieces are parameters of the statement, hence of the key: a page asked
    over https never shows the http one's addresses."""
    assert _liste(client)["results"][0]["url"].startswith("http://")
    reponse = client.get(URL, HTTP_ACCEPT="application/json", secure=True)
    assert reponse.json()["results"][0]["url"].startswith("https://")


def test_une_publication_se_voit(client, fiche, publier):
    assert _titres(client, q="jardin") == ["Un jardin partagé"]
    publier(titre="Un potager", resume="Un jardin de quartier.")
    assert sorted(_titres(client, q="jardin")) == ["Un jardin partagé", "Un potager"]
    assert _liste(client)["total"] == 2


def test_une_revision_et_un_archivage_se_voient(client, fiche, admin_national):
    assert _titres(client, q="partagé") == ["Un jardin partagé"]
    services.importer(
        contenu=contenu_complet(titre="Un verger partagé", territoires=["commune:62041"]),
        source="tests",
        identifiant="0",
        publier=True,
    )
    assert _titres(client, q="partagé") == ["Un verger partagé"]
    fiche.refresh_from_db()
    services.archiver(fiche, par=admin_national)
    assert _titres(client, q="partagé") == []
    assert _liste(client)["total"] == 0


def _libelle(fiche: dict, code: str) -> str:
    return next(t["libelle"] for t in fiche["thematiques"] if t["code"] == code)


def test_un_libelle_un_nom_de_lieu_et_un_synonyme_se_voient(client, fiche):
    code = "parentalite_familles"
    assert _libelle(_liste(client)["results"][0], code) == "Parentalité, soutien aux familles"
    Thematique.objects.filter(code=code).update(libelle="Familles")
    assert _libelle(_liste(client)["results"][0], code) == "Familles"

    def noms():
        return [t["nom"] for t in _liste(client)["results"][0]["territoires"]]

    assert "Atrecht" not in noms()
    Territoire.objects.filter(niveau="commune", code="62041").update(nom="Atrecht")
    assert noms() == ["Atrecht"]
    assert _titres(client, q="Artois") == []
    Territoire.objects.filter(niveau="departement", code="62").update(nom="Artois")
    assert _titres(client, q="Artois") == ["Un jardin partagé"]

    assert _titres(client, q="potager") == []
    Synonyme.objects.create(termes=["potager", "jardin"])
    assert _titres(client, q="potager") == ["Un jardin partagé"]
