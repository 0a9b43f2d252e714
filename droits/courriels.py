"""The e-mails of this app, through the outbox (core.courriels via Django's backend)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string


def envoyer(gabarit: str, destinataire: str, contexte: dict) -> None:
    contexte = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **contexte}
    sujet = render_to_string(f"droits/emails/{gabarit}_sujet.txt", contexte).strip()
    corps = render_to_string(f"droits/emails/{gabarit}.txt", contexte)
    send_mail(sujet, corps, None, [destinataire])
