from pathlib import Path

from django.core.management.base import BaseCommand

from territoires.services import DONNEES, Referentiel, importer_territoires


class Command(BaseCommand):
    help = (
        "Importe ou met à jour la géographie officielle (COG) depuis l’instantané livré "
        "dans territoires/data. Idempotent\u00a0: ne supprime jamais, désactive."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            dest="simulation",
            help="Affiche ce qui changerait, sans rien enregistrer.",
        )
        parser.add_argument(
            "--dossier",
            type=Path,
            default=DONNEES,
            help="Dossier de l’instantané (par défaut\u00a0: territoires/data).",
        )

    def handle(self, *args, simulation, dossier, **options):
        bilan = importer_territoires(Referentiel.depuis_dossier(dossier), simulation=simulation)
        self.stdout.write(str(bilan))
