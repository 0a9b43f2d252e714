"""What schemathesis once found against /api/v1/schema/, each at the layer that now
prevents it: input errors are 400 with the messages by parameter, never a 500; every
error is JSON; what the schema forbids is refused."""

import pytest

from tests.pratiques.factories import Geographie

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("valeur", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"])
def test_updated_since_hors_du_calendrier_repond_400(client, valeur):
    reponse = client.get("/api/v1/pratiques/", {"updated_since": valeur})
    assert reponse.status_code == 400
    assert reponse.json() == {
        "updated_since": [
            "Date hors des limites\u00a0: donnez une date entre les années 1 et 9999, avec "
            "un fuseau horaire entre -15:59 et +15:59."
        ]
    }


@pytest.mark.parametrize("decalage", ["+23:00", "-16:00", "+14:00"])
def test_updated_since_avec_un_fuseau_que_postgresql_refuse_est_ramene_en_utc(client, decalage):
    """PostgreSQL takes offsets up to 15:59 (a DataError, once a 500, beyond): the
    filter compares in UTC."""
    from pratiques.filters import DateHeureIsoField

    valeur = f"2026-01-01T00:00:00{decalage}"
    assert client.get("/api/v1/pratiques/", {"updated_since": valeur}).status_code == 200
    assert DateHeureIsoField().clean(valeur).utcoffset().total_seconds() == 0


@pytest.mark.parametrize("parametre", ["parent", "dans"])
def test_un_pourcent_dans_une_reference_de_territoire_est_un_400(client, parametre):
    Geographie()
    reponse = client.get("/api/v1/territoires/", {parametre: "100%s"})
    assert reponse.status_code == 400
    assert "100%s" in reponse.json()[parametre][0]
    inconnu = client.get("/api/v1/territoires/", {parametre: "commune:99%"})
    assert inconnu.status_code == 400


def test_un_pourcent_dans_le_territoire_des_pratiques_est_un_400(client):
    reponse = client.get("/api/v1/pratiques/", {"territoire": "commune:5%d"})
    assert reponse.status_code == 400
    assert "« commune:5%d »" in reponse.json()["territoire"][0]


def test_un_tri_vide_est_refuse_comme_le_dit_le_schema(client):
    reponse = client.get("/api/v1/pratiques/", {"ordering": ""})
    assert reponse.status_code == 400
    assert list(reponse.json()) == ["ordering"]


@pytest.mark.parametrize("liste", ["/api/v1/pratiques/", "/api/v1/territoires/"])
def test_page_size_0_donne_la_taille_par_defaut(client, liste):
    assert client.get(liste, {"page_size": 0}).status_code == 200


@pytest.mark.parametrize(
    "adresse",
    ["/api/v1/pratiques/%C3%A9%0A/", "/api/v1/rien/", "/api/v1/territoires/commune:/"],
)
def test_une_adresse_inconnue_de_l_api_repond_404_en_json(client, adresse):
    reponse = client.get(adresse)
    assert reponse.status_code == 404
    assert reponse.json() == {
        "detail": "Aucune ressource de l’API à cette adresse.",
        "code": "not_found",
    }


def test_le_schema_documente_les_erreurs_de_chaque_operation(client):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    erreur = {"$ref": "#/components/schemas/Erreur"}
    assert set(schema["components"]["schemas"]["Erreur"]["required"]) == {"detail", "code"}
    for chemin, methodes in schema["paths"].items():
        for operation in methodes.values():
            reponses = operation["responses"]
            for code in ("401", "403", "429"):
                assert reponses[code]["content"]["application/json"]["schema"] == erreur, (
                    chemin,
                    code,
                )
            assert "WWW-Authenticate" in reponses["401"]["headers"]
            assert "Retry-After" in reponses["429"]["headers"]
            if any(p["in"] == "query" for p in operation.get("parameters", [])):
                assert "400" in reponses, chemin
            if "{" in chemin or "page" in {p["name"] for p in operation.get("parameters", [])}:
                assert reponses["404"]["content"]["application/json"]["schema"] == erreur
            # Reading is open without a key: the key is one option among two; the
            # webhooks and the imports need a key.
            if chemin.startswith(("/api/v1/webhooks/", "/api/v1/imports/")):
                assert operation["security"] == [{"CleApi": []}]
            else:
                assert operation["security"] == [{"CleApi": []}, {}]
