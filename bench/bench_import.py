"""Import benchmark (`make bench`, BENCH=import): a partner's 10,000-row CSV, checked
and written, as the Celery task does it (imports.services.traiter, in this process).

Runs in a database of its own (BENCH_IMPORT_DATABASE_NAME, default
pratiques_bench_import), created, migrated and dropped here, with the territories of
the shipped snapshot. The file (BENCH_IMPORT_LIGNES rows, default 10,000) has every
column of a full fiche, spread over 300 real communes and the vocabularies; the
organisation is not trusted, so every fiche goes to moderation (the common case).
Prints the time of the import (validation + writes) against its target, 60 s, then
the time of importing the same file again (nothing to change).
"""

import csv
import io
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

from bench.outils import administrer  # noqa: E402

BASE = os.environ.get("BENCH_IMPORT_DATABASE_NAME", "pratiques_bench_import")
LIGNES = int(os.environ.get("BENCH_IMPORT_LIGNES", "10000"))
CIBLE = 60.0  # seconds for LIGNES = 10,000


def fichier(communes: list[str], codes: dict[str, list[str]]) -> bytes:
    from imports.schema import COLONNES_IMPORT

    def choix(champ, rang, nombre=1):
        valeurs = codes[champ]
        return " | ".join(valeurs[(rang + i * 7) % len(valeurs)] for i in range(nombre))

    sortie = io.StringIO()
    ecrivain = csv.DictWriter(sortie, fieldnames=[c.nom for c in COLONNES_IMPORT], delimiter=";")
    ecrivain.writeheader()
    for rang in range(LIGNES):
        ecrivain.writerow(
            {
                "identifiant_externe": f"bench-{rang:05d}",
                "titre": f"Une action collective numéro {rang} pour les habitants",
                "resume": "Des habitants et des professionnels construisent ensemble une "
                f"réponse à un besoin du quartier (action {rang}).",
                "thematiques_codes": choix("thematiques", rang, 2),
                "formes_intervention_codes": choix("formes_intervention", rang),
                "publics_codes": choix("publics", rang, 2),
                "niveau_participation_code": choix("niveaux_participation", rang),
                "territoires_references": f"commune:{communes[rang % len(communes)]}",
                "echelle_code": "commune",
                "contexte": "Un diagnostic partagé a montré l’isolement de nombreuses familles. "
                * 3,
                "objectifs": "Créer du lien, rendre les habitants acteurs, ouvrir les droits.",
                "description": "Des rencontres chaque semaine, des ateliers, une fête de "
                "quartier\u00a0; les habitants choisissent les thèmes et animent. " * 4,
                "porteur_nom": f"Centre social {rang % 500}",
                "porteur_type_code": "centre_social",
                "partenaires_noms": "CAF | Commune",
                "partenaires_types": "caf | commune",
                "partenaires_roles": "Financement | Mise à disposition d’une salle",
                "moyens_humains": "Deux animateurs, dix bénévoles.",
                "budget_code": "5k_20k",
                "leviers": "La confiance entre habitants et professionnels.",
                "freins": "Le renouvellement des bénévoles.",
                "resultats": "Une centaine de familles touchées chaque année.",
                "statut_action_code": "en_cours",
                "date_debut": f"{2010 + rang % 14}-09-01",
                "date_debut_precision": "mois",
                "liens_urls": "https://exemple.org/action",
                "liens_titres": "Présentation",
            }
        )
    return sortie.getvalue().encode()


def importer(organisation, contenu: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction

    from imports import services
    from imports.models import Import

    with transaction.atomic():
        import_ = services.envoyer(
            organisation, SimpleUploadedFile("bench.csv", contenu), simulation=False
        )
        transaction.set_rollback(False)
    debut = time.perf_counter()
    services.traiter(import_.pk)
    duree = time.perf_counter() - debut
    return Import.objects.get(pk=import_.pk), duree


def main() -> int:
    from django.conf import settings

    settings.DATABASES["default"]["NAME"] = BASE
    settings.MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="bench-import-"))
    django.setup()
    from django.core.management import call_command
    from django.db import connections

    print(f"[bench:import] base {BASE} (créée, migrée, puis supprimée)")
    administrer(f'DROP DATABASE IF EXISTS "{BASE}"')
    administrer(f'CREATE DATABASE "{BASE}"')
    try:
        call_command("migrate", verbosity=0)
        from comptes.models import Organisation
        from pratiques.contenu import VOCABULAIRE_MULTIPLE
        from pratiques.models import Fiche, NiveauParticipation, Thematique
        from territoires.models import Territoire
        from territoires.services import importer_territoires

        importer_territoires()
        communes = list(
            Territoire.objects.filter(niveau="commune", actif=True)
            .order_by("-population")
            .values_list("code", flat=True)[:300]
        )
        codes = {
            champ: list(m.objects.values_list("code", flat=True))
            for champ, m in VOCABULAIRE_MULTIPLE.items()
        }
        codes["niveaux_participation"] = list(
            NiveauParticipation.objects.values_list("code", flat=True)
        )
        assert Thematique.objects.exists()
        contenu = fichier(communes, codes)
        organisation = Organisation.objects.create(nom="Partenaire du banc d’essai", type="caf")

        premier, duree = importer(organisation, contenu)
        second, duree_reimport = importer(organisation, contenu)
        fiches = Fiche.objects.count()
    finally:
        connections.close_all()
        administrer(f'DROP DATABASE IF EXISTS "{BASE}"')

    print(
        f"[bench:import] {LIGNES} lignes ({len(contenu) / 1e6:.1f} Mo)\u00a0: "
        f"{premier.creees} créées, {premier.rejetees} rejetées, {fiches} fiches en base"
    )
    print(
        f"[bench:import] import (vérification + écriture)\u00a0: {duree:.1f} s — "
        f"cible ≤ {CIBLE:.0f} s"
    )
    print(
        f"[bench:import] même fichier réimporté\u00a0: {duree_reimport:.1f} s, "
        f"{second.inchangees} inchangées, {second.creees + second.modifiees} écritures"
    )
    ok = premier.creees == LIGNES and second.inchangees == LIGNES and duree <= CIBLE
    return 0 if ok or os.environ.get("BENCH_STRICT") != "1" else 1


if __name__ == "__main__":
    sys.exit(main())
