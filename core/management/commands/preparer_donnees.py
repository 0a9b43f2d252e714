from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

# Loaders of reference data, in order; each is idempotent. Apps append theirs here
# (territories, vocabularies…).
ETAPES: list[tuple[str, list[str]]] = [
    ("import_territoires", []),
]

# Demo data (the demo app's commands), loaded by `make run` but never in production.
ETAPES_DEMO: list[tuple[str, list[str]]] = [
    ("creer_comptes_demo", []),
    ("charger_fiches_demo", []),
    ("reconstruire_lexique", []),  # spelling suggestions over the demo fiches at once
    ("charger_collectifs_demo", []),
    ("charger_prix_demo", []),
    ("charger_reprises_demo", []),
    ("creer_cle_demo", []),
]


class Command(BaseCommand):
    help = "Load reference data, then demo data outside production (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--sans-demo", action="store_true", help="Load reference data only.")

    def handle(self, *args, sans_demo=False, **options):
        etapes = list(ETAPES)
        if not (sans_demo or settings.PRODUCTION):
            etapes += ETAPES_DEMO
        for commande, arguments in etapes:
            self.stdout.write(f"→ {commande} {' '.join(arguments)}")
            call_command(commande, *arguments)
        self.stdout.write(self.style.SUCCESS(f"{len(etapes)} data loader(s) run."))
