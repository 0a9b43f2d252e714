"""Use cases of accounts: sign-up with e-mail confirmation."""

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from comptes.models import Utilisateur

SEL_CONFIRMATION = "comptes.confirmation-email"


class LienInvalide(Exception):
    """A confirmation link that is forged, altered or expired (message in French)."""


def _envoyer(gabarit: str, destinataire: str, contexte: dict) -> None:
    contexte = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **contexte}
    sujet = render_to_string(f"comptes/emails/{gabarit}_sujet.txt", contexte).strip()
    corps = render_to_string(f"comptes/emails/{gabarit}.txt", contexte)
    send_mail(sujet, corps, None, [destinataire])


def jeton_confirmation(utilisateur: Utilisateur) -> str:
    return signing.dumps({"id": utilisateur.pk, "email": utilisateur.email}, salt=SEL_CONFIRMATION)


@transaction.atomic
def inscrire(*, email: str, mot_de_passe: str, prenom: str = "", nom: str = "") -> None:
    """Create an inactive contributor account and e-mail a confirmation link.

    If the address already has an account, nothing is created or changed: its owner
    gets a new confirmation link (account never confirmed) or a pointer to password
    reset. The page answers the same, so sign-up does not reveal who is registered.
    """
    email = Utilisateur.objects.normalize_email(email).strip().lower()
    utilisateur = Utilisateur.objects.filter(email__iexact=email).first()
    if utilisateur is not None and utilisateur.email_confirme_le is not None:
        _envoyer(
            "compte_existant",
            utilisateur.email,
            {"lien": settings.SITE_URL + reverse("comptes:mot_de_passe_oublie")},
        )
        return
    if utilisateur is None:
        utilisateur = Utilisateur.objects.create_user(
            email=email, password=mot_de_passe, prenom=prenom, nom=nom, is_active=False
        )
    lien = settings.SITE_URL + reverse(
        "comptes:confirmation", kwargs={"jeton": jeton_confirmation(utilisateur)}
    )
    validite_jours = settings.INSCRIPTION_LIEN_VALIDITE_SECONDES // 86400
    _envoyer(
        "confirmation",
        utilisateur.email,
        {"utilisateur": utilisateur, "lien": lien, "validite_jours": validite_jours},
    )


@transaction.atomic
def confirmer_email(jeton: str) -> Utilisateur:
    """Activate the account a confirmation link was sent for. Idempotent."""
    try:
        donnees = signing.loads(
            jeton, salt=SEL_CONFIRMATION, max_age=settings.INSCRIPTION_LIEN_VALIDITE_SECONDES
        )
    except signing.SignatureExpired as erreur:
        raise LienInvalide(
            "Ce lien de confirmation a expiré. Inscrivez-vous à nouveau pour en recevoir un autre."
        ) from erreur
    except signing.BadSignature as erreur:
        raise LienInvalide("Ce lien de confirmation n’est pas valide.") from erreur
    utilisateur = (
        Utilisateur.objects.select_for_update()
        .filter(pk=donnees["id"], email__iexact=donnees["email"])
        .first()
    )
    if utilisateur is None:
        raise LienInvalide("Ce lien de confirmation ne correspond à aucun compte.")
    if utilisateur.email_confirme_le is None:
        utilisateur.email_confirme_le = timezone.now()
        utilisateur.is_active = True
        utilisateur.save(update_fields=["email_confirme_le", "is_active"])
    return utilisateur
