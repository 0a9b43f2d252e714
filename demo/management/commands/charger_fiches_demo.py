"""Load the demo fiches (demo/data/fiches_demo.json): the 20 practices of the
2015 report and the Belgian articles, published, on real territories.

Idempotent: a fiche whose stored content already equals the fixture is left alone (no
new version, no event); the command says how many were created, updated, unchanged.
The territories must be imported first (`import_territoires`, an earlier step of
`preparer_donnees`): a fiche is never loaded without its places.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from pratiques import contenu as contenus
from pratiques import services
from pratiques.models import Etat, Fiche

FICHIER = Path(__file__).resolve().parents[2] / "data" / "fiches_demo.json"
SOURCE = "rapport-egts-2015"
LISTES_SANS_ORDRE = [*contenus.VOCABULAIRE_MULTIPLE, "territoires"]


def comparable(contenu: dict) -> dict:
    """A content dict in the form `contenu.extraire` reads it back (sorted codes)."""
    propre = contenus.normaliser(contenu)
    for champ in LISTES_SANS_ORDRE:
        propre[champ] = sorted(propre[champ])
    return propre


class Command(BaseCommand):
    help = (
        "Charge les fiches de démonstration (demo/data/fiches_demo.json), publiées. "
        "Idempotent : ne touche pas aux fiches déjà à jour."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fichier", type=Path, default=FICHIER, help="Fixture à charger.")

    def handle(self, *args, fichier, **options):
        entrees = json.loads(fichier.read_text(encoding="utf-8"))
        self._verifier_territoires(entrees)
        existantes = {
            fiche.identifiant_externe: fiche
            for fiche in _avec_contenu(Fiche.objects.filter(source_import=SOURCE))
        }
        bilan = {"crees": 0, "modifies": 0, "inchanges": 0}
        with transaction.atomic():
            for entree in entrees:
                attendu = comparable(entree["contenu"])
                fiche = existantes.get(entree["identifiant"])
                if (
                    fiche is not None
                    and fiche.etat == Etat.PUBLIEE
                    and comparable(contenus.extraire(fiche)) == attendu
                ):
                    bilan["inchanges"] += 1
                    continue
                fiche, cree = services.importer(
                    contenu=entree["contenu"],
                    source=SOURCE,
                    identifiant=entree["identifiant"],
                    publier=True,
                )
                self._verifier_relu(fiche, entree, attendu)
                bilan["crees" if cree else "modifies"] += 1
        self.stdout.write(
            f"Fiches de démonstration : {bilan['crees']} créée(s), {bilan['modifies']} mise(s) "
            f"à jour, {bilan['inchanges']} inchangée(s)."
        )
        if not (bilan["crees"] or bilan["modifies"]):
            self.stdout.write("Aucun changement : les fiches de démonstration sont déjà à jour.")

    def _verifier_territoires(self, entrees) -> None:
        references = sorted({r for e in entrees for r in e["contenu"]["territoires"]})
        trouvees = {t.reference for t in contenus.territoires_references(references)}
        manquantes = [r for r in references if r not in trouvees]
        if manquantes:
            raise CommandError(
                "Territoires introuvables : " + ", ".join(manquantes) + ". Importez d’abord "
                "la géographie officielle : python manage.py import_territoires."
            )

    def _verifier_relu(self, fiche, entree, attendu) -> None:
        """What was stored must read back as the fixture: otherwise a code was unknown
        (and silently dropped) and the next run would never be a no-op."""
        relue = comparable(contenus.extraire(_avec_contenu(Fiche.objects).get(pk=fiche.pk)))
        differents = [champ for champ, valeur in attendu.items() if relue[champ] != valeur]
        if differents:
            raise CommandError(
                f"Fiche {entree['identifiant']} : contenu différent une fois enregistré "
                f"({', '.join(differents)}) — un code de vocabulaire est-il inconnu ?"
            )


def _avec_contenu(fiches):
    """What contenu.extraire reads, in a fixed number of queries."""
    return fiches.select_related("niveau_participation", "porteur_type").prefetch_related(
        "thematiques", "formes_intervention", "publics", "territoires", "partenaires__type"
    )
