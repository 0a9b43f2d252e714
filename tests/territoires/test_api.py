"""The read API: /api/v1/territoires/ (list with filters, detail by reference)."""

import pytest

pytestmark = pytest.mark.django_db

URL = "/api/v1/territoires/"


def references(reponse) -> list[str]:
    return [t["reference"] for t in reponse.json()["results"]]


def test_la_liste_filtree_par_niveau_et_parent_donne_les_epci_du_nord(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        reponse = client.get(URL, {"parent": "departement:59", "niveau": "epci"})
    assert reponse.status_code == 200
    donnees = reponse.json()
    assert donnees["count"] == 17
    assert "epci:200093201" in references(reponse)


def test_le_filtre_dans_donne_les_communes_d_un_departement_a_tous_les_niveaux(client):
    reponse = client.get(URL, {"dans": "departement:2A", "niveau": "commune", "taille": 100})
    assert reponse.json()["count"] == 124
    assert "commune:2A004" in references(reponse)


def test_la_recherche_q_suit_le_classement_de_l_autocompletion(client):
    reponse = client.get(URL, {"q": "st etienne"})
    assert references(reponse)[0] == "commune:42218"
    assert references(client.get(URL, {"q": "75011"}))[0] == "arrondissement:75111"


def test_le_detail_donne_les_ancetres_les_parents_et_le_lien_vers_les_enfants(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        reponse = client.get(f"{URL}commune:59350/")
    assert reponse.status_code == 200
    lille = reponse.json()
    assert lille["nom"] == "Lille"
    assert lille["niveau"] == "commune"
    assert [a["reference"] for a in lille["ancetres"]] == [
        "pays:FR",
        "region:32",
        "departement:59",
        "epci:200093201",
    ]
    assert lille["ancetres"][2]["url"] == "http://testserver/api/v1/territoires/departement:59/"
    assert lille["parents"] == ["epci:200093201"]
    assert lille["enfants"] == "http://testserver/api/v1/territoires/?parent=commune:59350"
    assert lille["page"] == "http://testserver/territoires/commune/59350/"
    assert "59000" in lille["codes_postaux"]


def test_le_detail_d_un_departement_corse_et_d_un_pays_etranger(client):
    assert client.get(f"{URL}departement:2A/").json()["nom"] == "Corse-du-Sud"
    belgique = client.get(f"{URL}pays:BE/").json()
    assert (belgique["nom"], belgique["ancetres"]) == ("Belgique", [])


@pytest.mark.parametrize(
    ("parametres", "champ"),
    [
        ({"niveau": "canton"}, "niveau"),
        ({"parent": "commune:00000"}, "parent"),
        ({"parent": "59"}, "parent"),
        ({"dans": "quartier:1"}, "dans"),
        ({"q": "x" * 101}, "q"),
    ],
)
def test_une_valeur_de_filtre_inconnue_repond_400_avec_un_message(client, parametres, champ):
    reponse = client.get(URL, parametres)
    assert reponse.status_code == 400
    assert reponse["Content-Type"] == "application/json"
    assert reponse.json()[champ]


def test_une_reference_inconnue_repond_404(client):
    reponse = client.get(f"{URL}commune:00000/")
    assert reponse.status_code == 404
    assert reponse.json() == {
        "detail": "Aucun territoire ne correspond à cette référence.",
        "code": "not_found",
    }


def test_la_liste_est_paginee(client):
    reponse = client.get(URL, {"niveau": "commune", "taille": 5})
    donnees = reponse.json()
    assert len(donnees["results"]) == 5
    assert donnees["count"] == 34969
    assert donnees["next"]


def test_le_schema_openapi_decrit_les_territoires(client):
    reponse = client.get("/api/v1/schema/")
    assert reponse.status_code == 200
    schema = reponse.content.decode()
    assert "/api/v1/territoires/{reference}/" in schema
    assert "parent" in schema and "niveau" in schema
