"""How long personal data is kept (docs/domaine.md §20). REGLES is the one
declaration: the "Données personnelles" page lists it, the nightly task applies it."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db.models import Q
from django.utils import timezone

from core.models import EmailSortant


@dataclass(frozen=True)
class Regle:
    cle: str
    donnees: str
    duree: timedelta
    purger: Callable[[datetime], int]  # deletes what is older than the given limit

    @property
    def jours(self) -> int:
        return self.duree.days


def _messages_relayes(limite):
    # A message relayed to a porteur carries the sender's address as Reply-To.
    return (
        EmailSortant.objects.exclude(repondre_a=[])
        .filter(cree_le__lt=limite)
        .exclude(statut=EmailSortant.Statut.EN_ATTENTE)
        .delete()[0]
    )


def _courriels(limite):
    return EmailSortant.objects.filter(
        Q(statut=EmailSortant.Statut.ENVOYE, envoye_le__lt=limite)
        | Q(statut=EmailSortant.Statut.ECHEC, cree_le__lt=limite)
    ).delete()[0]


def _sessions(limite):
    # Django keeps a session (who is signed in) until it expires; expired ones go.
    return Session.objects.filter(expire_date__lt=timezone.now()).delete()[0]


REGLES = [
    Regle(
        "messages_relayes",
        "messages envoyés aux porteurs de pratiques par le formulaire de contact",
        timedelta(days=30),
        _messages_relayes,
    ),
    Regle(
        "courriels",
        "autres courriels envoyés par la plateforme (ou qui n’ont pu l’être)",
        timedelta(days=90),
        _courriels,
    ),
    Regle(
        "sessions",
        "sessions de connexion, effacées dès leur expiration",
        timedelta(seconds=settings.SESSION_COOKIE_AGE),
        _sessions,
    ),
]


def appliquer(maintenant=None) -> dict[str, int]:
    """Delete what is past its retention period; returns the counts per rule."""
    maintenant = maintenant or timezone.now()
    return {regle.cle: regle.purger(maintenant - regle.duree) for regle in REGLES}
