"""Building import files for the tests: rows as the schema names their columns."""

import csv
import io
import json

from django.core.files.uploadedfile import SimpleUploadedFile


def ligne_valide(identifiant="P1", **cellules) -> dict:
    ligne = {
        "identifiant_externe": identifiant,
        "titre": f"Un café des familles {identifiant}",
        "resume": "Un café des familles animé par des parents du quartier, avec le centre social.",
        "thematiques_codes": "parentalite_familles",
        "formes_intervention_codes": "travail_social_communautaire",
        "publics_codes": "parents",
        "territoires_references": "commune:59350",
        "echelle_code": "quartier",
        "description": "Les parents se réunissent chaque semaine et choisissent les thèmes.",
        "porteur_nom": "Centre social de Fives",
        "porteur_type_code": "centre_social",
        "partenaires_noms": "CAF du Nord",
        "partenaires_types": "caf",
        "partenaires_roles": "Financement",
        "statut_action_code": "en_cours",
        "date_debut": "2019-09-01",
        "date_debut_precision": "mois",
    }
    ligne.update(cellules)
    return ligne


def contenu_csv(lignes: list[dict], separateur=";") -> bytes:
    colonnes = list(dict.fromkeys(c for ligne in lignes for c in ligne))
    sortie = io.StringIO()
    ecrivain = csv.DictWriter(sortie, fieldnames=colonnes, delimiter=separateur)
    ecrivain.writeheader()
    ecrivain.writerows(lignes)
    return sortie.getvalue().encode()


def fichier_csv(lignes: list[dict], separateur=";", nom="pratiques.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(nom, contenu_csv(lignes, separateur), content_type="text/csv")


def fichier_json(lignes: list[dict], nom="pratiques.json") -> SimpleUploadedFile:
    return SimpleUploadedFile(nom, json.dumps(lignes).encode(), content_type="application/json")
