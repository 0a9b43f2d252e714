"""The Table Schema, derived from the one declaration of the CSV columns, describes
the CSV that is produced: frictionless validates the one against the other."""

import json

import pytest
from frictionless import Resource, Schema

from donnees.colonnes import COLONNES
from tests.donnees.test_exports import telecharger

pytestmark = pytest.mark.django_db


def valider(chemin, schema: dict):
    resource = Resource(
        path=chemin.name, basepath=str(chemin.parent), schema=Schema.from_descriptor(schema)
    )
    return resource.validate()


def test_le_schema_valide_le_csv_produit(client, corpus, tmp_path):
    schema = client.get("/donnees/schema.json").json()
    chemin = tmp_path / "pratiques.csv"
    chemin.write_bytes(telecharger(client, "/donnees/export.csv"))
    rapport = valider(chemin, schema)
    assert rapport.valid, rapport.flatten(["rowNumber", "fieldName", "type", "note"])
    assert rapport.tasks[0].stats["rows"] == 3


def test_le_schema_refuse_un_code_hors_vocabulaire_et_une_date_invalide(client, corpus, tmp_path):
    """The check can fail: the same CSV with a wrong thématique and a wrong date."""
    schema = client.get("/donnees/schema.json").json()
    contenu = telecharger(client, "/donnees/export.csv").decode()
    contenu = contenu.replace("parentalite_familles", "code_inconnu", 1)
    contenu = contenu.replace("2024-06-30", "30/06/2024", 1)
    chemin = tmp_path / "abime.csv"
    chemin.write_text(contenu)
    rapport = valider(chemin, schema)
    assert not rapport.valid
    erreurs = {(e[0], e[1]) for e in rapport.flatten(["type", "fieldName"])}
    assert ("constraint-error", "thematiques_codes") in erreurs
    assert ("type-error", "date_fin") in erreurs


def test_le_schema_suit_la_declaration_des_colonnes(client, db):
    reponse = client.get("/donnees/schema.json")
    assert reponse["Content-Type"] == "application/json"
    schema = json.loads(reponse.content)
    assert [champ["name"] for champ in schema["fields"]] == [c.nom for c in COLONNES]
    assert schema["primaryKey"] == ["slug"]
    assert schema["licenses"][0]["path"] == (
        "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
    )
    par_nom = {champ["name"]: champ for champ in schema["fields"]}
    assert "co_construction" in par_nom["niveau_participation_code"]["constraints"]["enum"]
    assert par_nom["publiee_le"]["type"] == "datetime"
    assert par_nom["date_debut"]["type"] == "date"
    assert par_nom["thematiques_libelles"]["title"] == "Thématiques (libellés)"
    assert Schema.validate_descriptor(schema).valid
