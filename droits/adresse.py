"""Changing one's e-mail address (docs/domaine.md §20): a signed link is sent to the
new address; the change happens when its owner opens it and confirms (POST). The
link carries the old address, so it works once, and expires."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from comptes.models import Utilisateur
from droits import courriels

SEL = "droits.changement-adresse"
VALIDITE = timedelta(days=2)


class LienInvalide(Exception):
    """A link that is altered, expired or already used (message in French)."""


class AdresseDejaPrise(Exception):
    pass


def _libre(email: str, personne: Utilisateur) -> bool:
    return not Utilisateur.objects.filter(email__iexact=email).exclude(pk=personne.pk).exists()


def demander(personne: Utilisateur, nouvelle: str) -> None:
    nouvelle = nouvelle.strip().lower()
    if not _libre(nouvelle, personne):
        raise AdresseDejaPrise("Un compte existe déjà avec cette adresse e-mail.")
    jeton = signing.dumps(
        {"id": personne.pk, "ancienne": personne.email, "nouvelle": nouvelle}, salt=SEL
    )
    lien = settings.SITE_URL + reverse("droits:confirmer_adresse", kwargs={"jeton": jeton})
    courriels.envoyer(
        "changement_adresse", nouvelle, {"lien": lien, "validite_jours": VALIDITE.days}
    )
    courriels.envoyer("changement_adresse_prevenir", personne.email, {"nouvelle": nouvelle})


def lire(jeton: str) -> dict:
    try:
        donnees = signing.loads(jeton, salt=SEL, max_age=VALIDITE)
    except signing.SignatureExpired as erreur:
        raise LienInvalide(
            "Ce lien a expiré. Demandez à nouveau le changement depuis « Mon compte »."
        ) from erreur
    except signing.BadSignature as erreur:
        raise LienInvalide("Ce lien de confirmation n’est pas valide.") from erreur
    return donnees


@transaction.atomic
def confirmer(jeton: str) -> Utilisateur:
    donnees = lire(jeton)
    personne = (
        Utilisateur.objects.select_for_update()
        .filter(pk=donnees["id"], email=donnees["ancienne"], is_active=True)
        .first()
    )
    if personne is None:
        raise LienInvalide("Ce lien a déjà servi ou ne correspond plus à votre compte.")
    if not _libre(donnees["nouvelle"], personne):
        raise LienInvalide("Un compte existe déjà avec cette adresse e-mail.")
    personne.email = donnees["nouvelle"]
    personne.email_confirme_le = timezone.now()
    personne.save(update_fields=["email", "email_confirme_le"])
    return personne
