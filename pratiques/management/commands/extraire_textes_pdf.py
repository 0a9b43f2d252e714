from django.core.management.base import BaseCommand

from pratiques import pieces_jointes


class Command(BaseCommand):
    help = (
        "Lit le texte des documents PDF joints avant que leur texte soit gardé, pour que "
        "la garde des données personnelles le relise (à lancer une fois après la mise à "
        "jour ; sans effet sur les PDF qui ont déjà leur texte)."
    )

    def handle(self, *args, **options):
        lus, avec_texte = pieces_jointes.extraire_les_textes_manquants()
        self.stdout.write(f"Documents PDF lus : {lus}, dont {avec_texte} avec un texte.")
