from django.core.management.base import BaseCommand

from pratiques.recherche import impasses


class Command(BaseCommand):
    help = (
        "Reconstruit le lexique des suggestions d’orthographe de la recherche (fait aussi "
        "chaque nuit par Celery beat)."
    )

    def handle(self, *args, **options):
        nombre = impasses.reconstruire_lexique()
        self.stdout.write(f"Lexique de la recherche : {nombre} mot(s).")
