from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from comptes.models import Organisation, Utilisateur

MOT_DE_PASSE_DEMO = "demo-pratiques-2026"

COMPTES = [
    ("contributrice@demo.pratiques.local", "Camille", "Contributrice", "contributeur"),
    ("moderateur@demo.pratiques.local", "Dominique", "Modérateur", "moderateur"),
    ("admin@demo.pratiques.local", "Alix", "Administratrice", "admin_national"),
    ("partenaire@demo.pratiques.local", "Sacha", "Partenaire", "partenaire"),
]


class Command(BaseCommand):
    help = "Create one demo account per role (development only; idempotent)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo accounts are never created in production.")
        organisation, _ = Organisation.objects.get_or_create(
            nom="CAF de démonstration", defaults={"type": Organisation.Type.CAF}
        )
        for email, prenom, nom, role in COMPTES:
            utilisateur, cree = Utilisateur.objects.get_or_create(
                email=email,
                defaults={
                    "prenom": prenom,
                    "nom": nom,
                    "role": role,
                    "is_active": True,
                    "email_confirme_le": timezone.now(),
                    "organisation": organisation if role == "partenaire" else None,
                    "is_staff": role == "admin_national",
                    "is_superuser": role == "admin_national",
                },
            )
            if cree:
                utilisateur.set_password(MOT_DE_PASSE_DEMO)
                utilisateur.save(update_fields=["password"])
        self.stdout.write(
            f"Demo accounts ({len(COMPTES)}), password « {MOT_DE_PASSE_DEMO} »: "
            + ", ".join(email for email, *_ in COMPTES)
        )
