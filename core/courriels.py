"""The e-mail outbox: messages are stored in the caller's transaction (EmailSortant),
then delivered one by one under SKIP LOCKED, retried with backoff, swept when no task
picked them up, and purged once sent.

Nothing here talks to Celery: core.mail.OutboxBackend stores a message and asks a
worker after commit; core.tasks are thin wrappers around the functions below.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone

from core.models import EmailSortant

logger = logging.getLogger(__name__)


# Delay before the n-th retry: 1, 2, 4, 8 … minutes, capped at six hours.
def _delai_avant_nouvel_essai(tentatives: int) -> timedelta:
    return timedelta(minutes=min(2 ** (tentatives - 1), 360))


def mettre_en_file(message) -> EmailSortant:
    """Store a Django EmailMessage in the outbox, in the caller's transaction.

    Delivery is asked for by the caller once the transaction commits (the e-mail
    backend, core.mail, does); the beat sweep delivers whatever nobody asked for.
    """
    if getattr(message, "attachments", None):
        raise ValueError("Outbox messages cannot carry attachments; link to the file instead.")
    html = ""
    for contenu, type_mime in getattr(message, "alternatives", []):
        if type_mime == "text/html":
            html = contenu
    return EmailSortant.objects.create(
        expediteur=message.from_email or settings.DEFAULT_FROM_EMAIL,
        destinataires=list(message.to),
        copie=list(message.cc),
        copie_cachee=list(message.bcc),
        repondre_a=list(message.reply_to),
        sujet=message.subject,
        corps_texte=message.body,
        corps_html=html,
        en_tetes=dict(message.extra_headers),
    )


def _message_django(courriel: EmailSortant) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=courriel.sujet,
        body=courriel.corps_texte,
        from_email=courriel.expediteur,
        to=courriel.destinataires,
        cc=courriel.copie,
        bcc=courriel.copie_cachee,
        reply_to=courriel.repondre_a,
        headers=courriel.en_tetes,
        connection=get_connection(settings.OUTBOX_DELIVERY_BACKEND),
    )
    if courriel.corps_html:
        message.attach_alternative(courriel.corps_html, "text/html")
    return message


def envoyer(courriel_id: int) -> bool:
    """Deliver one pending e-mail. Returns True if it was sent by this call.

    The row is locked (SKIP LOCKED) for the duration of the delivery so that a task
    and the beat sweep never send the same message twice.
    """
    with transaction.atomic():
        courriel = (
            EmailSortant.objects.select_for_update(skip_locked=True)
            .filter(pk=courriel_id, statut=EmailSortant.Statut.EN_ATTENTE)
            .first()
        )
        if courriel is None:
            return False
        courriel.tentatives += 1
        try:
            _message_django(courriel).send()
        except Exception as erreur:  # noqa: BLE001 — any transport error is retried
            courriel.derniere_erreur = f"{type(erreur).__name__}: {erreur}"[:2000]
            if courriel.tentatives >= settings.OUTBOX_MAX_ATTEMPTS:
                courriel.statut = EmailSortant.Statut.ECHEC
                logger.error(
                    "E-mail %s abandoned after %s attempts", courriel.pk, courriel.tentatives
                )
            else:
                courriel.prochain_essai_le = timezone.now() + _delai_avant_nouvel_essai(
                    courriel.tentatives
                )
            courriel.save(
                update_fields=["tentatives", "derniere_erreur", "statut", "prochain_essai_le"]
            )
            return False
        courriel.statut = EmailSortant.Statut.ENVOYE
        courriel.envoye_le = timezone.now()
        courriel.derniere_erreur = ""
        courriel.save(update_fields=["tentatives", "derniere_erreur", "statut", "envoye_le"])
        return True


def renvoyer_en_attente(*, anciennete=timedelta(seconds=30), lot=200) -> int:
    """Deliver pending e-mails that no task picked up (broker outage, lost worker).

    Messages younger than `anciennete` are left to the task queued at commit time.
    """
    limite = timezone.now() - anciennete
    ids = list(
        EmailSortant.objects.a_envoyer()
        .filter(cree_le__lte=limite)
        .order_by("prochain_essai_le")
        .values_list("pk", flat=True)[:lot]
    )
    return sum(envoyer(pk) for pk in ids)


def purger_envoyes(*, conservation=timedelta(days=90)) -> int:
    """Delete delivered e-mails older than the retention period (they hold addresses)."""
    supprimes, _ = EmailSortant.objects.filter(
        statut=EmailSortant.Statut.ENVOYE, envoye_le__lt=timezone.now() - conservation
    ).delete()
    return supprimes
