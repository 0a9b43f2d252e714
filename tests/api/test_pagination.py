"""The pagination conventions (api/pagination.py), on both lists: `page_size` 20 by
default and 100 at most; /api/v1/territoires/ still reads `taille`, its former name."""

import pytest

from api import pagination
from pratiques.api.pagination import PaginationPratiques
from territoires.api.views import TerritoirePagination

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("geographie")]

TERRITOIRES = "/api/v1/territoires/"


def nombre(client, parametres) -> int:
    reponse = client.get(TERRITOIRES, {"niveau": "commune", **parametres})
    assert reponse.status_code == 200, reponse.content[:500]
    return len(reponse.json()["results"])


@pytest.mark.parametrize(
    ("parametres", "attendu"),
    [
        ({}, 20),
        ({"page_size": 7}, 7),
        ({"page_size": 1000}, 100),
        ({"page_size": "abc"}, 20),
        ({"page_size": 0}, 20),
        ({"taille": 5}, 5),
        ({"taille": 1000}, 100),
        ({"page_size": 7, "taille": 5}, 7),
    ],
)
def test_les_territoires_suivent_la_convention_de_taille_de_page(client, parametres, attendu):
    assert nombre(client, parametres) == attendu


def test_le_lien_suivant_garde_la_taille_demandee(client):
    suivante = client.get(TERRITOIRES, {"niveau": "commune", "taille": 5}).json()["next"]
    assert "page=2" in suivante
    assert len(client.get(suivante).json()["results"]) == 5


def test_les_deux_listes_partagent_les_conventions():
    for classe in (PaginationPratiques, TerritoirePagination):
        assert issubclass(classe, pagination.ConventionsDePagination)
        assert classe.page_size == pagination.TAILLE_PAR_DEFAUT == 20
        assert classe.max_page_size == pagination.TAILLE_MAX == 100
        assert classe.page_size_query_param == "page_size"


def test_le_schema_documente_page_size_partout_et_taille_comme_obsolete(client):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    for chemin, elements in (
        ("/api/v1/territoires/", "territoires"),
        ("/api/v1/pratiques/", "fiches"),
    ):
        parametres = {p["name"]: p for p in schema["paths"][chemin]["get"]["parameters"]}
        description = parametres["page_size"]["description"]
        assert description.startswith(
            f"Nombre de {elements} par page\u00a0: 20 par défaut, 100 au plus"
        )
    parametres = {p["name"]: p for p in schema["paths"][TERRITOIRES]["get"]["parameters"]}
    assert parametres["taille"]["deprecated"] is True
    assert "page" in parametres
