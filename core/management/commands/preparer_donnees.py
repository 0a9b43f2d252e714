from django.core.management import call_command
from django.core.management.base import BaseCommand

# Loaders of reference and demo data, in order. Each is idempotent; later apps
# append theirs here (territories, vocabularies, demo fiches).
ETAPES: list[tuple[str, list[str]]] = []


class Command(BaseCommand):
    help = "Load reference and demo data (idempotent); `make run` calls it after migrate."

    def handle(self, *args, **options):
        for commande, arguments in ETAPES:
            self.stdout.write(f"→ {commande} {' '.join(arguments)}")
            call_command(commande, *arguments)
        self.stdout.write(self.style.SUCCESS(f"{len(ETAPES)} data loader(s) run."))
