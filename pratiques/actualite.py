"""Living fiches (docs/domaine.md §18): is a published fiche still up to date?

A fiche is "à jour" as of the later of its last published change (`modifiee_le`) and
its author's last "toujours d'actualité" (`confirmee_le`). Its author is reminded at
each step of PALIERS_RAPPEL (months after its first publication), by an e-mail with a
signed one-click link (no login) and a link to update it; past SEUIL_ANCIENNETE
months without update nor confirmation, its page, the lists and the API say
"Informations non mises à jour depuis …".

Reminders are sent one fiche per transaction: the RappelActualite rows and the e-mail
(queued in the outbox) are written together, and a unique (fiche, palier) keeps a
second run, or a run after a crash, from sending a step twice.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.core import signing
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Greatest
from django.utils import timezone

from pratiques import notifications
from pratiques.models import Etat, EvenementModeration, Fiche, RappelActualite

logger = logging.getLogger(__name__)

# The one declaration of the schedule and of the threshold.
PALIERS_RAPPEL = (6, 12, 24)  # months after the first publication
SEUIL_ANCIENNETE = 36  # months without update nor confirmation
VALIDITE_LIEN = timedelta(days=60)
SEL = "pratiques.actualite.confirmation"
MESSAGE_CONFIRMATION = "Informations confirmées « toujours d’actualité » depuis le lien du rappel."

# "À jour" date, as an ORM expression and as SQL over the row `alias` of pratiques_fiche
# (PostgreSQL's GREATEST ignores NULL).
A_JOUR_LE = Greatest("modifiee_le", "confirmee_le")


def sql_a_jour_le(alias: str) -> str:
    return f"GREATEST({alias}.modifiee_le, {alias}.confirmee_le)"


def a_jour_le(fiche) -> datetime:
    return max(d for d in (fiche.modifiee_le, fiche.confirmee_le) if d is not None)


def seuil(maintenant: datetime | None = None) -> datetime:
    """Fiches "à jour" before this moment show their information as old: counted in
    whole days (from the start of today, local time), so that every statement of a day
    carries the same threshold and the search cache keeps its entries all day."""
    jour = timezone.localtime(maintenant or timezone.now()).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    return jour - relativedelta(months=SEUIL_ANCIENNETE)


def informations_anciennes(date_a_jour: datetime | None, maintenant=None) -> bool:
    return date_a_jour is not None and date_a_jour < seuil(maintenant)


def anciennes(fiches: QuerySet | None = None, maintenant=None) -> QuerySet:
    """Published fiches whose information is old, annotated with `a_jour_le`."""
    fiches = Fiche.objects.all() if fiches is None else fiches
    return (
        fiches.filter(etat=Etat.PUBLIEE)
        .annotate(a_jour_le=A_JOUR_LE)
        .filter(a_jour_le__lt=seuil(maintenant))
    )


# --- The signed link -------------------------------------------------------------------


class LienInvalide(Exception):
    """The link was altered, or is not one of ours."""


class LienExpire(LienInvalide):
    """The link is genuine but older than VALIDITE_LIEN."""


@dataclass(frozen=True)
class Confirmation:
    fiche_id: int
    palier: int


def jeton(fiche, palier: int) -> str:
    return signing.dumps({"f": fiche.pk, "p": palier}, salt=SEL, compress=True)


def lire_jeton(valeur: str) -> Confirmation:
    try:
        donnees = signing.loads(valeur, salt=SEL, max_age=VALIDITE_LIEN)
    except signing.SignatureExpired as erreur:
        raise LienExpire from erreur
    except signing.BadSignature as erreur:
        raise LienInvalide from erreur
    try:
        return Confirmation(int(donnees["f"]), int(donnees["p"]))
    except (KeyError, TypeError, ValueError) as erreur:
        raise LienInvalide from erreur


@transaction.atomic
def confirmer(confirmation: Confirmation, *, par=None) -> Fiche | None:
    """Record "toujours d'actualité" for the fiche of a valid link; None when the fiche
    is no longer published (archived, withdrawn): nothing is changed then."""
    fiche = (
        Fiche.objects.select_for_update()
        .filter(pk=confirmation.fiche_id, etat=Etat.PUBLIEE)
        .first()
    )
    if fiche is None:
        return None
    fiche.confirmee_le = timezone.now()
    fiche.save(update_fields=["confirmee_le"])
    # Cached search pages show the "à jour" date: this update of the fiche goes through
    # the index's triggers, which move the corpus version on (pratiques.recherche.cache).
    EvenementModeration.objects.create(
        fiche=fiche,
        acteur=par if getattr(par, "is_authenticated", False) else None,
        etat_avant=Etat.PUBLIEE,
        etat_apres=Etat.PUBLIEE,
        message=MESSAGE_CONFIRMATION,
    )
    return fiche


# --- Reminders -------------------------------------------------------------------------


def echeance(publiee_le: datetime, palier: int) -> datetime:
    return publiee_le + relativedelta(months=palier)


def a_rappeler(maintenant: datetime) -> QuerySet:
    """Published fiches with a step due and not handled yet."""
    dues = Q()
    for palier in PALIERS_RAPPEL:
        traite = RappelActualite.objects.filter(fiche=OuterRef("pk"), palier=palier)
        dues |= Q(publiee_le__lte=maintenant - relativedelta(months=palier)) & ~Exists(traite)
    return Fiche.objects.publiees().filter(dues)


def envoyer_rappels(maintenant: datetime | None = None) -> int:
    """Remind the authors whose fiches reached a step; returns how many e-mails were
    queued. A fiche that reached several steps at once (the task did not run, an old
    import) gets one e-mail, for the latest; the earlier ones are marked handled."""
    maintenant = maintenant or timezone.now()
    envoyes = 0
    for pk in a_rappeler(maintenant).order_by("pk").values_list("pk", flat=True):
        try:
            envoyes += _rappeler(pk, maintenant)
        except Exception:  # noqa: BLE001 — one broken fiche must not stop the others
            logger.exception("Reminder of fiche %s failed; it will be retried next time", pk)
    return envoyes


@transaction.atomic
def _rappeler(pk: int, maintenant: datetime) -> bool:
    fiche = (
        Fiche.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("auteur")
        .filter(pk=pk, etat=Etat.PUBLIEE)
        .first()
    )
    if fiche is None:  # being handled by a concurrent run, or no longer published
        return False
    deja = set(fiche.rappels_actualite.values_list("palier", flat=True))
    dus = [
        p for p in PALIERS_RAPPEL if p not in deja and echeance(fiche.publiee_le, p) <= maintenant
    ]
    if not dus:
        return False
    auteur = fiche.auteur
    courriel = bool(auteur and auteur.is_active and auteur.email)
    RappelActualite.objects.bulk_create(
        RappelActualite(
            fiche=fiche, palier=p, envoye_le=maintenant, courriel=courriel and p == dus[-1]
        )
        for p in dus
    )
    if courriel:
        notifications.rappel_actualite(fiche, dus[-1], jeton(fiche, dus[-1]))
    return courriel
