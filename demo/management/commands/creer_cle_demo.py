"""A demo API key for the demo partner (development only; idempotent).

The demo partner account (creer_comptes_demo) manages the keys of the demo
organisation; its key is printed once, when created. Run again, the command says a
key exists and prints nothing secret; `--nouvelle` revokes it and prints a new one.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from comptes.models import Utilisateur
from partenaires import services
from partenaires.models import CleApi, Portee

PARTENAIRE_DEMO = "partenaire@demo.pratiques.local"
NOM_DE_LA_CLE = "Clé de démonstration"


class Command(BaseCommand):
    help = "Create the demo partner's API key and print it once (development only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--nouvelle",
            action="store_true",
            help="Revoke the demo key and print a new one.",
        )

    def handle(self, *args, nouvelle=False, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo keys are never created in production.")
        partenaire = Utilisateur.objects.filter(email=PARTENAIRE_DEMO).first()
        if partenaire is None:
            call_command("creer_comptes_demo", stdout=self.stdout)
            partenaire = Utilisateur.objects.get(email=PARTENAIRE_DEMO)
        if not partenaire.gere_les_cles:
            partenaire.gere_les_cles = True
            partenaire.save(update_fields=["gere_les_cles"])
        organisation = partenaire.organisation
        existantes = CleApi.objects.utilisables().filter(
            organisation=organisation, name=NOM_DE_LA_CLE
        )
        if existantes.exists() and not nouvelle:
            cle = existantes.first()
            self.stdout.write(
                f"Demo API key of « {organisation} » already exists (prefix {cle.prefix}); "
                "it is shown only when created: run `manage.py creer_cle_demo --nouvelle` "
                "for a new one."
            )
            return
        for ancienne in existantes:
            services.revoquer_cle(partenaire, ancienne)
        cle, texte = services.creer_cle(
            partenaire,
            organisation,
            nom=NOM_DE_LA_CLE,
            portees=[Portee.LECTURE, Portee.IMPORT, Portee.WEBHOOKS],
        )
        self.stdout.write(
            self.style.SUCCESS(f"Demo API key of « {organisation} » (shown once): {texte}")
        )
        self.stdout.write(
            f'  curl -H "Authorization: Api-Key {texte}" {settings.SITE_URL}/api/v1/pratiques/'
        )
