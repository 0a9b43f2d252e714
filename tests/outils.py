"""Small helpers shared by tests."""

import email
import re
import time
from email import policy
from html import unescape
from pathlib import Path

import redis
from django.conf import settings
from django.test import Client

from config.celery import app as celery_app


def attendre(condition, *, delai=15.0, pas=0.1):
    """Poll `condition` until it is truthy or `delai` seconds have passed."""
    echeance = time.monotonic() + delai
    while time.monotonic() < echeance:
        resultat = condition()
        if resultat:
            return resultat
        time.sleep(pas)
    return condition()


def connecte(utilisateur) -> Client:
    """A client of its own, logged in as `utilisateur`."""
    client = Client()
    client.force_login(utilisateur)
    return client


# --- Reading pages ---------------------------------------------------------------------


def texte(html: str) -> str:
    """The visible text, spaces normalised (non-breaking ones included)."""
    sans_balises = unescape(re.sub(r"<[^>]+>", " ", html))
    return " ".join(sans_balises.replace("\u00a0", " ").replace("\u202f", " ").split())


def titre_de_la_page(html: str) -> str:
    """The content of <title>, without the surrounding white space."""
    return re.search(r"<title>\s*(.*?)\s*</title>", html, re.S)[1]


# --- E-mails delivered by a Celery worker (file backend) -------------------------------

SEPARATEUR_COURRIELS = b"-" * 79  # what Django's file backend writes between messages


def courriels_livres(dossier: Path) -> list[email.message.EmailMessage]:
    """The messages the worker's file backend wrote, decoded (subjects are MIME-encoded
    when they hold accents)."""
    messages = []
    for fichier in sorted(dossier.glob("*.log")):
        for bloc in fichier.read_bytes().split(b"\n" + SEPARATEUR_COURRIELS + b"\n"):
            if bloc.strip():
                messages.append(email.message_from_bytes(bloc.lstrip(b"\n"), policy=policy.default))
    return messages


def livre_a(dossier: Path, destinataire: str, sujet_contient: str):
    """The first delivered message to `destinataire` whose subject holds `sujet_contient`."""
    for message in courriels_livres(dossier):
        if destinataire in message["To"] and sujet_contient in message["Subject"]:
            return message
    return None


# --- Beat tasks run by a Celery worker ----------------------------------------------------


def tache_du_beat(nom: str, file: str) -> None:
    """Send the task the beat schedule names, as beat would, and wait until the worker
    has run it (there is no result backend: the queue is empty, nothing is active)."""
    entree = settings.CELERY_BEAT_SCHEDULE[nom]
    celery_app.send_task(entree["task"], args=entree.get("args", ()))
    courtier = redis.Redis.from_url(settings.CELERY_BROKER_URL)

    def au_repos():
        if courtier.llen(file):
            return False
        inspection = celery_app.control.inspect(timeout=0.5)
        en_cours = [inspection.active() or {}, inspection.reserved() or {}]
        return bool(en_cours[0]) and not any(t for par in en_cours for t in par.values())

    assert attendre(au_repos, delai=30), f"the worker did not run {entree['task']}"
