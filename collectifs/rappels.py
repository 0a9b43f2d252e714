"""Reminders to the animateurs, each sent once (a Rappel row records it): the yearly
report of the year just ended, the end of the recognition three months ahead, and the
renewal once it has expired. Run every day by collectifs.tasks."""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.formats import date_format

from collectifs import notifications
from collectifs.cycle import PREAVIS_JOURS
from collectifs.models import (
    Collectif,
    EtatReconnaissance,
    Rappel,
    RapportAnnuel,
    Reconnaissance,
)


def _une_fois(collectif, type_: str, cle: str, contexte: dict) -> int:
    """Send the reminder unless it was already sent; 1 if it is sent now."""
    with transaction.atomic():
        _, cree = Rappel.objects.get_or_create(collectif=collectif, type=type_, cle=cle)
        if not cree:
            return 0
        notifications.rappel(collectif, type_, contexte)
        return 1


def a_rendre_un_rapport(annee: int):
    """Collectifs recognised during `annee` that have not sent its report."""
    reconnus = Reconnaissance.objects.filter(
        collectif=OuterRef("pk"), debut__lte=date(annee, 12, 31), fin__gte=date(annee, 1, 1)
    )
    rapport = RapportAnnuel.objects.filter(collectif=OuterRef("pk"), annee=annee)
    return Collectif.objects.filter(Exists(reconnus)).exclude(Exists(rapport))


def envoyer_rappels(*, le=None) -> int:
    """Every reminder due on `le` (today by default) and not sent yet; how many."""
    jour = le or timezone.localdate()
    envoyes = 0
    annee = jour.year - 1
    for collectif in a_rendre_un_rapport(annee):
        envoyes += _une_fois(collectif, Rappel.Type.RAPPORT, str(annee), {"annee": annee})
    bientot = Collectif.objects.filter(
        etat=EtatReconnaissance.RECONNU,
        reconnu_jusqu_au__gte=jour,
        reconnu_jusqu_au__lte=jour + timedelta(days=PREAVIS_JOURS),
    )
    for collectif in bientot:
        envoyes += _une_fois(
            collectif,
            Rappel.Type.EXPIRATION,
            collectif.reconnu_jusqu_au.isoformat(),
            {"fin": date_format(collectif.reconnu_jusqu_au, "j F Y")},
        )
    for collectif in Collectif.objects.filter(etat=EtatReconnaissance.EXPIRE):
        envoyes += _une_fois(
            collectif,
            Rappel.Type.RENOUVELLEMENT,
            collectif.reconnu_jusqu_au.isoformat(),
            {"fin": date_format(collectif.reconnu_jusqu_au, "j F Y")},
        )
    return envoyes
