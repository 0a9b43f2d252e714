"""The digest of what a person follows (docs/domaine.md §18), sent like the digests of
followed searches (decouverte.alertes): one person per transaction, the e-mail queued
in the outbox and `Abonnement.dernier_envoi_le` moved forward together — sent and
recorded, or neither; never twice, nothing lost.

What is new in the window (dernier_envoi_le, fin]:
- a followed fiche: a published new version (the publication event of a revision);
- a followed territory: fiches first published inside it;
- a followed fiche: a reprise elsewhere, published in the window (essaimage).
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from decouverte.alertes import MARGE_PUBLICATION
from essaimage.models import Reprise
from pratiques.models import Etat, EvenementModeration, Fiche
from suivis.models import Abonnement, SuiviFiche, SuiviTerritoire

logger = logging.getLogger(__name__)

FICHES_MAX_PAR_RUBRIQUE = 30


@dataclass
class Element:
    titre: str
    lien: str
    detail: str = ""


@dataclass
class Rubrique:
    titre: str
    elements: list[Element] = field(default_factory=list)


def _lien_fiche(fiche) -> str:
    return settings.SITE_URL + reverse("pratiques:fiche", args=[fiche.slug])


def nouvelles_versions(utilisateur, debut: datetime, fin: datetime) -> list[Rubrique]:
    """Followed fiches with a revision published in the window."""
    suivies = SuiviFiche.objects.filter(utilisateur=utilisateur).values("fiche_id")
    ids = (
        EvenementModeration.objects.filter(
            fiche_id__in=suivies,
            revision__isnull=False,
            etat_apres=Etat.PUBLIEE,
            cree_le__gt=debut,
            cree_le__lte=fin,
        )
        .values("fiche_id")
        .distinct()
    )
    fiches = Fiche.objects.publiees().filter(pk__in=ids).order_by("-modifiee_le", "-pk")
    elements = [
        Element(f.titre, _lien_fiche(f), "nouvelle version publiée")
        for f in fiches.only("slug", "titre")[:FICHES_MAX_PAR_RUBRIQUE]
    ]
    return [Rubrique("Pratiques que vous suivez", elements)] if elements else []


def nouvelles_fiches_des_territoires(utilisateur, debut, fin) -> list[Rubrique]:
    """For each followed territory, fiches first published inside it in the window
    (inside: its id in `territoires_englobants`, as on the territory page)."""
    rubriques = []
    suivis = SuiviTerritoire.objects.filter(utilisateur=utilisateur).select_related("territoire")
    for suivi in suivis.order_by("territoire__nom"):
        fiches = (
            Fiche.objects.publiees()
            .filter(
                territoires_englobants__contains=[suivi.territoire_id],
                publiee_le__gt=debut,
                publiee_le__lte=fin,
            )
            .order_by("-publiee_le", "-pk")
            .only("slug", "titre", "resume")[:FICHES_MAX_PAR_RUBRIQUE]
        )
        elements = [Element(f.titre, _lien_fiche(f), " ".join(f.resume.split())) for f in fiches]
        if elements:
            rubriques.append(Rubrique(f"Nouvelles pratiques : {suivi.territoire.nom}", elements))
    return rubriques


def nouvelles_reprises(utilisateur, debut, fin) -> list[Rubrique]:
    """Reprises of followed fiches published in the window (their decision date), one
    line each: where the approach was taken up, linking to the fiche's reprises."""
    suivies = SuiviFiche.objects.filter(utilisateur=utilisateur).values("fiche_id")
    reprises = (
        Reprise.objects.publiees()
        .filter(
            fiche_source_id__in=suivies,
            fiche_source__etat=Etat.PUBLIEE,
            decidee_le__gt=debut,
            decidee_le__lte=fin,
        )
        .select_related("fiche_source", "territoire")
        .order_by("-decidee_le", "-pk")[:FICHES_MAX_PAR_RUBRIQUE]
    )
    elements = [
        Element(
            r.fiche_source.titre,
            settings.SITE_URL + reverse("essaimage:reprises", args=[r.fiche_source.slug]),
            f"reprise à {r.territoire.nom}",
        )
        for r in reprises
    ]
    return (
        [Rubrique("Nouvelles reprises des pratiques que vous suivez", elements)] if elements else []
    )


# Each source gives the digest's sections for (utilisateur, debut, fin).
SOURCES: list[Callable[..., list[Rubrique]]] = [
    nouvelles_versions,
    nouvelles_reprises,
    nouvelles_fiches_des_territoires,
]


def contenu(utilisateur, debut: datetime, fin: datetime) -> list[Rubrique]:
    return [rubrique for source in SOURCES for rubrique in source(utilisateur, debut, fin)]


def envoyer_resumes(frequence: str, *, maintenant: datetime | None = None) -> int:
    """E-mail each person with this frequency what changed in what they follow since
    their last digest; returns how many e-mails were queued (none when nothing)."""
    fin = (maintenant or timezone.now()) - MARGE_PUBLICATION
    a_traiter = Abonnement.objects.filter(
        frequence=frequence, utilisateur__is_active=True, dernier_envoi_le__lt=fin
    )
    envoyes = 0
    for pk in a_traiter.order_by("pk").values_list("pk", flat=True):
        try:
            envoyes += _envoyer_resume(pk, fin)
        except Exception:  # noqa: BLE001 — one broken digest must not stop the others
            logger.exception("Digest of follows %s failed; it will be retried next time", pk)
    return envoyes


@transaction.atomic
def _envoyer_resume(pk: int, fin: datetime) -> bool:
    abonnement = (
        Abonnement.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("utilisateur")
        .filter(pk=pk, dernier_envoi_le__lt=fin)
        .first()
    )
    if abonnement is None:  # being sent by a concurrent run, or already sent
        return False
    rubriques = contenu(abonnement.utilisateur, abonnement.dernier_envoi_le, fin)
    if rubriques:
        _courriel(abonnement, rubriques)
    abonnement.dernier_envoi_le = fin
    abonnement.save(update_fields=["dernier_envoi_le"])
    return bool(rubriques)


def _courriel(abonnement: Abonnement, rubriques: list[Rubrique]) -> None:
    contexte = {
        "site_name": settings.SITE_NAME,
        "utilisateur": abonnement.utilisateur,
        "rubriques": rubriques,
        "nombre": sum(len(r.elements) for r in rubriques),
        "lien_suivis": settings.SITE_URL + reverse("suivis:mes_suivis"),
    }
    sujet = " ".join(render_to_string("suivis/emails/resume_sujet.txt", contexte).split())
    corps = render_to_string("suivis/emails/resume.txt", contexte)
    send_mail(sujet, corps, None, [abonnement.utilisateur.email])
