"""Seed the vocabularies from the project's own copy (pratiques/data/vocabulaires.json).

Idempotent: existing codes are updated, never deleted (national administrators may
have edited or deactivated values since)."""

import json
from pathlib import Path

from django.db import migrations

FICHIER = Path(__file__).resolve().parent.parent / "data" / "vocabulaires.json"
MODELES = {
    "thematiques": "Thematique",
    "formes_intervention": "FormeIntervention",
    "publics": "Public",
    "niveaux_participation": "NiveauParticipation",
    "types_structure": "TypeStructure",
}


def semer(apps, schema_editor):
    donnees = json.loads(FICHIER.read_text(encoding="utf-8"))
    for cle, nom_modele in MODELES.items():
        modele = apps.get_model("pratiques", nom_modele)
        for ordre, valeur in enumerate(donnees[cle]):
            modele.objects.update_or_create(
                code=valeur["code"],
                defaults={
                    "libelle": valeur["libelle"],
                    "definition": valeur["definition"],
                    "references": valeur["references"],
                    "ordre": ordre,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("pratiques", "0001_initial")]

    operations = [migrations.RunPython(semer, migrations.RunPython.noop)]
