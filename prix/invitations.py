"""Jury invitations: a signed link by e-mail (through the outbox, core.mail), which
the invited person follows to link their account, or to create one."""

import re

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

SEL = "prix.invitation"
VALIDITE = 60 * 60 * 24 * 45  # 45 days, in seconds


def jeton(membre) -> str:
    return signing.dumps({"m": membre.pk, "e": membre.email}, salt=SEL)


def lire(jeton_signe: str) -> dict | None:
    """{"m": pk, "e": email} from a valid link, None otherwise."""
    try:
        return signing.loads(jeton_signe, salt=SEL, max_age=VALIDITE)
    except signing.BadSignature:
        return None


def lien(membre) -> str:
    return settings.SITE_URL + reverse("prix:invitation", args=[jeton(membre)])


def envoyer(membre) -> None:
    contexte = {
        "membre": membre,
        "jury": membre.jury,
        "lien": lien(membre),
        "site_name": settings.SITE_NAME,
    }
    sujet = render_to_string("prix/emails/invitation_sujet.txt", contexte)
    sujet = re.sub(r"\s+", " ", sujet).strip()
    corps = render_to_string("prix/emails/invitation.txt", contexte)
    EmailMessage(sujet, corps, to=[membre.email]).send()
