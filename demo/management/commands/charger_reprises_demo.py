"""Load a few demo reprises (essaimage) on the demo fiches: the Fives co-formation taken
up in the Pas-de-Calais, Seine-Maritime and Marseille, the "communauté autour de bébé"
in Lille, all published; one more waiting in the moderation queue.

Idempotent: a reprise already declared by the demo contributor on that fiche and
territory is left alone. The demo fiches and accounts must be loaded first (earlier
steps of `preparer_donnees`). Declaring and publishing go through the services, which
keep the fiches' counts.
"""

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from comptes.models import Utilisateur
from essaimage import services
from essaimage.models import Reprise
from pratiques.models import Fiche
from territoires.models import Territoire

SOURCE_FICHES = "rapport-egts-2015"  # pratiques' charger_fiches_demo
AUTEUR = "contributrice@demo.pratiques.local"
MODERATEUR = "admin@demo.pratiques.local"
# (demo fiche, territory, since, what was kept, what was adapted, published)
REPRISES = [
    ("p15", "commune:62119", date(2023, 10, 1), "Le croisement des savoirs entre "
     "professionnels et personnes accompagnées, avec un tiers animateur.",
     "Trois journées au lieu de cinq, dans les locaux de la maison du département.", True),
    ("p15", "departement:76", date(2024, 3, 1), "La formation commune et ses règles de "
     "parole.", "Ouverte aussi aux bénévoles des associations caritatives.", True),
    ("p15", "commune:13055", date(2024, 9, 1), "Le principe des groupes de pairs avant la "
     "mise en commun.", "Un groupe par arrondissement, puis une journée commune.", True),
    ("p03", "commune:59350", date(2025, 1, 1), "Les rencontres entre parents autour de la "
     "naissance, avec la PMI.", "Un rendez-vous mensuel au centre social.", True),
    ("p03", "commune:18201", date(2025, 6, 1), "Les ateliers parents-bébés.", "", False),
]  # fmt: skip


class Command(BaseCommand):
    help = "Charge quelques reprises de démonstration sur les fiches de démonstration."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo reprises are never loaded in production.")
        try:
            auteur = Utilisateur.objects.get(email=AUTEUR)
            moderateur = Utilisateur.objects.get(email=MODERATEUR)
        except Utilisateur.DoesNotExist:
            raise CommandError("Créez d’abord les comptes : creer_comptes_demo.") from None
        creees = 0
        with transaction.atomic():
            for identifiant, reference, depuis, garde, adapte, publier in REPRISES:
                fiche = Fiche.objects.filter(
                    source_import=SOURCE_FICHES, identifiant_externe=identifiant
                ).first()
                try:
                    territoire = Territoire.objects.par_reference(reference)
                except (ValueError, Territoire.DoesNotExist):
                    territoire = None
                if fiche is None or territoire is None:
                    raise CommandError(
                        f"Fiche {identifiant} ou territoire {reference} introuvable : chargez "
                        "d’abord la géographie et les fiches de démonstration."
                    )
                if Reprise.objects.filter(
                    fiche_source=fiche, territoire=territoire, auteur=auteur
                ).exists():
                    continue
                reprise = services.declarer(
                    fiche, par=auteur, territoire=territoire, depuis=depuis, garde=garde,
                    adapte=adapte, contact_autorise=True,
                )  # fmt: skip
                if publier:
                    services.publier(reprise, par=moderateur)
                creees += 1
        self.stdout.write(
            f"Reprises de démonstration : {creees} créée(s), {len(REPRISES) - creees} déjà là."
        )
